/** Set for a server that `phoenix-mock start` put in the background: it does not stop with its parent. */
export const DETACHED_VARIABLE = "PHOENIX_MOCK_DETACHED";
