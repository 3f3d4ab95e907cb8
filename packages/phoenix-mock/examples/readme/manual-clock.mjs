import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createManualClock, createMockPhoenix } from "phoenix-mock";

const clock = createManualClock();
const secret = `${randomBytes(24).toString("hex")}a1`;
const mock = createMockPhoenix({ enableAuth: true, secret, clock });
const login = await mock.request("/auth/login", { method: "POST", body: JSON.stringify({ email: "admin@localhost", password: "admin" }) });
const token = login.headers.getSetCookie().find((c) => c.startsWith("phoenix-access-token="))?.split(/[=;]/)[1];
const whoAmI = async () => { const res = await mock.request("/v1/user", { headers: { authorization: `Bearer ${token}` } }); return `${res.status} ${res.ok ? "ok" : await res.text()}`; };

assert.equal(await whoAmI(), "200 ok");
clock.advance(10 * 60_000); // access tokens now answer "Expired token"; 10 s later "Invalid token"
assert.equal(await whoAmI(), "401 Expired token");
clock.advance(10_000);
assert.equal(await whoAmI(), "401 Invalid token");
