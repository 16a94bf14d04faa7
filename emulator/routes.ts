/**
 * The SBC REST API's behaviour, path by path, over plain request/response values: version check,
 * token auth (401), administrator rights (403), the configuration lock (423 with Oracle's exact
 * texts), configElements CRUD, management actions (202 + asyncstatus), element-type metadata.
 * The order of checks follows the API reference: version, path and method, media types (406,
 * 415), token, rights, lock, type, body. Every link is an absolute URL, as in Oracle's examples.
 */
import { keyAttributes } from "../client/catalog/schema";
import { encodeMetadata } from "../client/catalog/metadataXml";
import { LOCKED_BY_ANOTHER_USER, USER_DOES_NOT_HAVE_LOCK } from "../client/responseErrors";
import { ConfigElement, ManagementAction } from "../client/types";
import {
  decodeConfigElementDocument,
  encodeConfigElement,
  encodeEnvelope,
  encodeOperationState,
  encodeText,
  encodeTree,
  XmlInputError,
} from "../client/xmlCodec";
import { ConfigStore, KeyQuery, StoreName } from "./configStore";
import { FaultInjector } from "./faults";
import { HttpError } from "./httpError";
import { invalidBody, refuseWhatXmlCannotCarry } from "./xmlSafeRequest";
import { Kpis } from "./kpis";
import { OperationFiles, Operations } from "./operations";
import { Sessions, Token } from "./sessions";
import { SystemStatus } from "./systemStatus";

export interface ApiRequest {
  method: string;
  pathname: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  remoteAddress: string;
  /** Scheme and authority the client reached the server by; links are built on it. */
  origin: string;
}

export interface ApiResponse {
  status: number;
  body?: string;
}

/** Counters the tests and the benchmark read. */
export interface EmulatorStats {
  requests: number;
  mutatingRequests: number;
  lockAcquisitions: number;
  /** Total time the lock was held by sessions that have released it, in ms. */
  lockHeldMs: number;
  /** What clients asked of the SBC's description of itself: elementTypes, their metadata and templates, system/information. */
  metadataRequests: number;
  /** GETs of configElements that name a type and no key: a whole type read (a list page, or a single-instance element). */
  typeReads: number;
}

export interface SbcState {
  sessions: Sessions;
  store: ConfigStore;
  operations: Operations;
  versions: string[];
  stats: EmulatorStats;
  /** Fault injection rules; `*-fail` rules are consulted when a management operation starts. */
  faults: FaultInjector;
  /** The HA role and the rest of `system/status`. */
  system: SystemStatus;
  /** The values `statistics/kpis` reports. */
  kpis: Kpis;
}

/** The longest page of a list the SBC answers; longer lists carry a link to the next page. */
export const PAGE_SIZE = 100;
/** Query parameters of configElements that are not key attributes. */
export const CONTROL_PARAMS = new Set(["elementType", "running", "offset", "maxElements"]);

function ok(dataXml = ""): ApiResponse {
  return { status: 200, body: encodeEnvelope(dataXml) };
}

function header(req: ApiRequest, name: string): string {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] ?? "" : value ?? "";
}

/** The media types of a header's list, lower case, without parameters. */
function mediaTypes(req: ApiRequest, name: string): string[] {
  return header(req, name).split(",").map((t) => t.split(";")[0].trim().toLowerCase()).filter((t) => t !== "");
}

/** The SBC answers application/xml only: an Accept that rules it out gets 406 (none at all is fine). */
function requireAcceptable(req: ApiRequest): void {
  const accepted = mediaTypes(req, "accept");
  if (accepted.length > 0 && !accepted.some((t) => t === "application/xml" || t === "application/*" || t === "*/*")) {
    throw new HttpError(406, `Not acceptable: this resource produces application/xml, the request accepts ${accepted.join(", ")}`);
  }
}

/**
 * A configElement body is XML: clients used against real SBCs send it with no Content-Type and
 * get 200, so only an explicitly different type (JSON, a form, text) gets 415.
 */
function requireXmlBody(req: ApiRequest): void {
  const [type] = mediaTypes(req, "content-type");
  if (type !== undefined && type !== "application/xml" && type !== "text/xml") {
    throw new HttpError(415, `Unsupported media type ${type}: send application/xml`);
  }
}

function link(req: ApiRequest, path: string): string {
  return `${req.origin}${path}`;
}

function requireParam(req: ApiRequest, name: string): string {
  const value = req.query.get(name);
  if (!value) throw new HttpError(400, `the query parameter ${name} is required`);
  return value;
}

/** The `filename` of a backup file: a name in /code/bkups, as Oracle requires; a path is an error. */
function backupFileName(req: ApiRequest): string {
  const name = requireParam(req, "filename");
  if (/[/\\]/.test(name) || name === "." || name === "..") throw new HttpError(400, `filename must be a file name in /code/bkups, not a path: ${name}`);
  return name;
}

function keyQuery(query: URLSearchParams): KeyQuery {
  const keys: KeyQuery = new Map();
  for (const [name, value] of query) {
    if (CONTROL_PARAMS.has(name)) continue;
    keys.set(name, [...(keys.get(name) ?? []), value]);
  }
  return keys;
}

function basicCredentials(req: ApiRequest): { name: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(header(req, "authorization").trim());
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { name: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export class SbcApi {
  constructor(private readonly sbc: SbcState) {}

  handle(req: ApiRequest): ApiResponse {
    this.sbc.stats.requests++;
    try {
      refuseWhatXmlCannotCarry(req);
      return this.route(req);
    } catch (err) {
      if (err instanceof HttpError) return { status: err.status, body: encodeEnvelope("", err.messages) };
      throw err;
    }
  }

  private route(req: ApiRequest): ApiResponse {
    if (req.pathname === "/rest/api/supportedversions") {
      this.allow(req, ["GET"]);
      requireAcceptable(req);
      const versions = this.sbc.versions;
      return ok(`<latestVersion>${versions[versions.length - 1]}</latestVersion>${versions.map((v) => `<version>${v}</version>`).join("")}`);
    }
    const match = /^\/rest\/([^/]+)\/(.+?)\/?$/.exec(req.pathname);
    if (!match) throw new HttpError(404, "Resource not found");
    const [, version, resource] = match;
    if (!this.sbc.versions.includes(version)) throw new HttpError(404, `Unsupported versionId in URI: ${version}`);
    if (resource === "auth/token") {
      this.allow(req, ["POST"]);
      requireAcceptable(req);
      return this.token(req);
    }
    const handler = this.handlers[resource];
    if (!handler) throw new HttpError(404, "Resource not found");
    if (resource.startsWith("configuration/elementTypes") || resource === "system/information") this.sbc.stats.metadataRequests++;
    this.allow(req, handler.methods);
    requireAcceptable(req);
    if (handler.xmlBody && (req.method === "POST" || req.method === "PUT")) requireXmlBody(req);
    const token = this.authenticate(req);
    return handler.run(req, token, version);
  }

  private readonly handlers: Record<string, {
    methods: string[];
    /** POST and PUT carry a configElement: Content-Type is checked (415). */
    xmlBody?: boolean;
    run: (req: ApiRequest, token: Token, version: string) => ApiResponse;
  }> = {
    "configuration/lock": { methods: ["POST"], run: (req, token) => this.lock(req, token) },
    "configuration/unlock": { methods: ["POST"], run: (_req, token) => this.unlock(token) },
    "configuration/configElements": { methods: ["GET", "POST", "PUT", "DELETE"], xmlBody: true, run: (req, token, v) => this.configElements(req, token, v) },
    "configuration/management": { methods: ["PUT", "POST"], run: (req, token, v) => this.management(req, token, v) },
    "configuration/management/files": { methods: ["DELETE"], run: (req, token) => this.deleteBackupFile(req, token) },
    "admin/asyncstatus": { methods: ["GET"], run: () => this.asyncStatus() },
    "configuration/elementTypes": { methods: ["GET"], run: () => this.elementTypes() },
    "configuration/elementTypes/metadata": { methods: ["GET"], run: (req) => ok(encodeMetadata(this.sbc.store.spec(requireParam(req, "elementType")))) },
    "configuration/elementTypes/template": { methods: ["GET"], run: (req) => this.template(req) },
    "system/status": { methods: ["GET"], run: () => ok(this.sbc.system.dataXml()) },
    "system/information": { methods: ["GET"], run: () => ok(this.sbc.system.informationXml()) },
    "statistics/kpiTypes": { methods: ["GET"], run: (req, _token, v) => this.kpiTypes(req, v) },
    "statistics/kpis": { methods: ["GET"], run: (req) => ok(this.sbc.kpis.dataXml(this.kpiType(requireParam(req, "type")))) },
  };

  private allow(req: ApiRequest, methods: string[]): void {
    if (!methods.includes(req.method)) throw new HttpError(405, `${req.method} is not supported for ${req.pathname}`);
  }

  private token(req: ApiRequest): ApiResponse {
    const credentials = basicCredentials(req);
    const user = credentials && this.sbc.sessions.checkPassword(credentials.name, credentials.password);
    if (!user) throw new HttpError(401, "Client not authorized");
    const previous = req.body.trim() ? new URLSearchParams(req.body).get("token") : null;
    let token: Token | undefined;
    if (previous) {
      token = this.sbc.sessions.renew(user, previous);
      if (!token) throw new HttpError(401, "Client not authorized: the token to renew is expired, revoked or not this user's");
    } else {
      token = this.sbc.sessions.issue(user);
    }
    return ok(`<accessToken>${encodeText(token.value)}</accessToken>`);
  }

  private authenticate(req: ApiRequest): Token {
    const match = /^Bearer\s+(\S+)$/.exec(header(req, "authorization").trim());
    const token = match ? this.sbc.sessions.valid(match[1]) : undefined;
    if (!token) throw new HttpError(401, "Client not authorized");
    return token;
  }

  private requireAdmin(token: Token): void {
    if (!token.user.admin) throw new HttpError(403, `User ${token.user.name} does not have administrator privileges`);
  }

  /** Every configuration change needs the lock, held by this very token. */
  private requireLock(token: Token): void {
    const holder = this.sbc.sessions.lockHolder();
    if (holder?.value === token.value) return;
    throw new HttpError(423, holder ? LOCKED_BY_ANOTHER_USER : USER_DOES_NOT_HAVE_LOCK);
  }

  private lock(_req: ApiRequest, token: Token): ApiResponse {
    this.requireAdmin(token);
    const wasHeld = this.sbc.sessions.lockHolder()?.value === token.value;
    if (!this.sbc.sessions.lock(token)) throw new HttpError(423, LOCKED_BY_ANOTHER_USER);
    if (!wasHeld) this.sbc.stats.lockAcquisitions++;
    return { status: 204 };
  }

  private unlock(token: Token): ApiResponse {
    this.requireAdmin(token);
    this.requireLock(token);
    const since = this.sbc.sessions.lockHeldSince();
    if (since !== undefined) this.sbc.stats.lockHeldMs += Date.now() - since;
    this.sbc.sessions.unlock();
    return { status: 204 };
  }

  private configElements(req: ApiRequest, token: Token, version: string): ApiResponse {
    if (req.method === "GET") return this.getElements(req, version);
    this.requireAdmin(token);
    this.requireLock(token);
    this.sbc.stats.mutatingRequests++;
    const author = { user: token.user.name, address: req.remoteAddress };
    if (req.method === "DELETE") {
      this.sbc.store.delete(requireParam(req, "elementType"), keyQuery(req.query));
      return { status: 204 };
    }
    const element = this.parseElement(req.body);
    const saved = req.method === "POST" ? this.sbc.store.create(element, author) : this.sbc.store.update(element, author);
    return ok(encodeConfigElement(saved));
  }

  private parseElement(body: string): ConfigElement {
    if (body.trim() === "") throw new HttpError(400, "request body not found");
    try {
      return decodeConfigElementDocument(body, this.sbc.store.catalog.multiValuedHint);
    } catch (err) {
      if (err instanceof XmlInputError) throw invalidBody(body, err);
      throw err;
    }
  }

  private getElements(req: ApiRequest, version: string): ApiResponse {
    const elementType = requireParam(req, "elementType");
    const spec = this.sbc.store.spec(elementType);
    const store: StoreName = req.query.get("running") === "true" ? "running" : "editing";
    const query = keyQuery(req.query);
    if (query.size === 0) this.sbc.stats.typeReads++;
    const found = this.sbc.store.find(store, elementType, query);
    if (spec.singleton || (keyAttributes(spec).length > 0 && this.sbc.store.isFullKey(spec, query))) {
      if (found.length === 0) {
        throw new HttpError(404, spec.singleton
          ? `${elementType} has not been created`
          : `${elementType} with ${[...query].map(([k, v]) => `${k}=${v.join(",")}`).join(" ")} not found`);
      }
      return ok(encodeConfigElement(found[0]));
    }
    const offset = Math.max(0, Number(req.query.get("offset") ?? 0) || 0);
    const pageSize = Math.min(PAGE_SIZE, Math.max(1, Number(req.query.get("maxElements") ?? PAGE_SIZE) || PAGE_SIZE));
    const page = found.slice(offset, offset + pageSize);
    const links: string[] = [];
    if (offset + pageSize < found.length) {
      const next = new URLSearchParams(req.query);
      next.set("offset", String(offset + pageSize));
      next.set("maxElements", String(pageSize));
      links.push(link(req, `/rest/${version}/configuration/configElements?${next.toString()}`));
    }
    return { status: 200, body: encodeEnvelope(page.map(encodeConfigElement).join(""), [], links) };
  }

  private management(req: ApiRequest, token: Token, version: string): ApiResponse {
    this.requireAdmin(token);
    const action = requireParam(req, "action");
    const putActions = ["save", "verify", "restore"];
    const postActions = ["activate", "backup"];
    if (![...putActions, ...postActions].includes(action)) throw new HttpError(400, `unknown action ${action}`);
    const allowed = req.method === "PUT" ? putActions : postActions;
    if (!allowed.includes(action)) throw new HttpError(405, `${action} is not a ${req.method} action on configuration/management`);
    this.requireLock(token);
    const query = req.query.toString();
    this.sbc.operations.start(action as ManagementAction, this.operationFiles(req, action), () =>
      this.sbc.faults.active
        ? this.sbc.faults.operationFailure(action, { method: req.method, path: `${req.pathname}${query ? `?${query}` : ""}`, action })
        : undefined,
    );
    return { status: 202, body: encodeEnvelope("", [], [link(req, `/rest/${version}/admin/asyncstatus`)]) };
  }

  /** `DELETE configuration/management/files?filename=F`: removes a backup file, synchronously (204), under the lock as Oracle documents. */
  private deleteBackupFile(req: ApiRequest, token: Token): ApiResponse {
    this.requireAdmin(token);
    this.requireLock(token);
    const name = backupFileName(req);
    if (!this.sbc.store.backups.delete(name)) throw new HttpError(404, `backup file ${name} not found`);
    return { status: 204, body: "" };
  }

  /** restore's source and backup's source and file, checked before the operation starts. */
  private operationFiles(req: ApiRequest, action: string): OperationFiles {
    const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback?: T): T => {
      const value = req.query.get(name) ?? fallback;
      if (value === undefined || !(allowed as readonly string[]).includes(value)) {
        throw new HttpError(400, `${name} must be one of ${allowed.join(", ")}, got ${value ?? "nothing"}`);
      }
      return value as T;
    };
    if (action === "backup") return { backupSource: oneOf("backupSource", ["running", "saved", "editing"] as const), filename: backupFileName(req) };
    if (action !== "restore") return {};
    const restoreSource = oneOf("restoreSource", ["running", "saved", "backupFile"] as const, "running");
    if (restoreSource !== "backupFile") return { restoreSource };
    const name = backupFileName(req);
    if (!this.sbc.store.backups.has(name)) throw new HttpError(404, `backup file ${name} not found`);
    return { restoreSource, filename: name };
  }

  /** Without `type`: discovery, one link per type and no data; with it: that type's schema and a link to its values. */
  private kpiTypes(req: ApiRequest, version: string): ApiResponse {
    const type = req.query.get("type");
    const url = (resource: string, t: string) => link(req, `/rest/${version}/statistics/${resource}?type=${encodeURIComponent(t)}`);
    if (type === null) return { status: 200, body: encodeEnvelope("", [], this.sbc.kpis.types().map((t) => url("kpiTypes", t))) };
    return { status: 200, body: encodeEnvelope(this.sbc.kpis.metadataXml(this.kpiType(type)), [], [url("kpis", type)]) };
  }

  private kpiType(type: string): string {
    if (!this.sbc.kpis.has(type)) throw new HttpError(404, `Unsupported KPI type: ${type}`);
    return type;
  }

  private asyncStatus(): ApiResponse {
    const state = this.sbc.operations.status();
    if (!state) throw new HttpError(404, "No asynchronous operation has been issued");
    return ok(encodeOperationState(state));
  }

  private elementTypes(): ApiResponse {
    const items = this.sbc.store.catalog.types().map((t) => ({
      ...(t.singleton ? { "@_single": "true" } : {}),
      name: t.name,
      description: t.description,
    }));
    return ok(encodeTree({ elementType: items }));
  }

  private template(req: ApiRequest): ApiResponse {
    const [elementType, ...path] = requireParam(req, "elementType").split("/");
    const subs = req.query.getAll("subElement");
    if (path.length > 0) {
      const parent = this.sbc.store.template(elementType, path);
      return ok(parent.subElements.map((s) => encodeConfigElement(s)).join(""));
    }
    return ok(encodeConfigElement(this.sbc.store.template(elementType, subs)));
  }
}
