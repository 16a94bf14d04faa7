/**
 * The HTTP(S) plumbing both emulators (SBC and SDM) stand on: an http or https server with a fresh
 * self-signed certificate, request bodies read up to the size limit and checked for UTF-8,
 * answers written safely to sockets that may be gone, and no exception or destroyed socket that
 * can take the server down.
 */
import http from "node:http";
import https from "node:https";
import { AddressInfo, Socket } from "node:net";
import { TLSSocket } from "node:tls";
import { MAX_XML_BYTES } from "../client/xmlCodec";
import type { ApiRequest } from "./routes";
import { selfSignedCertificate } from "./tlsCertificate";

export interface FrontOptions {
  port?: number;
  host?: string;
  /** Serve HTTPS with a freshly generated self-signed certificate. */
  tls?: boolean;
  /** Names the emulator in its console messages. */
  name: string;
}

export interface HttpFront {
  url: string;
  port: number;
  /** PEM of the self-signed certificate, with `tls`. */
  caCert?: string;
  close(): Promise<void>;
}

/** An answer to write: `body` is sent as application/xml unless `headers` say otherwise. */
export interface FrontAnswer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

/** The body was refused before it reached the API (too large, not UTF-8); the message says why. */
export class BodyError extends Error {}

export function noop(): void {}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function readBody(req: http.IncomingMessage): Promise<string> {
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
    // The client closed its connection mid-body: there is nobody to answer, and the front logs the abort.
    req.on("error", () => reject(new BodyError("the client closed the connection while sending the body")));
  });
}

/** Sockets the emulator cut on purpose (faults), whose unanswered requests are no client's abort. */
const cutByServer = new WeakSet<Socket>();

/**
 * Ends the connection without an answer: a TCP reset on plain sockets (the client sees
 * ECONNRESET), a plain destroy on TLS ones.
 */
export function resetSocket(socket: Socket): void {
  if (socket.destroyed) return;
  cutByServer.add(socket);
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

/** Writes the answer unless the client is gone or an answer was already sent. */
export function writeAnswer(req: http.IncomingMessage, res: http.ServerResponse, answer: FrontAnswer): void {
  if (res.destroyed || res.headersSent || req.socket.destroyed) return;
  const headers: Record<string, string> = {};
  if (answer.body !== undefined) headers["Content-Type"] = "application/xml";
  res.writeHead(answer.status, { ...headers, ...answer.headers });
  res.end(answer.body);
}

/** A control endpoint's `{ status, json }` as an answer. */
export function jsonAnswer({ status, json }: { status: number; json: unknown }): FrontAnswer {
  return { status, body: JSON.stringify(json), headers: { "Content-Type": "application/json" } };
}

/** `address` as the host part of a URL: IPv6 addresses in brackets. */
function urlHost(address: string): string {
  return address.includes(":") ? `[${address}]` : address;
}

/**
 * The scheme and authority the client used to reach the server (its Host header), so that links
 * the server writes are absolute URLs that work from where the client is, as an SBC's links name its
 * management address. Without a usable Host header: the address the connection came in on.
 */
function requestOrigin(req: http.IncomingMessage): string {
  const scheme = req.socket instanceof TLSSocket ? "https" : "http";
  try {
    if (req.headers.host) return new URL(`${scheme}://${req.headers.host}`).origin;
  } catch {
    // an unusable Host header: fall through to the local address
  }
  return `${scheme}://${urlHost(req.socket.localAddress ?? "127.0.0.1")}:${req.socket.localPort}`;
}

/** The request as the API routers take it: plain values, no socket. */
export function toApiRequest(req: http.IncomingMessage, url: URL, body: string): ApiRequest {
  return {
    method: req.method ?? "GET",
    pathname: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body,
    remoteAddress: req.socket.remoteAddress ?? "unknown",
    origin: requestOrigin(req),
  };
}

/** Starts listening; a listener that throws or rejects gets its socket destroyed and a console line. */
export async function startHttpFront(
  options: FrontOptions,
  listener: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>,
): Promise<HttpFront> {
  let closing = false;
  const serve = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    res.on("error", noop);
    // An answer cut short by the client is the client's doing, not the emulator's: one line, no stack.
    res.on("close", () => {
      if (!res.writableFinished && !closing && !cutByServer.has(req.socket)) {
        console.warn(`${options.name}: the client closed the connection before the answer to ${req.method} ${req.url}`);
      }
    });
    listener(req, res).catch((err: unknown) => {
      console.error(`${options.name}: could not answer ${req.method} ${req.url}:`, err);
      cutByServer.add(req.socket);
      res.destroy();
    });
  };
  const host = options.host ?? "127.0.0.1";
  let caCert: string | undefined;
  let server: http.Server | https.Server;
  if (options.tls) {
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
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `${options.tls ? "https" : "http"}://${urlHost(address.address)}:${address.port}`,
    port: address.port,
    caCert,
    close: async () => {
      closing = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
