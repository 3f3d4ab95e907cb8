// Stops the server jest.global-setup.cjs started.
module.exports = async function globalTeardown() {
  await globalThis.phoenixMockServer?.stop();
};
