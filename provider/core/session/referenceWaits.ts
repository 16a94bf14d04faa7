/**
 * Changes set aside because they name an element that is not on the SBC yet (namedElements.ts):
 * a program that names elements by plain strings gives Pulumi no dependency, so the engine sends
 * a sip-interface and the realm it names in whatever order and commit it likes. A change waits
 * here, outside any lock session and with nothing of it staged, until the elements it names
 * arrive (the engine sends their changes) or, when they do not (every change the engine lets run
 * at once waits here), until this run makes them from what the program declares for them. The
 * bookkeeping only: the lock session (lockSession.ts) decides when to park, release and give up.
 */
import { SbcClient } from "../../../client/client";
import { ConfigElement } from "../../../client/types";
import { ElementRef, provides } from "./namedElements";

/** What a change writes, so that the session can find what it names and what names it. */
export interface ChangeInfo {
  /** The element as the change writes it: a create's whole element, an update's key and changes. */
  element: ConfigElement;
  /** The element of this run that `ref` names, as its create would make it; undefined when the program declares none. */
  planned?: (ref: ElementRef) => PlannedChange | undefined;
}

/** An element this run declares, as its own create would make it. */
export interface PlannedChange extends ChangeInfo {
  /** `realm-config [identifier=core]`, for messages. */
  label: string;
  mutate: (client: SbcClient) => Promise<unknown>;
}

interface Parked<Op> {
  op: Op;
  change: ChangeInfo;
  /** The named elements that were not on the SBC, less those that have arrived since. */
  missing: ElementRef[];
}

export class ReferenceWaits<Op> {
  private parked: Parked<Op>[] = [];

  get size(): number {
    return this.parked.length;
  }

  park(op: Op, change: ChangeInfo, missing: ElementRef[]): void {
    this.parked.push({ op, change, missing: [...missing] });
  }

  /**
   * A change of `element` is about to run: it brings what parked changes wait for. Returns, removed,
   * those that wait for nothing more, and those they bring in turn.
   */
  arrived(element: ConfigElement): Op[] {
    const released: Parked<Op>[] = [];
    const arriving = [element];
    while (arriving.length > 0) {
      const next = arriving.shift()!;
      for (const p of this.parked) p.missing = p.missing.filter((ref) => !provides(next, ref));
      const ready = this.parked.filter((p) => p.missing.length === 0);
      this.parked = this.parked.filter((p) => p.missing.length > 0);
      released.push(...ready);
      arriving.push(...ready.map((p) => p.change.element));
    }
    return released.map((p) => p.op);
  }

  /**
   * The change of `element` failed: the parked changes that wait for it, removed, each with what it
   * named; and those that wait for them in turn.
   */
  failed(element: ConfigElement): { op: Op; ref: ElementRef }[] {
    const out: { op: Op; ref: ElementRef }[] = [];
    const failing = [element];
    while (failing.length > 0) {
      const next = failing.shift()!;
      this.parked = this.parked.filter((p) => {
        const ref = p.missing.find((r) => provides(next, r));
        if (ref) {
          out.push({ op: p.op, ref });
          failing.push(p.change.element);
        }
        return !ref;
      });
    }
    return out;
  }

  /**
   * The parked changes this run can complete now, removed: each waits only for elements the
   * program declares or for other such changes. With them, the planned elements none of them brings.
   */
  resolvable(): { ops: Op[]; plans: PlannedChange[] } {
    const chosen: Parked<Op>[] = [];
    const brought = (ref: ElementRef) => chosen.some((c) => provides(c.change.element, ref));
    for (let grew = true; grew; ) {
      grew = false;
      for (const p of this.parked) {
        if (!chosen.includes(p) && p.missing.every((ref) => brought(ref) || p.change.planned?.(ref) !== undefined)) {
          chosen.push(p);
          grew = true;
        }
      }
    }
    const plans: PlannedChange[] = [];
    for (const p of chosen) {
      for (const ref of p.missing) {
        if (brought(ref) || plans.some((plan) => provides(plan.element, ref))) continue;
        plans.push(p.change.planned!(ref)!);
      }
    }
    this.parked = this.parked.filter((p) => !chosen.includes(p));
    return { ops: chosen.map((p) => p.op), plans };
  }

  /** Every parked change, removed, with what it still waits for. */
  takeAll(): { op: Op; missing: ElementRef[] }[] {
    const all = this.parked.map((p) => ({ op: p.op, missing: p.missing }));
    this.parked = [];
    return all;
  }
}
