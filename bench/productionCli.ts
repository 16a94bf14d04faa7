/**
 * The production seed through the real CLI (issue 30, item 9): a carrier's SBC of 2,911 elements
 * over 80 element types (emulator/seeds/production.ts), adopted and managed through the native
 * `sbc` plugin, each run beside its engine floor — the same resources through the same CLI with a
 * plugin that does nothing (floorPlugin/), measured in the same run:
 *   - `sbc-export --import-file`: time against the tool's own start-up, requests by kind, and
 *     that the file names every element;
 *   - `pulumi import --file` of every element, with checkpoints and with PULUMI_SKIP_CHECKPOINTS;
 *   - the take-over: `pulumi up` of the exported YAML program (every element `adopt: true`),
 *     with checkpoints and without;
 *   - on the imported stack with its declarations: a no-change preview, a no-change up, a refresh;
 *   - state bytes per element; and the floor's import at 1,000 elements (an even sample of the
 *     seed) against all 2,911, to show how the engine's own cost grows with the element count.
 * Every request the plugin or the tool makes passes a recording proxy (requestRecorder.ts) and is
 * sorted by kind, so "a list per type, not a GET per element" is read off what was asked.
 * Prints one PASS/FAIL line per target and writes bench/results/results-production-cli.{json,md}.
 *   npm run bench:cli -- --engine production    (these rows alone; `--engine cli` runs them last)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { builtinCatalog } from "../client/catalog/catalog";
import { keyOf } from "../client/catalog/schema";
import { EmulatorHandle, startEmulator } from "../emulator";
import { PAGE_SIZE } from "../emulator/routes";
import { elementId } from "../provider/core/elements/elementState";
import { runBin } from "../tests/support/bins";
import { CliStack, Deployment, resourceCounts, ROOT, StateResource } from "../tests/e2e/support/pulumiCli";
import { configuration, Counters, counters, since } from "../tests/e2e/support/sbc";
import { printedConfig } from "../tests/e2e/support/sbcExport";
import { requestKind } from "./exportBench";
import { RecordedRequest, recordingProxy } from "./requestRecorder";
import { elementState } from "./stateSize";

const RESULTS = path.join(__dirname, "results");
const REAL_PLUGIN = path.join(ROOT, "bin");
const FLOOR_PLUGIN = path.join(__dirname, "floorPlugin");
/** The floor's sample for the growth line: about a third of the seed, spread over it. */
const SAMPLE = 1000;
/** Time allowed over the floor, as the dynamic rows of cli.ts allow: 15 % and 2 s. No row here commits. */
const OVER_FLOOR = 1.15;
const SLACK_SECONDS = 2;
/** The export's own work once started, as exportBench.ts allows an in-process export of 2,000 elements. */
const EXPORT_SECONDS = 10;
const NO_LIMIT_MS = 4 * 3_600_000;
/** `pulumi import` and `pulumi refresh` without --skip-preview: a preview pass, then the run, each reading. */
const PASSES = 2;
const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

export interface ProductionBenchOptions {
  latencyMs: number;
  activateMs: number;
}

/** What the SBC was asked, by kind (exportBench.ts's requestKind). */
interface Asked {
  /** First pages of list GETs, per element type. */
  lists: Record<string, number>;
  continuationPages: number;
  elementGets: number;
  metadata: number;
  session: number;
  /** Every other request, by method and path without its query. */
  other: Record<string, number>;
}

interface Run extends Counters {
  seconds: number;
  asked: Asked;
  /** The last "Resources:" block of the CLI's output. */
  resources: Record<string, number>;
}

interface Pair {
  ours: Run;
  floor: Run;
}

function sorted(requests: readonly RecordedRequest[]): Asked {
  const asked: Asked = { lists: {}, continuationPages: 0, elementGets: 0, metadata: 0, session: 0, other: {} };
  for (const { method, path: at } of requests) {
    const { kind, elementType } = requestKind(method, at);
    if (kind === "list") asked.lists[elementType!] = (asked.lists[elementType!] ?? 0) + 1;
    else if (kind === "continuation") asked.continuationPages++;
    else if (kind === "element") asked.elementGets++;
    else if (kind === "metadata") asked.metadata++;
    else if (kind === "session") asked.session++;
    else {
      const name = `${method} ${new URL(at, "http://sbc").pathname}`;
      asked.other[name] = (asked.other[name] ?? 0) + 1;
    }
  }
  return asked;
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const count = (n: number) => n.toLocaleString("en-US");
const perElement = (seconds: number, n: number) => `${((1000 * seconds) / n).toFixed(1)} ms/element`;
const loads = (averages: number[]) => averages.map((l) => l.toFixed(1)).join(" ");

function describeAsked(a: Asked): string {
  const others = Object.entries(a.other).map(([name, n]) => `${n} ${name}`);
  return [
    `${sum(a.lists)} list requests for ${Object.keys(a.lists).length} element types (+${a.continuationPages} continuation pages)`,
    `${a.elementGets} element GETs`,
    `${a.metadata} metadata`,
    `${a.session} login/logout`,
    ...(others.length > 0 ? [`other: ${others.join(", ")}`] : []),
  ].join(", ");
}

/**
 * Reads batched by type: for each pass the CLI makes (`pulumi import` and `pulumi refresh` preview
 * first, in a plugin process of its own, then run), at most one list of each of the `types` element
 * types the stack holds and the continuation pages those lists need; no GET of one element and
 * nothing else but metadata and the session.
 */
function batched(a: Asked, types: number, pages: number): { ok: boolean; target: string } {
  return {
    ok: Object.values(a.lists).every((c) => c <= PASSES) && Object.keys(a.lists).length <= types && a.continuationPages <= PASSES * pages && a.elementGets === 0 && sum(a.other) === 0,
    target: `<= ${PASSES} passes (the CLI's preview, then the run) x (one list per element type held (${types}) + ${pages} continuation pages) + metadata + session, no element GET`,
  };
}

/** Continuation pages that lists of `types` on `sbc` call for (the SBC pages lists over PAGE_SIZE). */
function pagesOf(sbc: EmulatorHandle, types: Iterable<string>): number {
  return [...types].reduce((n, type) => n + Math.max(0, Math.ceil((sbc.sbc.store.stores.running.get(type)?.length ?? 0) / PAGE_SIZE) - 1), 0);
}

/**
 * The inputs a stack's state holds per resource id, for the floor plugin to answer imports with,
 * from `pulumi stack export --show-secrets`: each secret keeps its shape (a list stays a list, as
 * the schema types it) but every text in it becomes a placeholder, so no secret is written down.
 */
function recordedInputs(resources: readonly StateResource[]): Record<string, unknown> {
  const blank = (value: unknown): unknown =>
    typeof value === "string" ? "[secret]" : Array.isArray(value) ? value.map(blank) : typeof value === "object" && value !== null ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, blank(v)])) : value;
  const conceal = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(conceal);
    if (typeof value !== "object" || value === null) return value;
    if ("plaintext" in value) return { ...SECRET_SIG, value: blank(JSON.parse(String(value.plaintext))) };
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, conceal(v)]));
  };
  return Object.fromEntries(resources.map((r) => [r.id, conceal(r.inputs ?? {})]));
}

/** A YAML project of the sbc plugin without resources; which plugin runs is the stack's PATH. */
function yamlProject(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: sbc-production\nruntime: yaml\n");
}

/** Makes the declarations `pulumi import --out` wrote (a `resources:` section) the project's program, Main.yaml, as sbc-export advises. */
function declare(dir: string, outFile: string): void {
  const text = fs.readFileSync(outFile, "utf8");
  if (!text.startsWith("resources:\n")) throw new Error(`${outFile} does not start with resources: as pulumi import --out writes YAML, but with: ${text.slice(0, 300)}`);
  fs.writeFileSync(path.join(dir, "Main.yaml"), text);
}

export async function benchProductionThroughCli(o: ProductionBenchOptions): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-bench-production-"));
  const stacks: CliStack[] = [];
  const lines: string[] = [];
  const notes: string[] = [];
  const check = (ok: boolean, text: string) => lines.push(`${ok ? "PASS" : "FAIL"} ${text}`);
  const sbc = await startEmulator({ seed: "production", latencyMs: o.latencyMs, activateMs: o.activateMs });
  const proxy = await recordingProxy(sbc.url);
  const connection = { SBC_HOST: proxy.url, SBC_USERNAME: "admin", SBC_PASSWORD: "admin" };
  const started = Date.now();
  const loadAtStart = os.loadavg();

  /** A stack of `dir` whose `sbc` plugin is `plugin` (the package's or the floor's), logged in to the seeded SBC. */
  const stackOf = async (dir: string, plugin: string, config: Record<string, string> = {}, secrets: Record<string, string> = {}) => {
    const s = new CliStack(dir, "production");
    stacks.push(s);
    s.baseEnv.PATH = `${plugin}${path.delimiter}${s.baseEnv.PATH}`;
    await s.init({ "sbc:host": proxy.url, "sbc:username": "admin", ...config }, { "sbc:password": "admin", ...secrets });
    return s;
  };

  const measure = async (stack: CliStack, args: string[], env: Record<string, string> = {}): Promise<Run> => {
    const before = counters(sbc);
    const from = proxy.requests.length;
    const t = Date.now();
    const { output } = await stack.run(args, { env, timeoutMs: NO_LIMIT_MS });
    const run = { seconds: (Date.now() - t) / 1000, ...since(sbc, before), asked: sorted(proxy.requests.slice(from)), resources: resourceCounts(output) };
    console.log(`  pulumi ${args.slice(0, 2).join(" ")}${env.PULUMI_SKIP_CHECKPOINTS ? " (PULUMI_SKIP_CHECKPOINTS)" : ""}: ${run.seconds.toFixed(1)} s, ${run.requests} requests, ${JSON.stringify(run.resources)}`);
    return run;
  };

  try {
    const start = configuration(sbc);
    const running = [...sbc.sbc.store.stores.running.values()].flat();
    const n = running.length;
    const typesHeld = new Set(running.map((e) => e.elementType));
    const typesListed = sbc.sbc.store.catalog.types().length;
    console.log(`production seed through the real CLI: ${count(n)} elements of ${typesHeld.size} types; latency ${o.latencyMs} ms; load average ${loads(loadAtStart)}`);

    // sbc-export --import-file, against the same tool's start-up alone (`--help` loads what it loads).
    const helpStarted = Date.now();
    await runBin("sbc-export", ["--help"]);
    const startup = (Date.now() - helpStarted) / 1000;
    const importFile = path.join(scratch, "import.json");
    const from = proxy.requests.length;
    const beforeExport = counters(sbc);
    const exportStarted = Date.now();
    const exported = await runBin("sbc-export", ["--import-file", importFile], connection);
    const exportSeconds = (Date.now() - exportStarted) / 1000;
    if (exported.code !== 0) throw new Error(`sbc-export --import-file failed: ${exported.stderr}`);
    const exportCounts = since(sbc, beforeExport);
    const exportAsked = sorted(proxy.requests.slice(from));
    const entries = (JSON.parse(fs.readFileSync(importFile, "utf8")) as { resources: { type: string; name: string; id: string }[] }).resources;
    const wanted = new Set(running.map((e) => elementId(e.elementType, keyOf(builtinCatalog.get(e.elementType)!, e.attributes))));
    const named = new Set(entries.map((e) => e.id));
    const missing = [...wanted].filter((id) => !named.has(id));
    check(
      missing.length === 0 && entries.length === n && exportCounts.mutating === 0 && exportCounts.locks === 0,
      `sbc-export --import-file of the production SBC: ${count(entries.length)} entries naming ${count(n - missing.length)} of its ${count(n)} elements${missing.length ? ` (missing ${missing.slice(0, 3).join(", ")}…)` : ""}, ${exportCounts.mutating} mutating requests, ${exportCounts.locks} locks (target every element once, 0, 0)`,
    );
    const exportLists = sum(exportAsked.lists);
    const exportPages = pagesOf(sbc, Object.keys(exportAsked.lists));
    check(
      Object.values(exportAsked.lists).every((c) => c === 1) && exportLists <= typesListed && exportAsked.elementGets === 0 && exportAsked.continuationPages === exportPages && sum(exportAsked.other) === 0,
      `sbc-export --import-file of ${count(n)} elements: ${describeAsked(exportAsked)} (target <= one list per element type the SBC lists (${typesListed}) + ${exportPages} continuation pages + metadata, no element GET); ${typesHeld.size} types hold elements`,
    );
    check(
      exportSeconds <= startup + EXPORT_SECONDS,
      `sbc-export --import-file of ${count(n)} elements: ${exportSeconds.toFixed(1)} s vs its start-up ${startup.toFixed(1)} s (sbc-export --help) + ${EXPORT_SECONDS} s = ${(startup + EXPORT_SECONDS).toFixed(1)} s (target <=)`,
    );

    // pulumi import --file, as sbc-export printed it: ours, then the floor answering with our inputs.
    const printed = /`pulumi (import --file \S+ --out <program file> --yes)`/.exec(exported.stdout)?.[1];
    if (!printed) throw new Error(`sbc-export printed no pulumi import command:\n${exported.stdout}`);
    const importArgs = (out: string) => printed.replace("<program file>", out).split(" ");
    const record = path.join(scratch, "floor-record.json");
    const floorEnv = { BENCH_FLOOR_RECORD: record };

    const importOf = async (name: string, plugin: string, env: Record<string, string>, file = importFile) => {
      const dir = path.join(scratch, name);
      yamlProject(dir);
      const stack = await stackOf(dir, plugin);
      const out = path.join(scratch, `${name}-declarations.yaml`);
      const run = await measure(stack, importArgs(out).map((a) => (a === importFile ? file : a)), env);
      return { stack, dir, out, run };
    };

    console.log("pulumi import --file of every element:");
    const ours = await importOf("import-ours", REAL_PLUGIN, {});
    const shown = JSON.parse((await ours.stack.run(["stack", "export", "--show-secrets"])).stdout) as { deployment: Deployment };
    const imported = (shown.deployment.resources ?? []).filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
    fs.writeFileSync(record, JSON.stringify(recordedInputs(imported)));
    const floor = await importOf("import-floor", FLOOR_PLUGIN, floorEnv);
    const importPair: Pair = { ours: ours.run, floor: floor.run };
    const oursBytes = await elementState(ours.stack);
    const floorBytes = await elementState(floor.stack);
    /** The running configuration is as seeded and nobody holds the lock. */
    const unchangedNow = () => configuration(sbc).join("\n") === start.join("\n") && sbc.sbc.sessions.lockHolder() === undefined;
    const unchanged = unchangedNow();

    const skipping = { PULUMI_SKIP_CHECKPOINTS: "true" };
    const skipOurs = await importOf("import-ours-skip", REAL_PLUGIN, skipping);
    const skipFloor = await importOf("import-floor-skip", FLOOR_PLUGIN, { ...floorEnv, ...skipping });
    const importSkipPair: Pair = { ours: skipOurs.run, floor: skipFloor.run };

    // The floor's growth: an even sample of SAMPLE entries of the same file.
    const sampleFile = path.join(scratch, "import-sample.json");
    const sample = Array.from({ length: SAMPLE }, (_, i) => entries[Math.floor((i * entries.length) / SAMPLE)]);
    fs.writeFileSync(sampleFile, JSON.stringify({ resources: sample }));
    const floorSample = await importOf("import-floor-sample", FLOOR_PLUGIN, floorEnv, sampleFile);
    const sampleBytes = await elementState(floorSample.stack);

    // The take-over: the exported YAML program, every element adopted by `pulumi up`.
    console.log("take-over: pulumi up of the exported YAML program (adopt: true):");
    const programDir = path.join(scratch, "program");
    const program = await runBin("sbc-export", ["--out", programDir, "--name", "sbc-production", "--language", "yaml"], connection);
    if (program.code !== 0) throw new Error(`sbc-export --language yaml failed: ${program.stderr}`);
    const settings = printedConfig(program.stdout);
    const takeOverOf = async (name: string, plugin: string, env: Record<string, string>) => {
      const dir = path.join(scratch, name);
      fs.cpSync(programDir, dir, { recursive: true });
      const stack = await stackOf(dir, plugin, {}, settings.secret);
      await stack.setSecretPaths(settings.secretPaths);
      return measure(stack, ["up", "--yes", "--skip-preview", "--parallel", "1000"], env);
    };
    const takeOver: Pair = { ours: await takeOverOf("takeover-ours", REAL_PLUGIN, {}), floor: await takeOverOf("takeover-floor", FLOOR_PLUGIN, {}) };
    const takeOverSkip: Pair = { ours: await takeOverOf("takeover-ours-skip", REAL_PLUGIN, skipping), floor: await takeOverOf("takeover-floor-skip", FLOOR_PLUGIN, skipping) };
    const keptByTakeOver = unchangedNow();

    // The imported stacks with their declarations: no-change preview and up, then a refresh.
    console.log("the imported stack with its declarations:");
    declare(ours.dir, ours.out);
    declare(floor.dir, floor.out);
    const wide = ["--parallel", "1000"];
    const preview: Pair = { ours: await measure(ours.stack, ["preview", ...wide]), floor: await measure(floor.stack, ["preview", ...wide], floorEnv) };
    const up: Pair = { ours: await measure(ours.stack, ["up", "--yes", "--skip-preview", ...wide]), floor: await measure(floor.stack, ["up", "--yes", "--skip-preview", ...wide], floorEnv) };
    const refresh: Pair = { ours: await measure(ours.stack, ["refresh", "--yes", ...wide]), floor: await measure(floor.stack, ["refresh", "--yes", ...wide], floorEnv) };
    const settled = unchangedNow();

    // A floor that ran other resources than ours measures nothing: stop rather than compare.
    for (const [what, p] of Object.entries({ import: importPair, importSkip: importSkipPair, takeOver, takeOverSkip, preview, up, refresh })) {
      if (sum(p.ours.resources) !== sum(p.floor.resources)) {
        throw new Error(`${what}: the floor's resources ${JSON.stringify(p.floor.resources)} are not ours ${JSON.stringify(p.ours.resources)}`);
      }
    }
    if (floorSample.run.resources.imported !== SAMPLE) throw new Error(`the floor imported ${floorSample.run.resources.imported} of its sample of ${SAMPLE}`);
    const vsFloor = (what: string, p: Pair) => {
      const limit = OVER_FLOOR * p.floor.seconds + SLACK_SECONDS;
      check(p.ours.seconds <= limit, `${what}: ${p.ours.seconds.toFixed(1)} s vs ${OVER_FLOOR} x engine floor ${p.floor.seconds.toFixed(1)} s + ${SLACK_SECONDS} s = ${limit.toFixed(1)} s (target <=)`);
    };
    const changes = (r: Run) => sum(r.resources) - (r.resources.unchanged ?? 0) - (r.resources.imported ?? 0) - (r.resources.created ?? 0);

    const importName = `pulumi import --file of ${count(n)} elements`;
    check(
      ours.run.resources.imported === n && ours.run.mutating === 0 && ours.run.locks === 0 && unchanged,
      `${importName}: ${count(ours.run.resources.imported ?? 0)} imported, ${ours.run.mutating} mutating requests, ${ours.run.locks} locks, running configuration ${unchanged ? "unchanged" : "CHANGED"} (target ${count(n)}, 0, 0, unchanged)`,
    );
    const importBatched = batched(ours.run.asked, typesHeld.size, pagesOf(sbc, Object.keys(ours.run.asked.lists)));
    check(
      importBatched.ok,
      `${importName}: ${(ours.run.requests / n).toFixed(3)} requests per element: ${describeAsked(ours.run.asked)} (target ${importBatched.target})`,
    );
    vsFloor(importName, importPair);
    vsFloor(`${importName}, PULUMI_SKIP_CHECKPOINTS=true`, importSkipPair);
    check(
      oursBytes.bytesPerElement <= 2 * floorBytes.bytesPerElement,
      `state of ${count(oursBytes.elements)} imported elements: ${oursBytes.bytesPerElement.toFixed(0)} bytes per element vs the no-op provider's ${floorBytes.bytesPerElement.toFixed(0)} (target <= 2x = ${(2 * floorBytes.bytesPerElement).toFixed(0)})`,
    );

    const takeOverName = `take-over (pulumi up of the exported YAML program, adopt) of ${count(n)} elements`;
    const adopted = (r: Run) => (r.resources.created ?? 0) - 1;
    check(
      adopted(takeOver.ours) === n && adopted(takeOverSkip.ours) === n && takeOver.ours.mutating + takeOverSkip.ours.mutating === 0 && takeOver.ours.locks + takeOverSkip.ours.locks === 0 && keptByTakeOver,
      `${takeOverName}: ${count(adopted(takeOver.ours))} and ${count(adopted(takeOverSkip.ours))} adopted, ${takeOver.ours.mutating + takeOverSkip.ours.mutating} mutating requests, ${takeOver.ours.locks + takeOverSkip.ours.locks} locks over both runs; ${(takeOver.ours.requests / n).toFixed(3)} requests per element: ${describeAsked(takeOver.ours.asked)} (target ${count(n)}, 0, 0)`,
    );
    vsFloor(takeOverName, takeOver);
    vsFloor(`${takeOverName}, PULUMI_SKIP_CHECKPOINTS=true`, takeOverSkip);

    check(
      preview.ours.requests === 0 && changes(preview.ours) === 0,
      `no-change preview of the ${count(n)} imported elements: ${preview.ours.requests} requests, ${changes(preview.ours)} changes (target 0, 0)`,
    );
    vsFloor(`no-change preview of ${count(n)}`, preview);
    check(
      up.ours.requests === 0 && up.ours.locks === 0 && changes(up.ours) === 0,
      `no-change up of ${count(n)}: ${up.ours.requests} requests (${(up.ours.requests / n).toFixed(3)} per element), ${up.ours.locks} locks, ${changes(up.ours)} changes (target 0, 0, 0, as the preview)`,
    );
    vsFloor(`no-change up of ${count(n)}`, up);
    const refreshBatched = batched(refresh.ours.asked, typesHeld.size, pagesOf(sbc, Object.keys(refresh.ours.asked.lists)));
    check(
      refreshBatched.ok && refresh.ours.mutating === 0 && settled,
      `refresh of ${count(n)}: ${(refresh.ours.requests / n).toFixed(3)} requests per element: ${describeAsked(refresh.ours.asked)}; ${refresh.ours.mutating} mutating, ${changes(refresh.ours)} changes (target ${refreshBatched.target}, no write)`,
    );
    vsFloor(`refresh of ${count(n)}`, refresh);

    const growth = {
      sample: { elements: SAMPLE, seconds: floorSample.run.seconds, bytesPerElement: sampleBytes.bytesPerElement },
      all: { elements: n, seconds: floor.run.seconds, bytesPerElement: floorBytes.bytesPerElement },
    };
    const perSample = growth.sample.seconds / SAMPLE;
    const perAll = growth.all.seconds / n;
    const growthLine =
      `engine floor of pulumi import (checkpoints on): ${count(SAMPLE)} elements ${growth.sample.seconds.toFixed(1)} s (${perElement(growth.sample.seconds, SAMPLE)}, state ${growth.sample.bytesPerElement.toFixed(0)} B/element), ` +
      `${count(n)} elements ${growth.all.seconds.toFixed(1)} s (${perElement(growth.all.seconds, n)}, ${growth.all.bytesPerElement.toFixed(0)} B/element): ` +
      `${(perAll / perSample).toFixed(2)}x the time per element for ${(n / SAMPLE).toFixed(2)}x the elements, ${(growth.all.seconds / growth.sample.seconds).toFixed(1)}x the time in all; ` +
      `with PULUMI_SKIP_CHECKPOINTS=true the ${count(n)} take ${skipFloor.run.seconds.toFixed(1)} s (${perElement(skipFloor.run.seconds, n)})`;
    notes.push(growthLine);
    const minutes = (Date.now() - started) / 60_000;
    notes.push(`these rows took ${minutes.toFixed(1)} min on ${os.availableParallelism()} CPUs, load average (1, 5, 15 min) ${loads(loadAtStart)} at the start and ${loads(os.loadavg())} at the end`);

    const summary: Summary = {
      engine: "pulumi CLI v3.248.0, native sbc plugin, YAML projects; floor: bench/floorPlugin",
      seed: "production",
      elements: n,
      typesHeld: typesHeld.size,
      typesListed,
      latencyMs: o.latencyMs,
      cpus: os.availableParallelism(),
      loadAverage: { start: loadAtStart, end: os.loadavg() },
      export: { seconds: exportSeconds, startupSeconds: startup, entries: entries.length, missing: missing.length, ...exportCounts, asked: exportAsked },
      import: importPair,
      importSkippingCheckpoints: importSkipPair,
      takeOver,
      takeOverSkippingCheckpoints: takeOverSkip,
      preview,
      up,
      refresh,
      state: { ours: oursBytes, floor: floorBytes },
      floorGrowth: { ...growth, secondsPerElementRatio: perAll / perSample },
      notes,
      targets: lines,
    };
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, "results-production-cli.json"), `${JSON.stringify(summary, null, 2)}\n`);
    fs.writeFileSync(path.join(RESULTS, "results-production-cli.md"), markdown(summary));
    console.log([...notes, ...lines].join("\n"));
  } finally {
    // No destroy: imported and adopted resources are protected, and the emulator goes with the run.
    for (const s of stacks) s.discard();
    await proxy.close();
    await sbc.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

interface Summary {
  engine: string;
  seed: string;
  elements: number;
  typesHeld: number;
  typesListed: number;
  latencyMs: number;
  cpus: number;
  loadAverage: { start: number[]; end: number[] };
  export: Counters & { seconds: number; startupSeconds: number; entries: number; missing: number; asked: Asked };
  import: Pair;
  importSkippingCheckpoints: Pair;
  takeOver: Pair;
  takeOverSkippingCheckpoints: Pair;
  preview: Pair;
  up: Pair;
  refresh: Pair;
  state: { ours: { elements: number; bytesPerElement: number }; floor: { elements: number; bytesPerElement: number } };
  floorGrowth: { sample: { elements: number; seconds: number }; all: { elements: number; seconds: number }; secondsPerElementRatio: number };
  notes: string[];
  targets: string[];
}

function markdown(s: Summary): string {
  const perN = (requests: number) => (requests / s.elements).toFixed(3);
  const row = (name: string, p: Pair, bytes = "—") =>
    `| ${name} | ${p.ours.seconds.toFixed(1)} | ${p.floor.seconds.toFixed(1)} | ${(p.ours.seconds / p.floor.seconds).toFixed(2)} | ${perN(p.ours.requests)} | ${p.ours.mutating} | ${p.ours.locks} | ${bytes} |`;
  return [
    `Production seed: ${count(s.elements)} elements of ${s.typesHeld} types, through the real CLI and the native plugin; the floor is the same resources through a plugin that does nothing, in the same run. ` +
      `${s.cpus} CPUs, load average ${loads(s.loadAverage.start)} at the start, ${loads(s.loadAverage.end)} at the end.`,
    "",
    "| run | ours (s) | floor (s) | ours / floor | requests / element | mutating | locks | state bytes / element (ours / floor) |",
    "|---|---|---|---|---|---|---|---|",
    `| sbc-export --import-file | ${s.export.seconds.toFixed(1)} | ${s.export.startupSeconds.toFixed(1)} (its --help) | — | ${perN(s.export.requests)} | ${s.export.mutating} | ${s.export.locks} | — |`,
    row("pulumi import --file", s.import, `${s.state.ours.bytesPerElement.toFixed(0)} / ${s.state.floor.bytesPerElement.toFixed(0)}`),
    row("pulumi import --file, PULUMI_SKIP_CHECKPOINTS=true", s.importSkippingCheckpoints),
    row("take-over: pulumi up of the exported YAML program", s.takeOver),
    row("take-over, PULUMI_SKIP_CHECKPOINTS=true", s.takeOverSkippingCheckpoints),
    row("no-change preview of the imported stack", s.preview),
    row("no-change up", s.up),
    row("refresh", s.refresh),
    `| floor alone: pulumi import --file of ${count(s.floorGrowth.sample.elements)} (an even sample) | — | ${s.floorGrowth.sample.seconds.toFixed(1)} | — | — | — | — | — |`,
    "",
    "```text",
    ...s.notes,
    ...s.targets,
    "```",
    "",
  ].join("\n");
}
