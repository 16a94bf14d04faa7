/**
 * An SBC that cannot be reached fails a run within seconds, not after minutes of retries, with a
 * message that names what to check: host, port and scheme, and http:// when an https client met
 * a plain-HTTP port.
 */
import { startEmulator } from "../emulator";
import { elementProvider } from "../provider/dynamic/elementProvider";
import { ElementInputs } from "../provider/core/elements/elementState";
import { closedPort } from "./support/ports";

function realmOn(host: string): ElementInputs {
  return {
    elementType: "realm-config",
    attributes: { identifier: "unreachable" },
    connection: { host, username: "admin" },
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
    new RegExp(`lock failed on https://127\\.0\\.0\\.1:${port}: .*connection to the SBC at https://127\\.0\\.0\\.1:${port} refused ` +
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
