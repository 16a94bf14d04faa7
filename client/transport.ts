/**
 * HTTP(S) to one SBC (or the SDM that manages SBCs) over undici: a keep-alive connection pool per
 * client, certificate verification on by default with an optional custom CA (the server's
 * self-signed certificate or its issuer), and an opt-in `insecure` mode. A request that gets no
 * HTTP answer becomes a TransportError whose message says what to do (wrong host, untrusted
 * certificate, timeout, plain HTTP) and names the server it was meant for. A server that refuses
 * the connection or drops it before TLS is up gets a few quick tries here, not the caller's
 * minutes of retries: the request never reached it, and waiting does not fix an address.
 */
import { Pool, errors as undiciErrors } from "undici";
import { noAnswer, TransportError } from "./errors";
import { UNREACHABLE_RETRY_POLICY, withRetries } from "./retry";
import { MAX_XML_BYTES } from "./xmlCodec";

export interface TransportOptions {
  /** `https://host[:port]`, `http://host:port` (emulator only), or `host[:port]` for HTTPS. */
  baseUrl: string;
  /** PEM of the server's certificate or of the CA that issued it. */
  caCert?: string;
  /** Skip certificate verification (self-signed certificates); the caller warns about it. */
  insecure?: boolean;
  /** No answer within this time fails the request. */
  requestTimeoutMs?: number;
  /** Parallel connections to the SBC. */
  connections?: number;
  /** What the server is called in error messages; default "SBC". */
  serverName?: string;
}

export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path and query, e.g. `/rest/v1.1/configuration/lock`. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  body: string;
  contentType: string;
  /** The Set-Cookie header values, when the server sent any (SDM's session cookie). */
  setCookies?: string[];
}

/** Normalises what users write as a host into an origin: scheme, host and port. */
export function toOrigin(host: string, serverName = "SBC"): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(host) ? host : `https://${host}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new TypeError(`"${host}" is not a valid ${serverName} host: write a name or address, optionally with :port or https://`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`"${host}" uses ${url.protocol}; the ${serverName} REST API is served over https`);
  }
  return url.origin;
}

const CERTIFICATE_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "CERT_UNTRUSTED",
]);

function errorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code !== "UND_ERR_SOCKET") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Why the request never reached the server, when it did not: worth only a few quick tries. */
function unreachable(err: unknown): "refused" | "closed-before-tls" | undefined {
  if (errorCode(err) === "ECONNREFUSED") return "refused";
  // Node's words when a TLS client meets a server that does not speak TLS on that port.
  if (/before secure TLS connection was established/.test((err as Error)?.message ?? "")) return "closed-before-tls";
  return undefined;
}

/** `host h, port p, https`: what to check when the server cannot be reached. */
function endpoint(origin: string): string {
  const url = new URL(origin);
  const scheme = url.protocol.slice(0, -1);
  return `host ${url.hostname}, port ${url.port || (scheme === "https" ? "443" : "80")}, ${scheme}`;
}

/** Whether the request timed out waiting (to connect, or for the answer). */
function timedOut(err: unknown): boolean {
  return err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError || errorCode(err) === "UND_ERR_CONNECT_TIMEOUT";
}

/** What went wrong, in words that say what to do, and whether another attempt may help. */
function explain(err: unknown, origin: string, serverName: string, tries: string): { message: string; transient: boolean } {
  const code = errorCode(err);
  const permanent = (message: string) => ({ message, transient: false });
  const transient = (message: string) => ({ message, transient: true });
  if (code && CERTIFICATE_CODES.has(code)) {
    return permanent(
      `the ${serverName} at ${origin} presented a certificate that is not trusted (${code}); ` +
      `set caCert to the PEM of the ${serverName}'s certificate or of its CA, or set insecure: true to skip verification (not for production)`,
    );
  }
  const where = `${endpoint(origin)}; ${tries}`;
  switch (unreachable(err)) {
    case "refused":
      return permanent(`connection to the ${serverName} at ${origin} refused (${where}): is the host and port right and the REST API enabled?`);
    case "closed-before-tls":
      return permanent(
        `the ${serverName} at ${origin} closed the connection before TLS was set up (${where}): if that port serves plain HTTP ` +
          `(as the emulator does without --tls), write http://${new URL(origin).host}; otherwise check the port`,
      );
  }
  if (code === "ENOTFOUND") return permanent(`cannot resolve the ${serverName} host in ${origin}`);
  if (code === "EAI_AGAIN") return transient(`cannot resolve the ${serverName} host in ${origin} right now`);
  if (code === "ECONNRESET" || err instanceof undiciErrors.SocketError) return transient(`the connection to ${origin} was reset`);
  return transient(`request to ${origin} failed: ${(err as Error)?.message ?? String(err)}${code ? ` (${code})` : ""}`);
}

export class Transport {
  readonly origin: string;
  private readonly pool: Pool;
  private readonly timeoutMs: number;
  private readonly serverName: string;

  constructor(options: TransportOptions) {
    this.serverName = options.serverName ?? "SBC";
    this.origin = toOrigin(options.baseUrl, this.serverName);
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.pool = new Pool(this.origin, {
      connections: options.connections ?? 8,
      keepAliveTimeout: 30_000,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      connect: {
        ca: options.caCert,
        rejectUnauthorized: !options.insecure,
        timeout: this.timeoutMs,
      },
    });
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const startedAt = Date.now();
    let tries = 0;
    try {
      return await withRetries(
        UNREACHABLE_RETRY_POLICY,
        (n) => {
          tries = n + 1;
          return this.send(req);
        },
        (err) => unreachable(err) !== undefined,
      );
    } catch (err) {
      if (err instanceof TransportError) throw err;
      const details = { method: req.method, path: req.path };
      if (timedOut(err)) throw noAnswer({ server: `the ${this.serverName} at ${this.origin}`, timeoutMs: this.timeoutMs }, details);
      // The undici error is not attached as `cause`: the message says all, and nothing of the request leaks.
      const triesText = `${tries} ${tries === 1 ? "try" : "tries"} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`;
      const { message, transient } = explain(err, this.origin, this.serverName, triesText);
      throw new TransportError(message, details, transient);
    }
  }

  private async send(req: HttpRequest): Promise<HttpResponse> {
    const res = await this.pool.request({
      method: req.method,
      path: req.path,
      headers: req.headers,
      body: req.body,
    });
    const declared = Number(res.headers["content-length"] ?? 0);
    if (declared > MAX_XML_BYTES) {
      res.body.destroy();
      throw new TransportError(`the ${this.serverName}'s answer is ${declared} bytes, over the ${MAX_XML_BYTES}-byte limit`, {
        method: req.method,
        path: req.path,
        status: res.statusCode,
      });
    }
    const body = await res.body.text();
    const contentType = String(res.headers["content-type"] ?? "");
    const cookies = res.headers["set-cookie"];
    const setCookies = cookies === undefined ? undefined : Array.isArray(cookies) ? cookies : [cookies];
    return { status: res.statusCode, body, contentType, setCookies };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
