// For this folder's vitest.test.mjs (test/runners.test.ts runs it); your project's vitest needs no config for it.
export default { test: { include: ["vitest.test.mjs"], root: new URL(".", import.meta.url).pathname } };
