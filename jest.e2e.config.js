/**
 * The real-CLI suite (tests/e2e): every test drives `pulumi` subprocesses against emulators in
 * its file's process, and each test may take minutes. Two files run at a time: each file's own
 * stacks, PULUMI_HOME and emulators keep them apart, and on two cores the CLI's waits (process
 * starts, plugin handshakes) leave room for a second file; CI's hour needs it. The files that
 * rebuild dist/ run alone (scripts/e2e.sh).
 */
const base = require("./jest.config");

module.exports = {
  ...base,
  roots: ["<rootDir>/tests/e2e"],
  testMatch: ["**/*.e2e.test.ts"],
  testPathIgnorePatterns: [],
  testTimeout: 600000,
  maxWorkers: 2,
};
