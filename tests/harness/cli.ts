/**
 * Command-line face of the engine-faithful harness, for the demo and the README where the Pulumi
 * CLI is not installed: `preview`, `up`, `refresh` or `destroy` a program directory with a state
 * file and stack config, printing a summary in the shape of the CLI's.
 *   node -r ts-node/register/transpile-only tests/harness/cli.ts preview <programDir> \
 *     --state <file> [--config key=value]... [--secret key=value]...
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { Engine, RunResult } from "./engine";

const SYMBOLS: Record<string, string> = {
  create: "+",
  update: "~",
  replace: "+-",
  delete: "-",
  same: " ",
  read: " ",
  drop: "-",
};

const VERBS: Record<string, [string, string]> = {
  create: ["to create", "created"],
  update: ["to update", "updated"],
  replace: ["to replace", "replaced"],
  delete: ["to delete", "deleted"],
  same: ["unchanged", "unchanged"],
  read: ["refreshed", "refreshed"],
  drop: ["gone from the SBC", "dropped from state"],
};

export function formatRun(title: string, result: RunResult, planned: boolean): string {
  const lines = [title, ""];
  const rows = result.steps.map((s) => {
    const [, , type, name] = s.urn.split("::");
    return { symbol: SYMBOLS[s.op] ?? "?", type, name, op: s.op, error: s.error };
  });
  const typeWidth = Math.max(4, ...rows.map((r) => r.type.length));
  const nameWidth = Math.max(4, ...rows.map((r) => r.name.length));
  lines.push(`     ${"Type".padEnd(typeWidth)}  ${"Name".padEnd(nameWidth)}  ${planned ? "Plan" : "Status"}`);
  for (const row of rows.sort((a, b) => a.name.localeCompare(b.name))) {
    const status = row.error ? `**failed**` : planned ? row.op : VERBS[row.op]?.[1] ?? row.op;
    lines.push(` ${row.symbol.padStart(2)}  ${row.type.padEnd(typeWidth)}  ${row.name.padEnd(nameWidth)}  ${status}`);
  }
  if (result.errors.length > 0) {
    lines.push("", "Diagnostics:");
    for (const error of result.errors) lines.push(`    error: ${error}`);
  }
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.op, (counts.get(row.op) ?? 0) + 1);
  lines.push("", "Resources:");
  for (const [op, count] of counts) lines.push(`    ${SYMBOLS[op]?.trim() || " "} ${count} ${VERBS[op]?.[planned ? 0 : 1] ?? op}`);
  return lines.join("\n");
}

function pairs(values: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of values ?? []) {
    const eq = item.indexOf("=");
    if (eq < 1) throw new Error(`expected key=value, got "${item}"`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      state: { type: "string" },
      config: { type: "string", multiple: true },
      secret: { type: "string", multiple: true },
    },
  });
  const [command, programDir] = positionals;
  if (!["preview", "up", "refresh", "destroy"].includes(command) || !programDir || !values.state) {
    console.error("usage: cli.ts preview|up|refresh|destroy <programDir> --state <file> [--config k=v]... [--secret k=v]...");
    process.exit(2);
  }
  const secrets = pairs(values.secret);
  const engine = new Engine({
    programDir: path.resolve(programDir),
    stateFile: path.resolve(values.state),
    config: { ...pairs(values.config), ...secrets },
    secretConfigKeys: Object.keys(secrets),
  });
  const titles: Record<string, string> = {
    preview: "Previewing update:",
    up: "Updating:",
    refresh: "Refreshing:",
    destroy: "Destroying:",
  };
  const result = await (engine as unknown as Record<string, () => Promise<RunResult>>)[command].call(engine);
  console.log(formatRun(titles[command], result, command === "preview"));
  if (result.errors.length > 0) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
