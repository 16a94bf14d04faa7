/**
 * Writes the exported program (index.ts): one resource per element, with its typed class
 * (`sbc.RealmConfig`, args named by provider/argNames.ts, as the code generator names them) or, for a type without
 * one, the generic `sbc.ConfigElement`. Each element is adopted, so the first `pulumi up` takes it
 * over without changing the SBC. Attributes at their catalog default are left out (the SBC keeps
 * them either way). An attribute that names another exported element's key — by the catalog's
 * `references` — is written as that element's output, so the engine creates the named element
 * first and deletes it last; a reference that would close a cycle stays a string. Secret attributes
 * come from stack config as secrets: the program holds their config keys, never their values.
 */
import { BOOKKEEPING_ATTRIBUTES, AttributeSpec, defaultOf, ElementTypeSpec, keyAttributes, subElementSpec } from "../../sdk/catalog/schema";
import { AttributeValue, ConfigElement, sameValue, valueList } from "../../sdk/types";
import { argName, camelCase, subElementArg } from "../argNames";
import { typeNameOf } from "../configElement";
import { resourceNameOf, UniqueNames, variableNameOf } from "./naming";
import { TypeListing } from "./readRunning";

/** A secret attribute's value, to be set in stack config with `pulumi config set --secret`. */
export interface SecretSetting {
  key: string;
  value: AttributeValue;
}

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
  /** Where the configuration was read, for the program's header. */
  origin: string;
}

/** Variables the program declares itself. */
const PROGRAM_VARIABLES = ["pulumi", "sbc", "config"];

interface Declared {
  spec: ElementTypeSpec;
  element: ConfigElement;
  resourceName: string;
  variable: string;
  typed: boolean;
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
function fitsTypedClass(spec: ElementTypeSpec, element: ConfigElement): boolean {
  const fits = spec.attributes.every((attr) =>
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

function declare(listings: readonly TypeListing[], options: ProgramOptions): Declared[] {
  const names = new UniqueNames(PROGRAM_VARIABLES);
  return listings.flatMap(({ spec, elements }) =>
    // Sorted by name, not in the SBC's order, so that clashes number alike whatever order the SBC lists in.
    elements
      .map((element) => ({ element, wanted: resourceNameOf(spec, element.attributes) }))
      .sort((a, b) => a.wanted.localeCompare(b.wanted) || JSON.stringify(a.element).localeCompare(JSON.stringify(b.element)))
      .map(({ element, wanted }) => {
        const resourceName = names.take(wanted);
        return { spec, element, resourceName, variable: variableNameOf(resourceName), typed: options.typed(spec.name) && fitsTypedClass(spec, element) };
      }),
  );
}

class ProgramWriter {
  private readonly byKey = new Map<string, Map<string, Declared>>();
  private readonly emitted = new Set<Declared>();
  private readonly inProgress = new Set<Declared>();
  private readonly referenced = new Set<Declared>();
  private readonly rendered: { declared: Declared; body: string }[] = [];
  readonly secrets: SecretSetting[] = [];
  readonly warnings: string[] = [];
  private usesPulumi = false;

  constructor(private readonly declared: readonly Declared[]) {
    for (const d of declared) {
      const key = joinedKey(d.spec, d.element);
      if (key === undefined) continue;
      if (!this.byKey.has(d.spec.name)) this.byKey.set(d.spec.name, new Map());
      this.byKey.get(d.spec.name)!.set(key, d);
    }
  }

  /** The exported element an attribute value names, by the catalog's reference table. */
  private target(attr: AttributeSpec, value: string): Declared | undefined {
    const ref = attr.references;
    if (!ref) return undefined;
    const target = this.byKey.get(ref.elementType)?.get(value);
    // Only a reference to the (first) key attribute names an element by its key.
    return target && keyAttributes(target.spec)[0]?.name === ref.attribute ? target : undefined;
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
    for (const t of this.targetsOf(d.spec, d.element)) this.visit(t);
    this.inProgress.delete(d);
    this.rendered.push({ declared: d, body: this.renderElement(d) });
    this.emitted.add(d);
  }

  /** An expression for the target's key as a string: its typed output, or its key parts interpolated. */
  private referenceTo(t: Declared): string {
    this.referenced.add(t);
    const keys = keyAttributes(t.spec);
    if (t.typed && keys.length === 1 && keys[0].valueType !== "integer") return `${t.variable}.${argName(keys[0])}`;
    this.usesPulumi = true;
    const parts = keys.map((k) => (t.typed ? `\${${t.variable}.${argName(k)}}` : `\${${t.variable}.key.apply((key) => key[${JSON.stringify(k.name)}])}`));
    return `pulumi.interpolate\`${parts.join(":")}\``;
  }

  private literal(attr: AttributeSpec, value: string, typed: boolean): string {
    const t = this.emittedTarget(attr, value);
    if (t) return this.referenceTo(t);
    return typed && attr.valueType === "integer" ? String(Number(value)) : JSON.stringify(value);
  }

  private emittedTarget(attr: AttributeSpec, value: string): Declared | undefined {
    const t = this.target(attr, value);
    return t && this.emitted.has(t) ? t : undefined;
  }

  private secretExpression(d: Declared, path: string[], attr: AttributeSpec, value: AttributeValue): string {
    const key = camelCase([d.variable, ...path, attr.name].join("-"));
    this.secrets.push({ key, value });
    this.usesPulumi = true;
    return attr.multiValued ? `config.requireSecretObject<string[]>(${JSON.stringify(key)})` : `config.requireSecret(${JSON.stringify(key)})`;
  }

  /** `name: value` pairs of the attributes worth writing: keys always, others when not at their default. */
  private attributeEntries(d: Declared, spec: ElementTypeSpec, element: ConfigElement, path: string[]): [string, string][] {
    const entries: [string, string][] = [];
    for (const name of Object.keys(element.attributes)) {
      if (!spec.attributes.some((a) => a.name === name) && !BOOKKEEPING_ATTRIBUTES.includes(name)) {
        this.warnings.push(`${d.resourceName}: ${spec.name} attribute ${name} is not in the catalog; left out (the SBC keeps its value)`);
      }
    }
    const ordered = [...spec.attributes.filter((a) => a.key), ...spec.attributes.filter((a) => !a.key)];
    for (const attr of ordered) {
      const value = element.attributes[attr.name];
      if (value === undefined || (!attr.key && sameValue(value, defaultOf(attr)))) continue;
      const name = d.typed ? argName(attr) : JSON.stringify(attr.name);
      if (attr.secret) entries.push([name, this.secretExpression(d, path, attr, value)]);
      else if (attr.multiValued) entries.push([name, `[${valueList(value).map((v) => this.literal(attr, v, d.typed)).join(", ")}]`]);
      else entries.push([name, this.literal(attr, value as string, d.typed)]);
    }
    return entries;
  }

  private subElementObject(d: Declared, spec: ElementTypeSpec, sub: ConfigElement, path: string[]): string {
    const entries = this.attributeEntries(d, spec, sub, path);
    const nested = this.subElementEntries(d, spec, sub, path);
    if (d.typed) return inline([...entries, ...nested]);
    return inline([["elementType", JSON.stringify(spec.name)], ["attributes", inline(entries)], ...nested]);
  }

  /** The sub-element lists, in the SBC's order: typed per sub-element type (`sipPorts`), generic as one `subElements`. */
  private subElementEntries(d: Declared, spec: ElementTypeSpec, element: ConfigElement, path: string[]): [string, string][] {
    const known = element.subElements.filter((sub) => {
      if (subElementSpec(spec, sub.elementType)) return true;
      this.warnings.push(`${d.resourceName}: sub-element type ${sub.elementType} is not in the catalog; left out`);
      return false;
    });
    const items = (subs: ConfigElement[]): string[] =>
      subs.map((sub, i) => this.subElementObject(d, subElementSpec(spec, sub.elementType)!, sub, [...path, sub.elementType, String(i + 1)]));
    if (known.length === 0) return [];
    if (!d.typed) return [["subElements", list(items(known))]];
    return (spec.subElements ?? [])
      .map((subSpec): [string, ConfigElement[]] => [subElementArg(subSpec), known.filter((s) => s.elementType === subSpec.name)])
      .filter(([, subs]) => subs.length > 0)
      .map(([arg, subs]) => [arg, list(items(subs))]);
  }

  private renderElement(d: Declared): string {
    const entries = [...this.attributeEntries(d, d.spec, d.element, []), ...this.subElementEntries(d, d.spec, d.element, [])];
    const secretNames = d.spec.attributes.filter((a) => a.secret).map((a) => JSON.stringify(a.name));
    const args: [string, string][] = d.typed
      ? entries
      : [
          ["elementType", JSON.stringify(d.spec.name)],
          ...(entries.some(([name]) => name !== "subElements") ? [["attributes", block(entries.filter(([n]) => n !== "subElements"), "  ")] as [string, string]] : []),
          ...entries.filter(([n]) => n === "subElements"),
          ...(secretNames.length > 0 ? [["secretAttributeNames", `[${secretNames.join(", ")}]`] as [string, string]] : []),
        ];
    const className = d.typed ? typeNameOf(d.spec.name) : "ConfigElement";
    return `new sbc.${className}(${JSON.stringify(d.resourceName)}, ${block([...args, ["adopt", "true"]], "")});`;
  }

  write(origin: string): string {
    for (const d of this.declared) this.visit(d);
    const header = [
      `// Exported by sbc-export from the running configuration of ${origin}.`,
      "// Every element is adopted (adopt: true): the first `pulumi up` takes it over as it is, changing nothing",
      "// on the SBC. Attributes at their defaults are left out; secret attributes come from stack config.",
    ];
    const imports = [...(this.usesPulumi ? ['import * as pulumi from "@pulumi/pulumi";'] : []), 'import * as sbc from "pulumi-oracle-sbc";'];
    const config = this.secrets.length > 0 ? ["", "const config = new pulumi.Config();"] : [];
    const body = this.rendered.map(({ declared, body }) => (this.referenced.has(declared) ? `const ${declared.variable} = ${body}` : body));
    return `${[...header, "", ...imports, ...config, "", body.join("\n\n")].join("\n")}\n`;
  }
}

function inline(entries: [string, string][]): string {
  return entries.length === 0 ? "{}" : `{ ${entries.map(([k, v]) => `${k}: ${v}`).join(", ")} }`;
}

function list(items: string[]): string {
  return `[\n${items.map((item) => `    ${item},`).join("\n")}\n  ]`;
}

function block(entries: [string, string][], indent: string): string {
  return `{\n${entries.map(([k, v]) => `${indent}  ${k}: ${v},`).join("\n")}\n${indent}}`;
}

/** index.ts for the listed elements, with the secrets it reads from stack config and what it left out. */
export function writeProgram(listings: readonly TypeListing[], options: ProgramOptions): ExportedProgram {
  const writer = new ProgramWriter(declare(listings, options));
  const source = writer.write(options.origin);
  return { source, secrets: writer.secrets, warnings: writer.warnings };
}
