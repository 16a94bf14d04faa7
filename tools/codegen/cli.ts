/**
 * `npm run gen -- [--metadata <file.xml>]... [--out <dir>] [--prune]`: writes the typed resource
 * classes from the built-in catalog or from metadata saved from a real SBC. `--help` says how.
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { builtinCatalog } from "../../client/catalog/catalog";
import { readMetadataFile, writeResources } from "./writeResources";

const USAGE = `usage: npm run gen -- [--metadata <file.xml>]... [--out <dir>] [--prune]

Writes one typed resource class per element type, and an index, to <dir> (default provider/dynamic/resources).

  --metadata <file>  element-type metadata saved from an SBC: one or more elementTypes/metadata
                     responses, or a <catalog> of <data> nodes; may be given more than once.
                     Without it, the built-in catalog (what the emulator serves) is used.
  --out <dir>        where to write.
  --prune            also remove the files this generator wrote for types not generated now;
                     without it, only the generated types' files are replaced.
  --help             show this.`;

function main(): number {
  const { values } = parseArgs({
    options: {
      metadata: { type: "string", multiple: true },
      out: { type: "string" },
      prune: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const out = path.resolve(values.out ?? path.join(__dirname, "..", "..", "provider", "dynamic", "resources"));
  const specs = values.metadata ? values.metadata.flatMap(readMetadataFile) : builtinCatalog.types();
  const { written, removed } = writeResources(specs, out, values.prune);
  const where = path.relative(process.cwd(), out) || ".";
  console.log(`wrote ${written.length} element types to ${where}${removed.length > 0 ? `; removed ${removed.join(", ")}` : ""}`);
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  console.error(`npm run gen: ${(err as Error).message}\n\n${USAGE}`);
  process.exitCode = 1;
}
