/**
 * The drift of one SBC: what its stacks recorded against what it runs. Per managed element, the
 * attributes whose running value differs from the one the stack recorded (secret attributes are
 * not recorded in the clear and are not compared); managed elements gone from the SBC; elements
 * no given stack manages; and changes staged in editing but not running. Oracle's REST API reads
 * editing and running, not saved: a save-config without an activate leaves editing = saved ≠
 * running, which is what "staged" reports. A singleton (system-config, ntp-config…) exists on
 * every SBC, so one no stack manages counts as unmanaged only when some attribute is off its
 * default. Pure: reads are the caller's.
 */
import { isDeepStrictEqual } from "node:util";
import { BOOKKEEPING_ATTRIBUTES, defaultOf, ElementTypeSpec, keyOf } from "../../client/catalog/schema";
import { Attributes, AttributeValue, ConfigElement, describeElement, sameValue } from "../../client/types";
import { fromConfigElement, projectSubElements } from "../../provider/core/elements/elementState";
import { compareType } from "../../provider/core/session/stagedChanges";
import { ManagedElement } from "./stackState";

export interface DifferingAttribute {
  element: string;
  stack: string;
  resource: string;
  attribute: string;
  /** Recorded in the stack, and running on the SBC (undefined: absent). */
  stackValue: unknown;
  sbcValue: unknown;
  /** Whether the program sets this attribute (else only the stack's record of it differs). */
  managed: boolean;
  /** Who changed the element last and when, as the SBC stamps it (`last-modified-by`, `-date`). */
  lastModifiedBy?: string;
  lastModifiedDate?: string;
}

export interface GoneElement {
  element: string;
  stack: string;
  resource: string;
}

export interface UnmanagedElements {
  elementType: string;
  /** Each element's key, as `identifier=edge`; empty for a singleton. */
  keys: string[];
}

export interface SbcDrift {
  origin: string;
  stacks: string[];
  managed: number;
  differing: DifferingAttribute[];
  gone: GoneElement[];
  unmanaged: UnmanagedElements[];
  /** Changes in editing not running, as `realm-config [identifier=x] added`. */
  staged: string[];
  /** Managed elements whose recorded attributes are encrypted in the state given (a --state file): found, not compared. */
  notCompared: string[];
}

/** What one SBC holds of each type compared: running and editing. */
export interface TypeReading {
  spec: ElementTypeSpec;
  running: ConfigElement[];
  editing: ConfigElement[];
}

function withoutBookkeeping(subs: unknown): unknown {
  return JSON.parse(JSON.stringify(subs ?? []), (name, value) => (name === "attributes" && value && typeof value === "object"
    ? Object.fromEntries(Object.entries(value).filter(([k]) => !BOOKKEEPING_ATTRIBUTES.includes(k)))
    : value));
}

function atDefaults(spec: ElementTypeSpec, element: ConfigElement): boolean {
  return spec.attributes.every((attr) => element.attributes[attr.name] === undefined || sameValue(element.attributes[attr.name] as AttributeValue, defaultOf(attr)));
}

function stampOf(element: ConfigElement, name: string): string | undefined {
  const value = element.attributes[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function compareSbc(origin: string, managed: readonly ManagedElement[], readings: readonly TypeReading[]): SbcDrift {
  const live = new Map<string, ConfigElement>();
  for (const { spec, running } of readings) for (const element of running) live.set(describeElement(spec.name, keyOf(spec, element.attributes)), element);

  const specs = new Map(readings.map(({ spec }) => [spec.name, spec]));
  const differing: DifferingAttribute[] = [];
  const gone: GoneElement[] = [];
  const notCompared: string[] = [];
  const managedLabels = new Set<string>();
  for (const m of managed) {
    // State stores the key as a protobuf struct, its names sorted: put them back in the catalog's order.
    const spec = specs.get(m.elementType);
    const element = describeElement(m.elementType, spec ? keyOf(spec, m.key as Attributes) : m.key);
    managedLabels.add(element);
    const running = live.get(element);
    if (!running) {
      gone.push({ element, stack: m.stack, resource: m.resource });
      continue;
    }
    const at = { element, stack: m.stack, resource: m.resource };
    const stamp = {
      lastModifiedBy: stampOf(running, "last-modified-by"),
      lastModifiedDate: stampOf(running, "last-modified-date"),
    };
    if (m.attributes === undefined) {
      notCompared.push(element);
      continue;
    }
    if (m.subElementsEncrypted) notCompared.push(element);
    for (const [attribute, recorded] of Object.entries(m.attributes)) {
      if (BOOKKEEPING_ATTRIBUTES.includes(attribute) || isDeepStrictEqual(recorded, running.attributes[attribute])) continue;
      differing.push({ ...at, attribute, stackValue: recorded, sbcValue: running.attributes[attribute], managed: m.managedAttributes.includes(attribute), ...stamp });
    }
    if (m.subElements) {
      // Compared in what the stack records of them: the attributes the program sets (0.1.0: all).
      const now = withoutBookkeeping(projectSubElements(running.subElements.map(fromConfigElement), m.subElements));
      const recorded = withoutBookkeeping(m.subElements);
      if (!isDeepStrictEqual(recorded, now)) differing.push({ ...at, attribute: "sub-elements", stackValue: recorded, sbcValue: now, managed: true, ...stamp });
    }
  }

  const unmanaged = readings
    .map(({ spec, running }) => ({
      elementType: spec.name,
      keys: running
        .filter((e) => !managedLabels.has(describeElement(spec.name, keyOf(spec, e.attributes))) && !(spec.singleton && atDefaults(spec, e)))
        .map((e) => Object.entries(keyOf(spec, e.attributes)).map(([k, v]) => `${k}=${[v].flat().join(",")}`).join(" ")),
    }))
    .filter((u) => u.keys.length > 0);

  return {
    origin,
    stacks: [...new Set(managed.map((m) => m.stack))],
    managed: managed.length,
    differing,
    gone,
    unmanaged,
    staged: readings.flatMap(({ spec, editing, running }) => compareType(spec, editing, running)),
    notCompared,
  };
}

/** Whether the SBC differs from its stacks in any way the report shows. */
export function drifted(drift: SbcDrift): boolean {
  return drift.differing.length + drift.gone.length + drift.unmanaged.length + drift.staged.length > 0;
}
