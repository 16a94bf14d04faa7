/**
 * The export's cost on a large SBC (issue 14's target: at most one list request per element type
 * plus metadata, no GET per element): exports an emulator seeded with the brownfield SBC scaled
 * past 2,000 elements, sorts every request the client made by kind, and checks the count against
 * what the emulator served, so a request the sorting missed cannot hide.
 */
import { EmulatorHandle, startEmulator } from "../emulator";
import { CONTROL_PARAMS, PAGE_SIZE } from "../emulator/routes";
import { brownfieldElements } from "../emulator/seeds/brownfield";
import { exportSbc } from "../tools/export/exportSbc";
import { SbcClient } from "../client/client";

export interface ExportMeasure {
  elements: number;
  seconds: number;
  /** Element type → first-page list requests of it. */
  listsByType: Record<string, number>;
  /** Further pages of lists longer than a page. */
  continuationPages: number;
  /** Continuation pages the lists' lengths call for. */
  expectedContinuationPages: number;
  /** GETs of one element by its key. */
  elementGets: number;
  metadata: number;
  /** Login and logout. */
  session: number;
  /** Requests of no kind above (writes, operations, …). */
  other: number;
  /** What the emulator counted over the export; equals the sum of the kinds above. */
  served: number;
}

type Kind = "list" | "continuation" | "element" | "metadata" | "session" | "other";

/** What a client request was, from its method and path. */
export function requestKind(method: string, path: string): { kind: Kind; elementType?: string } {
  const url = new URL(path, "http://sbc");
  if (url.pathname.endsWith("/auth/token") || url.pathname.endsWith("/auth/logout")) return { kind: "session" };
  // What the SBC says of itself: its element types, their metadata, its release (system/information).
  if (method === "GET" && (/\/configuration\/elementTypes(\/metadata)?$/.test(url.pathname) || url.pathname.endsWith("/system/information"))) return { kind: "metadata" };
  if (method !== "GET" || !url.pathname.endsWith("/configuration/configElements")) return { kind: "other" };
  const elementType = url.searchParams.get("elementType") ?? undefined;
  if ([...url.searchParams.keys()].some((name) => !CONTROL_PARAMS.has(name))) return { kind: "element", elementType };
  if (Number(url.searchParams.get("offset") ?? 0) > 0) return { kind: "continuation", elementType };
  return { kind: "list", elementType };
}

/** Exports the running configuration of `sbc` through a fresh client, counting its requests by kind. */
export async function measureExport(sbc: EmulatorHandle): Promise<ExportMeasure> {
  const counts: Record<Kind, number> = { list: 0, continuation: 0, element: 0, metadata: 0, session: 0, other: 0 };
  const listsByType: Record<string, number> = {};
  const client = new SbcClient({
    host: sbc.url,
    username: "admin",
    password: "admin",
    onRequest: ({ method, path }) => {
      const { kind, elementType } = requestKind(method, path);
      counts[kind]++;
      if (kind === "list" && elementType) listsByType[elementType] = (listsByType[elementType] ?? 0) + 1;
    },
  });
  const before = sbc.sbc.stats.requests;
  const started = Date.now();
  let elements: number;
  try {
    elements = (await exportSbc(client, { name: "brownfield" })).elements;
  } finally {
    await client.close();
  }
  const seconds = (Date.now() - started) / 1000;
  const running = [...sbc.sbc.store.stores.running.values()];
  return {
    elements,
    seconds,
    listsByType,
    continuationPages: counts.continuation,
    expectedContinuationPages: running.reduce((n, list) => n + Math.max(0, Math.ceil(list.length / PAGE_SIZE) - 1), 0),
    elementGets: counts.element,
    metadata: counts.metadata,
    session: counts.session,
    other: counts.other,
    served: sbc.sbc.stats.requests - before,
  };
}

/** The smallest brownfield scale with at least `elements` elements. */
export function scaleFor(elements: number): number {
  let scale = 1;
  while (brownfieldElements(scale).length < elements) scale++;
  return scale;
}

export interface ExportBenchResult extends ExportMeasure {
  scale: number;
  types: number;
  targets: { ok: boolean; text: string }[];
}

export const EXPORT_TARGET_ELEMENTS = 2000;
export const EXPORT_TARGET_SECONDS = 10;

/** Seeds an emulator past 2,000 elements, exports it, and judges the request count and time. */
export async function exportBench(latencyMs: number): Promise<ExportBenchResult> {
  const scale = scaleFor(EXPORT_TARGET_ELEMENTS);
  const sbc = await startEmulator({ latencyMs, seed: "brownfield", seedScale: scale });
  let m: ExportMeasure;
  try {
    m = await measureExport(sbc);
  } finally {
    await sbc.close();
  }
  const types = Object.keys(m.listsByType).length;
  const lists = Object.values(m.listsByType).reduce((a, b) => a + b, 0);
  const counted = lists + m.continuationPages + m.elementGets + m.metadata + m.session + m.other;
  const n = m.elements.toLocaleString("en-US");
  const bounded = Object.values(m.listsByType).every((c) => c <= 1) && m.elementGets === 0 && m.other === 0
    && m.continuationPages === m.expectedContinuationPages && counted === m.served;
  return {
    ...m,
    scale,
    types,
    targets: [
      {
        ok: bounded,
        text: `export of ${n} elements: ${lists} list requests for ${types} element types (+${m.continuationPages} continuation pages of lists over ${PAGE_SIZE}), ${m.metadata} metadata, ${m.elementGets} element GETs; ${m.served} requests served (target <= one list per type + metadata, no element GET)`,
      },
      { ok: m.seconds <= EXPORT_TARGET_SECONDS, text: `export of ${n} elements: ${m.seconds.toFixed(1)} s (target <= ${EXPORT_TARGET_SECONDS} s)` },
    ],
  };
}
