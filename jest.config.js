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
  // The suites mostly wait on child processes, sockets and timers: run three at a time even on two cores.
  maxWorkers: 3,
};
