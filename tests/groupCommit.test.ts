/**
 * Group commit as the engine exercises it: resources the engine creates at the same time share one
 * lock and one commit, and one that the SBC refuses fails alone while the rest of its group is
 * committed and recorded.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Engine } from "./harness/engine";
import { SbcClient } from "../client/client";
import { useEmulator } from "./support/emulator";

const emulator = useEmulator({ activateMs: 50 });
const PROGRAM = path.join(__dirname, "fixtures", "programs", "many");

function engine(count: number): Engine {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-group-"));
  return new Engine({
    programDir: PROGRAM,
    stateFile: path.join(dir, "state.json"),
    config: { "sbc:host": emulator().url, "sbc:username": "admin", "sbc:password": "admin", "test:count": String(count) },
  });
}

function counters(): { locks: number; activations: number } {
  return { locks: emulator().sbc.stats.lockAcquisitions, activations: emulator().sbc.operations.completed.activate };
}

function runningRealms(): Record<string, string> {
  return Object.fromEntries(
    (emulator().sbc.store.stores.running.get("realm-config") ?? []).map((r) => [r.attributes.identifier as string, r.attributes.description as string]),
  );
}

test("two concurrent creates take one lock and one commit; their dependents the next one", async () => {
  const before = counters();
  const e = engine(2);
  const result = await e.up();
  expect(result.errors).toEqual([]);
  expect(e.loadState().resources).toHaveLength(4);
  // Two dependency waves (realms, then their steering pools): one lock and one activation each.
  expect(counters()).toEqual({ locks: before.locks + 2, activations: before.activations + 2 });
  expect(emulator().sbc.sessions.lockHolder()).toBeUndefined();
  await e.destroy();
});

test("a create the SBC refuses fails alone: the others in its group are committed and recorded", async () => {
  // Someone else's realm with the same key and other values: the SBC answers the POST with 409.
  const other = new SbcClient({ host: emulator().url, username: "admin", password: "admin" });
  await other.lock();
  await other.createElement({ elementType: "realm-config", attributes: { identifier: "wide-1", description: "not ours" }, subElements: [] });
  // Saved first: activate takes the saved configuration live, and a session discards what is only staged.
  await other.save();
  await other.activate();
  await other.unlock();
  await other.close();
  const before = counters();
  const e = engine(3);
  const result = await e.up();

  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatch(/realm-config \[identifier=wide-1\]: create failed on \S+: it already exists on the SBC .*other values in description/);
  const created = e.loadState().resources.map((r) => r.urn.split("::").pop());
  expect(created).toEqual(expect.arrayContaining(["realm-0", "realm-2"]));
  expect(created).not.toContain("realm-1");
  expect(runningRealms()).toMatchObject({ "wide-0": "realm 0", "wide-1": "not ours", "wide-2": "realm 2" });
  // The three realms went in one group (one lock, one activation); the engine ran nothing after the failure.
  expect(result.steps.filter((s) => s.urn.includes("::realm-"))).toHaveLength(3);
  expect(counters()).toEqual({ locks: before.locks + 1, activations: before.activations + 1 });
  expect(emulator().sbc.sessions.lockHolder()).toBeUndefined();
});
