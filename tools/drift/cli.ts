/**
 * `sbc-drift`: whether SBCs still run what their stacks say. Reads the stacks' state (through
 * `pulumi stack export`, or files written by it), groups the managed elements by SBC, reads each
 * SBC's running and editing configuration of every type the SBC lists (its type list, two list
 * requests per type, none per element, and its metadata of what the catalog lacks, as sbc-export
 * reads it) and prints the drift (compare.ts) as a table or --json. Exit 0 clean, 1 drift, 2 could not check.
 */
import { parseArgs } from "node:util";
import { SbcClient } from "../../client/client";
import { scrubSecrets } from "../../client/errors";
import { sbcClientFor } from "../../provider/core/connection/sbcClientFor";
import { describeType, typesOnSbc, typesToRead, UnknownTypeError } from "../export/readRunning";
import { CONNECTION_OPTIONS, CONNECTION_USAGE, connectionFlags, connectionOf, UsageError } from "../toolConnection";
import { compareSbc, SbcDrift, TypeReading } from "./compare";
import { DriftReport, exitStatus, json, table } from "./report";
import { ManagedElement, readStack, readStateFile, StackStateError } from "./stackState";

const USAGE = `usage: sbc-drift (--stack STACK … [--cwd DIR] [--config-file FILE] | --state FILE …)
                 [--types TYPE,TYPE…] [--json] [--host HOST] [--username USER] [--password PASSWORD]
                 [--ca-cert FILE] [--insecure] [--api-version v1.1]

Compares each SBC the stacks manage with their state and reports, per SBC: the attributes whose
running value differs from what the stack recorded (stack → SBC), managed elements gone from the
SBC, elements no given stack manages (by type, with their keys), and changes staged on the SBC but
not activated; with each, what to do next (\`pulumi up --refresh\` puts the program's values back,
\`pulumi refresh\` accepts the SBC's, \`adopt: true\` takes an element over), and for a changed
element who changed it last and when (the SBC's last-modified-by and -date).
Exit status: 0 no drift, 1 drift, 2 could not check (what was found is still printed).

  --stack STACK       a stack to check (repeat for several); its state is read with
                      \`pulumi stack export\` and its SBC from its sbc:host config
  --cwd DIR           the stacks' project directory (default: here), as pulumi's --cwd
  --config-file FILE  the stacks' config file, as pulumi's --config-file
  --state FILE        a stack's state written by \`pulumi stack export --file FILE\` (repeatable),
                      for jobs without the CLI; its SBC is an element's connection.host, else
                      --host. Elements the engine encrypted whole there (those with a secret
                      attribute) are found but not compared; --stack compares them
  --types LIST        only these element types for unmanaged elements and staged changes (default:
                      every type the SBC lists, those the catalog lacks included)
  --json              one JSON document instead of the table: { sbcs: [{ origin, stacks, managed,
                      differing: [{ element, stack, resource, attribute, stackValue, sbcValue,
                      managed, lastModifiedBy?, lastModifiedDate?, advice }], gone: [{ element,
                      stack, resource, advice }], unmanaged: [{ elementType, keys, advice }],
                      staged: [line], stagedAdvice?, notCompared: [element] }], problems:
                      [sentence], drift: boolean }
${CONNECTION_USAGE}
                      (--host is the SBC of elements whose stack names none; the username, password
                      and TLS options apply to every SBC)
  --help              show this`;

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        stack: { type: "string", multiple: true },
        cwd: { type: "string" },
        "config-file": { type: "string" },
        state: { type: "string", multiple: true },
        types: { type: "string" },
        json: { type: "boolean", default: false },
        ...CONNECTION_OPTIONS,
        help: { type: "boolean", default: false },
      },
    }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

type Values = ReturnType<typeof parse>;

/** Every managed element of the stacks and state files; a source that cannot be read is a problem, not the end. */
async function managedOf(values: Values, problems: string[]): Promise<ManagedElement[]> {
  const reads = [
    ...(values.stack ?? []).map((stack) => () => readStack({ stack, cwd: values.cwd, configFile: values["config-file"] })),
    ...(values.state ?? []).map((file) => async () => readStateFile(file)),
  ];
  const results = await Promise.all(
    reads.map((read) =>
      read().catch((err: unknown) => {
        if (!(err instanceof StackStateError)) throw err;
        problems.push(err.message);
        return [];
      }),
    ),
  );
  return results.flat();
}

/** The types to read on one SBC: those asked for (checked against its list and the catalog), or all it lists, and every type a stack manages there that it lists. */
function typesOf(client: SbcClient, onSbc: readonly string[], asked: string[] | undefined, managed: readonly ManagedElement[]): string[] {
  let names: string[];
  try {
    names = typesToRead(onSbc, client.catalog, client.origin, asked);
  } catch (err) {
    throw err instanceof UnknownTypeError ? new UsageError(err.message) : err;
  }
  const listed = new Set(onSbc);
  return [...new Set([...names, ...managed.map((m) => m.elementType).filter((name) => listed.has(name))])];
}

/** One SBC: its running and editing configuration of each type, compared with what its stacks recorded. */
async function checkSbc(values: Values, host: string, managed: ManagedElement[], asked: string[] | undefined): Promise<SbcDrift> {
  const flags = connectionFlags(values);
  const client = sbcClientFor(connectionOf("sbc-drift", { ...flags, host }));
  try {
    const names = typesOf(client, await typesOnSbc(client), asked, managed);
    const readings: TypeReading[] = await Promise.all(
      names.map(async (name) => {
        const [running, editing] = await Promise.all([client.listElements(name, { running: true }), client.listElements(name, { running: false })]);
        const { normalise, ...described } = await describeType(client, name, [...running, ...editing]);
        return { ...described, running: running.map(normalise), editing: editing.map(normalise) };
      }),
    );
    return compareSbc(client.origin, managed, readings);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const secrets = [flags.password, process.env.SBC_PASSWORD].filter((s): s is string => !!s);
    throw new Error(`${host}: ${scrubSecrets((err as Error).message, secrets)}`, { cause: err });
  } finally {
    await client.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const values = parse(argv);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.stack?.length && !values.state?.length) throw new UsageError("give the stacks to check: --stack STACK or --state FILE");
  const problems: string[] = [];
  const managed = await managedOf(values, problems);
  const asked = values.types?.split(",").map((t) => t.trim()).filter(Boolean);
  const byHost = new Map<string, ManagedElement[]>();
  for (const m of managed) {
    const host = m.host ?? values.host ?? process.env.SBC_HOST;
    if (!host) {
      problems.push(`${m.stack}: ${m.resource} names no SBC (no connection.host, no sbc:host in the stack's config): give --host`);
      continue;
    }
    byHost.set(host, [...(byHost.get(host) ?? []), m]);
  }
  const report: DriftReport = { sbcs: [], problems };
  const checked = await Promise.all([...byHost].map(([host, elements]) => checkSbc(values, host, elements, asked).catch((err: Error) => err)));
  for (const result of checked) {
    if (result instanceof UsageError) throw result;
    if (result instanceof Error) problems.push(result.message);
    else report.sbcs.push(result);
  }
  console.log(values.json ? json(report) : table(report));
  return exitStatus(report);
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: Error) => {
    console.error(`sbc-drift: ${err.message}${err instanceof UsageError ? `\n${USAGE}` : ""}`);
    process.exitCode = 2;
  },
);
