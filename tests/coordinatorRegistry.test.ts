/**
 * Every copy of the provider implementation in a process shares one coordinator per SBC: the
 * plugin deserializes one provider per distinct `__provider` text, and two installed copies of the
 * package may both be loaded, yet one token, one lock session and one queue must serve them all.
 */
test("two separately loaded copies of the provider modules share the coordinator registry", () => {
  let first: typeof import("../provider/core/session/coordinator") | undefined;
  let second: typeof import("../provider/core/session/coordinator") | undefined;
  jest.isolateModules(() => {
    first = require("../provider/core/session/coordinator");
  });
  jest.isolateModules(() => {
    second = require("../provider/core/session/coordinator");
  });
  expect(first).not.toBe(second);
  const connection = {
    host: "https://sbc.example.net",
    username: "admin",
    password: "secret",
    insecure: false,
    commit: "activate" as const,
    discardStagedChanges: false,
    lockTimeoutSeconds: 660,
    requestTimeoutSeconds: 30,
  };
  const a = first!.coordinatorFor(connection);
  const b = second!.coordinatorFor({ ...connection });
  expect(a).toBe(b);
  expect(first!.coordinatorFor({ ...connection, host: "https://other.example.net" })).not.toBe(a);
});
