/**
 * The SBC emulator's HTTP(S) front: answers 400 to a body over the size limit (as the SBC rejects
 * oversized input without touching the configuration) or not UTF-8, injects latency and faults
 * (see faults.ts), and answers 500 rather than let an exception take the server down. The server
 * itself (TLS, body reading, safe writes) is httpFront.ts, shared with the SDM emulator.
 */
import http from "node:http";
import { Catalog, builtinCatalog, builtinCatalogData } from "../client/catalog/catalog";
import { encodeEnvelope } from "../client/xmlCodec";
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
import { BodyError, jsonAnswer, readBody, resetSocket, sleep, startHttpFront, toApiRequest, writeAnswer } from "./httpFront";
import { Kpis } from "./kpis";
import { Operations } from "./operations";
import { ApiResponse, SbcApi, SbcState } from "./routes";
import { loadSeed } from "./seeds";
import { DEFAULT_USERS, Sessions, User } from "./sessions";
import { SYSTEM_CONTROL_PATH, systemControl } from "./systemControl";
import { SystemStatus } from "./systemStatus";

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
  /**
   * The element types it serves and validates against, and the release it reports: the built-in
   * catalog's by default; an SBC of another release from saved metadata (emulator/metadataSets.ts).
   */
  catalog?: Catalog;
  release?: string;
  /**
   * Fault injection rules (see faults.ts); `true` starts with none. Either way the control
   * endpoints `/__emulator/faults` and `/__emulator/system` are served. Without them
   * `handle.faults` and `handle.sbc` still work, and the control paths are unknown paths (404).
   */
  faults?: FaultRule[] | true;
  /** Serve the control endpoints even without `faults`. */
  control?: boolean;
  /** Start from a named configuration (see seeds/), saved and running, e.g. "brownfield". */
  seed?: string;
  /** Multiplies the seed's repeated parts (the brownfield seed's sites); 1 when absent. */
  seedScale?: number;
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

/** Builds the emulated SBC's state: the catalog's types, a system-config as every SBC has, and the seed if one is named. */
export function createSbcState(options: EmulatorOptions = {}): SbcState {
  const catalog = options.catalog ?? builtinCatalog;
  const store = new ConfigStore(catalog);
  if (catalog.get("system-config")) {
    store.create({ elementType: "system-config", attributes: {}, subElements: [] }, { user: "admin", address: "console" });
    store.copy("editing", "saved");
    store.copy("editing", "running");
  }
  if (options.seed !== undefined) loadSeed(store, options.seed, options.seedScale);
  return {
    sessions: new Sessions(options.users ?? DEFAULT_USERS, options.tokenTtlSeconds ?? 600),
    store,
    operations: new Operations(store, { activateMs: options.activateMs ?? 0 }),
    versions: options.versions ?? DEFAULT_VERSIONS,
    stats: { requests: 0, mutatingRequests: 0, lockAcquisitions: 0, lockHeldMs: 0, metadataRequests: 0, typeReads: 0 },
    faults: new FaultInjector(Array.isArray(options.faults) ? options.faults : []),
    system: new SystemStatus(options.release ?? builtinCatalogData().release),
    kpis: new Kpis(),
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
        writeAnswer(req, res, jsonAnswer(faults.control(req.method ?? "GET", body)));
        return;
      }
      if (controlEnabled && url.pathname === SYSTEM_CONTROL_PATH) {
        writeAnswer(req, res, jsonAnswer(systemControl(sbc.system, sbc.kpis, req.method ?? "GET", body)));
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
      answer ??= api.handle(toApiRequest(req, url, body));
    } catch (err) {
      console.error(`sbc-emulator: internal error on ${req.method} ${req.url}:`, err);
      answer = { status: 500, body: encodeEnvelope("", ["Internal server error"]) };
    }
    if (resetAfter) {
      resetSocket(req.socket);
      return;
    }
    writeAnswer(req, res, answer);
  };

  const front = await startHttpFront({ port: options.port, host: options.host, tls: options.tls, name: "sbc-emulator" }, listener);
  return {
    url: front.url,
    port: front.port,
    caCert: front.caCert,
    sbc,
    faults,
    close: async () => {
      sbc.operations.stop();
      for (const cancel of [...pauses]) cancel();
      await front.close();
    },
  };
}
