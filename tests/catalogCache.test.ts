/**
 * The loaded catalog's cache (client/catalog/loadedCache.ts): what the build writes loads as the
 * files do, and a file changed after the build, or no cache, sends the loader back to the files.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readCachedCatalog, writeCatalogCache } from "../client/catalog/loadedCache";
import { catalogDir, loadCatalog } from "../client/catalog/loader";

let dir: string;

beforeEach(() => {
  dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sbc-catalog-cache-")), "catalog");
  fs.cpSync(catalogDir(), dir, { recursive: true, filter: (src) => !path.basename(src).startsWith(".loaded.json") });
});

afterEach(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

test("no cache: the loader reads the files", () => {
  expect(readCachedCatalog(dir)).toBeUndefined();
});

test("the cache the build writes loads as the files do: release, every type, their files, the rows left out", () => {
  writeCatalogCache(dir);
  expect(readCachedCatalog(dir)).toEqual(loadCatalog(dir));
});

test("a type file, the schema or catalog.yaml changed after the build: the cache is not used", () => {
  for (const rel of [path.join("session-router", "session-agent.yaml"), "schema.json", "catalog.yaml"]) {
    writeCatalogCache(dir);
    fs.appendFileSync(path.join(dir, rel), "\n");
    expect([rel, readCachedCatalog(dir)]).toEqual([rel, undefined]);
  }
});

test("a type file added after the build: the cache is not used", () => {
  writeCatalogCache(dir);
  fs.copyFileSync(path.join(dir, "session-router", "session-agent.yaml"), path.join(dir, "session-router", "session-agent-copy.yaml"));
  expect(readCachedCatalog(dir)).toBeUndefined();
});
