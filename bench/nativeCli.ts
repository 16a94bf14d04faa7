/**
 * The benchmark's graph through the native `sbc` plugin under the real CLI (issue 22, part 8): the
 * same N elements in three dependency waves as bench/program, written as a YAML program, applied
 * at `--parallel 1000` against an emulator with injected latency, and compared with the same
 * floor as the dynamic path (bench/program's graph on a provider that does nothing). Reports wall
 * time, state bytes per element, HTTP requests per element and commits, with PASS/FAIL lines, and
 * writes bench/results/results-native-cli.json.
 *   npm run bench -- --engine native [--count 500]   (this row alone; `--engine cli` runs it too)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EmulatorHandle, startEmulator } from "../emulator";
import { CliStack } from "../tests/e2e/support/pulumiCli";
import { counters } from "../tests/e2e/support/sbc";
import { elementState, stateBytesPerElement } from "./stateSize";
import { fixedRequests, fixedTarget } from "./fixedRequests";

const ROOT = path.resolve(__dirname, "..");
const FLOOR_PROGRAM = path.join(__dirname, "program");
const RESULTS = path.join(__dirname, "results");
const WAVES = 3;

export interface NativeBenchOptions {
  latencyMs: number;
  activateMs: number;
  count: number;
}

export interface NativeBenchRow {
  elements: number;
  seconds: number;
  floorSeconds: number;
  stateBytesPerElement: number;
  floorStateBytesPerElement: number;
  /** Beyond what the run asks the SBC once (fixedRequests.ts). */
  requestsPerElement: number;
  fixedRequests: number;
  locks: number;
  commits: number;
  targets: string[];
}

/**
 * bench/program's graph as a YAML program for the plugin built in this checkout (bin/): per group a
 * realm; its sip-interface, steering-pool and session-agent; a local-policy to that agent.
 */
export function benchYamlProgram(count: number): object {
  const resources: Record<string, { type: string; properties: Record<string, unknown> }> = {};
  for (let i = 0; i < Math.max(1, Math.floor(count / 5)); i++) {
    const realm = `\${realm_${i}.identifier}`;
    resources[`realm_${i}`] = { type: "sbc:RealmConfig", properties: { identifier: `realm-${i}` } };
    resources[`sip_${i}`] = { type: "sbc:SipInterface", properties: { realmId: realm, sipPorts: [{ address: "192.0.2.10", port: 5060 + i, transportProtocol: "UDP" }] } };
    resources[`media_${i}`] = { type: "sbc:SteeringPool", properties: { ipAddress: "192.0.2.20", startPort: 10000 + i * 10, endPort: 10009 + i * 10, realmId: realm } };
    resources[`peer_${i}`] = { type: "sbc:SessionAgent", properties: { hostname: `peer-${i}.example.net`, realmId: realm } };
    resources[`route_${i}`] = {
      type: "sbc:LocalPolicy",
      properties: { fromAddress: ["*"], toAddress: [`+1555${String(i).padStart(4, "0")}`], sourceRealm: ["*"], policyAttributes: [{ nextHop: `\${peer_${i}.hostname}`, realm }] },
    };
  }
  return { name: "sbc-bench-yaml", runtime: "yaml", plugins: { providers: [{ name: "sbc", path: path.join(ROOT, "bin") }] }, resources };
}

function markdown(row: NativeBenchRow): string {
  return [
    "| run (real CLI, YAML program, native plugin) | wall time (s) | requests / element beyond the fixed | fixed per run | lock sessions | commits | state bytes / element |",
    "|---|---|---|---|---|---|---|",
    `| ${row.elements} elements, --parallel 1000 | ${row.seconds.toFixed(1)} | ${row.requestsPerElement.toFixed(2)} | ${row.fixedRequests} | ${row.locks} | ${row.commits} | ${row.stateBytesPerElement.toFixed(0)} |`,
    `| ${row.elements} elements, no-op provider (floor) | ${row.floorSeconds.toFixed(1)} | 0.00 | 0 | 0 | 0 | ${row.floorStateBytesPerElement.toFixed(0)} |`,
    "",
    "```text",
    ...row.targets,
    "```",
    "",
  ].join("\n");
}

async function timed<T>(body: () => Promise<T>): Promise<number> {
  const started = Date.now();
  await body();
  return (Date.now() - started) / 1000;
}

export async function benchNativeThroughCli(o: NativeBenchOptions): Promise<NativeBenchRow> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-bench-native-"));
  const open: EmulatorHandle[] = [];
  const stacks: CliStack[] = [];
  const emulator = async () => {
    const e = await startEmulator({ latencyMs: o.latencyMs, activateMs: o.activateMs });
    open.push(e);
    return e;
  };
  const lines: string[] = [];
  const check = (ok: boolean, text: string) => lines.push(`${ok ? "PASS" : "FAIL"} ${text}`);
  console.log(`native plugin through the real CLI: latency ${o.latencyMs} ms, activate ${o.activateMs} ms, ${o.count} elements`);
  try {
    const floorSbc = await emulator();
    const floorStack = new CliStack(FLOOR_PROGRAM, "bench-floor");
    stacks.push(floorStack);
    await floorStack.init({ "sbc:username": "admin", "bench:count": String(o.count), "bench:hosts": JSON.stringify([floorSbc.url]), "bench:floor": "true" }, { "sbc:password": "admin" });
    const floorSeconds = await timed(() => floorStack.run(["up", "--yes", "--skip-preview", "--parallel", "1000"]));
    console.log(`floor (no-op provider, --parallel 1000): ${floorSeconds.toFixed(1)} s`);

    fs.writeFileSync(path.join(work, "Pulumi.yaml"), JSON.stringify(benchYamlProgram(o.count), null, 1));
    const sbc = await emulator();
    const stack = new CliStack(work, "bench-native");
    stacks.push(stack);
    await stack.init({ "sbc:host": sbc.url, "sbc:username": "admin" }, { "sbc:password": "admin" });
    const before = counters(sbc);
    const fixedBefore = fixedRequests(sbc);
    const seconds = await timed(() => stack.run(["up", "--yes", "--skip-preview", "--parallel", "1000"]));
    const after = counters(sbc);
    const fixed = fixedRequests(sbc) - fixedBefore;
    const { elements, bytesPerElement } = await elementState(stack);
    const row: NativeBenchRow = {
      elements,
      seconds,
      floorSeconds,
      stateBytesPerElement: bytesPerElement,
      floorStateBytesPerElement: await stateBytesPerElement(floorStack),
      requestsPerElement: (after.requests - before.requests - fixed) / elements,
      fixedRequests: fixed,
      locks: after.locks - before.locks,
      commits: after.activations - before.activations,
      targets: lines,
    };
    console.log(`native plugin, --parallel 1000: ${seconds.toFixed(1)} s, ${row.commits} commits, ${row.stateBytesPerElement.toFixed(0)} state bytes per element`);

    const commitSeconds = (WAVES * (o.activateMs + 2 * Math.round(o.activateMs / 5))) / 1000;
    check(row.elements === o.count, `native plugin: ${row.elements} elements in the stack (target ${o.count})`);
    check(row.requestsPerElement <= 1.1, `native plugin, --parallel 1000, N=${elements}: ${row.requestsPerElement.toFixed(2)} HTTP requests per element beyond the run's fixed ${fixed} (target <= 1.1)`);
    check(fixed <= fixedTarget(sbc), `native plugin, --parallel 1000, N=${elements}: ${fixed} requests fixed per run: the release, the list of types and two reads of each type (target <= ${fixedTarget(sbc)})`);
    check(row.commits <= WAVES, `native plugin, --parallel 1000, N=${elements}: ${row.commits} commits for ${WAVES} dependency waves (target <= waves)`);
    check(
      seconds <= floorSeconds + commitSeconds + 2,
      `native plugin, --parallel 1000, N=${elements}: ${seconds.toFixed(1)} s vs engine floor ${floorSeconds.toFixed(1)} s + SBC commit time ${commitSeconds.toFixed(1)} s + 2 s (target <=)`,
    );
    check(
      row.stateBytesPerElement <= 2 * row.floorStateBytesPerElement,
      `native plugin, state of N=${elements}: ${row.stateBytesPerElement.toFixed(0)} bytes per element vs the no-op provider's ${row.floorStateBytesPerElement.toFixed(0)} (target <= 2x = ${(2 * row.floorStateBytesPerElement).toFixed(0)})`,
    );
    console.log(lines.join("\n"));
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, "results-native-cli.json"), `${JSON.stringify({ engine: "pulumi CLI v3.248.0, native sbc plugin, YAML program", latencyMs: o.latencyMs, activateMs: o.activateMs, ...row }, null, 2)}\n`);
    fs.writeFileSync(path.join(RESULTS, "results-native-cli.md"), markdown(row));
    return row;
  } finally {
    await Promise.all(stacks.map((s) => s.dispose()));
    await Promise.all(open.map((e) => e.close()));
    fs.rmSync(work, { recursive: true, force: true });
  }
}
