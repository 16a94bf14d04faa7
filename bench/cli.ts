/**
 * `npm run bench -- --engine cli`: the benchmark through the real `pulumi` CLI (found or built by
 * scripts/pulumi-cli.sh), on a local file backend, against emulators with injected latency. In one
 * run it measures the 500-element stack at the engine's default parallelism and at
 * `--parallel 1000`, the same graph with a provider that does nothing (the engine's floor), the
 * naive per-element sequence, 20 SBCs × 25 elements against one SBC × 500, a preview and a
 * refresh of the 500, and the provider process's memory; then prints one PASS/FAIL line per
 * target and writes bench/results/results-cli.{json,md}.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EmulatorHandle, startEmulator } from "../emulator";
import { ConfigElement } from "../client/types";
import { CliStack } from "../tests/e2e/support/pulumiCli";
import { peakMemoryKb, providerProcesses } from "../tests/e2e/support/providerProcesses";
import { Counters, counters } from "../tests/e2e/support/sbc";
import { naive } from "./naive";

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
    for (const pid of providerProcesses()) peakKb = Math.max(peakKb, peakMemoryKb(pid));
  };
  const timer = setInterval(sample, 100);
  try {
    return { value: await body(), peakMb: peakKb / 1024 };
  } finally {
    clearInterval(timer);
  }
}

async function measure(stack: CliStack, emulators: EmulatorHandle[], args: string[]): Promise<Run> {
  const before = counts(emulators);
  const started = Date.now();
  const { peakMb } = await withProviderMemory(() => stack.run(args));
  const seconds = (Date.now() - started) / 1000;
  const after = counts(emulators);
  return {
    seconds,
    providerPeakMb: peakMb,
    requests: after.requests - before.requests,
    mutating: after.mutating - before.mutating,
    locks: after.locks - before.locks,
    activations: after.activations - before.activations,
  };
}

export async function benchThroughCli(o: CliBenchOptions): Promise<void> {
  const parallelDefault = 4 * os.availableParallelism();
  const emulator = () => startEmulator({ latencyMs: o.latencyMs, activateMs: o.activateMs });
  const open: EmulatorHandle[] = [];
  const stacks: CliStack[] = [];
  const stackOn = async (hosts: string[], count: number, extra: Record<string, string> = {}) => {
    const s = new CliStack(PROGRAM, "bench");
    stacks.push(s);
    await s.init({ "sbc:username": "admin", "bench:count": String(count), "bench:hosts": JSON.stringify(hosts), ...extra }, { "sbc:password": "admin" });
    return s;
  };
  const lines: string[] = [];
  const check = (ok: boolean, text: string) => lines.push(`${ok ? "PASS" : "FAIL"} ${text}`);
  console.log(`through the real CLI: latency ${o.latencyMs} ms, activate ${o.activateMs} ms, ${o.count} elements, engine default parallelism ${parallelDefault}`);
  try {
    const groups = Math.floor(o.count / 5);
    const waves = [groups, 3 * groups, groups];

    const floorSbc = await emulator();
    open.push(floorSbc);
    const floor = await measure(await stackOn([floorSbc.url], o.count, { "bench:floor": "true" }), [], ["up", "--yes", "--skip-preview", "--parallel", "1000"]);
    console.log(`floor (no-op provider, --parallel 1000): ${floor.seconds.toFixed(1)} s, provider peak ${floor.providerPeakMb.toFixed(0)} MB`);

    const defSbc = await emulator();
    open.push(defSbc);
    const atDefault = await measure(await stackOn([defSbc.url], o.count), [defSbc], ["up", "--yes", "--skip-preview"]);
    console.log(`default parallelism: ${atDefault.seconds.toFixed(1)} s, ${atDefault.activations} commits`);
    const expected = waves.reduce((n, w) => n + Math.ceil(w / parallelDefault), 0);
    check(atDefault.activations <= expected, `default parallelism (${parallelDefault}): ${atDefault.activations} commits for waves of ${waves.join("/")} (target <= ${expected} = sum of ceil(wave/parallel))`);

    const sbc = await emulator();
    open.push(sbc);
    const stack = await stackOn([sbc.url], o.count);
    const wide = await measure(stack, [sbc], ["up", "--yes", "--skip-preview", "--parallel", "1000"]);
    console.log(`--parallel 1000: ${wide.seconds.toFixed(1)} s, ${wide.activations} commits`);
    const elements = [...sbc.sbc.store.stores.running.values()].flat().filter((e) => e.elementType !== "system-config");

    const naiveSbc = await emulator();
    open.push(naiveSbc);
    const order = ["realm-config", "sip-interface", "steering-pool", "session-agent", "local-policy"];
    const sequence: ConfigElement[] = order.flatMap((type) => elements.filter((e) => e.elementType === type)).map((e) => ({
      ...e,
      attributes: Object.fromEntries(Object.entries(e.attributes).filter(([k]) => !k.startsWith("last-modified"))),
    }));
    const naiveStarted = Date.now();
    await naive(naiveSbc, sequence);
    const naiveSeconds = (Date.now() - naiveStarted) / 1000;
    console.log(`naive: ${naiveSeconds.toFixed(1)} s`);

    const commitSeconds = (WAVES * (o.activateMs + 2 * Math.round(o.activateMs / 5))) / 1000;
    check(wide.requests / elements.length <= 1.1, `--parallel 1000, N=${elements.length}: ${(wide.requests / elements.length).toFixed(2)} HTTP requests per element (target <= 1.1)`);
    check(wide.activations <= WAVES, `--parallel 1000, N=${elements.length}: ${wide.activations} commits for ${WAVES} dependency waves (target <= waves)`);
    check(naiveSeconds / wide.seconds >= 30, `--parallel 1000, N=${elements.length}: ${(naiveSeconds / wide.seconds).toFixed(1)}x faster than naive (${naiveSeconds.toFixed(1)} s; target >= 30x)`);
    check(
      wide.seconds <= floor.seconds + commitSeconds + 2,
      `--parallel 1000, N=${elements.length}: ${wide.seconds.toFixed(1)} s vs engine floor ${floor.seconds.toFixed(1)} s + SBC commit time ${commitSeconds.toFixed(1)} s + 2 s (target <=)`,
    );
    const growth = wide.providerPeakMb - floor.providerPeakMb;
    check(growth <= 100, `provider memory: peak ${wide.providerPeakMb.toFixed(0)} MB, ${growth.toFixed(0)} MB over the idle provider's ${floor.providerPeakMb.toFixed(0)} MB (target <= 100 MB)`);

    const preview = await measure(stack, [sbc], ["preview", "--parallel", "1000"]);
    check(preview.requests === 0, `preview of ${elements.length}: ${preview.requests} requests (target 0)`);
    const refresh = await measure(stack, [sbc], ["refresh", "--yes", "--parallel", "1000"]);
    check(refresh.requests <= 25, `refresh of ${elements.length}: ${refresh.requests} requests (target <= 25)`);

    const fleet = await Promise.all(Array.from({ length: o.fleet }, emulator));
    open.push(...fleet);
    const many = await measure(await stackOn(fleet.map((f) => f.url), o.fleetCount), fleet, ["up", "--yes", "--skip-preview", "--parallel", "1000"]);
    const ratio = many.seconds / wide.seconds;
    check(ratio <= 1.1, `${o.fleet} SBCs x ${o.fleetCount} elements: ${many.seconds.toFixed(1)} s vs one SBC x ${elements.length}: ${wide.seconds.toFixed(1)} s = ${ratio.toFixed(2)}x (target <= 1.1x)`);

    fs.mkdirSync(RESULTS, { recursive: true });
    const summary = { engine: "pulumi CLI v3.248.0", latencyMs: o.latencyMs, activateMs: o.activateMs, cpus: os.availableParallelism(), parallelDefault, elements: elements.length, waves, floor, atDefault, wide, naiveSeconds, preview, refresh, fleet: { sbcs: o.fleet, perSbc: o.fleetCount, run: many }, targets: lines };
    fs.writeFileSync(path.join(RESULTS, "results-cli.json"), `${JSON.stringify(summary, null, 2)}\n`);
    fs.writeFileSync(path.join(RESULTS, "results-cli.md"), markdown(summary));
    console.log(lines.join("\n"));
  } finally {
    await Promise.all(stacks.map((s) => s.dispose()));
    await Promise.all(open.map((e) => e.close()));
  }
}

function markdown(s: { elements: number; floor: Run; atDefault: Run; wide: Run; naiveSeconds: number; preview: Run; refresh: Run; fleet: { sbcs: number; perSbc: number; run: Run }; parallelDefault: number; targets: string[] }): string {
  const row = (name: string, r: Run, n: number) =>
    `| ${name} | ${r.seconds.toFixed(1)} | ${(r.requests / n).toFixed(2)} | ${r.locks} | ${r.activations} | ${r.providerPeakMb.toFixed(0)} |`;
  return [
    "| run (real CLI) | wall time (s) | requests / element | lock sessions | commits | provider peak (MB) |",
    "|---|---|---|---|---|---|",
    row(`${s.elements} elements, default parallelism (${s.parallelDefault})`, s.atDefault, s.elements),
    row(`${s.elements} elements, --parallel 1000`, s.wide, s.elements),
    row(`${s.elements} elements, no-op provider (floor)`, s.floor, s.elements),
    `| ${s.elements} elements, naive per-element sequence | ${s.naiveSeconds.toFixed(1)} | — | ${s.elements} | ${s.elements} | — |`,
    row(`${s.fleet.sbcs} SBCs × ${s.fleet.perSbc} elements, --parallel 1000`, s.fleet.run, s.fleet.sbcs * s.fleet.perSbc),
    row(`preview of ${s.elements}`, s.preview, s.elements),
    row(`refresh of ${s.elements}`, s.refresh, s.elements),
    "",
    "```text",
    ...s.targets,
    "```",
    "",
  ].join("\n");
}
