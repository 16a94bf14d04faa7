/**
 * What the e2e suite reads off an emulated SBC: its running, saved and editing configurations as
 * comparable snapshots, its lock, and counters of what the CLI runs made it do.
 */
import { EmulatorHandle, startEmulator, EmulatorOptions } from "../../../emulator";
import { BOOKKEEPING_ATTRIBUTES } from "../../../client/catalog/schema";
import { ConfigElement } from "../../../client/types";

export type StoreName = "running" | "saved" | "editing";

/** `type key=value…` for every element of a configuration, sorted: equal snapshots mean equal configurations. */
export function snapshot(sbc: EmulatorHandle, store: StoreName = "running"): string[] {
  const out: string[] = [];
  for (const [type, elements] of sbc.sbc.store.stores[store]) {
    for (const e of elements) out.push(`${type} ${JSON.stringify(e.attributes)} ${JSON.stringify(e.subElements)}`);
  }
  return out.sort();
}

/** A configuration as an engineer compares it: without what the SBC stamps on every write (who, when). */
export function configuration(sbc: EmulatorHandle, store: StoreName = "running"): string[] {
  const strip = (e: ConfigElement): unknown => ({
    ...e,
    attributes: Object.fromEntries(Object.entries(e.attributes).filter(([k]) => !BOOKKEEPING_ATTRIBUTES.includes(k))),
    subElements: e.subElements.map(strip),
  });
  return [...sbc.sbc.store.stores[store]].flatMap(([type, list]) => list.map((e) => `${type} ${JSON.stringify(strip(e))}`)).sort();
}

export function elements(sbc: EmulatorHandle, type: string, store: StoreName = "running"): ConfigElement[] {
  return sbc.sbc.store.stores[store].get(type) ?? [];
}

/** Identifiers (or the named attribute) of every element of a type. */
export function ids(sbc: EmulatorHandle, type: string, attribute = "identifier", store: StoreName = "running"): string[] {
  return elements(sbc, type, store).map((e) => String(e.attributes[attribute])).sort();
}

/** Running, saved and editing all hold the same configuration, and nobody holds the lock. */
export function expectSettled(sbc: EmulatorHandle): void {
  const running = snapshot(sbc, "running");
  expect(snapshot(sbc, "saved")).toEqual(running);
  expect(snapshot(sbc, "editing")).toEqual(running);
  expect(sbc.sbc.sessions.lockHolder()).toBeUndefined();
}

export interface Counters {
  requests: number;
  mutating: number;
  locks: number;
  activations: number;
}

export function counters(sbc: EmulatorHandle): Counters {
  const { stats, operations } = sbc.sbc;
  return { requests: stats.requests, mutating: stats.mutatingRequests, locks: stats.lockAcquisitions, activations: operations.completed.activate };
}

export function since(sbc: EmulatorHandle, before: Counters): Counters {
  const now = counters(sbc);
  return { requests: now.requests - before.requests, mutating: now.mutating - before.mutating, locks: now.locks - before.locks, activations: now.activations - before.activations };
}

/** Emulators for a test file, closed after it. */
export function emulators(): (options?: EmulatorOptions) => Promise<EmulatorHandle> {
  const started: EmulatorHandle[] = [];
  afterAll(async () => {
    await Promise.all(started.map((e) => e.close()));
  });
  return async (options = {}) => {
    const handle = await startEmulator({ activateMs: 50, ...options });
    started.push(handle);
    return handle;
  };
}

export const SBC_LOGIN = { "sbc:username": "admin" };
export const SBC_SECRET = { "sbc:password": "admin" };
