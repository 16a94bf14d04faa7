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
  // The suites mostly wait on child processes, sockets and timers: run three at a time even on two
  // cores. Four used the second core fully (1.94 cores over the run, three 1.78) and saved about
  // 20 s, but the extra load stretched timing-sensitive tests past their margins.
  maxWorkers: 3,
};
