/**
 * The emulator as an SBC of another release (`sbc-emulator --metadata older|newer|FILE`): the
 * element types it serves, validates and verifies against, and the release it reports, instead of
 * the built-in catalog's. `older` is the catalog as it stood at S-Cz8.1.0 (every type and parameter
 * whose catalog entry names a later release left out); `newer` is S-Cz9.3.0 as
 * metadata/newer-release.yaml changes the catalog (a type, a sub-element type and parameters the
 * catalog lacks, parameters it no longer has); FILE is element-type metadata saved from a real
 * SBC: the `<data>` of each `elementTypes/metadata` answer, one after another inside one root
 * element, which names its release (`<catalog release="S-Cz9.1.0">`) unless --release does.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { builtinCatalogData, Catalog } from "../client/catalog/catalog";
import { attributeOf, catalogAjv, describeErrors, packageFile, ParameterFile, readYaml, specOf, SubElementFile } from "../client/catalog/loader";
import { decodeMetadataFile } from "../client/catalog/metadataXml";
import { compareReleases, parseRelease } from "../client/catalog/releases";
import { AttributeSpec, ElementTypeSpec } from "../client/catalog/schema";
import { parseXml } from "../client/xmlCodec";

export interface MetadataSet {
  release: string;
  catalog: Catalog;
}

export const BUILTIN_SETS = ["older", "newer"] as const;

const OLDER_RELEASE = "S-Cz8.1.0";

/** Whether a catalog entry existed by `release`: one that names no release is taken to. */
function existedBy(entry: { release?: string }, release: string): boolean {
  return !entry.release || compareReleases(entry.release, release) <= 0;
}

function asOf(spec: ElementTypeSpec, release: string): ElementTypeSpec {
  const subs = (spec.subElements ?? []).filter((s) => existedBy(s, release)).map((s) => asOf(s, release));
  return { ...spec, attributes: spec.attributes.filter((a) => existedBy(a, release)), subElements: subs.length > 0 ? subs : undefined };
}

/** The catalog as it stood at S-Cz8.1.0. */
export function olderRelease(): MetadataSet {
  const types = builtinCatalogData().types.filter((t) => existedBy(t, OLDER_RELEASE)).map((t) => asOf(t, OLDER_RELEASE));
  return { release: OLDER_RELEASE, catalog: new Catalog(types) };
}

interface Delta {
  release: string;
  source: string;
  addParameters?: Record<string, (ParameterFile | { copyFrom: string; name: string })[]>;
  removeParameters?: Record<string, string[]>;
  addSubElements?: Record<string, SubElementFile[]>;
  addTypes?: SubElementFile[];
}

/** The type at `a/b/c` (a top-level type, then sub-element types) among `types`. */
function at(types: Map<string, ElementTypeSpec>, typePath: string, file: string): ElementTypeSpec {
  const [top, ...subs] = typePath.split("/");
  let spec = types.get(top);
  for (const name of subs) spec = spec?.subElements?.find((s) => s.name === name);
  if (!spec) throw new Error(`${file}: ${typePath} is no type of the catalog`);
  return spec;
}

/** The catalog changed by a release delta file (metadata/*-release.yaml). */
export function releaseFromDelta(file: string): MetadataSet {
  const data = readYaml(file);
  const { ajv } = catalogAjv();
  const validate = ajv.compile(JSON.parse(fs.readFileSync(packageFile(path.join("emulator", "metadata", "release-delta.schema.json")), "utf8")));
  if (!validate(data)) throw new Error(`${file}: ${describeErrors(validate.errors)}`);
  const delta = data as Delta;
  // A deep copy: the built-in catalog's specs are shared by everything in the process.
  const types = new Map(builtinCatalogData().types.map((t) => [t.name, structuredClone(t)]));
  const sources = { ref: { title: `Oracle ACLI Reference Guide ${delta.release}`, url: delta.source, release: delta.release, read: "partial" as const } };
  for (const [typePath, names] of Object.entries(delta.removeParameters ?? {})) {
    const spec = at(types, typePath, file);
    spec.attributes = spec.attributes.filter((a) => !names.includes(a.name));
  }
  for (const [typePath, params] of Object.entries(delta.addParameters ?? {})) {
    const spec = at(types, typePath, file);
    const added: AttributeSpec[] = params.map((p) => {
      if (!("copyFrom" in p)) return attributeOf(p);
      const from = builtinCatalogData().types.find((t) => t.name === p.copyFrom)?.attributes.find((a) => a.name === p.name);
      if (!from) throw new Error(`${file}: ${p.copyFrom} has no parameter ${p.name} to copy`);
      return structuredClone(from);
    });
    spec.attributes = [...spec.attributes, ...added];
  }
  for (const [typePath, subs] of Object.entries(delta.addSubElements ?? {})) {
    const spec = at(types, typePath, file);
    spec.subElements = [...(spec.subElements ?? []), ...subs.map((s) => specOf(s, sources))];
  }
  for (const t of delta.addTypes ?? []) types.set(t.elementType, specOf(t, sources));
  return { release: delta.release, catalog: new Catalog([...types.values()]) };
}

export function newerRelease(): MetadataSet {
  return releaseFromDelta(packageFile(path.join("emulator", "metadata", "newer-release.yaml")));
}

/** Metadata saved from an SBC; its release from the root's `release` attribute, else `release`. */
export function savedMetadata(file: string, release?: string): MetadataSet {
  const text = fs.readFileSync(file, "utf8");
  const types = decodeMetadataFile(text);
  if (types.length === 0) throw new Error(`${file}: holds no element types`);
  const doc = parseXml(text);
  const root = doc[Object.keys(doc).find((k) => !k.startsWith("?")) ?? ""] as Record<string, unknown> | undefined;
  const named = release ?? (typeof root?.["@_release"] === "string" ? (root["@_release"] as string) : undefined);
  const parsed = named && parseRelease(named);
  if (!parsed) throw new Error(`${file}: say which SBC release it is from: release="S-Cz9.1.0" on its root element, or --release`);
  return { release: parsed, catalog: new Catalog(types) };
}

/** `older`, `newer` or a metadata file. */
export function metadataSet(name: string, release?: string): MetadataSet {
  if (name === "older") return olderRelease();
  if (name === "newer") return newerRelease();
  return savedMetadata(name, release);
}
