import assert from "node:assert/strict";
import { createManualClock, createMockPhoenix, PhoenixAdmin, phoenixHandlers, setupMswServer, startMockServer } from "phoenix-mock";

for (const fn of [createManualClock, createMockPhoenix, PhoenixAdmin, phoenixHandlers, setupMswServer, startMockServer]) assert.equal(typeof fn, "function");
