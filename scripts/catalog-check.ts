/**
 * `npm run catalog:check`: loads every catalog file through the one loader (schema errors name the
 * file and the place), runs the whole-catalog rules, and prints what the catalog holds: types,
 * sub-element types, parameters and how many are marked unconfirmed, per file with --verbose.
 * Exit 1 on any problem. `--partial` reports references to types not (yet) in the catalog as
 * warnings, for a checkout that holds only part of it.
 */
import { parseArgs } from "node:util";
import { catalogProblems } from "../client/catalog/catalogChecks";
import { loadCatalog } from "../client/catalog/loader";
import { ElementTypeSpec } from "../client/catalog/schema";

interface Counts {
  subTypes: number;
  parameters: number;
  unconfirmed: number;
}

function count(spec: ElementTypeSpec): Counts {
  const own = { subTypes: 0, parameters: spec.attributes.length, unconfirmed: spec.attributes.filter((a) => a.unconfirmed?.length).length };
  for (const sub of spec.subElements ?? []) {
    const c = count(sub);
    own.subTypes += 1 + c.subTypes;
    own.parameters += c.parameters;
    own.unconfirmed += c.unconfirmed;
  }
  return own;
}

function main(): number {
  const { values } = parseArgs({ options: { verbose: { type: "boolean", short: "v", default: false }, partial: { type: "boolean", default: false } } });
  let catalog;
  try {
    catalog = loadCatalog();
  } catch (err) {
    console.error(`catalog:check: ${(err as Error).message}`);
    return 1;
  }
  const total = { types: catalog.types.length, subTypes: 0, parameters: 0, unconfirmed: 0 };
  for (const spec of catalog.types) {
    const c = count(spec);
    total.subTypes += c.subTypes;
    total.parameters += c.parameters;
    total.unconfirmed += c.unconfirmed;
    if (values.verbose) console.log(`${catalog.files.get(spec.name)}: ${c.parameters} parameters (${c.unconfirmed} unconfirmed), ${c.subTypes} sub-element types`);
  }
  console.log(`catalog ${catalog.release}: ${total.types} element types, ${total.subTypes} sub-element types, ${total.parameters} parameters (${total.unconfirmed} marked unconfirmed), ${catalog.leftOut.length} inventory rows left out`);
  const missingType = (p: string) => /references [a-z0-9-]+, which is no type of the catalog$/.test(p);
  const all = catalogProblems(catalog);
  const problems = values.partial ? all.filter((p) => !missingType(p)) : all;
  if (values.partial) for (const p of all.filter(missingType)) console.warn(`warning: ${p}`);
  for (const p of problems) console.error(p);
  if (problems.length > 0) console.error(`catalog:check: ${problems.length} problem(s)`);
  return problems.length > 0 ? 1 : 0;
}

process.exitCode = main();
