/**
 * The catalog as loaded and validated, kept beside its files (`catalog/.loaded.json`, written by
 * `npm run build` and packed with the plugin) for the processes that start often: every pulumi
 * command starts the plugin, every run of a TypeScript program the dynamic provider, and each
 * parsed the YAML files and compiled their JSON Schema again, about a second each time. The cache
 * holds a fingerprint of every file it was made from; a file changed since (a catalog edit before
 * the next build) makes the loader read the files, so the cache can be stale but never wrong.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { catalogDir, catalogFiles, LoadedCatalog, loadCatalog } from "./loader";

const CACHE_FILE = ".loaded.json";

interface CacheFile {
  fingerprint: string;
  catalog: Omit<LoadedCatalog, "files"> & { files: [string, string][] };
}

/** A digest of every file the loader reads: the schema, catalog.yaml and each type file, by name and content. */
function fingerprint(dir: string): string {
  const hash = createHash("sha256");
  for (const rel of ["schema.json", "catalog.yaml", ...catalogFiles(dir)]) {
    hash.update(`${rel}\0`);
    hash.update(fs.readFileSync(path.join(dir, rel)));
  }
  return hash.digest("hex");
}

/** The cached catalog of `dir`, if a cache made from its files as they are now is there. */
export function readCachedCatalog(dir: string): LoadedCatalog | undefined {
  let cache: CacheFile;
  try {
    cache = JSON.parse(fs.readFileSync(path.join(dir, CACHE_FILE), "utf8")) as CacheFile;
  } catch {
    return undefined;
  }
  if (cache.fingerprint !== fingerprint(dir)) return undefined;
  return { ...cache.catalog, files: new Map(cache.catalog.files) };
}

/** Loads and validates `dir`'s files and writes the cache (through a temporary file: builds may run side by side). */
export function writeCatalogCache(dir: string = catalogDir()): string {
  const catalog = loadCatalog(dir);
  const cache: CacheFile = { fingerprint: fingerprint(dir), catalog: { ...catalog, files: [...catalog.files] } };
  const file = path.join(dir, CACHE_FILE);
  const temporary = `${file}.${process.pid}`;
  fs.writeFileSync(temporary, JSON.stringify(cache));
  fs.renameSync(temporary, file);
  return file;
}
