/**
 * What the catalog covers, in two places: the index of the reference pages
 * (docs/resources/README.md: the types grouped by their first ACLI word, and the inventory rows
 * left out with their reasons) and the README's coverage table, which `npm run gen:docs` rewrites
 * between its two marker comments.
 */
import { LoadedCatalog } from "../../client/catalog/loader";
import { ElementTypeSpec, keyAttributes } from "../../client/catalog/schema";
import { typeNameOf } from "../../provider/core/elements/argNames";
import { code, table } from "./markdown";
import { GENERATED_NOTE } from "./resourcePage";

export const COVERAGE_START = "<!-- coverage-table: npm run gen:docs writes what follows, up to the closing marker -->";
export const COVERAGE_END = "<!-- /coverage-table -->";

interface Counts {
  parameters: number;
  unconfirmed: number;
  subElementTypes: number;
}

/** A type's parameters with its sub-elements', those with a fact no source confirmed, and its sub-element types. */
function countsOf(spec: ElementTypeSpec): Counts {
  const own = { parameters: spec.attributes.length, unconfirmed: spec.attributes.filter((a) => a.unconfirmed?.length).length, subElementTypes: 0 };
  return (spec.subElements ?? []).map(countsOf).reduce(
    (sum, c) => ({ parameters: sum.parameters + c.parameters, unconfirmed: sum.unconfirmed + c.unconfirmed, subElementTypes: sum.subElementTypes + c.subElementTypes + 1 }),
    own,
  );
}

function total(types: readonly ElementTypeSpec[]): Counts {
  return types.map(countsOf).reduce((a, b) => ({ parameters: a.parameters + b.parameters, unconfirmed: a.unconfirmed + b.unconfirmed, subElementTypes: a.subElementTypes + b.subElementTypes }));
}

function identity(spec: ElementTypeSpec): string {
  return spec.singleton ? "single instance" : keyAttributes(spec).map((k) => code(k.name)).join(", ");
}

function summary(data: LoadedCatalog): string {
  const sum = total(data.types);
  return `The catalog follows ${data.release}: ${data.types.length} element types with ${sum.subElementTypes} sub-element types and ${sum.parameters} parameters, ${sum.unconfirmed} of them with a fact no source confirmed; ${data.leftOut.length} rows of the inventory are left out, each with its reason.`;
}

/** The README's coverage block: the summary sentence and one row per type, its page linked. */
export function coverageBlock(data: LoadedCatalog): string {
  const rows = data.types.map((spec) => {
    const c = countsOf(spec);
    return [
      `[${spec.name}](docs/resources/${spec.name}.md)`,
      code((spec.acliPath ?? []).join(" > ")),
      `${c.parameters} (${c.unconfirmed})`,
      spec.singleton ? "yes" : "no",
      spec.release ?? `${data.release} or earlier`,
    ];
  });
  return [summary(data), "", table(["element type", "ACLI path", "parameters (unconfirmed)", "single instance", "release"], rows)].join("\n");
}

/** `readme` with its coverage block rewritten; an error when the markers are missing. */
export function withCoverage(readme: string, data: LoadedCatalog): string {
  const start = readme.indexOf(COVERAGE_START);
  const end = readme.indexOf(COVERAGE_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${COVERAGE_START} … ${COVERAGE_END} block for the coverage table`);
  return `${readme.slice(0, start + COVERAGE_START.length)}\n${coverageBlock(data)}\n${readme.slice(end)}`;
}

/** docs/resources/README.md: the types by ACLI branch, then the inventory rows left out. */
export function resourceIndex(data: LoadedCatalog): string {
  const branches = [...new Set(data.types.map((t) => t.acliPath?.[0] ?? ""))];
  const sections = branches.flatMap((branch) => [
    `## ${branch}`,
    "",
    table(
      ["element type", "resource", "what it is", "identity", "parameters (unconfirmed)"],
      data.types
        .filter((t) => (t.acliPath?.[0] ?? "") === branch)
        .map((spec) => {
          const c = countsOf(spec);
          return [`[${spec.name}](${spec.name}.md)`, code(typeNameOf(spec.name)), spec.description.trim(), identity(spec), `${c.parameters} (${c.unconfirmed})`];
        }),
    ),
    "",
  ]);
  const leftOut = table(
    ["inventory row", "under", "why it is no element type here", "see"],
    data.leftOut.map((row) => [code(row.type), row.parent ? code(row.parent) : "—", row.reason.trim(), row.seeAlso ? `[${row.seeAlso}](${row.seeAlso}.md)` : "—"]),
  );
  return [
    "# Element types",
    "",
    GENERATED_NOTE,
    "",
    `${summary(data)} One page per type, grouped by the first word of its ACLI path; each gives its parameters, sub-elements, an example in TypeScript, Python and YAML, and how to import it. Types and parameters the catalog does not know reach the SBC through \`extraAttributes\` and \`extraSubElements\`, or the generic \`ConfigElement\`; the SBC's own metadata decides them.`,
    "",
    ...sections,
    "## Inventory rows left out",
    "",
    "Rows of the shared inventory of element types (`tests/fixtures/sbc-element-types.tsv`) that are no element type of this catalog (`catalog/catalog.yaml`, `leftOut`):",
    "",
    leftOut,
    "",
  ].join("\n");
}
