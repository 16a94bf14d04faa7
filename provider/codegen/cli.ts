/**
 * `npm run gen [-- --metadata <file.xml>] [--out <dir>]`: writes the typed resource classes from
 * the built-in catalog (what the emulator serves) or from element-type metadata saved from a real
 * SBC (one or more `elementTypes/metadata` responses, or a `<catalog>` of `<data>` nodes).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { BUILTIN_ELEMENT_TYPES } from "../../sdk/catalog/builtinElementTypes";
import { decodeMetadataFile } from "../../sdk/catalog/metadataXml";
import { generateResources, GENERATED_HEADER } from "./generateResources";

function main(): void {
  const { values } = parseArgs({ options: { metadata: { type: "string" }, out: { type: "string" } } });
  const out = path.resolve(values.out ?? path.join(__dirname, "..", "resources"));
  const specs = values.metadata ? decodeMetadataFile(fs.readFileSync(values.metadata, "utf8")) : BUILTIN_ELEMENT_TYPES;
  fs.mkdirSync(out, { recursive: true });
  // Only files this generator wrote before are removed, so that a stale type does not linger.
  for (const name of fs.readdirSync(out)) {
    const file = path.join(out, name);
    if (name.endsWith(".ts") && fs.readFileSync(file, "utf8").startsWith(GENERATED_HEADER)) fs.rmSync(file);
  }
  const files = generateResources(specs);
  for (const [name, content] of files) fs.writeFileSync(path.join(out, name), content);
  console.log(`wrote ${files.size} files for ${specs.length} element types to ${path.relative(process.cwd(), out) || "."}`);
}

main();
