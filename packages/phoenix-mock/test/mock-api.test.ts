import { describe, expect, it } from "vitest";
import { MockUsageError, createMockPhoenix } from "../src/index.js";

describe("MockPhoenix test API", () => {
  it("createUser says which email or username is taken, as a MockUsageError", async () => {
    const mock = createMockPhoenix();
    await mock.createUser({ email: "m@example.com", role: "MEMBER" });
    const taken = mock.createUser({ email: "M@example.com", username: "other", role: "MEMBER" });
    await expect(taken).rejects.toBeInstanceOf(MockUsageError);
    await expect(taken).rejects.toThrow("createUser: a user with email M@example.com already exists");
    await expect(mock.createUser({ email: "x@example.com", username: "m", role: "VIEWER" })).rejects.toThrow(
      "createUser: a user with username m already exists",
    );
  });
});
