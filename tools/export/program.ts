/**
 * The element walk of every exported program, spelled by a Syntax (syntax.ts: TypeScript's
 * index.ts by default, Python's __main__.py, a YAML Pulumi.yaml): one resource per element, with its typed class
 * (`sbc.RealmConfig`, args named by provider/core/elements/argNames.ts, as the code generator names them) or, for a type without
 * one, the generic `sbc.ConfigElement`. Each element is adopted, so the first `pulumi up` takes it
 * over without changing the SBC. Attributes at their catalog default are left out (the SBC keeps
 * them either way). An attribute that names another exported element's key — by the catalog's
 * `references` — is written as that element's output, so the engine creates the named element
 * first and deletes it last; a reference that would close a cycle stays a string. Secret attributes
 * come from stack config as secrets: the program holds their config keys, never their values.
 *
 * The same writer serves a fleet (fleetProgram.ts lays its program out): there an element holds
 * one instance per site. A value alike on every site that has the element is written in place; one
 * that differs, and every secret (its config key is per site), goes to the site's overrides, which
 * precede the loop and so cannot name resources: there a reference stays the key string and the
 * element it names becomes a dependency (dependsOn) instead, keeping the engine's order.
 */
import { referenceOf } from "../../client/catalog/references";
import { BOOKKEEPING_ATTRIBUTES, AttributeSpec, defaultOf, ElementTypeSpec, keyAttributes, subElementSpec } from "../../client/catalog/schema";
import { AttributeValue, ConfigElement, sameValue, valueList } from "../../client/types";
import { builtinCatalog } from "../../client/catalog/catalog";
import { argName, camelCase, subElementArg, subElementTypeNames, typeNameOf } from "../../provider/core/elements/argNames";
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
  /** What the program could not carry, one line each (attributes the catalog does not know). */
  warnings: string[];
}

export interface ProgramOptions {
  /** Whether the package has a typed class for the type (else the generic ConfigElement is written). */
  typed: (elementType: string) => boolean;
  /** Where the configuration was read, for the program's header; without it the program has no header (a reference page's example). */
  origin?: string;
  /** The language written (default TypeScript). A language other than TypeScript has a typed class for every catalog type and no generic one. */
  syntax?: Syntax;
  /** Whether each resource is declared with `protect: true` (default: true). */
  protect?: boolean;
  /** Whether each resource is declared with `adopt: true` (default: true). */
  adopt?: boolean;
}

/** Variables the program declares itself. */
export const PROGRAM_VARIABLES = ["pulumi", "sbc", "config"];

export interface Declared {
  spec: ElementTypeSpec;
  resourceName: string;
  variable: string;
  typed: boolean;
  /** The element as each site holds it, undefined where a site has none; a single SBC is one site. */
  instances: (ConfigElement | undefined)[];
}

/** Where a value is written: in the element's declaration, or in the overrides of the site of that index. */
type Scope = "inPlace" | number;

/** A site's values of one element that differ from other sites': attributes, and whole sub-element lists. */
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

/** An element's key as an attribute naming it holds it: the key values joined with `:` (`M00:0`). */
function joinedKey(spec: ElementTypeSpec, element: ConfigElement): string | undefined {
  const values = keyAttributes(spec).map((k) => element.attributes[k.name]);
  return values.every((v) => typeof v === "string") ? values.join(":") : undefined;
}

/**
 * Whether the typed class's args can hold the element's values: an SBC release may hold an enum
 * value its catalog entry does not know, or an integer not in plain decimal form, which the
 * class's types refuse. Such an element is written as a ConfigElement, which registers the same
 * resource type.
 */
export function fitsTypedClass(spec: ElementTypeSpec, element: ConfigElement): boolean {
  // A value at its default is not written, so it need not fit (an integer no source gives a default for is held empty).
  const fits = spec.attributes.every((attr) =>
    sameValue(element.attributes[attr.name], defaultOf(attr)) ||
    valueList(element.attributes[attr.name]).every((v) =>
      // A number written back must be the same text: "0123" would come back "123".
      attr.valueType === "integer" ? String(Number(v)) === v : attr.valueType !== "enum" || !attr.validValues?.length || attr.validValues.includes(v),
    ),
  );
  return fits && element.subElements.every((sub) => {
    const subSpec = subElementSpec(spec, sub.elementType);
    return !subSpec || fitsTypedClass(subSpec, sub);
  });
}

/** An element of one SBC with the resource name its program declares it by. */
export interface NamedElement {
  spec: ElementTypeSpec;
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
export function namedElements(listings: readonly TypeListing[]): NamedElement[] {
  const names = new UniqueNames(PROGRAM_VARIABLES);
  return listings.flatMap(({ spec, elements }) =>
    elements
      .map((element) => ({ element, wanted: resourceNameOf(spec, element.attributes) }))
      .sort((a, b) => a.wanted.localeCompare(b.wanted) || JSON.stringify(a.element).localeCompare(JSON.stringify(b.element)))
      .map(({ element, wanted }) => ({ spec, element, resourceName: names.take(wanted) })),
  );
}

function declare(listings: readonly TypeListing[], options: ProgramOptions, syntax: Syntax): Declared[] {
  return namedElements(listings).map(({ spec, element, resourceName }) => {
    const typed = syntax === typescriptSyntax ? options.typed(spec.name) && fitsTypedClass(spec, element) : true;
    return { spec, instances: [element], resourceName, variable: syntax.variable(resourceName), typed };
  });
}

/** Keys first, then the others, in the catalog's order. */
function orderedAttributes(spec: ElementTypeSpec): AttributeSpec[] {
  return [...spec.attributes.filter((a) => a.key), ...spec.attributes.filter((a) => !a.key)];
}

/** The value worth writing: keys always, others when not at their default; undefined when not. */
function writtenValue(attr: AttributeSpec, element: ConfigElement): AttributeValue | undefined {
  const value = element.attributes[attr.name];
  return value === undefined || (!attr.key && sameValue(value, defaultOf(attr))) ? undefined : value;
}

function sameWritten(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  return (a === undefined) === (b === undefined) && sameValue(a, b);
}

/** What is written of a sub-element (and those within it), to compare lists across sites. */
function written(spec: ElementTypeSpec, sub: ConfigElement): unknown {
  const subSpec = subElementSpec(spec, sub.elementType)!;
  const nested = sub.subElements.filter((s) => subElementSpec(subSpec, s.elementType)).map((s) => written(subSpec, s));
  return [sub.elementType, orderedAttributes(subSpec).map((a) => [a.name, writtenValue(a, sub) ?? null]), nested];
}

function sameLists(spec: ElementTypeSpec, a: readonly ConfigElement[], b: readonly ConfigElement[]): boolean {
  return JSON.stringify(a.map((s) => written(spec, s))) === JSON.stringify(b.map((s) => written(spec, s)));
}

/** Whether the element, or a sub-element within it, writes a value of a secret attribute. */
export function holdsSecret(spec: ElementTypeSpec, element: ConfigElement): boolean {
  if (spec.attributes.some((a) => a.secret && writtenValue(a, element) !== undefined)) return true;
  return element.subElements.some((sub) => {
    const subSpec = subElementSpec(spec, sub.elementType);
    return subSpec !== undefined && holdsSecret(subSpec, sub);
  });
}

export class ProgramWriter {
  private readonly byKey = new Map<string, Map<string, Declared>>();
  private readonly emitted = new Set<Declared>();
  private readonly inProgress = new Set<Declared>();
  /** Elements another names by their output (or depends on): declared as a const. */
  readonly referenced = new Set<Declared>();
  /** Each element's properties as written, and for a fleet its statement. */
  readonly rendered: { declared: Declared; entries: [string, string][]; body: string }[] = [];
  readonly secrets: SecretSetting[] = [];
  readonly warnings: string[] = [];
  /** Per site: each element's overrides, in the order written. */
  readonly overrides: Map<Declared, Overrides>[];
  /** What each element's overridden values name, which it must wait for. */
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

  /** The exported element an attribute value names, by the catalog's reference table. */
  private target(attr: AttributeSpec, value: string): Declared | undefined {
    const named = referenceOf(attr, value);
    if (!named) return undefined;
    const target = this.byKey.get(named.reference.elementType)?.get(named.keys);
    // Only a reference to the (first) key attribute names an element by its key.
    return target && keyAttributes(target.spec)[0]?.name === named.reference.attribute ? target : undefined;
  }

  /** Every element `element` (and its sub-elements) names, in attribute order. */
  private targetsOf(spec: ElementTypeSpec, element: ConfigElement): Declared[] {
    const own = spec.attributes.flatMap((attr) => valueList(element.attributes[attr.name]).map((v) => this.target(attr, v)));
    const nested = element.subElements.flatMap((sub) => {
      const subSpec = subElementSpec(spec, sub.elementType);
      return subSpec ? this.targetsOf(subSpec, sub) : [];
    });
    return [...own, ...nested].filter((t): t is Declared => t !== undefined);
  }

  /** Depth first: what an element names is written before it; an element met again while in progress closes a cycle. */
  private visit(d: Declared): void {
    if (this.emitted.has(d) || this.inProgress.has(d)) return;
    this.inProgress.add(d);
    for (const element of d.instances) if (element) for (const t of this.targetsOf(d.spec, element)) this.visit(t);
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
   */
  /** `prefix`: what the value has before the key (a next-hop's `SAG:`), written before the reference. */
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

  private literal(d: Declared, attr: AttributeSpec, value: string, scope: Scope): string {
    const t = this.emittedTarget(attr, value);
    if (t && scope === "inPlace") {
      // The prefix as the SBC holds it (SAG: or sag:), so that the program writes back the same value.
      const named = referenceOf(attr, value);
      return this.referenceTo(t, value, named ? value.slice(0, value.length - named.keys.length) : "");
    }
    if (t) {
      this.referenced.add(t);
      if (!this.dependsOn.has(d)) this.dependsOn.set(d, new Set());
      this.dependsOn.get(d)!.add(t);
    }
    return d.typed && attr.valueType === "integer" ? this.syntax.integer(value) : this.syntax.string(value);
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
    return this.syntax.secret(key, !!attr.multiValued);
  }

  private valueExpression(d: Declared, path: string[], attr: AttributeSpec, value: AttributeValue, scope: Scope): string {
    if (attr.secret) return this.secretExpression(d, path, attr, value, scope);
    if (attr.multiValued) return this.syntax.values(valueList(value).map((v) => this.literal(d, attr, v, scope)));
    return this.literal(d, attr, value as string, scope);
  }

  private warn(d: Declared, scope: Scope, problem: string): void {
    this.warnings.push(`${typeof scope === "number" ? `${this.sites[scope]}: ` : ""}${d.resourceName}: ${problem}`);
  }

  private warnUnknownAttributes(d: Declared, spec: ElementTypeSpec, element: ConfigElement, scope: Scope): void {
    for (const name of Object.keys(element.attributes)) {
      if (!spec.attributes.some((a) => a.name === name) && !BOOKKEEPING_ATTRIBUTES.includes(name)) {
        this.warn(d, scope, `${spec.name} attribute ${name} is not in the catalog; left out (the SBC keeps its value)`);
      }
    }
  }

  private argOf(d: Declared, attr: AttributeSpec): string {
    return d.typed ? this.syntax.property(argName(attr)) : JSON.stringify(attr.name);
  }

  /** `name: value` pairs of the attributes worth writing: keys always, others when not at their default. */
  private attributeEntries(d: Declared, spec: ElementTypeSpec, element: ConfigElement, path: string[], scope: Scope): [string, string][] {
    this.warnUnknownAttributes(d, spec, element, scope);
    const entries: [string, string][] = [];
    for (const attr of orderedAttributes(spec)) {
      const value = writtenValue(attr, element);
      if (value !== undefined) entries.push([this.argOf(d, attr), this.valueExpression(d, path, attr, value, scope)]);
    }
    return entries;
  }

  private override(site: number, d: Declared, part: keyof Overrides, name: string, expression: string): void {
    if (!this.overrides[site].has(d)) this.overrides[site].set(d, { attributes: [], lists: [] });
    this.overrides[site].get(d)![part].push([name, expression]);
  }

  /** A fleet element's attributes: in place where alike on its sites, else from each site's overrides (a secret always). */
  private fleetAttributeEntries(d: Declared): [string, string][] {
    const sites = sitesOf(d);
    for (const i of sites) this.warnUnknownAttributes(d, d.spec, d.instances[i]!, i);
    const entries: [string, string][] = [];
    let spread = false;
    for (const attr of orderedAttributes(d.spec)) {
      const values = sites.map((i) => writtenValue(attr, d.instances[i]!));
      const name = this.argOf(d, attr);
      // A secret set anywhere is per site: its config key holds the site's name.
      if (values.every((v) => sameWritten(v, values[0])) && !(attr.secret && values[0] !== undefined)) {
        if (values[0] !== undefined) entries.push([name, this.valueExpression(d, [], attr, values[0], "inPlace")]);
        continue;
      }
      sites.forEach((site, n) => {
        if (values[n] !== undefined) this.override(site, d, "attributes", name, this.valueExpression(d, [], attr, values[n]!, site));
      });
      // The generic class takes one attributes object: a site's overridden ones are spread into it.
      if (d.typed) entries.push([name, `site.${d.variable}.${name}`]);
      else spread = true;
    }
    if (spread) entries.push(["", `...site.${d.variable}.attributes`]);
    return entries;
  }

  private subElementObject(d: Declared, spec: ElementTypeSpec, sub: ConfigElement, path: string[], scope: Scope): string {
    const entries = this.attributeEntries(d, spec, sub, path, scope);
    const nested = this.subElementEntries(d, spec, sub, path, scope);
    if (d.typed) return this.syntax.subElement(subTypeNameOf(spec), [...entries, ...nested]);
    return inline([["elementType", JSON.stringify(spec.name)], ["attributes", inline(entries)], ...nested]);
  }

  /** The sub-element lists, in the SBC's order: typed per sub-element type (`sipPorts`), generic as one `subElements`. */
  private subElementLists(d: Declared, spec: ElementTypeSpec, element: ConfigElement, scope: Scope): [string, ConfigElement[]][] {
    const known = element.subElements.filter((sub) => {
      if (subElementSpec(spec, sub.elementType)) return true;
      this.warn(d, scope, `sub-element type ${sub.elementType} is not in the catalog; left out`);
      return false;
    });
    if (known.length === 0) return [];
    if (!d.typed) return [["subElements", known]];
    return (spec.subElements ?? [])
      .map((subSpec): [string, ConfigElement[]] => [this.syntax.property(subElementArg(subSpec)), known.filter((s) => s.elementType === subSpec.name)])
      .filter(([, subs]) => subs.length > 0);
  }

  private listExpression(d: Declared, spec: ElementTypeSpec, subs: ConfigElement[], path: string[], scope: Scope): string {
    return this.syntax.subElements(subs.map((sub, i) => this.subElementObject(d, subElementSpec(spec, sub.elementType)!, sub, [...path, sub.elementType, String(i + 1)], scope)));
  }

  private subElementEntries(d: Declared, spec: ElementTypeSpec, element: ConfigElement, path: string[], scope: Scope): [string, string][] {
    return this.subElementLists(d, spec, element, scope).map(([arg, subs]) => [arg, this.listExpression(d, spec, subs, path, scope)]);
  }

  /** A fleet element's sub-element lists: in place where alike on its sites (and free of secrets), else whole per site. */
  private fleetSubElementEntries(d: Declared): [string, string][] {
    const sites = sitesOf(d);
    const lists = sites.map((i) => new Map(this.subElementLists(d, d.spec, d.instances[i]!, i)));
    const args = d.typed ? (d.spec.subElements ?? []).map((subSpec) => this.syntax.property(subElementArg(subSpec))) : ["subElements"];
    const entries: [string, string][] = [];
    for (const arg of args.filter((a) => lists.some((l) => l.has(a)))) {
      const subs = lists.map((l) => l.get(arg) ?? []);
      const alike = subs.every((s) => sameLists(d.spec, s, subs[0])) && !subs.some((list) => list.some((sub) => holdsSecret(subElementSpec(d.spec, sub.elementType)!, sub)));
      if (alike) {
        entries.push([arg, this.listExpression(d, d.spec, subs[0], [], "inPlace")]);
        continue;
      }
      // A site without any is given an empty list, which the element then manages as such.
      sites.forEach((site, n) => this.override(site, d, "lists", arg, subs[n].length > 0 ? this.listExpression(d, d.spec, subs[n], [], site) : "[]"));
      entries.push([arg, `site.${d.variable}.${arg}`]);
    }
    return entries;
  }

  /** The element's properties as written, `adopt` (when adopted) last (for a fleet, `connection` after it). */
  private entriesOf(d: Declared): [string, string][] {
    const entries = this.fleet
      ? [...this.fleetAttributeEntries(d), ...this.fleetSubElementEntries(d)]
      : [...this.attributeEntries(d, d.spec, d.instances[0]!, [], "inPlace"), ...this.subElementEntries(d, d.spec, d.instances[0]!, [], "inPlace")];
    const secretNames = d.spec.attributes.filter((a) => a.secret).map((a) => JSON.stringify(a.name));
    const args: [string, string][] = d.typed
      ? entries
      : [
          ["elementType", JSON.stringify(d.spec.name)],
          ...(entries.some(([name]) => name !== "subElements") ? [["attributes", block(entries.filter(([n]) => n !== "subElements"), "  ")] as [string, string]] : []),
          ...entries.filter(([n]) => n === "subElements"),
          ...(secretNames.length > 0 ? [["secretAttributeNames", `[${secretNames.join(", ")}]`] as [string, string]] : []),
        ];
    const adopt: [string, string][] = this.adopt ? [[this.syntax.property("adopt"), this.syntax.boolean(true)]] : [];
    return [...args, ...adopt, ...(this.fleet ? [["", "connection"] as [string, string]] : [])];
  }

  private className(d: Declared): string {
    return d.typed ? typeNameOf(d.spec.name) : "ConfigElement";
  }

  /** A fleet element's `new sbc.…(…)` statement inside the loop over the sites (TypeScript only). */
  private fleetStatement(d: Declared, entries: [string, string][]): string {
    const after = [...(this.dependsOn.get(d) ?? [])].map((t) => (onEverySite(t) ? t.variable : `...(${t.variable} ? [${t.variable}] : [])`));
    const options = resourceOptions([...(this.protect ? [["protect", "true"] as [string, string]] : []), ...(after.length > 0 ? [["dependsOn", `[${after.join(", ")}]`] as [string, string]] : [])]);
    return `new sbc.${this.className(d)}(\`\${site.name}-${d.resourceName}\`, ${block(entries, "")}${options});`;
  }

  /** The single SBC's program. */
  write(origin: string | undefined): string {
    this.renderAll();
    const resources = this.rendered.map(({ declared: d, entries }) =>
      this.syntax.resource({ className: this.className(d), resourceName: d.resourceName, variable: d.variable, entries, referenced: this.referenced.has(d), protect: this.protect }),
    );
    return this.syntax.program(origin, resources, this.secrets, this.usesPulumi, this.protect);
  }
}

/** A constructor's third argument, the resource options; nothing when there are none. */
function resourceOptions(entries: [string, string][]): string {
  return entries.length > 0 ? `, ${inline(entries)}` : "";
}

/** The program for the listed elements, with the secrets it reads from stack config and what it left out. */
export function writeProgram(listings: readonly TypeListing[], options: ProgramOptions): ExportedProgram {
  const syntax = options.syntax ?? typescriptSyntax;
  const writer = new ProgramWriter(declare(listings, options, syntax), [], syntax, options.protect ?? true, options.adopt ?? true);
  const source = writer.write(options.origin);
  return { source, secrets: writer.secrets, warnings: writer.warnings };
}
