/**
 * Everything `npm run gen:docs` writes, from the catalog alone: one page per top-level element type
 * and their index under docs/resources/, and the coverage block of README.md. The same function
 * gives the test what the files must hold, so that a stale page fails it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Catalog } from "../../client/catalog/catalog";
import { LoadedCatalog } from "../../client/catalog/loader";
import { subElementTypeNames } from "../../provider/core/elements/argNames";
import { resourceIndex, withCoverage } from "./coverage";
import { resourcePage } from "./resourcePage";

/** Where the pages go, relative to the checkout. */
export const RESOURCES_DIR = path.join("docs", "resources");

/** Path relative to the checkout → content of every generated page (README.md apart). */
export function resourcePages(data: LoadedCatalog): Map<string, string> {
  const catalog = new Catalog(data.types);
  const subTypeNames = subElementTypeNames(data.types);
  const pages = new Map<string, string>();
  for (const spec of data.types) {
    const context = { catalog, release: data.release, file: data.files.get(spec.name)!.split(path.sep).join("/"), subTypeNames };
    pages.set(path.join(RESOURCES_DIR, `${spec.name}.md`), resourcePage(spec, context));
  }
  pages.set(path.join(RESOURCES_DIR, "README.md"), resourceIndex(data));
  return pages;
}

/** Path relative to the checkout → the content it must have: every page, and README.md with its coverage block. */
export function generatedDocs(root: string, data: LoadedCatalog): Map<string, string> {
  const docs = resourcePages(data);
  docs.set("README.md", withCoverage(fs.readFileSync(path.join(root, "README.md"), "utf8"), data));
  return docs;
}

/** Pages under docs/resources/ that no type generates (a type removed or renamed). */
export function strayPages(root: string, docs: Map<string, string>): string[] {
  const dir = path.join(root, RESOURCES_DIR);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((name) => path.join(RESOURCES_DIR, name))
    .filter((rel) => !docs.has(rel));
}

export interface WriteResult {
  written: string[];
  removed: string[];
}

/** Writes what differs and removes stray pages. */
export function writeDocs(root: string, data: LoadedCatalog): WriteResult {
  const docs = generatedDocs(root, data);
  const removed = strayPages(root, docs);
  for (const rel of removed) fs.rmSync(path.join(root, rel));
  fs.mkdirSync(path.join(root, RESOURCES_DIR), { recursive: true });
  const written: string[] = [];
  for (const [rel, content] of docs) {
    const file = path.join(root, rel);
    if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === content) continue;
    fs.writeFileSync(file, content);
    written.push(rel);
  }
  return { written, removed };
}
