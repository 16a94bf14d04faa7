/**
 * The real-CLI suite (tests/e2e): every test drives `pulumi` subprocesses against emulators in
 * this process, so the files run one at a time and each test may take minutes.
 */
const base = require("./jest.config");

module.exports = {
  ...base,
  roots: ["<rootDir>/tests/e2e"],
  testMatch: ["**/*.e2e.test.ts"],
  testPathIgnorePatterns: [],
  testTimeout: 600000,
  maxWorkers: 1,
};
