/**
 * Where `npm run gen` reads from and writes to: element-type metadata files (read strictly, so a
 * wrong or empty file is an error that names it) and the resources directory, where only the
 * types generated now are replaced and files this generator wrote for other types stay unless
 * pruning is asked for. The index always lists every generated file present.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { decodeMetadataFile } from "../../client/catalog/metadataXml";
import { ElementTypeSpec } from "../../client/catalog/schema";
import { subElementTypeNames } from "../../provider/core/elements/argNames";
import { fileNameOf, GENERATED_HEADER, generateIndexOf, generateResourceFile } from "./generateResources";

const INDEX = "index.ts";

/** The element types in a saved metadata file; an error naming the file when it holds none or is not metadata. */
export function readMetadataFile(file: string): ElementTypeSpec[] {
  let specs: ElementTypeSpec[];
  try {
    specs = decodeMetadataFile(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`${file}: not element-type metadata (${(err as Error).message})`);
  }
  if (specs.length === 0) throw new Error(`${file}: holds no element types`);
  return specs;
}

function generatedFiles(out: string): string[] {
  return fs.readdirSync(out).filter((name) => name.endsWith(".ts") && fs.readFileSync(path.join(out, name), "utf8").startsWith(GENERATED_HEADER));
}

export interface WriteResult {
  written: string[];
  removed: string[];
}

/** Writes one file per type in `specs` and the index; with `prune`, removes generated files of other types. */
export function writeResources(specs: readonly ElementTypeSpec[], out: string, prune: boolean): WriteResult {
  fs.mkdirSync(out, { recursive: true });
  const written = specs.map((spec) => fileNameOf(spec.name));
  const removed = prune ? generatedFiles(out).filter((name) => name !== INDEX && !written.includes(name)) : [];
  for (const name of removed) fs.rmSync(path.join(out, name));
  const names = subElementTypeNames(specs);
  for (const spec of specs) fs.writeFileSync(path.join(out, fileNameOf(spec.name)), generateResourceFile(spec, names));
  const modules = generatedFiles(out).filter((name) => name !== INDEX);
  fs.writeFileSync(path.join(out, INDEX), generateIndexOf(modules));
  return { written, removed };
}
