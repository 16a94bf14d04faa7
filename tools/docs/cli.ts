/**
 * `npm run gen:docs`: writes docs/resources/ (a page per element type and their index) and the
 * coverage block of README.md from the element-type catalog. tests/docs.test.ts fails while any
 * of them differs from what this writes.
 */
import * as path from "node:path";
import { builtinCatalogData } from "../../client/catalog/catalog";
import { writeDocs } from "./generate";

const ROOT = path.join(__dirname, "..", "..");

try {
  const { written, removed } = writeDocs(ROOT, builtinCatalogData());
  const changes = [written.length > 0 ? `wrote ${written.length} file${written.length === 1 ? "" : "s"}` : "every page was up to date", ...(removed.length > 0 ? [`removed ${removed.join(", ")}`] : [])];
  console.log(`npm run gen:docs: ${changes.join("; ")}`);
} catch (err) {
  console.error(`npm run gen:docs: ${(err as Error).message}`);
  process.exitCode = 1;
}
