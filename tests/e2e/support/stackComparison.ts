/**
 * An SBC's running configuration against a stack's state, element for element and attribute for
 * attribute, as the lossless round trip demands: every element the SBC runs is a resource of the
 * stack (by type and key) and no resource names an element the SBC lacks; every attribute the SBC
 * holds is the value the stack records or, where the program leaves it out, at its default (the
 * catalog's, or for what the catalog lacks the SBC's own metadata's: an attribute whose default
 * is unknown must be recorded); every sub-element likewise, by position. The state is read from
 * `pulumi stack export --show-secrets`, so secret values are compared too: the dynamic provider's
 * and the generic resources' `attributes`/`secretAttributes`, the native plugin's typed
 * properties read back as the plugin itself reads them (elementProperties.ts).
 */
import { builtinCatalog } from "../../../client/catalog/catalog";
import { BOOKKEEPING_ATTRIBUTES, ElementTypeSpec, keyOf } from "../../../client/catalog/schema";
import { Attributes, AttributeValue, ConfigElement, describeElement, sameValue } from "../../../client/types";
import { EmulatorHandle } from "../../../emulator";
import { SubElementInput } from "../../../provider/core/elements/elementState";
import { outputsOf as nativeOutputsOf } from "../../../provider/native/elementProperties";
import { elementTypeOfToken } from "../../../provider/native/tokens";
import { Level, levelOf, slotsOf, writtenValue } from "../../../tools/export/elementShape";
import { StateResource } from "./pulumiCli";

export interface Comparison {
  /** Elements the SBC runs, each compared with its resource. */
  elements: number;
  /** Attributes compared, of elements and sub-elements. */
  attributes: number;
  /** One line per difference: which element, which attribute, what each side holds. */
  differences: string[];
}

const SIG = "4dabf18193072939515e22adb298388d";

/** A state value with its secret wrappers (`--show-secrets`: plaintext) opened, at any depth. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (!value || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  if (SIG in record) {
    if (typeof record.plaintext !== "string") throw new Error("the state holds a secret encrypted: export it with --show-secrets");
    return plain(JSON.parse(record.plaintext));
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, plain(v)]));
}

interface Recorded {
  resource: string;
  elementType: string;
  label: string;
  attributes: Attributes;
  subElements?: SubElementInput[];
}

/** What one resource records of its element, or undefined for a resource that is none (the stack, a provider). */
function recordedOf(r: StateResource, specOf: (type: string) => ElementTypeSpec | undefined): Recorded | undefined {
  const resource = r.urn.slice(r.urn.lastIndexOf("::") + 2);
  const outputs = plain(r.outputs ?? {}) as Record<string, unknown>;
  if (typeof outputs.elementType === "string") {
    const spec = specOf(outputs.elementType);
    const attributes = { ...(outputs.attributes as Attributes), ...(outputs.secretAttributes as Attributes | undefined) };
    return {
      resource,
      elementType: outputs.elementType,
      label: describeElement(outputs.elementType, spec ? keyOf(spec, attributes) : (outputs.key as Attributes)),
      attributes,
      subElements: outputs.subElements as SubElementInput[] | undefined,
    };
  }
  const spec = elementTypeOfToken(builtinCatalog, r.type);
  if (!spec) return undefined;
  const out = nativeOutputsOf(spec, outputs, plain(r.inputs ?? {}) as Record<string, unknown>, { connection: { settings: {} } });
  const attributes = { ...out.attributes, ...out.secretAttributes };
  return { resource, elementType: spec.name, label: describeElement(spec.name, keyOf(spec, attributes)), attributes, subElements: out.subElements };
}

/** The level an SBC's element is judged by: the catalog's type (where it has one) and the SBC's metadata. */
function levelFor(sbc: EmulatorHandle, elementType: string): Level {
  const own = sbc.sbc.store.catalog.get(elementType)!;
  const catalog = builtinCatalog.get(elementType);
  return { spec: catalog ?? own, fromCatalog: catalog !== undefined, sbc: own };
}

export function compareWithStack(sbc: EmulatorHandle, resources: readonly StateResource[]): Comparison {
  const differences: string[] = [];
  let attributes = 0;
  const specOf = (type: string) => sbc.sbc.store.catalog.get(type);
  const recorded = new Map<string, Recorded>();
  for (const r of resources.filter((r) => r.custom && !r.delete && !r.type.startsWith("pulumi:providers:"))) {
    const found = recordedOf(r, specOf);
    if (!found) continue;
    if (recorded.has(found.label)) differences.push(`${found.label}: declared twice (${recorded.get(found.label)!.resource}, ${found.resource})`);
    recorded.set(found.label, found);
  }

  /** One element or sub-element: each attribute the SBC holds against the record. */
  const compare = (where: string, level: Level, live: ConfigElement, record: Attributes, subs: readonly SubElementInput[] | undefined): void => {
    for (const slot of slotsOf(level, live)) {
      const name = slot.attr.name;
      const value = live.attributes[name];
      if (value === undefined || BOOKKEEPING_ATTRIBUTES.includes(name)) continue;
      attributes++;
      const kept: AttributeValue | undefined = record[name];
      if (kept !== undefined && !sameValue(kept, value)) differences.push(`${where} ${name}: the stack records ${JSON.stringify(kept)}, the SBC holds ${JSON.stringify(value)}`);
      if (kept === undefined && writtenValue(slot, live, level) !== undefined) differences.push(`${where} ${name}: not in the stack, the SBC holds ${JSON.stringify(value)} (not its default)`);
    }
    const held = subs ?? [];
    if (subs === undefined && live.subElements.length > 0) differences.push(`${where}: the stack does not record its ${live.subElements.length} sub-elements`);
    for (let i = 0; i < Math.max(held.length, live.subElements.length); i++) {
      const [r, l] = [held[i], live.subElements[i]];
      const at = `${where} ${(l ?? r).elementType}[${i}]`;
      if (!l || !r || l.elementType !== r.elementType) {
        if (subs !== undefined) differences.push(`${at}: the stack records ${r ? r.elementType : "none"}, the SBC holds ${l ? l.elementType : "none"}`);
        continue;
      }
      compare(at, levelOf(level, l.elementType), l, r.attributes ?? {}, r.subElements ?? []);
    }
  };

  let elements = 0;
  for (const [type, list] of sbc.sbc.store.stores.running) {
    const level = levelFor(sbc, type);
    for (const live of list) {
      elements++;
      const label = describeElement(type, keyOf(level.sbc!, live.attributes));
      const record = recorded.get(label);
      if (!record) {
        differences.push(`${label}: on the SBC, in no resource of the stack`);
        continue;
      }
      recorded.delete(label);
      compare(label, level, live, record.attributes, record.subElements);
    }
  }
  for (const [label, r] of recorded) differences.push(`${label}: resource ${r.resource} names an element the SBC does not run`);
  return { elements, attributes, differences };
}
