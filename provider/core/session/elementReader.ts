/**
 * Reads for `pulumi refresh`, batched per element type, from the configuration the stack mirrors
 * (the running one when changes are activated: what the editing one holds may never go live).
 * The engine reads every resource of a stack at once (up to its parallelism), so one list GET of
 * a type — paged by the SBC — answers them all instead of one GET per element. The listing is kept for `snapshotMs` and dropped as soon
 * as this process changes the type, so a refresh sees one consistent snapshot per type and never
 * reads its own stale writes.
 */
import { ReadOptions, SbcClient } from "../../../client/client";
import { ElementTypeSpec, keyOf } from "../../../client/catalog/schema";
import { ConfigElement, KeyValues, sameValue } from "../../../client/types";

interface Snapshot {
  takenAt: number;
  elements: Promise<ConfigElement[]>;
}

export class ElementReader {
  private readonly snapshots = new Map<string, Snapshot>();

  constructor(private readonly client: SbcClient, private readonly source: ReadOptions = {}, private readonly snapshotMs = 30_000) {}

  /** Whether it reads the running configuration, which only an activate changes, whole: consistent without the lock. */
  get readsRunning(): boolean {
    return this.source.running === true;
  }

  /** The element with `key`, or undefined when the SBC has none. */
  async read(spec: ElementTypeSpec, key: KeyValues): Promise<ConfigElement | undefined> {
    if (spec.singleton) return this.client.findElement(spec.name, {}, this.source);
    const elements = await this.listing(spec.name);
    return elements.find((element) => {
      const live = keyOf(spec, element.attributes);
      return Object.entries(key).every(([name, value]) => sameValue(value, live[name]));
    });
  }

  /** Forget what was read of a type: this process has just changed it. */
  invalidate(elementType: string): void {
    this.snapshots.delete(elementType);
  }

  private listing(elementType: string): Promise<ConfigElement[]> {
    const current = this.snapshots.get(elementType);
    if (current && Date.now() - current.takenAt < this.snapshotMs) return current.elements;
    const elements = this.client.listElements(elementType, this.source);
    const snapshot = { takenAt: Date.now(), elements };
    this.snapshots.set(elementType, snapshot);
    // A failed listing is not kept: the next read tries again.
    elements.catch(() => {
      if (this.snapshots.get(elementType) === snapshot) this.snapshots.delete(elementType);
    });
    return elements;
  }
}
