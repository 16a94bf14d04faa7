/**
 * A client for the device lock of Oracle Session Delivery Manager (SDM): cookie-session login,
 * device lookup in SDM's inventory (by id, name or address), Lock and Unlock actions, logout.
 * An SBC managed by SDM is changed safely only while SDM's lock keeps SDM's other users (REST,
 * SOAP, GUI) away from it; this client takes and releases that lock, and leaves when to do so to
 * its caller. It reuses the SBC client's transport (TLS, timeouts), hardened XML parser and
 * retry schedule.
 *
 * Choices where SDM's documentation is silent (emulator/README.md, "SDM mode", has them all):
 * - Default REST version `v1.3`, the one in SDM 8.2/9.x examples (`https://host:8443/rest/v1.3/`).
 * - The session is the `JSESSIONID` cookie of `POST …/admin/login`; a 401 on a later request
 *   (session timed out) gets one fresh login and one more try.
 * - Lookup by name or address reads the whole inventory (`GET …/inventory/deviceMgmt/devices`) and
 *   filters here: SDM's filter parameters are not documented by name.
 * - Lock refusal is 400 with a text saying "locked by …" (or any 409/423): SdmDeviceLockedError.
 * - Every request is safe to repeat (re-lock by the holder and unlock of a free device succeed),
 *   so all are retried on transport failures and 5xx within the retry policy; all but logout,
 *   which is tried once (see logout).
 */
import { afterRetries, isTransientFailure, scrubSecrets, TRANSIENT_STATUSES } from "../errors";
import { DEFAULT_RETRY_POLICY, RetryPolicy, withRetries } from "../retry";
import { HttpRequest, HttpResponse, Transport, TransportOptions } from "../transport";
import { XmlInputError } from "../xmlCodec";
import {
  SdmAmbiguousDeviceError,
  SdmError,
  SdmNotFoundError,
  SdmUnexpectedResponseError,
} from "./sdmErrors";
import { sdmErrorForResponse } from "./sdmResponses";
import {
  decodeDevice,
  decodeDeviceList,
  encodeDeviceAction,
  encodeLogin,
  SdmDevice,
  SdmDeviceActionType,
} from "./sdmXml";

export const DEFAULT_SDM_API_VERSION = "v1.3";

/** `caCert`, `insecure` and `requestTimeoutMs` (default 30 s) mean what they mean for the SBC's transport. */
export interface SdmClientOptions extends Pick<TransportOptions, "caCert" | "insecure" | "requestTimeoutMs"> {
  /** SDM's REST origin, e.g. `https://sdm.example.net:8443` (a path, if given, is ignored). */
  url: string;
  username: string;
  password: string;
  /** REST version in the URI; default v1.3. */
  apiVersion?: string;
  /** Retries on transport failures and 500/502/503/504; default as for the SBC client (60 s). */
  retry?: Partial<RetryPolicy>;
}

/** How to find a device: by SDM's id, by its name in SDM, or by its address (`host`, `host:port` or a URL). */
export type SdmDeviceQuery = { deviceId: string } | { deviceName: string } | { address: string };

const SESSION_COOKIE = "JSESSIONID";

/** Host (lower case, no IPv6 brackets) and port, if any, of `host`, `host:port` or a URL. */
function hostAndPort(value: string): { host: string; port?: string } {
  const text = value.trim();
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `tcp://${text}`);
    return { host: url.hostname.replace(/^\[|\]$/g, "").toLowerCase(), port: url.port || undefined };
  } catch {
    return { host: text.replace(/^\[|\]$/g, "").toLowerCase() };
  }
}

/** Same host, and the same port when both name one (SDM's `<ip>` usually has none). */
function sameAddress(a: string, b: string): boolean {
  const x = hostAndPort(a);
  const y = hostAndPort(b);
  return x.host === y.host && (x.port === undefined || y.port === undefined || x.port === y.port);
}

function describe(devices: readonly SdmDevice[]): string {
  if (devices.length === 0) return "SDM lists no devices";
  const shown = devices.slice(0, 10).map((d) => `${d.name} (id ${d.id}, ${d.address})`);
  return `SDM's devices: ${shown.join(", ")}${devices.length > shown.length ? `, and ${devices.length - shown.length} more` : ""}`;
}

export class SdmClient {
  readonly origin: string;
  readonly apiVersion: string;
  private readonly transport: Transport;
  private readonly policy: RetryPolicy;
  private session?: string;
  private pendingLogin?: Promise<string>;
  private closed = false;
  /** The password and every session cookie this client was given: scrubbed from SDM's texts. */
  private readonly secrets: Set<string>;

  constructor(private readonly options: SdmClientOptions) {
    this.apiVersion = options.apiVersion ?? DEFAULT_SDM_API_VERSION;
    const { url, caCert, insecure, requestTimeoutMs } = options;
    // Two connections: SDM sees a handful of lock calls per run, never a stream of requests.
    this.transport = new Transport({ baseUrl: url, caCert, insecure, requestTimeoutMs, connections: 2, serverName: "SDM" });
    this.origin = this.transport.origin;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.secrets = new Set([options.password]);
  }

  private path(suffix: string): string {
    return `/rest/${this.apiVersion}/${suffix}`;
  }

  private devicePath(deviceId: string, suffix = ""): string {
    return this.path(`inventory/deviceMgmt/devices/${encodeURIComponent(deviceId)}${suffix}`);
  }

  private errorFor(req: HttpRequest, res: HttpResponse, deviceId?: string): SdmError {
    return sdmErrorForResponse(req.method, req.path, res, [...this.secrets], deviceId);
  }

  /** One request, retried (when `retry`) on transport failures and transient statuses within the retry policy. */
  private send(req: HttpRequest, retry = true): Promise<HttpResponse> {
    return withRetries(
      this.policy,
      async () => {
        const res = await this.transport.request(req);
        if (TRANSIENT_STATUSES.includes(res.status)) throw this.errorFor(req, res);
        return res;
      },
      retry ? isTransientFailure : () => false,
      afterRetries,
    );
  }

  /** Opens a session now (otherwise the first request does), so that bad credentials fail early. */
  async login(): Promise<void> {
    await this.currentSession();
  }

  private currentSession(): Promise<string> {
    return this.session !== undefined ? Promise.resolve(this.session) : this.freshSession();
  }

  /** One login at a time: concurrent requests that find no session share it. */
  private freshSession(): Promise<string> {
    this.pendingLogin ??= this.loginNow().finally(() => {
      this.pendingLogin = undefined;
    });
    return this.pendingLogin;
  }

  private async loginNow(): Promise<string> {
    const req: HttpRequest = {
      method: "POST",
      path: this.path("admin/login"),
      headers: { Accept: "application/xml", "Content-Type": "application/xml" },
      body: encodeLogin(this.options.username, this.options.password),
    };
    const res = await this.send(req);
    if (res.status !== 200 && res.status !== 204) throw this.errorFor(req, res);
    const cookie = (res.setCookies ?? [])
      .map((header) => /^\s*JSESSIONID=([^;]*)/i.exec(header)?.[1])
      .find((value) => value !== undefined && value !== "");
    if (cookie === undefined) {
      throw new SdmUnexpectedResponseError(`SDM's login answer set no ${SESSION_COOKIE} cookie`, { method: req.method, path: req.path, status: res.status });
    }
    this.secrets.add(cookie);
    this.session = cookie;
    return cookie;
  }

  /** A request in the session; a 401 (session expired) gets one fresh login and one more try. */
  private async exchange(method: HttpRequest["method"], path: string, body?: string): Promise<{ req: HttpRequest; res: HttpResponse }> {
    for (let attempt = 0; ; attempt++) {
      const cookie = await this.currentSession();
      const headers: Record<string, string> = { Accept: "application/xml", Cookie: `${SESSION_COOKIE}=${cookie}` };
      if (body !== undefined) headers["Content-Type"] = "application/xml";
      const req: HttpRequest = { method, path, headers, body };
      const res = await this.send(req);
      if (res.status === 401 && attempt === 0) {
        if (this.session === cookie) this.session = undefined;
        continue;
      }
      return { req, res };
    }
  }

  /** Decodes an answer body; what is not the expected XML is SdmUnexpectedResponseError. */
  private decode<T>(req: HttpRequest, res: HttpResponse, decode: (text: string) => T): T {
    try {
      return decode(res.body);
    } catch (err) {
      if (!(err instanceof XmlInputError)) throw err;
      throw new SdmUnexpectedResponseError(`SDM's answer is not the expected XML (${err.message})`, { method: req.method, path: req.path, status: res.status });
    }
  }

  /** Every device SDM's inventory shows this user. */
  async listDevices(): Promise<SdmDevice[]> {
    const { req, res } = await this.exchange("GET", this.path("inventory/deviceMgmt/devices"));
    if (res.status !== 200) throw this.errorFor(req, res);
    return this.decode(req, res, decodeDeviceList);
  }

  /**
   * The device a query names. Unknown id → SdmNotFoundError (404); no device with that name or
   * address → SdmNotFoundError naming what was looked for; several at one address →
   * SdmAmbiguousDeviceError.
   */
  async findDevice(query: SdmDeviceQuery): Promise<SdmDevice> {
    if ("deviceId" in query) {
      const { req, res } = await this.exchange("GET", this.devicePath(query.deviceId));
      if (res.status !== 200) throw this.errorFor(req, res, query.deviceId);
      return this.decode(req, res, decodeDevice);
    }
    const devices = await this.listDevices();
    const details = { method: "GET", path: this.path("inventory/deviceMgmt/devices") };
    // A name or address that happens to contain the password must not carry it into a message.
    const scrub = (text: string): string => scrubSecrets(text, [...this.secrets]);
    if ("deviceName" in query) {
      const found = devices.find((d) => d.name === query.deviceName);
      if (!found) throw new SdmNotFoundError(scrub(`SDM has no device named "${query.deviceName}"; ${describe(devices)}`), details);
      return found;
    }
    const matches = devices.filter((d) => sameAddress(d.address, query.address));
    if (matches.length === 0) throw new SdmNotFoundError(scrub(`SDM has no device at address "${query.address}"; ${describe(devices)}`), details);
    if (matches.length > 1) {
      throw new SdmAmbiguousDeviceError(
        scrub(`${matches.length} SDM devices are at address "${query.address}"; name one by deviceId or deviceName (${describe(matches)})`),
        details,
      );
    }
    return matches[0];
  }

  private async action(deviceId: string, type: SdmDeviceActionType): Promise<void> {
    const { req, res } = await this.exchange("POST", this.devicePath(deviceId, "/action"), encodeDeviceAction(type));
    if (res.status !== 200 && res.status !== 204) throw this.errorFor(req, res, deviceId);
  }

  /** Locks the device for this user; taking it again while holding it succeeds. */
  async lockDevice(deviceId: string): Promise<void> {
    await this.action(deviceId, "Lock");
  }

  /** Releases this user's lock on the device. */
  async unlockDevice(deviceId: string): Promise<void> {
    await this.action(deviceId, "Unlock");
  }

  /**
   * Ends the session on SDM, if one is open; a session SDM already ended (401) counts as ended.
   * Tried once, not retried: a logout that does not get through costs nothing but an idle
   * session, which SDM ends by itself, and a caller closing up after SDM went away must not wait.
   */
  async logout(): Promise<void> {
    await this.pendingLogin?.catch(() => undefined);
    const cookie = this.session;
    if (cookie === undefined) return;
    this.session = undefined;
    const req: HttpRequest = {
      method: "POST",
      path: this.path("admin/logout"),
      headers: { Accept: "application/xml", Cookie: `${SESSION_COOKIE}=${cookie}` },
    };
    const res = await this.send(req, false);
    if (![200, 204, 401].includes(res.status)) throw this.errorFor(req, res);
  }

  /**
   * Logs out (a failure there is dropped: close runs on failure paths and must not hide their
   * error, and SDM ends an idle session by itself) and closes the connections.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.logout().catch(() => undefined);
    await this.transport.close();
  }
}
