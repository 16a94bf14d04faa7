/**
 * `npm run bench -- --engine cli`: the benchmark through the real `pulumi` CLI (found or built by
 * scripts/pulumi-cli.sh), on a local file backend, against emulators with injected latency, in a
 * project that installs the package's tarball as users do (a linked package would be serialized
 * into `__provider` by value). In one run it measures N and 2N elements at `--parallel 1000`,
 * ours and the same graph with a provider that does nothing (the engine's floor), with the state
 * bytes per element both leave (`pulumi stack export`); N with PULUMI_SKIP_CHECKPOINTS=true; N at
 * the engine's default parallelism; the naive per-element sequence; 20 SBCs × 25 elements against
 * one SBC × N; a preview and a refresh of N; and the provider process's memory. Then it prints one PASS/FAIL line per target and writes
 * bench/results/results-cli.{json,md}.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EmulatorHandle, startEmulator } from "../emulator";
import { ConfigElement } from "../client/types";
import { CliStack, ROOT } from "../tests/e2e/support/pulumiCli";
import { peakMemoryKb, providerProcesses } from "../tests/e2e/support/providerProcesses";
import { Counters, counters } from "../tests/e2e/support/sbc";
import { install, pack, userProject } from "../tests/e2e/support/userProject";
import { stateBytesPerElement } from "./stateSize";
import { naive } from "./naive";
import { fixedRequests, fixedTarget } from "./fixedRequests";

const PROGRAM = path.join(__dirname, "program");
const RESULTS = path.join(__dirname, "results");
const WAVES = 3;

export interface CliBenchOptions {
  latencyMs: number;
  activateMs: number;
  count: number;
  fleet: number;
  fleetCount: number;
}

interface Run extends Counters {
  seconds: number;
  /** Of the requests, those a run asks each SBC once (fixedRequests.ts). */
  perRun: number;
  /** Peak resident memory of the dynamic-provider process(es), MB. */
  providerPeakMb: number;
}

/** The e2e suite's counters, summed over several SBCs. */
function counts(emulators: EmulatorHandle[]): Counters {
  return emulators.map(counters).reduce((a, b) => ({
    requests: a.requests + b.requests,
    mutating: a.mutating + b.mutating,
    locks: a.locks + b.locks,
    activations: a.activations + b.activations,
  }), { requests: 0, mutating: 0, locks: 0, activations: 0 });
}

/** Peak VmHWM of every dynamic-provider process seen while `body` runs, sampled every 100 ms. */
async function withProviderMemory<T>(body: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  let peakKb = 0;
  const sample = () => {
    for (const pid of providerProcesses(process.pid)) peakKb = Math.max(peakKb, peakMemoryKb(pid));
  };
  const timer = setInterval(sample, 100);
  try {
    return { value: await body(), peakMb: peakKb / 1024 };
  } finally {
    clearInterval(timer);
  }
}

async function measure(stack: CliStack, emulators: EmulatorHandle[], args: string[], env?: Record<string, string>): Promise<Run> {
  const before = counts(emulators);
  const fixedBefore = emulators.reduce((sum, e) => sum + fixedRequests(e), 0);
  const started = Date.now();
  // No step timeout: on a loaded machine one run may take many minutes.
  const { peakMb } = await withProviderMemory(() => stack.run(args, { env, timeoutMs: 3_600_000 }));
  const seconds = (Date.now() - started) / 1000;
  const after = counts(emulators);
  return {
    seconds,
    providerPeakMb: peakMb,
    requests: after.requests - before.requests,
    perRun: emulators.reduce((sum, e) => sum + fixedRequests(e), 0) - fixedBefore,
    mutating: after.mutating - before.mutating,
    locks: after.locks - before.locks,
    activations: after.activations - before.activations,
  };
}

/** One size at --parallel 1000: ours and the floor, the time target, and what each element leaves in state. */
interface SizeRun {
  elements: number;
  ours: Run;
  floor: Run;
  oursBytes: number;
  floorBytes: number;
}

export async function benchThroughCli(o: CliBenchOptions): Promise<void> {
  const parallelDefault = 4 * os.availableParallelism();
  const emulator = () => startEmulator({ latencyMs: o.latencyMs, activateMs: o.activateMs });
  const open: EmulatorHandle[] = [];
  const stacks: CliStack[] = [];
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-bench-cli-"));
  const project = await userProject(path.join(scratch, "project"), PROGRAM);
  await install(project, await pack(ROOT, scratch));
  const stackOn = async (hosts: string[], count: number, extra: Record<string, string> = {}) => {
    const s = new CliStack(project, "bench");
    stacks.push(s);
    await s.init({ "sbc:username": "admin", "bench:count": String(count), "bench:hosts": JSON.stringify(hosts), ...extra }, { "sbc:password": "admin" });
    return s;
  };
  const wideUp = ["up", "--yes", "--skip-preview", "--parallel", "1000"];
  const lines: string[] = [];
  const check = (ok: boolean, text: string) => lines.push(`${ok ? "PASS" : "FAIL"} ${text}`);
  console.log(`through the real CLI: latency ${o.latencyMs} ms, activate ${o.activateMs} ms, ${o.count} and ${2 * o.count} elements, engine default parallelism ${parallelDefault}`);
  try {
    const groups = Math.floor(o.count / 5);
    const waves = [groups, 3 * groups, groups];
    const commitSeconds = (WAVES * (o.activateMs + 2 * Math.round(o.activateMs / 5))) / 1000;

    /** N elements at --parallel 1000, the floor's stack then ours, each on an SBC of its own. */
    const atSize = async (count: number): Promise<{ size: SizeRun; stack: CliStack; sbc: EmulatorHandle }> => {
      const floorSbc = await emulator();
      open.push(floorSbc);
      const floorStack = await stackOn([floorSbc.url], count, { "bench:floor": "true" });
      const floor = await measure(floorStack, [], wideUp);
      const sbc = await emulator();
      open.push(sbc);
      const stack = await stackOn([sbc.url], count);
      const ours = await measure(stack, [sbc], wideUp);
      const elements = [...sbc.sbc.store.stores.running.values()].flat().filter((e) => e.elementType !== "system-config").length;
      const size = { elements, ours, floor, oursBytes: await stateBytesPerElement(stack), floorBytes: await stateBytesPerElement(floorStack) };
      console.log(`N=${elements}, --parallel 1000: ${ours.seconds.toFixed(1)} s (${ours.activations} commits), floor ${floor.seconds.toFixed(1)} s; state ${size.oursBytes.toFixed(0)} B/element, floor's ${size.floorBytes.toFixed(0)}`);
      return { size, stack, sbc };
    };

    const first = await atSize(o.count);
    const { stack, sbc } = first;
    const wide = first.size.ours;
    const n = first.size.elements;

    // The engine writing the state once at the end instead of twice per step (docs/performance.md, "PULUMI_SKIP_CHECKPOINTS").
    const skipSbc = await emulator();
    open.push(skipSbc);
    const skipping = await measure(await stackOn([skipSbc.url], o.count), [skipSbc], wideUp, { PULUMI_SKIP_CHECKPOINTS: "true" });
    console.log(`--parallel 1000, PULUMI_SKIP_CHECKPOINTS=true: ${skipping.seconds.toFixed(1)} s`);

    const defSbc = await emulator();
    open.push(defSbc);
    const atDefault = await measure(await stackOn([defSbc.url], o.count), [defSbc], ["up", "--yes", "--skip-preview"]);
    console.log(`default parallelism: ${atDefault.seconds.toFixed(1)} s, ${atDefault.activations} commits`);
    const expected = waves.reduce((sum, w) => sum + Math.ceil(w / parallelDefault), 0);
    check(atDefault.activations <= expected, `default parallelism (${parallelDefault}): ${atDefault.activations} commits for waves of ${waves.join("/")} (target <= ${expected} = sum of ceil(wave/parallel))`);

    const naiveSbc = await emulator();
    open.push(naiveSbc);
    const order = ["realm-config", "sip-interface", "steering-pool", "session-agent", "local-policy"];
    const made = [...sbc.sbc.store.stores.running.values()].flat().filter((e) => e.elementType !== "system-config");
    const sequence: ConfigElement[] = order.flatMap((type) => made.filter((e) => e.elementType === type)).map((e) => ({
      ...e,
      attributes: Object.fromEntries(Object.entries(e.attributes).filter(([k]) => !k.startsWith("last-modified"))),
    }));
    const naiveStarted = Date.now();
    await naive(naiveSbc, sequence);
    const naiveSeconds = (Date.now() - naiveStarted) / 1000;
    console.log(`naive: ${naiveSeconds.toFixed(1)} s`);

    const second = await atSize(2 * o.count);
    const sizes = [first.size, second.size];
    for (const size of sizes) {
      const { elements, ours, floor } = size;
      const perElement = (ours.requests - ours.perRun) / elements;
      check(perElement <= 1.1, `--parallel 1000, N=${elements}: ${perElement.toFixed(2)} HTTP requests per element beyond the run's fixed ${ours.perRun} (target <= 1.1)`);
      check(ours.perRun <= fixedTarget(sbc), `--parallel 1000, N=${elements}: ${ours.perRun} requests fixed per run: the release, the list of types and two reads of each type (target <= ${fixedTarget(sbc)})`);
      check(ours.activations <= WAVES, `--parallel 1000, N=${elements}: ${ours.activations} commits for ${WAVES} dependency waves (target <= waves)`);
      const limit = 1.15 * floor.seconds + commitSeconds + 2;
      check(
        ours.seconds <= limit,
        `--parallel 1000, N=${elements}: ${ours.seconds.toFixed(1)} s vs 1.15 x engine floor ${floor.seconds.toFixed(1)} s + SBC commit time ${commitSeconds.toFixed(1)} s + 2 s = ${limit.toFixed(1)} s (target <=)`,
      );
      check(
        size.oursBytes <= 2 * size.floorBytes,
        `state of N=${elements}: ${size.oursBytes.toFixed(0)} bytes per element vs the no-op provider's ${size.floorBytes.toFixed(0)} (target <= 2x = ${(2 * size.floorBytes).toFixed(0)})`,
      );
    }
    const growth = wide.providerPeakMb - first.size.floor.providerPeakMb;
    check(growth <= 100, `provider memory: peak ${wide.providerPeakMb.toFixed(0)} MB, ${growth.toFixed(0)} MB over the idle provider's ${first.size.floor.providerPeakMb.toFixed(0)} MB (target <= 100 MB)`);

    const preview = await measure(stack, [sbc], ["preview", "--parallel", "1000"]);
    check(preview.requests === 0, `preview of ${n}: ${preview.requests} requests (target 0)`);
    const refresh = await measure(stack, [sbc], ["refresh", "--yes", "--parallel", "1000"]);
    check(refresh.requests <= 25, `refresh of ${n}: ${refresh.requests} requests (target <= 25)`);

    const fleet = await Promise.all(Array.from({ length: o.fleet }, emulator));
    open.push(...fleet);
    const many = await measure(await stackOn(fleet.map((f) => f.url), o.fleetCount), fleet, wideUp);
    const ratio = many.seconds / wide.seconds;
    check(ratio <= 1.1, `${o.fleet} SBCs x ${o.fleetCount} elements: ${many.seconds.toFixed(1)} s vs one SBC x ${n}: ${wide.seconds.toFixed(1)} s = ${ratio.toFixed(2)}x (target <= 1.1x)`);
    // No target: the engine's floor alone is more than a thirtieth of the naive sequence.
    const naiveLine = `naive per-element sequence of ${n}: ${naiveSeconds.toFixed(1)} s, ${(naiveSeconds / wide.seconds).toFixed(1)}x our --parallel 1000 time (the floor alone: ${(naiveSeconds / first.size.floor.seconds).toFixed(1)}x)`;

    fs.mkdirSync(RESULTS, { recursive: true });
    const summary = { engine: "pulumi CLI v3.248.0", latencyMs: o.latencyMs, activateMs: o.activateMs, cpus: os.availableParallelism(), parallelDefault, elements: n, waves, sizes, skipping, atDefault, naiveSeconds, preview, refresh, fleet: { sbcs: o.fleet, perSbc: o.fleetCount, run: many }, naive: naiveLine, targets: lines };
    fs.writeFileSync(path.join(RESULTS, "results-cli.json"), `${JSON.stringify(summary, null, 2)}\n`);
    fs.writeFileSync(path.join(RESULTS, "results-cli.md"), markdown(summary));
    console.log(naiveLine);
    console.log(lines.join("\n"));
  } finally {
    await Promise.all(stacks.map((s) => s.dispose()));
    await Promise.all(open.map((e) => e.close()));
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function markdown(s: { elements: number; sizes: SizeRun[]; skipping: Run; atDefault: Run; naiveSeconds: number; preview: Run; refresh: Run; fleet: { sbcs: number; perSbc: number; run: Run }; parallelDefault: number; naive: string; targets: string[] }): string {
  const row = (name: string, r: Run, n: number, bytes?: number) =>
    `| ${name} | ${r.seconds.toFixed(1)} | ${((r.requests - r.perRun) / n).toFixed(2)} | ${r.perRun} | ${r.locks} | ${r.activations} | ${r.providerPeakMb.toFixed(0)} | ${bytes === undefined ? "—" : bytes.toFixed(0)} |`;
  return [
    "| run (real CLI) | wall time (s) | requests / element beyond the fixed | fixed per run | lock sessions | commits | provider peak (MB) | state bytes / element |",
    "|---|---|---|---|---|---|---|---|",
    row(`${s.elements} elements, default parallelism (${s.parallelDefault})`, s.atDefault, s.elements),
    ...s.sizes.flatMap((size) => [
      row(`${size.elements} elements, --parallel 1000`, size.ours, size.elements, size.oursBytes),
      row(`${size.elements} elements, no-op provider (floor)`, size.floor, size.elements, size.floorBytes),
    ]),
    row(`${s.elements} elements, --parallel 1000, PULUMI_SKIP_CHECKPOINTS=true`, s.skipping, s.elements),
    `| ${s.elements} elements, naive per-element sequence | ${s.naiveSeconds.toFixed(1)} | — | ${s.elements} | ${s.elements} | — | — |`,
    row(`${s.fleet.sbcs} SBCs × ${s.fleet.perSbc} elements, --parallel 1000`, s.fleet.run, s.fleet.sbcs * s.fleet.perSbc),
    row(`preview of ${s.elements}`, s.preview, s.elements),
    row(`refresh of ${s.elements}`, s.refresh, s.elements),
    "",
    "```text",
    s.naive,
    ...s.targets,
    "```",
    "",
  ].join("\n");
}
