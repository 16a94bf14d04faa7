/**
 * The SDM emulator: an emulated Oracle Session Delivery Manager whose inventory lists devices that
 * stand for SBCs (typically SBC emulators, by URL), so that clients can practise SDM's device lock
 * around their SBC sessions. Only SDM's own API is served (login, inventory, Lock/Unlock, logout);
 * SBC requests go to the SBC itself, as with a real SDM. HTTP(S) plumbing is httpFront.ts, shared
 * with the SBC emulator; behaviour is sdmRoutes.ts; state is sdmState.ts.
 */
import http from "node:http";
import { encodeSdmError } from "../../client/sdm/sdmXml";
import { BodyError, FrontAnswer, jsonAnswer, readBody, sleep, startHttpFront, toApiRequest, writeAnswer } from "../httpFront";
import { sdmControl, SDM_CONTROL_PATH } from "./sdmControl";
import { SdmApi } from "./sdmRoutes";
import { DEFAULT_SDM_USERS, SdmDeviceSpec, SdmState, SdmUser } from "./sdmState";

export interface SdmEmulatorOptions {
  port?: number;
  host?: string;
  /** Serve HTTPS with a freshly generated self-signed certificate (the session cookie is then Secure). */
  tls?: boolean;
  /** Default admin/admin and operator/operator. */
  users?: SdmUser[];
  devices: SdmDeviceSpec[];
  /** Added before every answer, like a WAN round trip. */
  latencyMs?: number;
  /** A session unused this long is gone (401 on its next request); default 1800 (30 min). */
  sessionTtlSeconds?: number;
  /** REST versions served; default v1.1, v1.2, v1.3. */
  versions?: string[];
  /** Serve the control endpoint `/__emulator/sdm`; without it that path is unknown (404). */
  control?: boolean;
}

export interface SdmEmulatorHandle {
  url: string;
  port: number;
  /** PEM of the self-signed certificate, with `tls`. */
  caCert?: string;
  /** The emulated SDM: lock holders, sessions and counters, and the test hooks (lockAs, release, expireSessions). */
  sdm: SdmState;
  close(): Promise<void>;
}

export const DEFAULT_SDM_VERSIONS = ["v1.1", "v1.2", "v1.3"];

export async function startSdmEmulator(options: SdmEmulatorOptions): Promise<SdmEmulatorHandle> {
  const sdm = new SdmState(options.users ?? DEFAULT_SDM_USERS, options.devices, options.sessionTtlSeconds ?? 1800);
  const api = new SdmApi(sdm, options.versions ?? DEFAULT_SDM_VERSIONS, options.tls === true);
  const latencyMs = options.latencyMs ?? 0;

  const listener = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    let answer: FrontAnswer;
    try {
      const url = new URL(req.url ?? "/", "http://emulator");
      let body: string;
      try {
        body = await readBody(req);
      } catch (err) {
        if (!(err instanceof BodyError)) throw err;
        writeAnswer(req, res, { status: 400, body: encodeSdmError(err.message) });
        return;
      }
      if (options.control && url.pathname === SDM_CONTROL_PATH) {
        writeAnswer(req, res, jsonAnswer(sdmControl(sdm, req.method ?? "GET", body)));
        return;
      }
      if (latencyMs > 0) await sleep(latencyMs);
      answer = api.handle(toApiRequest(req, url, body));
    } catch (err) {
      console.error(`sdm-emulator: internal error on ${req.method} ${req.url}:`, err);
      answer = { status: 500, body: encodeSdmError("Internal server error") };
    }
    writeAnswer(req, res, answer);
  };

  const front = await startHttpFront({ port: options.port, host: options.host, tls: options.tls, name: "sdm-emulator" }, listener);
  return { url: front.url, port: front.port, caCert: front.caCert, sdm, close: () => front.close() };
}
