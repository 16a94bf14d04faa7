/**
 * An SBC that cannot be reached fails a run within seconds, not after minutes of retries, with a
 * message that names what to check: host, port and scheme, and http:// when an https client met
 * a plain-HTTP port. One that takes connections and never answers fails within twice
 * requestTimeoutSeconds (what the README promises), saying how many tries and how long.
 */
import { startEmulator } from "../emulator";
import { elementProvider } from "../provider/dynamic/elementProvider";
import { ElementInputs } from "../provider/core/elements/elementState";
import { closedPort, silentServer } from "./support/ports";

function realmOn(host: string, requestTimeoutSeconds?: number): ElementInputs {
  return {
    elementType: "realm-config",
    attributes: { identifier: "unreachable" },
    connection: { host, username: "admin", requestTimeoutSeconds },
    connectionPassword: "admin",
  };
}

async function failureOf(promise: Promise<unknown>): Promise<{ message: string; seconds: number }> {
  const startedAt = Date.now();
  const error = await promise.then(() => undefined, (err: Error) => err);
  expect(error).toBeInstanceOf(Error);
  return { message: error!.message, seconds: (Date.now() - startedAt) / 1000 };
}

beforeAll(() => {
  jest.spyOn(console, "log").mockImplementation(() => {});
  jest.spyOn(console, "warn").mockImplementation(() => {});
});
afterAll(() => jest.restoreAllMocks());

test("a refused connection fails within 15 s, naming host, port and scheme, after a few tries", async () => {
  const port = await closedPort();
  const { message, seconds } = await failureOf(elementProvider.create(realmOn(`127.0.0.1:${port}`)));
  expect(seconds).toBeLessThan(15);
  expect(message).toMatch(
    new RegExp(`login failed on https://127\\.0\\.0\\.1:${port}: .*connection to the SBC at https://127\\.0\\.0\\.1:${port} refused ` +
      `\\(host 127\\.0\\.0\\.1, port ${port}, https; 3 tries in \\d+\\.\\d s\\): is the host and port right and the REST API enabled\\?`),
  );
}, 60_000);

test("https to a plain-HTTP port fails within 15 s and suggests http://", async () => {
  const emulator = await startEmulator();
  try {
    const { message, seconds } = await failureOf(elementProvider.create(realmOn(`https://127.0.0.1:${emulator.port}`)));
    expect(seconds).toBeLessThan(15);
    expect(message).toContain(`the SBC at https://127.0.0.1:${emulator.port} closed the connection before TLS was set up`);
    expect(message).toContain(`host 127.0.0.1, port ${emulator.port}, https`);
    expect(message).toContain(`write http://127.0.0.1:${emulator.port}`);
  } finally {
    await emulator.close();
  }
}, 60_000);

test("an SBC that takes connections and never answers fails a create and a refresh within twice requestTimeoutSeconds, saying so", async () => {
  const server = await silentServer();
  const host = `http://127.0.0.1:${server.port}`;
  try {
    const created = await failureOf(elementProvider.create(realmOn(host, 1.5)));
    // Two tries of 1.5 s, the backoff between them, and the lock session's own bookkeeping.
    expect(created.seconds).toBeLessThan(2 * 1.5 + 2);
    expect(created.message).toMatch(
      new RegExp(`^realm-config \\[identifier=unreachable\\]: login failed on http://127\\.0\\.0\\.1:${server.port}: no answer from the SBC at ` +
        `http://127\\.0\\.0\\.1:${server.port} to 2 tries of 1\\.5 s each \\([34]\\.\\d s in all\\); the port takes connections but nothing answers on it: ` +
        "check that host and port are the REST API's, or allow a slow server more time \\(requestTimeoutSeconds\\) \\[POST /rest/v1\\.1/auth/token\\]$"),
    );
    expect(server.connections()).toBe(2);

    const inputs = realmOn(host, 1.5);
    const olds = { ...inputs, elementType: "realm-config", key: { identifier: "unreachable" }, managedAttributes: ["identifier"] };
    const read = await failureOf(elementProvider.read("realm-config/unreachable", olds as never));
    expect(read.seconds).toBeLessThan(2 * 1.5 + 2);
    expect(read.message).toContain("login failed on");
    expect(read.message).toContain("to 2 tries of 1.5 s each");
  } finally {
    await server.close();
  }
}, 60_000);
