// `phoenix-otel-auth/testing`: the mock Phoenix and the PhoenixAdmin client.
export {};
