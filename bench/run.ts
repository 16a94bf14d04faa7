/**
 * `npm run bench`: applies stacks of N elements (three dependency waves) to emulators with
 * injected latency, through the engine-faithful harness at the engine's default parallelism,
 * and compares, in the same run, with the naive sequence (lock → mutate → verify → save →
 * activate → unlock per element). Also measures a no-change up, a preview, a refresh, 20
 * SBCs against one, and the export of a 2,000-element SBC (exportBench.ts). Writes
 * bench/results/results.json, results.md and wall-time.svg, and prints one PASS/FAIL line per target.
 *   npm run bench [-- --latency-ms 5 --activate-ms 500 --sizes 50,200,500 --parallel N]
 * With --parallel N the files are named results-parallel-N.json and so on.
 *   npm run bench -- --only export
 * measures the export alone and prints its lines without writing the results files.
 *   npm run bench -- --engine cli [--count 500 --fleet 20 --fleet-count 25]
 * runs the benchmark through the real pulumi CLI instead (bench/cli.ts), then the same graph through
 * the native plugin (bench/nativeCli.ts), then the production seed (bench/productionCli.ts);
 * `--engine native` or `--engine production` runs that one alone.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { EmulatorHandle, startEmulator } from "../emulator";
import { Engine } from "../tests/harness/engine";
import { ProviderProcess } from "../tests/harness/providerProcess";
import { benchThroughCli } from "./cli";
import { exportBench } from "./exportBench";
import { benchNativeThroughCli } from "./nativeCli";
import { benchProductionThroughCli } from "./productionCli";
import { naive } from "./naive";
import { fixedRequests, fixedTarget } from "./fixedRequests";

const { values } = parseArgs({
  options: {
    "latency-ms": { type: "string", default: "5" },
    "activate-ms": { type: "string", default: "500" },
    sizes: { type: "string", default: "50,200,500" },
    parallel: { type: "string" },
    fleet: { type: "string", default: "20" },
    "fleet-count": { type: "string", default: "25" },
    engine: { type: "string", default: "harness" },
    count: { type: "string", default: "500" },
    only: { type: "string" },
  },
});
const LATENCY = Number(values["latency-ms"]);
const ACTIVATE = Number(values["activate-ms"]);
const SIZES = values.sizes!.split(",").map(Number);
const PARALLEL = values.parallel ? Number(values.parallel) : 4 * os.cpus().length;
const PROGRAM = path.join(__dirname, "program");
const RESULTS = path.join(__dirname, "results");
/** Results at the engine's default parallelism are the plain files; others say their parallelism. */
const SUFFIX = values.parallel ? `-parallel-${PARALLEL}` : "";
const WAVES = 3;

interface Measure {
  seconds: number;
  requests: number;
  /**
   * Of those, what a run asks once per SBC whatever its size: the SBC's release and list of types,
   * and the staged check's two reads of every type it lists (docs/performance.md).
   */
  perRun: number;
  mutating: number;
  locks: number;
  activations: number;
  lockHeldSeconds: number;
  peakMemoryMb?: number;
}

function emulator(): Promise<EmulatorHandle> {
  return startEmulator({ latencyMs: LATENCY, activateMs: ACTIVATE });
}

function snapshot(e: EmulatorHandle): Omit<Measure, "seconds"> {
  return {
    requests: e.sbc.stats.requests,
    perRun: fixedRequests(e),
    mutating: e.sbc.stats.mutatingRequests,
    locks: e.sbc.stats.lockAcquisitions,
    activations: e.sbc.operations.completed.activate,
    lockHeldSeconds: e.sbc.stats.lockHeldMs / 1000,
  };
}

function delta(before: Omit<Measure, "seconds">, after: Omit<Measure, "seconds">, seconds: number): Measure {
  return {
    seconds,
    requests: after.requests - before.requests,
    perRun: after.perRun - before.perRun,
    mutating: after.mutating - before.mutating,
    locks: after.locks - before.locks,
    activations: after.activations - before.activations,
    lockHeldSeconds: after.lockHeldSeconds - before.lockHeldSeconds,
  };
}

/** Peak resident memory of the provider process (VmHWM), sampled while it runs. */
function memoryWatch(): { onProvider: (p: ProviderProcess) => void; peakMb: () => number } {
  let peakKb = 0;
  return {
    onProvider: (p) => {
      const timer = setInterval(() => {
        try {
          const status = fs.readFileSync(`/proc/${p.pid}/status`, "utf8");
          peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
        } catch {
          clearInterval(timer);
        }
      }, 100);
    },
    peakMb: () => peakKb / 1024,
  };
}

function engineFor(hosts: string[], count: number, stateFile: string, onProvider?: (p: ProviderProcess) => void): Engine {
  return new Engine({
    programDir: PROGRAM,
    stateFile,
    parallel: PARALLEL,
    config: { "sbc:username": "admin", "sbc:password": "admin", "bench:count": String(count), "bench:hosts": JSON.stringify(hosts) },
    onProvider,
  });
}

async function timed<T>(body: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = Date.now();
  const value = await body();
  return { value, seconds: (Date.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-bench-"));
  const rows: Record<string, unknown>[] = [];
  const lines: string[] = [];
  const check = (ok: boolean, text: string) => lines.push(`${ok ? "PASS" : "FAIL"} ${text}`);
  console.log(`latency ${LATENCY} ms, activate ${ACTIVATE} ms, engine parallelism ${PARALLEL}`);

  let largest: { e: EmulatorHandle; engine: Engine; n: number } | undefined;
  for (const n of SIZES) {
    const e = await emulator();
    const memory = memoryWatch();
    const engine = engineFor([e.url], n, path.join(work, `ours-${n}.json`), memory.onProvider);
    const before = snapshot(e);
    const run = await timed(() => engine.up());
    if (run.value.errors.length > 0) throw new Error(`ours at N=${n} failed: ${run.value.errors[0]}`);
    const ours = { ...delta(before, snapshot(e), run.seconds), peakMemoryMb: memory.peakMb() };
    const created = [...e.sbc.store.stores.running.values()].flat().filter((el) => el.elementType !== "system-config");

    const baseline = await emulator();
    const order = ["realm-config", "sip-interface", "steering-pool", "session-agent", "local-policy"];
    const elements = order.flatMap((type) => created.filter((el) => el.elementType === type)).map((el) => ({
      ...el,
      attributes: Object.fromEntries(Object.entries(el.attributes).filter(([k]) => !k.startsWith("last-modified"))),
    }));
    const naiveRun = await timed(() => naive(baseline, elements));
    const slow = delta({ requests: 0, perRun: 0, mutating: 0, locks: 0, activations: 0, lockHeldSeconds: 0 }, snapshot(baseline), naiveRun.seconds);
    await baseline.close();
    rows.push({ n, elements: created.length, ours, naive: slow, speedup: slow.seconds / ours.seconds });
    console.log(`N=${n}: ours ${ours.seconds.toFixed(1)} s, ${ours.activations} commits; naive ${slow.seconds.toFixed(1)} s`);
    if (largest) await largest.e.close();
    largest = { e, engine, n };
  }

  const { e, engine, n } = largest!;
  const big = rows[rows.length - 1] as { elements: number; ours: Measure; naive: Measure; speedup: number };
  const perElement = (big.ours.requests - big.ours.perRun) / big.elements;
  check(perElement <= 1.1, `N=${n}: ${perElement.toFixed(2)} HTTP requests per element beyond the run's fixed ${big.ours.perRun} (target <= 1.1)`);
  check(big.ours.perRun <= fixedTarget(e), `N=${n}: ${big.ours.perRun} requests fixed per run: the release, the list of types and two reads of each type (target <= ${fixedTarget(e)})`);
  check(big.ours.activations <= WAVES, `N=${n}: ${big.ours.activations} commits for ${WAVES} dependency waves (target <= waves)`);
  check(big.speedup >= 20, `N=${n}: ${big.speedup.toFixed(1)}x faster than naive (target >= 20x)`);
  check((big.ours.peakMemoryMb ?? 0) < 200, `N=${n}: provider peak memory ${(big.ours.peakMemoryMb ?? 0).toFixed(0)} MB (target < 200 MB)`);

  let before = snapshot(e);
  const again = await timed(() => engine.up());
  const noChange = delta(before, snapshot(e), again.seconds);
  check(noChange.mutating === 0 && noChange.locks === 0, `no-change up of ${n}: ${noChange.mutating} mutating requests, ${noChange.locks} locks (target 0, 0)`);
  before = snapshot(e);
  const preview = await timed(() => engine.preview());
  const previewed = delta(before, snapshot(e), preview.seconds);
  check(previewed.requests === 0, `preview of ${n}: ${previewed.requests} requests (target 0)`);
  before = snapshot(e);
  const refresh = await timed(() => engine.refresh());
  const refreshed = delta(before, snapshot(e), refresh.seconds);
  check(refreshed.requests <= 25, `refresh of ${n}: ${refreshed.requests} requests (target <= 25)`);
  await e.close();

  const fleetSize = Number(values.fleet);
  const perSbc = Number(values["fleet-count"]);
  const one = await emulator();
  const alone = await timed(() => engineFor([one.url], perSbc, path.join(work, "one.json")).up());
  await one.close();
  const fleet = await Promise.all(Array.from({ length: fleetSize }, emulator));
  const many = await timed(() => engineFor(fleet.map((f) => f.url), perSbc, path.join(work, "fleet.json")).up());
  await Promise.all(fleet.map((f) => f.close()));
  if (many.value.errors.length > 0) throw new Error(`fleet run failed: ${many.value.errors[0]}`);
  const ratio = many.seconds / alone.seconds;
  check(ratio <= 1.5, `${fleetSize} SBCs x ${perSbc} elements: ${many.seconds.toFixed(1)} s vs one SBC ${alone.seconds.toFixed(1)} s = ${ratio.toFixed(2)}x (target <= 1.5x)`);

  const exported = await exportBench(LATENCY);
  for (const target of exported.targets) check(target.ok, target.text);

  fs.mkdirSync(RESULTS, { recursive: true });
  const summary = { latencyMs: LATENCY, activateMs: ACTIVATE, parallel: PARALLEL, cpus: os.cpus().length, sizes: rows, noChange, previewed, refreshed, fleet: { sbcs: fleetSize, perSbc, seconds: many.seconds, oneSeconds: alone.seconds, ratio }, export: exported, targets: lines };
  fs.writeFileSync(path.join(RESULTS, `results${SUFFIX}.json`), `${JSON.stringify(summary, null, 2)}\n`);
  fs.writeFileSync(path.join(RESULTS, `results${SUFFIX}.md`), markdown(summary.sizes as typeof big[], lines));
  fs.writeFileSync(path.join(RESULTS, `wall-time${SUFFIX}.svg`), chart(rows as { n: number; ours: Measure; naive: Measure }[]));
  console.log(lines.join("\n"));
}

function markdown(rows: { elements: number; ours: Measure; naive: Measure; speedup: number }[], lines: string[]): string {
  const head = "| elements | run | wall time (s) | requests / element beyond the fixed | fixed per run | lock sessions | commits | lock held (s) | provider peak (MB) |\n|---|---|---|---|---|---|---|---|---|";
  const body = rows.flatMap((r) =>
    (["ours", "naive"] as const).map((k) => {
      const m = r[k];
      return `| ${r.elements} | ${k} | ${m.seconds.toFixed(1)} | ${((m.requests - m.perRun) / r.elements).toFixed(2)} | ${m.perRun} | ${m.locks} | ${m.activations} | ${m.lockHeldSeconds.toFixed(1)} | ${m.peakMemoryMb?.toFixed(0) ?? "—"} |`;
    }),
  );
  const ratios = rows.map((r) => `| ${r.elements} | ${r.speedup.toFixed(1)}x |`);
  return `${head}\n${body.join("\n")}\n\n| elements | naive / ours |\n|---|---|\n${ratios.join("\n")}\n\n\`\`\`text\n${lines.join("\n")}\n\`\`\`\n`;
}

function chart(rows: { n: number; ours: Measure; naive: Measure }[]): string {
  const w = 560, h = 320, left = 60, bottom = 40, top = 20, right = 20;
  const maxN = Math.max(...rows.map((r) => r.n));
  const maxT = Math.max(...rows.map((r) => r.naive.seconds));
  const x = (n: number) => left + ((w - left - right) * n) / maxN;
  const y = (t: number) => h - bottom - ((h - bottom - top) * t) / maxT;
  const line = (k: "ours" | "naive") => rows.map((r) => `${x(r.n).toFixed(1)},${y(r[k].seconds).toFixed(1)}`).join(" ");
  const ticks = rows.map((r) => `<text x="${x(r.n)}" y="${h - bottom + 16}" text-anchor="middle" font-size="11">${r.n}</text>`).join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif">
<rect width="${w}" height="${h}" fill="white"/>
<line x1="${left}" y1="${h - bottom}" x2="${w - right}" y2="${h - bottom}" stroke="black"/>
<line x1="${left}" y1="${top}" x2="${left}" y2="${h - bottom}" stroke="black"/>
<text x="${left - 8}" y="${y(maxT) + 4}" text-anchor="end" font-size="11">${maxT.toFixed(0)} s</text>
<text x="${left - 8}" y="${h - bottom + 4}" text-anchor="end" font-size="11">0</text>
${ticks}
<text x="${(w + left) / 2}" y="${h - 6}" text-anchor="middle" font-size="12">elements (N)</text>
<polyline points="${line("naive")}" fill="none" stroke="#c0392b" stroke-width="2"/>
<polyline points="${line("ours")}" fill="none" stroke="#2471a3" stroke-width="2"/>
<text x="${w - right - 120}" y="${top + 14}" font-size="12" fill="#c0392b">naive (per element)</text>
<text x="${w - right - 120}" y="${top + 30}" font-size="12" fill="#2471a3">ours (group commit)</text>
</svg>
`;
}

/** `--only export`: the export measurement alone, printed and not written (the results files hold whole runs). */
async function exportOnly(): Promise<void> {
  console.log(`latency ${LATENCY} ms`);
  const exported = await exportBench(LATENCY);
  console.log(`brownfield seed at scale ${exported.scale}: ${exported.elements} elements of ${exported.types} types`);
  console.log(exported.targets.map((t) => `${t.ok ? "PASS" : "FAIL"} ${t.text}`).join("\n"));
}

if (values.only !== undefined && values.only !== "export") {
  console.error(`--only takes "export" (the one part that runs alone), got "${values.only}"`);
  process.exit(2);
}

const run =
  values.only === "export"
    ? exportOnly
    : values.engine === "cli"
    ? () =>
        benchThroughCli({
          latencyMs: LATENCY,
          activateMs: ACTIVATE,
          count: Number(values.count),
          fleet: Number(values.fleet),
          fleetCount: Number(values["fleet-count"]),
        })
          .then(() => benchNativeThroughCli({ latencyMs: LATENCY, activateMs: ACTIVATE, count: Number(values.count) }))
          .then(() => benchProductionThroughCli({ latencyMs: LATENCY, activateMs: ACTIVATE }))
    : values.engine === "native"
    ? () => benchNativeThroughCli({ latencyMs: LATENCY, activateMs: ACTIVATE, count: Number(values.count) }).then(() => undefined)
    : values.engine === "production"
    ? () => benchProductionThroughCli({ latencyMs: LATENCY, activateMs: ACTIVATE })
    : main;

run().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
