/**
 * The emulator's HTTP(S) front: reads bodies up to the size limit (400 past it, as the SBC
 * rejects oversized input without touching the configuration), refuses invalid UTF-8, injects
 * latency and faults (see faults.ts), and never lets an exception or a destroyed socket take the
 * server down (500 instead).
 */
import http from "node:http";
import https from "node:https";
import { AddressInfo, Socket } from "node:net";
import { TLSSocket } from "node:tls";
import { Catalog, builtinCatalog } from "../sdk/catalog/catalog";
import { encodeEnvelope, MAX_XML_BYTES } from "../sdk/xmlCodec";
import { ConfigStore } from "./configStore";
import {
  CONTROL_PATH,
  DEFAULT_FAULT_STATUS,
  DEFAULT_SLOW_MS,
  FaultInjector,
  FaultRule,
  faultStatusMessage,
  stealLock,
} from "./faults";
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
  /**
   * Fault injection rules (see faults.ts); `true` starts with none. Either way the control
   * endpoint `/__emulator/faults` is served. Without it `handle.faults` still works, rules set
   * through it apply, and the control path is an unknown path (404).
   */
  faults?: FaultRule[] | true;
  /** Serve `/__emulator/faults` even without `faults`. */
  control?: boolean;
}

export interface EmulatorHandle {
  url: string;
  port: number;
  /** PEM of the self-signed certificate, with `tls`. */
  caCert?: string;
  /** The emulated box, for tests that change it out of band or inspect it. */
  sbc: SbcState;
  /** The fault injector (also `sbc.faults`); with no rules it does nothing. */
  faults: FaultInjector;
  close(): Promise<void>;
}

const DEFAULT_VERSIONS = ["v1.0", "v1.1", "v1.2"];

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Ends the connection without an answer: a TCP reset on plain sockets (the client sees
 * ECONNRESET), a plain destroy on TLS ones.
 */
function resetSocket(socket: Socket): void {
  if (socket.destroyed) return;
  if (!(socket instanceof TLSSocket)) {
    try {
      socket.resetAndDestroy();
      return;
    } catch {
      // fall through to destroy()
    }
  }
  socket.destroy();
}

function noop(): void {}

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
    faults: new FaultInjector(Array.isArray(options.faults) ? options.faults : []),
  };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const sbc = createSbcState(options);
  const api = new SbcApi(sbc);
  const latencyMs = options.latencyMs ?? 0;
  const faults = sbc.faults;
  const users = options.users ?? DEFAULT_USERS;
  const controlEnabled = options.faults !== undefined || options.control === true;

  // `slow` faults wait here; close() cuts the waits short (the request is then dropped).
  const pauses = new Set<() => void>();
  const pause = (ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      const finish = (elapsed: boolean): void => {
        clearTimeout(timer);
        pauses.delete(cancel);
        resolve(elapsed);
      };
      const cancel = (): void => finish(false);
      const timer = setTimeout(() => finish(true), ms);
      pauses.add(cancel);
    });

  const listener = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    res.on("error", noop);
    let answer: ApiResponse | undefined;
    let resetAfter = false;
    try {
      const url = new URL(req.url ?? "/", "http://emulator");
      let body = "";
      try {
        body = await readBody(req);
      } catch (err) {
        if (!(err instanceof BodyError)) throw err;
        answer = { status: 400, body: encodeEnvelope("", [err.message]) };
      }
      if (controlEnabled && url.pathname === CONTROL_PATH) {
        const { status, json } = faults.control(req.method ?? "GET", body);
        if (!res.destroyed) res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(json));
        return;
      }
      if (faults.active) {
        const fault = faults.onRequest({
          method: req.method ?? "GET",
          path: `${url.pathname}${url.search}`,
          action: url.pathname.endsWith("/configuration/management") ? url.searchParams.get("action") ?? undefined : undefined,
        });
        switch (fault?.kind) {
          case "reset-before":
            resetSocket(req.socket);
            return;
          case "reset-after":
            resetAfter = true;
            break;
          case "status": {
            const status = fault.status ?? DEFAULT_FAULT_STATUS;
            answer = { status, body: encodeEnvelope("", [faultStatusMessage(status)]) };
            break;
          }
          case "slow":
            if (!(await pause(fault.delayMs ?? DEFAULT_SLOW_MS))) return;
            break;
          case "expire-token":
            sbc.sessions.expireAll();
            break;
          case "lose-lock":
            sbc.sessions.unlock();
            break;
          case "steal-lock":
            stealLock(sbc.sessions, users);
            break;
          default:
            break;
        }
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
    if (resetAfter) {
      resetSocket(req.socket);
      return;
    }
    if (res.destroyed || res.headersSent || req.socket.destroyed) return;
    const headers: Record<string, string> = {};
    if (answer.body !== undefined) headers["Content-Type"] = "application/xml";
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  };
  const serve = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    listener(req, res).catch((err: unknown) => {
      console.error(`sbc-emulator: could not answer ${req.method} ${req.url}:`, err);
      res.destroy();
    });
  };

  let caCert: string | undefined;
  let server: http.Server | https.Server;
  if (options.tls) {
    const host = options.host ?? "127.0.0.1";
    const pems = await selfSignedCertificate(host);
    caCert = pems.cert;
    server = https.createServer({ key: pems.key, cert: pems.cert }, serve);
  } else {
    server = http.createServer(serve);
  }
  server.keepAliveTimeout = 60_000;
  server.on("clientError", (_err, socket) => socket.destroy());
  // A socket reset or destroyed mid-answer must not become an uncaught 'error'.
  server.on("connection", (socket: Socket) => socket.on("error", noop));
  server.on("secureConnection", (socket: Socket) => socket.on("error", noop));

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
    faults,
    close: async () => {
      sbc.operations.stop();
      for (const cancel of [...pauses]) cancel();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
