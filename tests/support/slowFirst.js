/**
 * Jest's test order: the longest files first, so that no worker is left running a long one alone
 * at the end. Jest knows the durations only from an earlier run on the same machine; on a fresh
 * clone (CI) it falls back to file size, which here starts the minute-long files last and adds
 * their length to the run. The seconds below were read off a CI run on two cores; a file missing
 * from them, with no duration of its own, runs after them. They decide the order only.
 */
const path = require("node:path");
const Sequencer = require("@jest/test-sequencer").default;

const SECONDS = {
  "faultMatrix.test.ts": 111,
  "providerEngine.test.ts": 100,
  "crashAndConcurrency.test.ts": 73,
  "security.test.ts": 49,
  "examples.test.ts": 47,
  "takeover.test.ts": 46,
  "catalogLifecycle.test.ts": 43,
  "sdmLock.test.ts": 42,
  "secretAttributes.test.ts": 41,
  "exportFleet.test.ts": 37,
  "drift.test.ts": 33,
  "lockSession.test.ts": 27,
  "demo.test.ts": 25,
  "batchedReads.test.ts": 24,
  "commitConfirmEngine.test.ts": 24,
  "exportRefresh.test.ts": 21,
  "export.test.ts": 20,
  "runtimeMetadata.test.ts": 19,
  "referenceWaits.test.ts": 17,
  "groupCommit.test.ts": 12,
  "connectionFailures.test.ts": 10,
};

class SlowFirst extends Sequencer {
  time(test) {
    const seconds = SECONDS[path.basename(test.path)];
    return super.time(test) ?? (seconds === undefined ? 0 : seconds * 1000);
  }
}

module.exports = SlowFirst;
