import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { PhoenixAdmin, createMockPhoenix } from "phoenix-mock";

const adminSecret = `${randomBytes(24).toString("hex")}a1`; // the server's PHOENIX_ADMIN_SECRET
const phoenix = createMockPhoenix({ enableAuth: true, secret: `${randomBytes(24).toString("hex")}a1`, adminSecret });
const baseUrl = await phoenix.listen();

const ci = new PhoenixAdmin({ baseUrl, token: adminSecret }); // no login(): the token is sent as a bearer credential
const { key, name } = await ci.createSystemApiKey({ name: "ci" });
assert.equal(name, "ci");
assert.equal((await fetch(`${baseUrl}/v1/projects`, { headers: { authorization: `Bearer ${key}` } })).status, 200);
await phoenix.close();
