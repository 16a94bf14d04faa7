/**
 * `npm run soak`: 10,000 create/update/delete operations through the provider's implementation
 * (the code the plugin runs), 16 at a time as the engine would send them, over many lock sessions,
 * against an emulator that faults about 1% of requests (resets before and after applying, 500/503,
 * token expiry, lost lock) and fails an occasional verify or activate. It keeps what the engine
 * would record — new outputs on success, the old state on failure — and at the end compares that
 * with the SBC: lost updates and stuck locks must be 0.
 *   npm run soak [-- --operations 10000 --parallel 16 --fault-rate 0.01]
 */
import { parseArgs } from "node:util";
import { startEmulator } from "../emulator";
import { FaultRule, seededRandom } from "../emulator/faults";
import { elementProvider } from "../provider/dynamic/elementProvider";
import { ElementInputs, ElementOutputs } from "../provider/core/elements/elementState";

const { values } = parseArgs({
  options: {
    operations: { type: "string", default: "10000" },
    parallel: { type: "string", default: "16" },
    "fault-rate": { type: "string", default: "0.01" },
    keys: { type: "string", default: "300" },
    seed: { type: "string", default: "1" },
  },
});
const OPERATIONS = Number(values.operations);
const PARALLEL = Number(values.parallel);
const FAULT_RATE = Number(values["fault-rate"]);
const KEYS = Number(values.keys);

const REQUEST_FAULTS: FaultRule["kind"][] = ["reset-before", "reset-after", "status", "expire-token", "lose-lock"];

async function main(): Promise<void> {
  const random = seededRandom(Number(values.seed));
  const emulator = await startEmulator({ faults: true, activateMs: 5 });
  emulator.faults.random = random;
  // About FAULT_RATE of all requests faulted, spread over the kinds; 500 and 503 both as "status".
  const perKind = FAULT_RATE / (REQUEST_FAULTS.length + 1);
  emulator.faults.set([
    ...REQUEST_FAULTS.map((kind) => ({ kind, rate: perKind })),
    { kind: "status", status: 500, rate: perKind },
    { kind: "verify-fail", rate: 0.003 },
    { kind: "activate-fail", rate: 0.003 },
  ] as FaultRule[]);

  const connection = { host: emulator.url, username: "admin", requestTimeoutSeconds: 5, lockTimeoutSeconds: 60 };
  const inputs = (key: number, description: string): ElementInputs => ({
    elementType: "realm-config",
    attributes: { identifier: `soak-${key}`, description },
    connection,
    connectionPassword: "admin",
  });
  const state = new Map<number, ElementOutputs>();
  const busy = new Set<number>();
  const failures = new Map<string, number>();
  const counts = { create: 0, update: 0, delete: 0, succeeded: 0, failed: 0 };
  const warnings: string[] = [];
  const quiet = { log: console.log, warn: console.warn };
  console.log = (...args: unknown[]) => void warnings.push(args.join(" "));
  console.warn = console.log;

  let started = 0;
  const startedAt = Date.now();
  async function worker(): Promise<void> {
    while (started < OPERATIONS) {
      started++;
      let key = Math.floor(random() * KEYS);
      while (busy.has(key)) key = (key + 1) % KEYS;
      busy.add(key);
      const old = state.get(key);
      const op = !old ? "create" : random() < 0.8 ? "update" : "delete";
      counts[op]++;
      try {
        if (op === "create") state.set(key, (await elementProvider.create(inputs(key, `v${started}`))).outs as ElementOutputs);
        if (op === "update") state.set(key, (await elementProvider.update("id", old!, inputs(key, `v${started}`))).outs as ElementOutputs);
        if (op === "delete") {
          await elementProvider.delete("id", old!);
          state.delete(key);
        }
        counts.succeeded++;
      } catch (err) {
        counts.failed++;
        const step = /failed at step (\w+)/.exec((err as Error).message)?.[1] ?? "other";
        failures.set(`${op} at ${step}`, (failures.get(`${op} at ${step}`) ?? 0) + 1);
      } finally {
        busy.delete(key);
      }
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  const seconds = (Date.now() - startedAt) / 1000;
  const injected = { ...emulator.faults.injected };
  const injectedTotal = emulator.faults.total;
  emulator.faults.clear();
  console.log = quiet.log;
  console.warn = quiet.warn;

  const running = new Map((emulator.sbc.store.stores.running.get("realm-config") ?? []).map((r) => [r.attributes.identifier as string, r]));
  const editing = new Map((emulator.sbc.store.stores.editing.get("realm-config") ?? []).map((r) => [r.attributes.identifier as string, r]));
  let lost = 0;
  for (const [key, outputs] of state) {
    const live = running.get(`soak-${key}`);
    if (!live || live.attributes.description !== outputs.attributes.description) lost++;
  }
  const orphans = [...running.keys()].filter((id) => id.startsWith("soak-") && !state.has(Number(id.slice(5))));
  const staged = [...new Set([...running.keys(), ...editing.keys()])].filter(
    (id) => JSON.stringify(running.get(id)?.attributes.description) !== JSON.stringify(editing.get(id)?.attributes.description),
  );
  const stuck = emulator.sbc.sessions.lockHolder() ? 1 : 0;
  const requests = emulator.sbc.stats.requests;

  const lines = [
    `operations:        ${OPERATIONS} (create ${counts.create}, update ${counts.update}, delete ${counts.delete}) in ${seconds.toFixed(1)} s, ${PARALLEL} at a time`,
    `succeeded/failed:  ${counts.succeeded} / ${counts.failed}${failures.size ? ` (${[...failures].map(([k, v]) => `${k}: ${v}`).join(", ")})` : ""}`,
    `requests:          ${requests}; lock sessions: ${emulator.sbc.stats.lockAcquisitions}; activations: ${emulator.sbc.operations.completed.activate}`,
    `faults injected:   ${injectedTotal} (${Object.entries(injected).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(", ")}), ${((100 * injectedTotal) / requests).toFixed(2)}% of requests`,
    `state vs device:   ${state.size} elements in state, ${[...running.keys()].filter((id) => id.startsWith("soak-")).length} on the SBC; ${orphans.length} on the SBC but not in state; ${staged.length} left staged`,
    `lost updates:      ${lost}`,
    `stuck locks:       ${stuck}`,
  ];
  console.log(lines.join("\n"));
  await emulator.close();
  const ok = lost === 0 && stuck === 0 && orphans.length === 0 && staged.length === 0;
  console.log(ok ? "SOAK PASS" : "SOAK FAIL");
  if (!ok) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
