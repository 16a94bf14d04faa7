/**
 * The element-type catalog as a whole (catalog/): every file loads through the one loader and
 * schema, the whole-catalog rules hold (names unique, references resolve to key attributes,
 * defaults valid, keys without a default required, single-instance types without keys, every
 * example accepted), and every row of the shared inventory of Oracle's element types
 * (tests/fixtures/sbc-element-types.tsv, a copy of ../shared/sbc-element-types.tsv) is a type of
 * the catalog or a row of catalog.yaml's leftOut, with its reason.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { builtinCatalogData } from "../client/catalog/catalog";
import { catalogProblems } from "../client/catalog/catalogChecks";
import { ElementTypeSpec } from "../client/catalog/schema";

const catalog = builtinCatalogData();

interface InventoryRow {
  type: string;
  parent: string;
  acliPath: string;
}

const inventory: InventoryRow[] = fs
  .readFileSync(path.join(__dirname, "fixtures", "sbc-element-types.tsv"), "utf8")
  .split("\n")
  .slice(1)
  .filter((line) => line.trim() !== "")
  .map((line) => {
    const [type, parent, acliPath] = line.split("\t");
    return { type, parent, acliPath };
  });

/** Every type of the catalog, top-level and nested, with the names an inventory row may give it. */
function nodes(): { spec: ElementTypeSpec; names: Set<string>; parents: Set<string> }[] {
  const out: { spec: ElementTypeSpec; names: Set<string>; parents: Set<string> }[] = [];
  const walk = (spec: ElementTypeSpec, parent?: ElementTypeSpec): void => {
    const path = spec.acliPath ?? [];
    // A row names a type by its REST name or its ACLI command, and its parent by the parent's names or the ACLI word before it.
    const parents = new Set([path[path.length - 2], parent?.name, parent?.acliPath?.at(-1)].filter((p): p is string => p !== undefined));
    out.push({ spec, names: new Set([spec.name, path[path.length - 1]]), parents });
    for (const sub of spec.subElements ?? []) walk(sub, spec);
  };
  for (const spec of catalog.types) walk(spec);
  return out;
}

test("every catalog file loads and the catalog keeps its rules as a whole", () => {
  expect(catalog.types.length).toBeGreaterThan(100);
  expect(catalogProblems(catalog)).toEqual([]);
});

test("the catalog states S-Cz8.4.0", () => {
  expect(catalog.release).toBe("S-Cz8.4.0");
});

test("every row of the shared inventory is a type of the catalog or left out with a reason", () => {
  const all = nodes();
  const leftOut = catalog.leftOut;
  const missing = inventory.filter((row) => {
    const inCatalog = all.some((n) => n.names.has(row.type) && (row.parent === "" || n.parents.has(row.parent)));
    const left = leftOut.some((l) => l.type === row.type && (l.parent ?? "") === row.parent);
    return !inCatalog && !left;
  });
  expect(missing.map((r) => `${r.type}${r.parent ? ` (in ${r.parent})` : ""}`)).toEqual([]);
});

test("every left-out row is a row of the inventory and names a type of the catalog where it says one covers it", () => {
  const rows = new Set(inventory.map((r) => `${r.type}|${r.parent}`));
  const names = new Set(nodes().map((n) => n.spec.name));
  for (const l of catalog.leftOut) {
    expect([l.type, rows.has(`${l.type}|${l.parent ?? ""}`)]).toEqual([l.type, true]);
    if (l.seeAlso) expect([l.type, names.has(l.seeAlso)]).toEqual([l.type, true]);
  }
});
