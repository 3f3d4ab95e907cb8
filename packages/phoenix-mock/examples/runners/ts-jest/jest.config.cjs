// Jest with ts-jest for the TypeScript test files here (npm install --save-dev jest ts-jest typescript @types/jest @types/node).
module.exports = { preset: "ts-jest" };
