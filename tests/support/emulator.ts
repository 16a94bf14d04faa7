/** Starts an emulator per test file and gives raw-HTTP and client helpers against it. */
import { startEmulator, EmulatorHandle, EmulatorOptions } from "../../emulator";
import { SbcClient, SbcClientOptions } from "../../client/client";
import { decodeEnvelope, asArray, textOf } from "../../client/xmlCodec";

export interface RawResponse {
  status: number;
  body: string;
  messages: string[];
}

export interface RawOptions {
  token?: string;
  basic?: [string, string];
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export async function raw(base: string, method: string, path: string, options: RawOptions = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { Accept: "application/xml", ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.basic) headers.Authorization = `Basic ${Buffer.from(options.basic.join(":")).toString("base64")}`;
  if (options.body !== undefined) headers["Content-Type"] = options.contentType ?? "application/xml";
  const res = await fetch(`${base}${path}`, { method, headers, body: options.body });
  const body = await res.text();
  let messages: string[] = [];
  try {
    messages = body ? decodeEnvelope(body).messages : [];
  } catch {
    messages = [];
  }
  return { status: res.status, body, messages };
}

export async function login(base: string, user = "admin", password = user): Promise<string> {
  const res = await raw(base, "POST", "/rest/v1.1/auth/token", { basic: [user, password] });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.body}`);
  return asArray(decodeEnvelope(res.body).data.accessToken).map(textOf)[0];
}

/** Starts an emulator before the file's tests and stops it after; `current()` gives the handle. */
export function useEmulator(options: EmulatorOptions = {}): () => EmulatorHandle {
  let handle: EmulatorHandle | undefined;
  beforeAll(async () => {
    handle = await startEmulator(options);
  });
  afterAll(async () => {
    await handle?.close();
  });
  return () => {
    if (!handle) throw new Error("emulator not started");
    return handle;
  };
}

export function clientFor(handle: EmulatorHandle, overrides: Partial<SbcClientOptions> = {}): SbcClient {
  return new SbcClient({ host: handle.url, username: "admin", password: "admin", pollIntervalMs: 5, ...overrides });
}

export function element(elementType: string, attributes: Record<string, string | string[]>, subElements: ReturnType<typeof sub>[] = []) {
  return { elementType, attributes, subElements };
}

export function sub(elementType: string, attributes: Record<string, string | string[]>) {
  return { elementType, attributes, subElements: [] };
}

export function elementXml(elementType: string, attributes: Record<string, string | string[]>): string {
  const attrs = Object.entries(attributes)
    .map(([n, v]) => `<attribute><name>${n}</name>${(Array.isArray(v) ? v : [v]).map((x) => `<value>${x}</value>`).join("")}</attribute>`)
    .join("");
  return `<?xml version="1.0"?><configElement><elementType>${elementType}</elementType>${attrs}</configElement>`;
}

/** A change made the way an operator commits one by hand: lock → change → verify → save → activate → unlock. */
export async function commitByHand(client: SbcClient, change: (client: SbcClient) => Promise<unknown>): Promise<void> {
  await client.lock();
  await change(client);
  await client.verify();
  await client.save();
  await client.activate();
  await client.unlock();
}

/** A realm's description changed by an operator, committed by hand with `password`. */
export async function describeRealmByHand(handle: EmulatorHandle, password: string, identifier: string, description: string): Promise<void> {
  const client = clientFor(handle, { password });
  try {
    await commitByHand(client, (c) => c.updateElement({ elementType: "realm-config", attributes: { identifier, description }, subElements: [] }));
  } finally {
    await client.close();
  }
}
