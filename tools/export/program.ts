/**
 * The element walk of every exported program, spelled by a Syntax (syntax.ts: TypeScript's
 * index.ts by default, Python's __main__.py, a YAML Pulumi.yaml): one resource per element, with its
 * typed class (`sbc.RealmConfig`, args named by provider/core/elements/argNames.ts, as the code
 * generator names them) or, for a type the catalog lacks or a value its class cannot hold, the
 * generic `ConfigElement`. What the SBC holds beyond the catalog's type is carried, not dropped:
 * attributes as the typed resource's `extraAttributes`, sub-elements of types the catalog lacks as
 * its `extraSubElements` (elementShape.ts decides what is written). Each element is adopted, so the
 * first `pulumi up` takes it over without changing the SBC. Attributes at their default are left
 * out (the SBC keeps them either way). An attribute that names another exported element's key — by
 * the catalog's `references`, or the SBC's metadata — is written as that element's output, so the
 * engine creates the named element first and deletes it last; a reference that would close a cycle
 * stays a string, as does one to a generic resource where the language cannot read its key (the
 * referrer then waits for it, dependsOn). Secret attributes come from stack config as secrets: the
 * program holds their config keys, never their values.
 *
 * The same writer serves a fleet (fleetProgram.ts lays its program out): there an element holds
 * one instance per site. A value alike on every site that has the element is written in place; one
 * that differs, and every secret (its config key is per site), goes to the site's overrides, which
 * precede the loop and so cannot name resources: there a reference stays the key string and the
 * element it names becomes a dependency (dependsOn) instead, keeping the engine's order.
 */
import { referenceOf } from "../../client/catalog/references";
import { AttributeSpec, ElementTypeSpec, keyAttributes } from "../../client/catalog/schema";
import { AttributeValue, ConfigElement, sameValue, valueList } from "../../client/types";
import { builtinCatalog } from "../../client/catalog/catalog";
import { argName, camelCase, subElementArg, subElementTypeNames, typeNameOf } from "../../provider/core/elements/argNames";
import { extraLevel, fitsTypedClass, holdsSecret, joinedKey, Level, levelOf, Slot, slotsOf, subLevel, written, writtenValue } from "./elementShape";
import { resourceNameOf, UniqueNames } from "./naming";
import { TypeListing } from "./readRunning";
import { SecretSetting, Syntax } from "./syntax";
import { block, inline, typescriptSyntax } from "./typescriptProgram";

export type { SecretSetting } from "./syntax";
export { block, inline } from "./typescriptProgram";

export interface ExportedProgram {
  /** index.ts */
  source: string;
  secrets: SecretSetting[];
}

export interface ProgramOptions {
  /** Where the configuration was read, for the program's header; without it the program has no header (a reference page's example). */
  origin?: string;
  /** The language written (default TypeScript). */
  syntax?: Syntax;
  /** Whether each resource is declared with `protect: true` (default: true). */
  protect?: boolean;
  /** Whether each resource is declared with `adopt: true` (default: true). */
  adopt?: boolean;
}

/** Variables the program declares itself. */
export const PROGRAM_VARIABLES = ["pulumi", "sbc", "config"];

export interface Declared {
  /** What the element is written by (level.spec). */
  spec: ElementTypeSpec;
  level: Level;
  resourceName: string;
  variable: string;
  typed: boolean;
  /** The element as each site holds it, undefined where a site has none; a single SBC is one site. */
  instances: (ConfigElement | undefined)[];
}

/** Where a value is written: in the element's declaration, or in the overrides of the site of that index. */
type Scope = "inPlace" | number;

/** A site's values of one element that differ from other sites': attributes, and whole lists (sub-elements, extra attributes). */
export interface Overrides {
  attributes: [string, string][];
  lists: [string, string][];
}

/** The sites (their indexes) that have the element. */
export function sitesOf(d: Declared): number[] {
  return d.instances.flatMap((e, i) => (e ? [i] : []));
}

export function onEverySite(d: Declared): boolean {
  return d.instances.every((e) => e !== undefined);
}

function representative(d: Declared): ConfigElement {
  return d.instances.find((e): e is ConfigElement => e !== undefined)!;
}

/** The level of a listed type's elements. */
export function levelOfListing(listing: Pick<TypeListing, "spec" | "inCatalog" | "sbcSpec">): Level {
  return { spec: listing.spec, fromCatalog: listing.inCatalog, sbc: listing.sbcSpec };
}

/** An element of one SBC with the resource name its program declares it by. */
export interface NamedElement {
  listing: TypeListing;
  element: ConfigElement;
  resourceName: string;
}

let subTypeNames: Map<ElementTypeSpec, string> | undefined;

/** A sub-element type's SDK name (`SipPortArgs` in Python): the schema's, made from the built-in catalog. */
function subTypeNameOf(spec: ElementTypeSpec): string {
  subTypeNames ??= subElementTypeNames(builtinCatalog.types());
  return subTypeNames.get(spec) ?? typeNameOf(spec.name);
}

/**
 * Every listed element with its resource name, as each single-SBC program (and an import file)
 * names it. Sorted by name, not in the SBC's order, so that clashes number alike whatever order the SBC lists in.
 */
export function namedElements(listings: readonly TypeListing[], reserved: readonly string[] = PROGRAM_VARIABLES): NamedElement[] {
  const names = new UniqueNames(reserved);
  return listings.flatMap((listing) =>
    listing.elements
      .map((element) => ({ element, wanted: resourceNameOf(listing.spec, element.attributes) }))
      .sort((a, b) => a.wanted.localeCompare(b.wanted) || JSON.stringify(a.element).localeCompare(JSON.stringify(b.element)))
      .map(({ element, wanted }) => ({ listing, element, resourceName: names.take(wanted) })),
  );
}

/** Whether the named element is written with its typed class: the catalog has its type, and the class can hold it. */
export function isTyped({ listing, element }: Pick<NamedElement, "listing" | "element">): boolean {
  return listing.inCatalog && fitsTypedClass(levelOfListing(listing), element);
}

/** The elements of one SBC as a program declares them; `prefix` names a fleet's site (its resources `site-name`). */
export function declare(listings: readonly TypeListing[], syntax: Syntax, prefix = ""): Declared[] {
  return namedElements(listings).map((named) => {
    const resourceName = prefix ? `${prefix}-${named.resourceName}` : named.resourceName;
    const level = levelOfListing(named.listing);
    return { spec: level.spec, level, instances: [named.element], resourceName, variable: syntax.variable(resourceName), typed: isTyped(named) };
  });
}

function sameWritten(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  return (a === undefined) === (b === undefined) && sameValue(a, b);
}

function sameLists(level: Level, a: readonly ConfigElement[], b: readonly ConfigElement[]): boolean {
  return JSON.stringify(a.map((s) => written(levelOf(level, s.elementType), s))) === JSON.stringify(b.map((s) => written(levelOf(level, s.elementType), s)));
}

export { holdsSecret } from "./elementShape";

export class ProgramWriter {
  private readonly byKey = new Map<string, Map<string, Declared>>();
  private readonly emitted = new Set<Declared>();
  private readonly inProgress = new Set<Declared>();
  /** Elements another names by their output (or depends on): declared as a const. */
  readonly referenced = new Set<Declared>();
  /** Each element's properties as written, and for a fleet its statement. */
  readonly rendered: { declared: Declared; entries: [string, string][]; body: string }[] = [];
  readonly secrets: SecretSetting[] = [];
  /** Per site: each element's overrides, in the order written. */
  readonly overrides: Map<Declared, Overrides>[];
  /** What each element names by a string rather than an output, which it must wait for. */
  private readonly dependsOn = new Map<Declared, Set<Declared>>();
  /** Whether a reference falls back to a string where its target is not on every site. */
  fallsBack = false;
  usesPulumi = false;

  /**
   * `sites`: the site names for a fleet, whose secrets and overrides are per site and whose elements
   * are named and connected per site inside the loop; empty for a single SBC.
   */
  constructor(
    private readonly declared: readonly Declared[],
    private readonly sites: readonly string[] = [],
    private readonly syntax: Syntax = typescriptSyntax,
    private readonly protect = true,
    private readonly adopt = true,
  ) {
    this.overrides = sites.map(() => new Map());
    for (const d of declared) {
      const key = joinedKey(d.spec, representative(d));
      if (key === undefined) continue;
      if (!this.byKey.has(d.spec.name)) this.byKey.set(d.spec.name, new Map());
      this.byKey.get(d.spec.name)!.set(key, d);
    }
  }

  private get fleet(): boolean {
    return this.sites.length > 0;
  }

  /** The exported element an attribute value names, by its references. */
  private target(attr: AttributeSpec, value: string): Declared | undefined {
    const named = referenceOf(attr, value);
    if (!named) return undefined;
    const target = this.byKey.get(named.reference.elementType)?.get(named.keys);
    // Only a reference to the (first) key attribute names an element by its key.
    return target && keyAttributes(target.spec)[0]?.name === named.reference.attribute ? target : undefined;
  }

  /** Every element `element` (and its sub-elements) names, in attribute order. */
  private targetsOf(level: Level, element: ConfigElement): Declared[] {
    const own = slotsOf(level, element).flatMap(({ attr }) => valueList(element.attributes[attr.name]).map((v) => this.target(attr, v)));
    const nested = element.subElements.flatMap((sub) => this.targetsOf(levelOf(level, sub.elementType), sub));
    return [...own, ...nested].filter((t): t is Declared => t !== undefined);
  }

  /** Depth first: what an element names is written before it; an element met again while in progress closes a cycle. */
  private visit(d: Declared): void {
    if (this.emitted.has(d) || this.inProgress.has(d)) return;
    this.inProgress.add(d);
    for (const element of d.instances) if (element) for (const t of this.targetsOf(d.level, element)) this.visit(t);
    this.inProgress.delete(d);
    const entries = this.entriesOf(d);
    this.rendered.push({ declared: d, entries, body: this.fleet ? this.fleetStatement(d, entries) : "" });
    this.emitted.add(d);
  }

  /** Writes every element, each after those it names. */
  renderAll(): void {
    for (const d of this.declared) this.visit(d);
  }

  /**
   * An expression for the target's key as a string: its typed output, or its key parts interpolated;
   * where the target is not on every site, the key string the SBC holds when it is absent.
   * `prefix`: what the value has before the key (a next-hop's `SAG:`), written before the reference.
   */
  private referenceTo(t: Declared, value: string, prefix = ""): string {
    this.referenced.add(t);
    const keys = keyAttributes(t.spec);
    let output: string;
    if (t.typed && keys.length === 1 && keys[0].valueType !== "integer" && prefix === "") output = this.syntax.output(t.variable, this.syntax.property(argName(keys[0])));
    else if (t.typed) {
      this.usesPulumi = true;
      output = this.syntax.joined(keys.map((k) => ({ variable: t.variable, property: this.syntax.property(argName(k)) })), prefix);
    } else {
      this.usesPulumi = true;
      const parts = keys.map((k) => `\${${t.variable}.key.apply((key) => key[${JSON.stringify(k.name)}])}`);
      output = `pulumi.interpolate\`${prefix}${parts.join(":")}\``;
    }
    if (onEverySite(t)) return output;
    this.fallsBack = true;
    return `${t.variable} ? ${output} : ${JSON.stringify(value)}`;
  }

  private waitFor(d: Declared, t: Declared): void {
    this.referenced.add(t);
    if (!this.dependsOn.has(d)) this.dependsOn.set(d, new Set());
    this.dependsOn.get(d)!.add(t);
  }

  /** One value; `asNumber`: an integer arg of a typed class (an attribute map holds strings). */
  private literal(d: Declared, attr: AttributeSpec, value: string, scope: Scope, asNumber: boolean): string {
    const t = this.emittedTarget(attr, value);
    if (t && scope === "inPlace" && (t.typed || this.syntax.genericKeyOutput)) {
      // The prefix as the SBC holds it (SAG: or sag:), so that the program writes back the same value.
      const named = referenceOf(attr, value);
      return this.referenceTo(t, value, named ? value.slice(0, value.length - named.keys.length) : "");
    }
    if (t) this.waitFor(d, t);
    return asNumber ? this.syntax.integer(value) : this.syntax.string(value);
  }

  private emittedTarget(attr: AttributeSpec, value: string): Declared | undefined {
    const t = this.target(attr, value);
    return t && this.emitted.has(t) ? t : undefined;
  }

  private secretExpression(d: Declared, path: string[], attr: AttributeSpec, value: AttributeValue, scope: Scope): string {
    const site = scope === "inPlace" ? [] : [this.sites[scope]];
    const key = camelCase([...site, d.variable, ...path, attr.name].join("-"));
    this.secrets.push({ key, value });
    this.usesPulumi = true;
    return this.syntax.secret(key, !!attr.multiValued || Array.isArray(value));
  }

  /** `typed`: the value is a typed class's arg (not in an attribute map). */
  private valueExpression(d: Declared, path: string[], slot: Slot, value: AttributeValue, scope: Scope, typed: boolean): string {
    const { attr } = slot;
    if (attr.secret) return this.secretExpression(d, path, attr, value, scope);
    const asNumber = typed && !slot.extra && attr.valueType === "integer";
    if (attr.multiValued || Array.isArray(value)) return this.syntax.values(valueList(value).map((v) => this.literal(d, attr, v, scope, asNumber)));
    return this.literal(d, attr, value, scope, asNumber);
  }

  /** A typed arg's name, or the SBC's name of an attribute in a map. */
  private argOf(typed: boolean, slot: Slot): string {
    return typed && !slot.extra ? this.syntax.property(argName(slot.attr)) : slot.attr.name;
  }

  /**
   * The attributes worth writing of one level: `typed`, the class's args and, for those the
   * catalog's type lacks, one `extraAttributes` map; else every one by the SBC's name, for an attribute map.
   */
  private attributeEntries(d: Declared, level: Level, element: ConfigElement, path: string[], scope: Scope, typed: boolean): [string, string][] {
    const own: [string, string][] = [];
    const extra: [string, string][] = [];
    for (const slot of slotsOf(level, element)) {
      const value = writtenValue(slot, element, level);
      if (value === undefined) continue;
      (typed && slot.extra ? extra : own).push([this.argOf(typed, slot), this.valueExpression(d, path, slot, value, scope, typed)]);
    }
    return extra.length > 0 ? [...own, [this.syntax.property("extraAttributes"), this.syntax.map(extra)]] : own;
  }

  private override(site: number, d: Declared, part: keyof Overrides, name: string, expression: string): void {
    if (!this.overrides[site].has(d)) this.overrides[site].set(d, { attributes: [], lists: [] });
    this.overrides[site].get(d)![part].push([name, expression]);
  }

  /**
   * A fleet element's attributes: in place where alike on its sites, else from each site's
   * overrides (a secret always); a typed element's extra attributes as one map, alike or per site.
   */
  private fleetAttributeEntries(d: Declared): [string, string][] {
    const sites = sitesOf(d);
    const slots = new Map<string, Slot>();
    for (const i of sites) for (const slot of slotsOf(d.level, d.instances[i]!)) if (!slots.has(slot.attr.name)) slots.set(slot.attr.name, slot);
    const entries: [string, string][] = [];
    let spread = false;
    for (const slot of [...slots.values()].filter((s) => !(d.typed && s.extra))) {
      const { attr } = slot;
      const values = sites.map((i) => writtenValue(slot, d.instances[i]!, d.level));
      const name = this.argOf(d.typed, slot);
      // A secret set anywhere is per site: its config key holds the site's name.
      if (values.every((v) => sameWritten(v, values[0])) && !(attr.secret && values[0] !== undefined)) {
        if (values[0] !== undefined) entries.push([name, this.valueExpression(d, [], slot, values[0], "inPlace", d.typed)]);
        continue;
      }
      sites.forEach((site, n) => {
        if (values[n] !== undefined) this.override(site, d, "attributes", name, this.valueExpression(d, [], slot, values[n]!, site, d.typed));
      });
      // The generic class takes one attributes object: a site's overridden ones are spread into it.
      if (d.typed) entries.push([name, `site.${d.variable}.${name}`]);
      else spread = true;
    }
    if (spread) entries.push(["", `...site.${d.variable}.attributes`]);
    if (d.typed) entries.push(...this.fleetExtraAttributes(d, [...slots.values()].filter((s) => s.extra)));
    return entries;
  }

  /** A typed fleet element's `extraAttributes`: in place where alike on its sites (and free of secrets), else whole per site. */
  private fleetExtraAttributes(d: Declared, slots: Slot[]): [string, string][] {
    const sites = sitesOf(d);
    const valuesOf = (i: number) => slots.map((slot) => [slot, writtenValue(slot, d.instances[i]!, d.level)] as const).filter(([, v]) => v !== undefined);
    const perSite = sites.map(valuesOf);
    if (perSite.every((values) => values.length === 0)) return [];
    const arg = this.syntax.property("extraAttributes");
    const text = (values: ReturnType<typeof valuesOf>) => JSON.stringify(values.map(([slot, v]) => [slot.attr.name, v]));
    const render = (values: ReturnType<typeof valuesOf>, scope: Scope) => this.syntax.map(values.map(([slot, v]) => [slot.attr.name, this.valueExpression(d, [], slot, v!, scope, true)]));
    if (perSite.every((values) => text(values) === text(perSite[0])) && !slots.some((s) => s.attr.secret)) return [[arg, render(perSite[0], "inPlace")]];
    sites.forEach((site, n) => this.override(site, d, "lists", arg, render(perSite[n], site)));
    return [[arg, `site.${d.variable}.${arg}`]];
  }

  /** A sub-element: typed as its Args (`typed`), or generic (`{ elementType, attributes, subElements }`). */
  private subElementObject(d: Declared, level: Level, sub: ConfigElement, path: string[], scope: Scope, typed: boolean): string {
    const entries = this.attributeEntries(d, level, sub, path, scope, typed);
    const nested = this.subElementEntries(d, level, sub, path, scope, typed);
    if (typed) return this.syntax.subElement(subTypeNameOf(level.spec), [...entries, ...nested]);
    // The schema's own names, in every language: a Python SDK takes a dict for an input type keyed so.
    const record: [string, string][] = [["elementType", this.syntax.string(level.spec.name)], ["attributes", this.syntax.map(entries)]];
    return this.syntax.record([...record, ...nested.map(([, list]): [string, string] => ["subElements", list])]);
  }

  /**
   * The sub-element lists, in the SBC's order: typed per sub-element type (`sipPorts`), those of
   * types the catalog's type lacks as `extraSubElements`; generic as one `subElements`.
   */
  private subElementLists(level: Level, element: ConfigElement, typed: boolean): [string, ConfigElement[]][] {
    if (element.subElements.length === 0) return [];
    if (!typed) return [[this.syntax.property("subElements"), element.subElements]];
    const known = (level.spec.subElements ?? [])
      .map((subSpec): [string, ConfigElement[]] => [this.syntax.property(subElementArg(subSpec)), element.subElements.filter((s) => s.elementType === subSpec.name)])
      .filter(([, subs]) => subs.length > 0);
    const extra = element.subElements.filter((s) => !subLevel(level, s.elementType));
    return extra.length > 0 ? [...known, [this.syntax.property("extraSubElements"), extra]] : known;
  }

  private listExpression(d: Declared, level: Level, subs: ConfigElement[], path: string[], scope: Scope, typed: boolean): string {
    return this.syntax.subElements(
      subs.map((sub, i) => {
        const own = typed ? subLevel(level, sub.elementType) : undefined;
        const at = [...path, sub.elementType, String(i + 1)];
        return own ? this.subElementObject(d, own, sub, at, scope, true) : this.subElementObject(d, typed ? extraLevel(level, sub.elementType) : levelOf(level, sub.elementType), sub, at, scope, false);
      }),
    );
  }

  private subElementEntries(d: Declared, level: Level, element: ConfigElement, path: string[], scope: Scope, typed: boolean): [string, string][] {
    return this.subElementLists(level, element, typed).map(([arg, subs]) => [arg, this.listExpression(d, level, subs, path, scope, typed)]);
  }

  /** A fleet element's sub-element lists: in place where alike on its sites (and free of secrets), else whole per site. */
  private fleetSubElementEntries(d: Declared): [string, string][] {
    const sites = sitesOf(d);
    const lists = sites.map((i) => new Map(this.subElementLists(d.level, d.instances[i]!, d.typed)));
    const args = d.typed
      ? [...(d.spec.subElements ?? []).map((subSpec) => this.syntax.property(subElementArg(subSpec))), this.syntax.property("extraSubElements")]
      : [this.syntax.property("subElements")];
    const entries: [string, string][] = [];
    for (const arg of args.filter((a) => lists.some((l) => l.has(a)))) {
      const subs = lists.map((l) => l.get(arg) ?? []);
      const alike = subs.every((s) => sameLists(d.level, s, subs[0])) && !subs.some((list) => list.some((sub) => holdsSecret(levelOf(d.level, sub.elementType), sub)));
      if (alike) {
        entries.push([arg, this.listExpression(d, d.level, subs[0], [], "inPlace", d.typed)]);
        continue;
      }
      // A site without any is given an empty list, which the element then manages as such.
      sites.forEach((site, n) => this.override(site, d, "lists", arg, subs[n].length > 0 ? this.listExpression(d, d.level, subs[n], [], site, d.typed) : "[]"));
      entries.push([arg, `site.${d.variable}.${arg}`]);
    }
    return entries;
  }

  /** The secret attribute names of a generic resource, and whether its sub-elements hold secrets. */
  private genericSecrets(d: Declared): [string, string][] {
    const names = new Set(d.spec.attributes.filter((a) => a.secret).map((a) => a.name));
    for (const a of d.level.sbc?.attributes ?? []) if (a.secret && !d.spec.attributes.some((own) => own.name === a.name)) names.add(a.name);
    const subs = d.instances.some((e) => e?.subElements.some((sub) => holdsSecret(levelOf(d.level, sub.elementType), sub)));
    return this.syntax.genericSecrets([...names], !!subs);
  }

  /** The element's properties as written, `adopt` (when adopted) last (for a fleet, `connection` after it). */
  private entriesOf(d: Declared): [string, string][] {
    const element = d.instances[0]!;
    const entries = this.fleet
      ? [...this.fleetAttributeEntries(d), ...this.fleetSubElementEntries(d)]
      : [...this.attributeEntries(d, d.level, element, [], "inPlace", d.typed), ...this.subElementEntries(d, d.level, element, [], "inPlace", d.typed)];
    const subElements = this.syntax.property("subElements");
    const args: [string, string][] = d.typed
      ? entries
      : [
          [this.syntax.property("elementType"), this.syntax.string(d.spec.name)],
          ...(entries.some(([name]) => name !== subElements) ? [[this.syntax.property("attributes"), this.syntax.attributes(entries.filter(([n]) => n !== subElements))] as [string, string]] : []),
          ...entries.filter(([n]) => n === subElements),
          ...this.genericSecrets(d),
        ];
    const adopt: [string, string][] = this.adopt ? [[this.syntax.property("adopt"), this.syntax.boolean(true)]] : [];
    return [...args, ...adopt, ...(this.fleet ? [["", "connection"] as [string, string]] : [])];
  }

  private className(d: Declared): string {
    return d.typed ? typeNameOf(d.spec.name) : "ConfigElement";
  }

  /** The variables of what the element waits for. */
  private waitsFor(d: Declared): string[] {
    return [...(this.dependsOn.get(d) ?? [])].map((t) => t.variable);
  }

  /** A fleet element's `new sbc.…(…)` statement inside the loop over the sites (TypeScript only). */
  private fleetStatement(d: Declared, entries: [string, string][]): string {
    const after = [...(this.dependsOn.get(d) ?? [])].map((t) => (onEverySite(t) ? t.variable : `...(${t.variable} ? [${t.variable}] : [])`));
    const options = resourceOptions([...(this.protect ? [["protect", "true"] as [string, string]] : []), ...(after.length > 0 ? [["dependsOn", `[${after.join(", ")}]`] as [string, string]] : [])]);
    return `new sbc.${this.className(d)}(\`\${site.name}-${d.resourceName}\`, ${block(entries, "")}${options});`;
  }

  /** Each element's declaration, in the order written; `provider`: the variable of the explicit provider they use. */
  resources(provider?: string): string[] {
    this.renderAll();
    return this.rendered.map(({ declared: d, entries }) =>
      this.syntax.resource({
        className: this.className(d),
        resourceName: d.resourceName,
        variable: d.variable,
        entries,
        referenced: this.referenced.has(d),
        protect: this.protect,
        dependsOn: this.waitsFor(d),
        provider,
      }),
    );
  }

  /** The single SBC's program. */
  write(origin: string | undefined): string {
    const resources = this.resources();
    return this.syntax.program(origin, resources, this.secrets, this.usesPulumi, this.protect);
  }
}

/** A constructor's third argument, the resource options; nothing when there are none. */
function resourceOptions(entries: [string, string][]): string {
  return entries.length > 0 ? `, ${inline(entries)}` : "";
}

/** The program for the listed elements, with the secrets it reads from stack config. */
export function writeProgram(listings: readonly TypeListing[], options: ProgramOptions): ExportedProgram {
  const syntax = options.syntax ?? typescriptSyntax;
  const writer = new ProgramWriter(declare(listings, syntax), [], syntax, options.protect ?? true, options.adopt ?? true);
  const source = writer.write(options.origin);
  return { source, secrets: writer.secrets };
}
