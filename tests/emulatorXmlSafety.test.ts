/**
 * Every emulator answer is well-formed XML, whatever the request holds (characters XML cannot
 * carry are refused, not echoed); malformed bodies are reported by line and column; and a client
 * that hangs up before its answer is logged in one line, not as an error with a stack.
 */
import net from "node:net";
import { startEmulator, startSdmEmulator, EmulatorHandle, SdmEmulatorHandle } from "../emulator";
import { decodeEnvelope, findIllegalXmlChar, parseXml } from "../client/xmlCodec";
import { login, raw, useEmulator } from "./support/emulator";

const current = useEmulator();
const V = "/rest/v1.1";
let token: string;

beforeAll(async () => {
  token = await login(current().url);
  expect((await raw(current().url, "POST", `${V}/configuration/lock`, { token })).status).toBe(204);
});

/** The answer is XML any parser accepts, and what the codec decodes from it. */
function wellFormed(body: string): string[] {
  expect(findIllegalXmlChar(body)).toBeUndefined();
  return decodeEnvelope(body).messages;
}

describe("characters XML cannot carry", () => {
  test("%00 in the elementType query: a 400 the codec decodes, naming the character without echoing it", async () => {
    const res = await raw(current().url, "GET", `${V}/configuration/configElements?elementType=realm%00config`, { token });
    expect(res.status).toBe(400);
    expect(wellFormed(res.body)).toEqual(["the request URI holds U+0000, a character XML cannot carry"]);
  });

  test("other C0 controls in the path or a query name are refused alike", async () => {
    for (const path of [`${V}/configuration/elementTypes/metadata?elementType=a%1Bb`, `${V}/statistics/kpis/x%01`, `${V}/configuration/configElements?elementType=realm-config&id%07=1`]) {
      const res = await raw(current().url, "GET", path, { token });
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(wellFormed(res.body)[0]).toMatch(/^the request URI holds U\+00(1B|01|07)/);
    }
  });

  test("a control character in a body's attribute name: refused by line and column", async () => {
    const body = "<configElement>\n<elementType>realm-config</elementType>\n<attribute><name>identifier\u0001</name><value>x</value></attribute></configElement>";
    const res = await raw(current().url, "POST", `${V}/configuration/configElements`, { token, body });
    expect(res.status).toBe(400);
    expect(wellFormed(res.body)).toEqual(["Invalid request body: malformed XML at line 3, column 28: U+0001 is not a character XML can carry"]);
  });

  test("the SDM emulator refuses them too", async () => {
    const sdm: SdmEmulatorHandle = await startSdmEmulator({ devices: [] });
    try {
      const res = await fetch(`${sdm.url}/rest/v1.3/inventory/device%00mgmt/devices`);
      const body = await res.text();
      expect(res.status).toBe(400);
      expect(findIllegalXmlChar(body)).toBeUndefined();
      expect(JSON.stringify(parseXml(body))).toContain("U+0000");
    } finally {
      await sdm.close();
    }
  });
});

test.each([
  ["an undefined entity", "<value>a&nbsp;b</value>", "line 2, column 43: undefined entity &nbsp;"],
  ["a bare &", "<value>R&D</value>", "line 2, column 43: char '&' is not expected"],
  ["a reference to a character XML cannot carry", "<value>&#0;</value>", "line 2, column 42: character reference &#0; is not a legal XML character"],
  ["an unclosed tag", "<value>x</valu>", "line 2, column"],
])("malformed XML (%s) is reported by line and column", async (_what, line2, where) => {
  const body = `<configElement><elementType>realm-config</elementType>\n<attribute><name>identifier</name>${line2}</attribute></configElement>`;
  const res = await raw(current().url, "POST", `${V}/configuration/configElements`, { token, body });
  expect(res.status).toBe(400);
  expect(wellFormed(res.body)[0]).toContain(`Invalid request body: malformed XML at ${where}`);
});

test("an & inside CDATA or a comment is text, not a reference", async () => {
  const body = "<configElement><elementType>realm-config</elementType><!-- R&D --><attribute><name>identifier</name><value><![CDATA[R&D]]></value></attribute></configElement>";
  const res = await raw(current().url, "POST", `${V}/configuration/configElements`, { token, body });
  expect(res.status).toBe(200);
});

describe("a client that hangs up before its answer", () => {
  let emulator: EmulatorHandle;
  let warn: jest.SpyInstance;
  let error: jest.SpyInstance;

  beforeAll(async () => {
    emulator = await startEmulator({ latencyMs: 300 });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    error = jest.spyOn(console, "error").mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  /** Sends `request` on a raw socket, then closes it before any answer and waits for the log line. */
  async function hangUp(request: string): Promise<void> {
    const socket = net.connect(emulator.port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", resolve));
    socket.write(request);
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    for (let i = 0; i < 100 && warn.mock.calls.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  test.each([
    ["while sending the body", "POST /rest/v1.1/configuration/configElements HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\nContent-Length: 100\r\n\r\n<configElement>"],
    ["while the answer is on its way", "GET /rest/v1.1/configuration/elementTypes HTTP/1.1\r\nHost: x\r\n\r\n"],
  ])("%s: one warning line, no error", async (_when, request) => {
    await hangUp(request);
    expect(warn.mock.calls).toEqual([[expect.stringMatching(/^sbc-emulator: the client closed the connection before the answer to (POST|GET) \/rest\/v1\.1\//)]]);
    expect(warn.mock.calls[0][0]).not.toContain("\n");
    expect(error).not.toHaveBeenCalled();
  });
});
