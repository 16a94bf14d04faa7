/**
 * The SBC REST client: configuration lock, configElements CRUD, the asynchronous management
 * actions (save, verify, activate, restore: 202, then polling `admin/asyncstatus` to the final
 * state within a bounded wait), and element-type metadata. It knows HTTP and XML only; what to
 * lock when, and how to commit, is the caller's business.
 */
import { Catalog, builtinCatalog } from "./catalog/catalog";
import { decodeMetadata } from "./catalog/metadataXml";
import { ElementTypeSpec } from "./catalog/schema";
import {
  afterRetries,
  NoLockError,
  NotFoundError,
  OperationFailedError,
  OperationTimeoutError,
  isTransientFailure,
  TRANSIENT_STATUSES,
  UnexpectedResponseError,
  UnknownElementTypeError,
} from "./errors";
import { OperationPacer } from "./operationPacing";
import { errorForResponse } from "./responseErrors";
import { DEFAULT_RETRY_POLICY, RetryPolicy, withRetries } from "./retry";
import { TokenManager } from "./tokenManager";
import { HttpRequest, HttpResponse, Transport } from "./transport";
import { ConfigElement, KeyValues, OperationState } from "./types";
import {
  asArray,
  decodeConfigElementNode,
  decodeEnvelope,
  decodeOperationState,
  encodeConfigElementDocument,
  ResponseEnvelope,
  textOf,
  XmlInputError,
} from "./xmlCodec";

export const DEFAULT_API_VERSION = "v1.1";


/** One HTTP exchange, as reported to `onRequest` (for metrics and debug logs; no credentials). */
export interface RequestEvent {
  method: string;
  path: string;
  /** Undefined when no HTTP answer came. */
  status?: number;
  durationMs: number;
}

export interface SbcClientOptions {
  /** `host`, `host:port`, or `https://host:port`. */
  host: string;
  username: string;
  password: string;
  /** REST API version in the URI; default v1.1 (SBC 8.3 and later). */
  apiVersion?: string;
  /** PEM of the SBC's certificate or its CA. */
  caCert?: string;
  /** Skip TLS verification. */
  insecure?: boolean;
  requestTimeoutMs?: number;
  /** Token life on this SBC; Oracle documents ten minutes. */
  tokenLifetimeSeconds?: number;
  /** Longest wait for one save/verify/activate/restore to finish. */
  operationTimeoutMs?: number;
  /** Poll delay until an action's usual duration is learned (see operationPacing.ts); doubles up to 1 s. */
  pollIntervalMs?: number;
  /** Metadata used to keep one-value multi-valued attributes as lists. */
  catalog?: Catalog;
  /** Retries of requests that are safe to repeat, on transport failures and 500/502/503/504. */
  retry?: Partial<RetryPolicy>;
  onRequest?: (event: RequestEvent) => void;
}

export interface ElementTypeSummary {
  name: string;
  description: string;
  singleton: boolean;
}

export interface ReadOptions {
  /** Read the running configuration instead of the editing one. */
  running?: boolean;
}

type Method = HttpRequest["method"];

/** A failed login inside an exchange, carried past the exchange's retries (the login retried already). */
class LoginFailure {
  constructor(readonly error: unknown) {}
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class SbcClient {
  readonly apiVersion: string;
  readonly origin: string;
  private readonly transport: Transport;
  private readonly tokens: TokenManager;
  /** The element types this client knows (and reads multi-valued attributes by). */
  readonly catalog: Catalog;
  private readonly pacer: OperationPacer;

  constructor(private readonly options: SbcClientOptions) {
    this.apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
    this.transport = new Transport({
      baseUrl: options.host,
      caCert: options.caCert,
      insecure: options.insecure,
      requestTimeoutMs: options.requestTimeoutMs,
    });
    this.origin = this.transport.origin;
    this.catalog = options.catalog ?? builtinCatalog;
    this.pacer = new OperationPacer(options.pollIntervalMs ?? 50);
    this.tokens = new TokenManager({
      transport: this.transport,
      apiVersion: this.apiVersion,
      username: options.username,
      password: options.password,
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 600,
      retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      onExchange: (method, path, res, startedAt) => this.report(method, path, res, startedAt),
    });
  }

  private report(method: string, path: string, res: HttpResponse | undefined, startedAt: number): void {
    this.options.onRequest?.({ method, path, status: res?.status, durationMs: Date.now() - startedAt });
  }

  private path(suffix: string, query?: URLSearchParams): string {
    const q = query && [...query.keys()].length > 0 ? `?${query.toString()}` : "";
    return `/rest/${this.apiVersion}/${suffix}${q}`;
  }

  /**
   * Whether a request may be sent again after a lost or failed answer: everything but creating an
   * element (POST configElements), whose lost answer the caller reconciles by reading back.
   */
  private static repeatable(method: Method, path: string): boolean {
    return method !== "POST" || !path.includes("/configuration/configElements");
  }

  /**
   * One authenticated exchange. A 401 on a token that looked valid gets one fresh login; a
   * repeatable request is retried on transport failures and 500/502/503/504 within the retry
   * deadline. `retried` says whether an earlier attempt may have reached the SBC.
   */
  private async exchange(method: Method, path: string, body?: string): Promise<HttpResponse & { retried: boolean }> {
    const policy = { ...DEFAULT_RETRY_POLICY, ...this.options.retry };
    let retried = false;
    const res = await withRetries(
      policy,
      async (n) => {
        retried = n > 0;
        const answer = await this.exchangeOnce(method, path, body);
        if (TRANSIENT_STATUSES.includes(answer.status)) throw errorForResponse(method, path, answer, this.tokens.secrets());
        return answer;
      },
      (err) => !(err instanceof LoginFailure) && SbcClient.repeatable(method, path) && isTransientFailure(err),
      afterRetries,
    ).catch((err: unknown) => {
      throw err instanceof LoginFailure ? err.error : err;
    });
    return { ...res, retried };
  }

  private async exchangeOnce(method: Method, path: string, body?: string): Promise<HttpResponse> {
    for (let attempt = 0; ; attempt++) {
      // The login has its own retries within the same deadline; retrying it again here would double a silent SBC's wait.
      const token = await this.tokens.current().catch((error: unknown) => {
        throw new LoginFailure(error);
      });
      const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: "application/xml" };
      if (body !== undefined) headers["Content-Type"] = "application/xml";
      const startedAt = Date.now();
      let res: HttpResponse | undefined;
      try {
        res = await this.transport.request({ method, path, headers, body });
      } finally {
        this.report(method, path, res, startedAt);
      }
      if (res.status === 401 && attempt === 0) {
        this.tokens.invalidate(token);
        continue;
      }
      return res;
    }
  }

  /** Exchange and insist on one of the expected statuses; anything else is a typed error. */
  private async call(method: Method, path: string, expected: number[], body?: string): Promise<HttpResponse & { retried: boolean }> {
    const res = await this.exchange(method, path, body);
    if (!expected.includes(res.status)) throw errorForResponse(method, path, res, this.tokens.secrets());
    return res;
  }

  private envelope(method: Method, path: string, res: HttpResponse): ResponseEnvelope {
    try {
      return decodeEnvelope(res.body);
    } catch (err) {
      const reason = err instanceof XmlInputError ? err.message : String(err);
      throw new UnexpectedResponseError(`the SBC's answer is not the expected XML (${reason})`, { method, path, status: res.status });
    }
  }

  /** Logs in now (otherwise the first request does), so bad credentials fail early. */
  async authenticate(): Promise<void> {
    await this.tokens.current();
  }

  async lock(): Promise<void> {
    await this.call("POST", this.path("configuration/lock"), [200, 204]);
  }

  async unlock(): Promise<void> {
    const path = this.path("configuration/unlock");
    const res = await this.exchange("POST", path);
    // A retried unlock whose first attempt got through finds the lock already released.
    if (res.status === 423 && res.retried && errorForResponse("POST", path, res, []) instanceof NoLockError) return;
    if (res.status !== 200 && res.status !== 204) throw errorForResponse("POST", path, res, this.tokens.secrets());
  }

  private elementQuery(elementType: string, keys: KeyValues = {}, read: ReadOptions = {}): URLSearchParams {
    const query = new URLSearchParams({ elementType });
    for (const [name, value] of Object.entries(keys)) {
      for (const v of asArray(value)) query.append(name, v);
    }
    if (read.running) query.set("running", "true");
    return query;
  }

  private decodeElements(method: Method, path: string, envelope: ResponseEnvelope): ConfigElement[] {
    try {
      return asArray(envelope.data.configElement).map((node) => decodeConfigElementNode(node, this.catalog.multiValuedHint));
    } catch (err) {
      throw new UnexpectedResponseError(`the SBC's configElement XML could not be read (${(err as Error).message})`, { method, path });
    }
  }

  private single(method: Method, path: string, res: HttpResponse): ConfigElement {
    const elements = this.decodeElements(method, path, this.envelope(method, path, res));
    if (elements.length !== 1) {
      throw new UnexpectedResponseError(`expected one configElement in the SBC's answer, got ${elements.length}`, { method, path, status: res.status });
    }
    return elements[0];
  }

  /** One instance by its key attributes (none for a singleton); NotFoundError when absent. */
  async getElement(elementType: string, keys: KeyValues = {}, read: ReadOptions = {}): Promise<ConfigElement> {
    const path = this.path("configuration/configElements", this.elementQuery(elementType, keys, read));
    return this.single("GET", path, await this.call("GET", path, [200]));
  }

  /** Like getElement, but undefined when the instance does not exist (an unknown type still throws). */
  async findElement(elementType: string, keys: KeyValues = {}, read: ReadOptions = {}): Promise<ConfigElement | undefined> {
    try {
      return await this.getElement(elementType, keys, read);
    } catch (err) {
      if (err instanceof NotFoundError && !(err instanceof UnknownElementTypeError)) return undefined;
      throw err;
    }
  }

  /** Every instance of a type, following the SBC's paging links. */
  async listElements(elementType: string, read: ReadOptions = {}): Promise<ConfigElement[]> {
    const out: ConfigElement[] = [];
    let path: string | undefined = this.path("configuration/configElements", this.elementQuery(elementType, {}, read));
    const visited = new Set<string>();
    while (path && !visited.has(path)) {
      visited.add(path);
      const res = await this.exchange("GET", path);
      // A type with no instance answers 404 on some releases; that is an empty list, not an error.
      if (res.status === 404) {
        const err = errorForResponse("GET", path, res, this.tokens.secrets());
        if (err instanceof NotFoundError && !(err instanceof UnknownElementTypeError)) return out;
        throw err;
      }
      if (res.status !== 200) throw errorForResponse("GET", path, res, this.tokens.secrets());
      const envelope = this.envelope("GET", path, res);
      out.push(...this.decodeElements("GET", path, envelope));
      path = envelope.links.map((link) => this.relativePath(link)).find((p) => p.includes("configElements"));
    }
    return out;
  }

  /** POST: needs the lock; answers the complete element with the SBC's defaults filled in. */
  async createElement(element: ConfigElement): Promise<ConfigElement> {
    const path = this.path("configuration/configElements");
    return this.single("POST", path, await this.call("POST", path, [200, 201], encodeConfigElementDocument(element)));
  }

  /** PUT: the body carries the key attributes and the attributes to change. */
  async updateElement(element: ConfigElement): Promise<ConfigElement> {
    const path = this.path("configuration/configElements");
    return this.single("PUT", path, await this.call("PUT", path, [200], encodeConfigElementDocument(element)));
  }

  async deleteElement(elementType: string, keys: KeyValues = {}): Promise<void> {
    const path = this.path("configuration/configElements", this.elementQuery(elementType, keys));
    await this.call("DELETE", path, [200, 204]);
  }

  async save(): Promise<OperationState> {
    return this.management("PUT", "save");
  }

  async verify(): Promise<OperationState> {
    return this.management("PUT", "verify");
  }

  async activate(): Promise<OperationState> {
    return this.management("POST", "activate");
  }

  /** Discards staged edits: the editing configuration becomes the running (or saved) one again. */
  async restore(source: "running" | "saved" = "running"): Promise<OperationState> {
    return this.management("PUT", "restore", { restoreSource: source });
  }

  /** Copies a configuration into the backup file `filename` (a name in /code/bkups, no path). */
  async backup(filename: string, source: "running" | "saved" | "editing" = "running"): Promise<OperationState> {
    return this.management("POST", "backup", { backupSource: source, filename });
  }

  /** The editing configuration becomes the backup file's; save and activate take it further. */
  async restoreBackup(filename: string): Promise<OperationState> {
    return this.management("PUT", "restore", { restoreSource: "backupFile", filename });
  }

  /** Removes the backup file `filename` from /code/bkups (`DELETE configuration/management/files`, 204; needs the lock). */
  async deleteBackup(filename: string): Promise<void> {
    await this.call("DELETE", this.path("configuration/management/files", new URLSearchParams({ filename })), [200, 204]);
  }

  /** `GET system/status`: each field the SBC reports, as text (`role`, `systemState`, `healthScorePercent`, …). */
  async systemStatus(): Promise<Record<string, string>> {
    const path = this.path("system/status");
    const envelope = this.envelope("GET", path, await this.call("GET", path, [200]));
    return Object.fromEntries(
      Object.entries(envelope.data)
        .filter(([, value]) => typeof value !== "object" || value === null || "#text" in (value as object))
        .map(([name, value]) => [name, textOf(value)]),
    );
  }

  /**
   * `GET system/information`: product name, build version (`SCZ8.4.0 Patch 5 (Build 123)`), name,
   * location, serial number and uptime, as text, from Oracle's `systemInformation` object.
   */
  async systemInformation(): Promise<Record<string, string>> {
    const path = this.path("system/information");
    const envelope = this.envelope("GET", path, await this.call("GET", path, [200]));
    const info = (envelope.data.systemInformation ?? envelope.data) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(info).filter(([, v]) => typeof v !== "object" || v === null || "#text" in (v as object)).map(([k, v]) => [k, textOf(v)]));
  }

  /**
   * `GET statistics/kpis?type=T`: every numeric KPI below `<data>` by its tag name. Oracle says the
   * tags may or may not be named after the type, so they are read wherever they sit.
   */
  async kpis(type: string): Promise<Record<string, number>> {
    const path = this.path("statistics/kpis", new URLSearchParams({ type }));
    const envelope = this.envelope("GET", path, await this.call("GET", path, [200]));
    const out: Record<string, number> = {};
    const walk = (node: unknown): void => {
      if (node === null || typeof node !== "object") return;
      for (const [name, value] of Object.entries(node as Record<string, unknown>)) {
        const text = typeof value === "object" && value !== null && !("#text" in value) ? undefined : textOf(value);
        if (text !== undefined && text.trim() !== "" && Number.isFinite(Number(text))) out[name] = Number(text);
        else asArray(value).forEach(walk);
      }
    };
    walk(envelope.data);
    return out;
  }

  /**
   * A link the SBC gave (absolute, as Oracle writes them; a bare path is read against our origin)
   * is followed by its path and query on the host this client was configured with, not on the
   * host the link names: the bearer token must go only where the user pointed the client, whose
   * certificate it trusts, and an SBC behind NAT or a proxy names a management address the
   * client may not reach.
   */
  private relativePath(link: string): string {
    const url = new URL(link, this.origin);
    return `${url.pathname}${url.search}`;
  }

  private async management(method: Method, action: "save" | "verify" | "activate" | "restore" | "backup", extra: Record<string, string> = {}): Promise<OperationState> {
    const path = this.path("configuration/management", new URLSearchParams({ action, ...extra }));
    const deadline = Date.now() + (this.options.operationTimeoutMs ?? 300_000);
    for (;;) {
      const res = await this.exchange(method, path);
      if (res.status === 409) {
        // A 409 carries no link; asyncstatus is the only status resource Oracle documents.
        // A retried action whose first attempt got through finds it running: follow that one.
        if (res.retried) return this.finish(action, method, path, res.status, await this.poll(action, this.path("admin/asyncstatus")));
        // Another operation is still running on the box (one started before this session had the lock): let it end, then ask again.
        if (Date.now() >= deadline) throw errorForResponse(method, path, res, this.tokens.secrets());
        await this.poll(undefined, this.path("admin/asyncstatus"));
        continue;
      }
      if (![200, 202, 204].includes(res.status)) throw errorForResponse(method, path, res, this.tokens.secrets());
      const envelope = res.body.trim() ? this.envelope(method, path, res) : { data: {}, messages: [], links: [] };
      let state: OperationState | undefined =
        "operationState" in envelope.data ? decodeOperationState(envelope.data) : undefined;
      if (res.status === 202 || !state) {
        const pollPath = envelope.links.length > 0 ? this.relativePath(envelope.links[0]) : this.path("admin/asyncstatus");
        state = await this.poll(action, pollPath);
      }
      return this.finish(action, method, path, res.status, state);
    }
  }

  private finish(action: string, method: Method, path: string, status: number, state: OperationState): OperationState {
    if (state.status === "fail") {
      throw new OperationFailedError(action, {
        method,
        path,
        status,
        messages: [...(state.errorMessage ? [state.errorMessage] : []), ...state.details],
      });
    }
    return state;
  }

  /** Polls the latest operation until it ends; with `action`, insists that it is that one. */
  private async poll(action: string | undefined, path: string): Promise<OperationState> {
    const startedAt = Date.now();
    const deadline = startedAt + (this.options.operationTimeoutMs ?? 300_000);
    let delay = this.pacer.firstDelay(action);
    for (let polls = 1; ; polls++) {
      await sleep(delay);
      const res = await this.call("GET", path, [200]);
      const envelope = this.envelope("GET", path, res);
      const state = decodeOperationState(envelope.data);
      if (action !== undefined && state.operation !== action) {
        throw new UnexpectedResponseError(`asked for ${action} but the SBC reports ${state.operation} as its latest operation`, { method: "GET", path });
      }
      if (state.status !== "inProgress") {
        this.pacer.observe(action, Date.now() - startedAt, polls);
        return state;
      }
      delay = this.pacer.nextDelay(delay, polls);
      if (Date.now() + delay > deadline) {
        throw new OperationTimeoutError(`${action ?? state.operation} did not finish within ${this.options.operationTimeoutMs ?? 300_000} ms`, { method: "GET", path });
      }
    }
  }

  async elementTypes(): Promise<ElementTypeSummary[]> {
    const path = this.path("configuration/elementTypes");
    const envelope = this.envelope("GET", path, await this.call("GET", path, [200]));
    return asArray(envelope.data.elementType as Record<string, unknown> | Record<string, unknown>[]).map((node) => ({
      name: textOf(node.name),
      description: node.description === undefined ? "" : textOf(node.description),
      singleton: node["@_single"] === "true",
    }));
  }

  async metadata(elementType: string): Promise<ElementTypeSpec> {
    const path = this.path("configuration/elementTypes/metadata", new URLSearchParams({ elementType }));
    const envelope = this.envelope("GET", path, await this.call("GET", path, [200]));
    try {
      return decodeMetadata(envelope.data);
    } catch (err) {
      throw new UnexpectedResponseError(`the SBC's metadata for ${elementType} could not be read (${(err as Error).message})`, { method: "GET", path });
    }
  }

  /** `GET /rest/api/supportedversions`, outside the versioned prefix. */
  async supportedVersions(): Promise<{ latest: string; versions: string[] }> {
    const path = "/rest/api/supportedversions";
    const res = await this.transport.request({ method: "GET", path, headers: { Accept: "application/xml" } });
    if (res.status !== 200) throw errorForResponse("GET", path, res, this.tokens.secrets());
    const envelope = this.envelope("GET", path, res);
    return {
      latest: textOf(envelope.data.latestVersion),
      versions: asArray(envelope.data.version).map(textOf),
    };
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}

