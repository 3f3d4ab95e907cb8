import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createMockPhoenix } from "phoenix-mock";

const mock = createMockPhoenix({ enableAuth: true, secret: `${randomBytes(24).toString("hex")}a1` });
const { key } = await mock.createSystemApiKey();
const res = await mock.request("/v1/projects", { headers: { authorization: `Bearer ${key}` } });
assert.equal(res.status, 200);
assert.equal((await res.json()).data[0].name, "default");
const refused = await mock.request("/v1/projects"); // no key
assert.equal(refused.status, 401);
assert.equal(await refused.text(), "Invalid token");
