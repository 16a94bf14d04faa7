/**
 * What a run asks an SBC once, whatever its size: the SBC's release and its list of types, and the
 * staged check's two reads (editing, running) of every type it lists (docs/performance.md). The
 * requests-per-element targets apply to what a run asks beyond these.
 */
import type { EmulatorHandle } from "../emulator";

/** The emulator's count so far of metadata requests and whole-type reads. */
export function fixedRequests(e: EmulatorHandle): number {
  return e.sbc.stats.metadataRequests + e.sbc.stats.typeReads;
}

/** The most a run may ask of one SBC once: its release, its list of types, two reads of each type. */
export function fixedTarget(e: EmulatorHandle): number {
  return 2 + 2 * e.sbc.store.catalog.types().length;
}
