import { PhoenixOtelAuthError } from "../errors.js";

/** A call on the mock's test API that cannot work as made (the message says how to fix it). */
export class MockUsageError extends PhoenixOtelAuthError {
  constructor(message: string) {
    super("ERR_PHOENIX_MOCK_USAGE", message);
  }
}
