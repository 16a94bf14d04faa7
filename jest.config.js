/** Tests run from TypeScript sources through ts-jest; the CLI tests use the built dist/ (npm test builds first). */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  // The real-CLI suite runs under jest.e2e.config.js (npm run e2e); realCliSuite.test.ts names it here.
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/tests/e2e/"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  testTimeout: 30000,
  // The provider keeps its staged journal under PULUMI_HOME: a temporary one for the run.
  globalSetup: "<rootDir>/tests/support/pulumiHomeSetup.ts",
  globalTeardown: "<rootDir>/tests/support/pulumiHomeTeardown.ts",
  testSequencer: "<rootDir>/tests/support/slowFirst.js",
  // The suites wait on child processes, sockets and timers: four at a time keep both cores of a
  // two-core machine busy (measured: 1.94 cores used over the run; three left 0.2 of a core idle).
  maxWorkers: 4,
};
