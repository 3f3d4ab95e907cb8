import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { PhoenixAdmin, createMockPhoenix } from "phoenix-mock";

// A fresh Phoenix with auth on: here the mock; against yours, use its URL (e.g. http://localhost:6006).
const phoenix = createMockPhoenix({ enableAuth: true, secret: `${randomBytes(24).toString("hex")}a1` });
const baseUrl = await phoenix.listen();

// 1. Log in as the bootstrap admin (the password is `admin` unless PHOENIX_DEFAULT_ADMIN_INITIAL_PASSWORD was set).
const admin = await PhoenixAdmin.login(baseUrl, "admin@localhost", "admin");

// 2. Set a new password. Phoenix ends the session, so PhoenixAdmin logs back in with the new one.
await admin.changePassword({ currentPassword: "admin", newPassword: `Pw1-${randomBytes(12).toString("hex")}` });

// 3. Create a system API key and give it to your app as PHOENIX_API_KEY.
const { key } = await admin.createSystemApiKey({ name: "my-app" });
process.env.PHOENIX_API_KEY = key;

const projects = await fetch(`${baseUrl}/v1/projects`, { headers: { authorization: `Bearer ${key}` } });
assert.equal(projects.status, 200); // the key works
await assert.rejects(PhoenixAdmin.login(baseUrl, "admin@localhost", "admin"), { status: 401 }); // the old password does not
await phoenix.close();
