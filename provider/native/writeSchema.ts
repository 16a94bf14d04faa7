/**
 * `npm run gen:schema`: writes provider/native/schema.json, the schema the plugin serves, from
 * the built-in catalog. The file is committed for readers and tools; tests/nativeSchema.test.ts
 * fails when it is stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { builtinCatalog } from "../../client/catalog/catalog";
import { schemaText } from "./schema";
import { PLUGIN_VERSION } from "./version";

export const SCHEMA_FILE = path.join(__dirname, "schema.json");

if (require.main === module) {
  fs.writeFileSync(SCHEMA_FILE, schemaText(builtinCatalog.types(), PLUGIN_VERSION));
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}
