/**
 * The drift of one SBC: what its stacks recorded against what it runs. Per managed element, every
 * attribute the SBC returns: one the stack recorded whose running value differs from the record,
 * and one the stack does not record that the SBC holds off its default (what a program leaves out
 * is its default); the same for the sub-elements' attributes, attributes and sub-element types the
 * catalog lacks included, described by the SBC's metadata (secret attributes are not recorded in
 * the clear and are not compared; a sub-element's secret is compared but never shown); managed
 * elements gone from the SBC; elements no given stack manages, of every type the SBC lists; and
 * changes staged in editing but not running. Oracle's REST API reads
 * editing and running, not saved: a save-config without an activate leaves editing = saved ≠
 * running, which is what "staged" reports. A singleton (system-config, ntp-config…) exists on
 * every SBC, so one no stack manages counts as unmanaged only when some attribute is off its
 * default. Pure: reads are the caller's.
 */
import { isDeepStrictEqual } from "node:util";
import { attributeSpec, BOOKKEEPING_ATTRIBUTES, defaultOf, ElementTypeSpec, keyOf } from "../../client/catalog/schema";
import { Attributes, AttributeValue, ConfigElement, describeElement, sameValue } from "../../client/types";
import { SubElementInput } from "../../provider/core/elements/elementState";
import { compareType } from "../../provider/core/session/stagedChanges";
import { hasKnownDefault, Level, levelOf, slotsOf } from "../export/elementShape";
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

/** What one SBC holds of each type compared: running and editing, and what describes them (the catalog, the SBC's metadata). */
export interface TypeReading {
  spec: ElementTypeSpec;
  /** The SBC's metadata, where read: it describes what `spec` lacks. */
  sbcSpec?: ElementTypeSpec;
  /** Whether `spec` is the catalog's (else the SBC's metadata of a type the catalog lacks). */
  inCatalog?: boolean;
  running: ConfigElement[];
  editing: ConfigElement[];
}

/**
 * The attributes of a level the SBC holds off their default that the stack does not record, as
 * [name, default]: a program leaves such an attribute out, and the SBC keeps it at its default.
 * Secret ones are left to the record, and bookkeeping and attributes without a known default are not judged.
 */
function offDefault(level: Level, live: ConfigElement, recorded: Attributes): [string, AttributeValue][] {
  return slotsOf(level, live)
    .filter((slot) => !(slot.attr.name in recorded) && !slot.attr.secret && hasKnownDefault(slot, level))
    .filter(({ attr }) => live.attributes[attr.name] !== undefined && !sameValue(live.attributes[attr.name], defaultOf(attr)))
    .map(({ attr }) => [attr.name, defaultOf(attr)]);
}

/** A value as the report shows it: a secret never. */
function shownValue(level: Level, name: string, value: AttributeValue | undefined): AttributeValue | undefined {
  const attr = attributeSpec(level.spec, name) ?? (level.sbc && attributeSpec(level.sbc, name));
  return value !== undefined && attr?.secret ? "[secret]" : value;
}

interface SubElementView {
  elementType: string;
  attributes: Record<string, AttributeValue | undefined>;
  subElements: SubElementView[];
}

/**
 * The sub-elements as the stack expects them and as the SBC holds them, matched by position, in
 * one shape: of each, the attributes the stack records and those the SBC holds off their default
 * (expected at the default); one only one side has, whole. `shown` as the report prints them.
 */
function subElementViews(level: Level, recorded: readonly SubElementInput[], live: readonly ConfigElement[], shown: boolean): { expected: SubElementView[]; actual: SubElementView[] } {
  const expected: SubElementView[] = [];
  const actual: SubElementView[] = [];
  const whole = (at: Level, attributes: Attributes) => Object.fromEntries(
    Object.entries(attributes).filter(([k]) => !BOOKKEEPING_ATTRIBUTES.includes(k)).map(([k, v]) => [k, shown ? shownValue(at, k, v) : v]),
  );
  for (let i = 0; i < Math.max(recorded.length, live.length); i++) {
    const r = recorded[i];
    const l = live[i];
    const at = levelOf(level, (l ?? r).elementType);
    const nested = subElementViews(at, r?.subElements ?? [], l?.subElements ?? [], shown);
    if (r && (!l || l.elementType !== r.elementType)) expected.push({ elementType: r.elementType, attributes: whole(at, r.attributes ?? {}), subElements: nested.expected });
    if (l && (!r || l.elementType !== r.elementType)) actual.push({ elementType: l.elementType, attributes: whole(at, l.attributes), subElements: nested.actual });
    if (!r || !l || l.elementType !== r.elementType) continue;
    const defaults = offDefault(at, l, r.attributes ?? {});
    const names = [...Object.keys(r.attributes ?? {}).filter((k) => !BOOKKEEPING_ATTRIBUTES.includes(k)), ...defaults.map(([name]) => name)];
    const pick = (source: (name: string) => AttributeValue | undefined) => Object.fromEntries(names.map((name) => [name, shown ? shownValue(at, name, source(name)) : source(name)]));
    expected.push({ elementType: r.elementType, attributes: pick((name) => r.attributes?.[name] ?? defaults.find(([n]) => n === name)?.[1]), subElements: nested.expected });
    actual.push({ elementType: l.elementType, attributes: pick((name) => l.attributes[name]), subElements: nested.actual });
  }
  return { expected, actual };
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
  const levels = new Map(readings.map((r): [string, Level] => [r.spec.name, { spec: r.spec, fromCatalog: r.inCatalog ?? true, sbc: r.sbcSpec }]));
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
      // As the provider's diff compares: a list of one value is that value (the SBC's XML does not tell them apart).
      if (BOOKKEEPING_ATTRIBUTES.includes(attribute) || sameValue(recorded, running.attributes[attribute])) continue;
      differing.push({ ...at, attribute, stackValue: recorded, sbcValue: running.attributes[attribute], managed: m.managedAttributes.includes(attribute), ...stamp });
    }
    const level = levels.get(m.elementType)!;
    for (const [attribute, fallback] of offDefault(level, running, { ...m.attributes, ...Object.fromEntries(m.managedAttributes.map((n) => [n, ""])) })) {
      differing.push({ ...at, attribute, stackValue: fallback, sbcValue: running.attributes[attribute], managed: false, ...stamp });
    }
    if (m.subElements) {
      // Compared in what the stack records of them (the attributes the program sets; 0.1.0: all), and what the SBC holds off its defaults.
      const views = subElementViews(level, m.subElements, running.subElements, false);
      if (!isDeepStrictEqual(views.expected, views.actual)) {
        const shown = subElementViews(level, m.subElements, running.subElements, true);
        differing.push({ ...at, attribute: "sub-elements", stackValue: shown.expected, sbcValue: shown.actual, managed: true, ...stamp });
      }
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
