/**
 * The emulator's HTTP(S) front: reads bodies up to the size limit (400 past it, as the SBC
 * rejects oversized input without touching the configuration), refuses invalid UTF-8, injects
 * latency, and never lets an exception take the server down (500 instead).
 */
import http from "node:http";
import https from "node:https";
import { AddressInfo } from "node:net";
import { Catalog, builtinCatalog } from "../sdk/catalog/catalog";
import { encodeEnvelope, MAX_XML_BYTES } from "../sdk/xmlCodec";
import { ConfigStore } from "./configStore";
import { Operations } from "./operations";
import { ApiRequest, ApiResponse, SbcApi, SbcState } from "./routes";
import { DEFAULT_USERS, Sessions, User } from "./sessions";
import { selfSignedCertificate } from "./tlsCertificate";

export interface EmulatorOptions {
  port?: number;
  host?: string;
  /** Serve HTTPS with a freshly generated self-signed certificate. */
  tls?: boolean;
  /** Added before every answer, like a WAN round trip. */
  latencyMs?: number;
  /** How long an activate takes (save/verify/restore: a fifth of it). */
  activateMs?: number;
  tokenTtlSeconds?: number;
  versions?: string[];
  users?: User[];
  catalog?: Catalog;
}

export interface EmulatorHandle {
  url: string;
  port: number;
  /** PEM of the self-signed certificate, with `tls`. */
  caCert?: string;
  /** The emulated box, for tests that change it out of band or inspect it. */
  sbc: SbcState;
  close(): Promise<void>;
}

const DEFAULT_VERSIONS = ["v1.0", "v1.1", "v1.2"];

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_XML_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => {
      if (tooLarge) return reject(new BodyError(`request body exceeds the ${MAX_XML_BYTES}-byte limit`));
      try {
        resolve(new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks)));
      } catch {
        reject(new BodyError("request body is not valid UTF-8"));
      }
    });
    req.on("error", reject);
  });
}

class BodyError extends Error {}

/** Builds the emulated SBC's state: the catalog's types, and a system-config as every SBC has. */
export function createSbcState(options: EmulatorOptions = {}): SbcState {
  const catalog = options.catalog ?? builtinCatalog;
  const store = new ConfigStore(catalog);
  if (catalog.get("system-config")) {
    store.create({ elementType: "system-config", attributes: {}, subElements: [] }, { user: "admin", address: "console" });
    store.copy("editing", "saved");
    store.copy("editing", "running");
  }
  return {
    sessions: new Sessions(options.users ?? DEFAULT_USERS, options.tokenTtlSeconds ?? 600),
    store,
    operations: new Operations(store, { activateMs: options.activateMs ?? 0 }),
    versions: options.versions ?? DEFAULT_VERSIONS,
    stats: { requests: 0, mutatingRequests: 0, lockAcquisitions: 0, lockHeldMs: 0 },
  };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const sbc = createSbcState(options);
  const api = new SbcApi(sbc);
  const latencyMs = options.latencyMs ?? 0;

  const listener = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    let answer: ApiResponse;
    try {
      const url = new URL(req.url ?? "/", "http://emulator");
      let body = "";
      try {
        body = await readBody(req);
      } catch (err) {
        if (!(err instanceof BodyError)) throw err;
        answer = { status: 400, body: encodeEnvelope("", [err.message]) };
      }
      if (latencyMs > 0) await sleep(latencyMs);
      answer ??= api.handle({
        method: req.method ?? "GET",
        pathname: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        remoteAddress: req.socket.remoteAddress ?? "unknown",
      } satisfies ApiRequest);
    } catch (err) {
      console.error(`sbc-emulator: internal error on ${req.method} ${req.url}:`, err);
      answer = { status: 500, body: encodeEnvelope("", ["Internal server error"]) };
    }
    if (res.destroyed) return;
    const headers: Record<string, string> = {};
    if (answer.body !== undefined) headers["Content-Type"] = "application/xml";
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  };

  let caCert: string | undefined;
  let server: http.Server | https.Server;
  if (options.tls) {
    const host = options.host ?? "127.0.0.1";
    const pems = await selfSignedCertificate(host);
    caCert = pems.cert;
    server = https.createServer({ key: pems.key, cert: pems.cert }, (req, res) => void listener(req, res));
  } else {
    server = http.createServer((req, res) => void listener(req, res));
  }
  server.keepAliveTimeout = 60_000;
  server.on("clientError", (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `${options.tls ? "https" : "http"}://${hostForUrl}:${address.port}`;

  return {
    url,
    port: address.port,
    caCert,
    sbc,
    close: async () => {
      sbc.operations.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
