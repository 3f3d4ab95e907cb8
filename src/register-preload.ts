// `node --import phoenix-otel-auth/register app.js`: registers from the environment alone.
export {};
