/**
 * The one loader of the element-type catalog: every `catalog/<ACLI branch>/<elementType>.yaml`
 * validated against `catalog/schema.json` (Ajv) and turned into the ElementTypeSpec shape every
 * layer speaks, with `catalog/catalog.yaml` (the release the catalog states, the inventory rows
 * left out). A file that breaks the schema is an error naming the file and the place in it.
 * Whole-catalog rules (references resolve, defaults valid, examples accepted) are in
 * catalogChecks.ts, which the catalog test and `npm run catalog:check` run.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020, { ErrorObject, ValidateFunction } from "ajv/dist/2020";
import * as yaml from "js-yaml";
import { AttributeReference, AttributeSpec, CatalogSource, ElementTypeSpec, ExampleElement, PortClaimsSpec } from "./schema";

type Scalar = string | number;
type Value = Scalar | Scalar[];

export interface ParameterFile {
  name: string;
  type: AttributeSpec["valueType"];
  help: string;
  default?: Value;
  values?: string[];
  min?: number;
  max?: number;
  maxLength?: number;
  multiValued?: boolean;
  key?: boolean;
  required?: boolean;
  secret?: boolean;
  references?: AttributeReference | AttributeReference[];
  release?: string;
  source: string | string[];
  unconfirmed?: string[];
  notes?: string;
}

interface ExampleFile {
  elementType?: string;
  attributes: Record<string, Value>;
  subElements?: ExampleFile[];
}

export interface SubElementFile {
  elementType: string;
  acliPath: string;
  description: string;
  singleInstance?: boolean;
  release?: string;
  source: string | string[];
  notes?: string;
  parameters: ParameterFile[];
  subElements?: SubElementFile[];
}

interface TypeFile extends SubElementFile {
  singleInstance: boolean;
  portClaims?: PortClaimsSpec & { source?: string | string[]; notes?: string };
  licensed?: string;
  sources: Record<string, CatalogSource>;
  example: ExampleFile;
}

/** An inventory row that is no element type of its own, and why. */
export interface LeftOutRow {
  type: string;
  parent?: string;
  acliPath?: string;
  reason: string;
  seeAlso?: string;
}

export interface LoadedCatalog {
  /** The release the catalog states. */
  release: string;
  /** Top-level element types, by file name order. */
  types: ElementTypeSpec[];
  /** Element type → the file it was read from, relative to the catalog folder. */
  files: Map<string, string>;
  leftOut: LeftOutRow[];
}

export class CatalogFileError extends Error {
  override name = "CatalogFileError";
}

/**
 * A data file of this checkout or installed package, by its path from the package's root: the
 * nearest one above this module (compiled modules sit deeper, in dist/, than their sources; the
 * plugin's bundle sits beside its data).
 */
export function packageFile(relative: string): string {
  for (let dir = __dirname, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, relative))) return path.join(dir, relative);
  }
  throw new CatalogFileError(`no ${relative} above ${__dirname}: the package is incomplete; reinstall it`);
}

/** The catalog folder of this checkout or installed package. */
export function catalogDir(): string {
  return path.dirname(packageFile(path.join("catalog", "schema.json")));
}

/** An Ajv that knows the catalog's schema, for files that use its definitions (`<$id>#/$defs/parameter`). */
export function catalogAjv(dir: string = catalogDir()): { ajv: Ajv2020; id: string } {
  const schema = JSON.parse(fs.readFileSync(path.join(dir, "schema.json"), "utf8")) as Record<string, unknown>;
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  ajv.addSchema(schema);
  return { ajv, id: schema.$id as string };
}

function validators(dir: string): { type: ValidateFunction; catalog: ValidateFunction } {
  const { ajv, id } = catalogAjv(dir);
  return { type: ajv.getSchema(id)!, catalog: ajv.getSchema(`${id}#/$defs/catalogFile`)! };
}

export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  // Ajv reports every branch of a oneOf; the deepest paths say the most.
  const shown = (errors ?? []).filter((e) => e.keyword !== "oneOf" && e.keyword !== "if");
  return [...new Set(shown.map((e) => `${e.instancePath || "/"} ${e.message}${e.params && "allowedValues" in e.params ? ` (${(e.params.allowedValues as unknown[]).join(", ")})` : ""}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}`))].slice(0, 8).join("; ");
}

export function readYaml(file: string): unknown {
  try {
    // The JSON schema of YAML: `0000` and `08` stay text, only true/false are booleans.
    return yaml.load(fs.readFileSync(file, "utf8"), { schema: yaml.JSON_SCHEMA, filename: file });
  } catch (err) {
    throw new CatalogFileError(`${file}: not YAML (${(err as Error).message})`);
  }
}

function text(value: Scalar): string {
  return String(value);
}

function valueOf(value: Value, multiValued: boolean): string | string[] {
  if (Array.isArray(value)) return multiValued ? value.map(text) : value.map(text).join(" ");
  return multiValued ? [text(value)] : text(value);
}

function list<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** A parameter as the catalog files write it (schema `$defs/parameter`), as an AttributeSpec. */
export function attributeOf(p: ParameterFile): AttributeSpec {
  const attr: AttributeSpec = { name: p.name, help: p.help, valueType: p.type };
  if (p.default !== undefined) attr.defaultValue = valueOf(p.default, Boolean(p.multiValued));
  else if (p.multiValued && !p.key) attr.defaultValue = [];
  if (p.values) attr.validValues = p.values;
  if (p.min !== undefined) attr.min = p.min;
  if (p.max !== undefined) attr.max = p.max;
  if (p.maxLength !== undefined) attr.maxLength = p.maxLength;
  if (p.multiValued) attr.multiValued = true;
  if (p.key) attr.key = true;
  // A key without a default must be given; one with a default need not.
  if (p.required || (p.key && p.default === undefined)) attr.required = true;
  if (p.secret) attr.secret = true;
  if (p.references) attr.references = list(p.references).map((r) => ({ ...r }));
  if (p.release) attr.release = p.release;
  attr.sources = list(p.source);
  if (p.unconfirmed) attr.unconfirmed = p.unconfirmed;
  if (p.notes) attr.notes = p.notes;
  return attr;
}

function exampleOf(e: ExampleFile, elementType: string, spec: ElementTypeSpec): ExampleElement {
  const attributes: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(e.attributes)) {
    const attr = spec.attributes.find((a) => a.name === name);
    attributes[name] = valueOf(value, Boolean(attr?.multiValued));
  }
  return {
    elementType,
    attributes,
    subElements: (e.subElements ?? []).map((s) => {
      const type = s.elementType ?? "";
      const sub = spec.subElements?.find((x) => x.name === type);
      return exampleOf(s, type, sub ?? { name: type, description: "", singleton: false, attributes: [] });
    }),
  };
}

/** A type or sub-element type as the catalog files write it, as an ElementTypeSpec. */
export function specOf(f: SubElementFile, sources: Record<string, CatalogSource>): ElementTypeSpec {
  const spec: ElementTypeSpec = {
    name: f.elementType,
    description: f.description,
    singleton: Boolean(f.singleInstance),
    attributes: f.parameters.map(attributeOf),
    acliPath: f.acliPath.split(" > "),
    sources,
    sourceIds: list(f.source),
  };
  const subs = (f.subElements ?? []).map((s) => specOf(s, sources));
  if (subs.length > 0) spec.subElements = subs;
  if (f.release) spec.release = f.release;
  if (f.notes) spec.notes = f.notes;
  return spec;
}

/** Every `<branch>/<type>.yaml` under the catalog folder, sorted. */
export function catalogFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => fs.readdirSync(path.join(dir, d.name)).filter((f) => f.endsWith(".yaml")).map((f) => path.join(d.name, f)))
    .sort();
}

/** One type file, validated, as an ElementTypeSpec. */
export function loadTypeFile(file: string, validate: ValidateFunction = validators(path.dirname(path.dirname(file))).type): ElementTypeSpec {
  const data = readYaml(file);
  if (!validate(data)) throw new CatalogFileError(`${file}: ${describeErrors(validate.errors)}`);
  const f = data as TypeFile;
  const spec = specOf(f, f.sources);
  spec.singleton = f.singleInstance;
  if (f.licensed) spec.licensed = f.licensed;
  if (f.portClaims) {
    const { source: _source, notes: _notes, ...claims } = f.portClaims;
    spec.portClaims = claims;
  }
  spec.example = exampleOf(f.example, spec.name, spec);
  return spec;
}

/** The whole catalog of `dir` (the package's own by default). */
export function loadCatalog(dir: string = catalogDir()): LoadedCatalog {
  const check = validators(dir);
  const files = new Map<string, string>();
  const types: ElementTypeSpec[] = [];
  for (const rel of catalogFiles(dir)) {
    const spec = loadTypeFile(path.join(dir, rel), check.type);
    const expected = `${spec.acliPath?.[0]}${path.sep}${spec.name}.yaml`;
    if (rel !== expected) throw new CatalogFileError(`${path.join(dir, rel)}: a file holds the type it is named after, in the folder of its first ACLI word: this one belongs at ${expected}`);
    if (files.has(spec.name)) throw new CatalogFileError(`${path.join(dir, rel)}: ${spec.name} is already defined in ${files.get(spec.name)}`);
    files.set(spec.name, rel);
    types.push(spec);
  }
  const whole = readYaml(path.join(dir, "catalog.yaml"));
  if (!check.catalog(whole)) throw new CatalogFileError(`${path.join(dir, "catalog.yaml")}: ${describeErrors(check.catalog.errors)}`);
  const { release, leftOut } = whole as { release: string; leftOut: LeftOutRow[] };
  return { release, types, files, leftOut };
}
