/**
 * Reads are batched per element type: concurrent reads are answered by one list GET (paged by the
 * SBC), a change made by this process drops the snapshot, and a refresh of a wide stack through the
 * real plugin costs a handful of requests instead of one per element.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { builtinCatalog } from "../client/catalog/catalog";
import { ElementReader } from "../provider/core/session/elementReader";
import { Engine } from "./harness/engine";
import { clientFor, useEmulator } from "./support/emulator";

const emulator = useEmulator();
const realmSpec = builtinCatalog.get("realm-config")!;

test("concurrent reads of one type are served by one list GET; a change drops the snapshot", async () => {
  const gets: string[] = [];
  const client = clientFor(emulator(), { onRequest: (e) => e.method === "GET" && gets.push(e.path) });
  try {
    await client.lock();
    for (let i = 0; i < 150; i++) await client.createElement({ elementType: "realm-config", attributes: { identifier: `r${i}` }, subElements: [] });
    await client.unlock();
    const reader = new ElementReader(client);
    const found = await Promise.all(Array.from({ length: 150 }, (_, i) => reader.read(realmSpec, { identifier: `r${i}` })));
    expect(found.map((e) => e?.attributes.identifier)).toEqual(Array.from({ length: 150 }, (_, i) => `r${i}`));
    expect(gets.filter((p) => p.includes("configElements"))).toHaveLength(2);
    expect(await reader.read(realmSpec, { identifier: "absent" })).toBeUndefined();
    expect(gets.filter((p) => p.includes("configElements"))).toHaveLength(2);
    reader.invalidate("realm-config");
    await reader.read(realmSpec, { identifier: "r1" });
    expect(gets.filter((p) => p.includes("configElements"))).toHaveLength(4);
  } finally {
    await client.close();
    // What it staged is no run's: the next test's up would stop on it (provider/core/session/stagedWork.ts).
    emulator().sbc.store.copy("running", "editing");
  }
});

test("refreshing 80 elements through the plugin takes a few requests, not one per element", async () => {
  const engine = new Engine({
    programDir: path.join(__dirname, "fixtures", "programs", "many"),
    stateFile: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "wide-")), "state.json"),
    config: { "sbc:host": emulator().url, "sbc:username": "admin", "sbc:password": "admin", "test:count": "40" },
  });
  expect((await engine.up()).errors).toEqual([]);
  const before = emulator().sbc.stats.requests;
  const refreshed = await engine.refresh();
  expect(refreshed.errors).toEqual([]);
  expect(refreshed.steps.filter((s) => s.op === "read")).toHaveLength(80);
  // A login, a page of realm-configs and one of steering-pools.
  expect(emulator().sbc.stats.requests - before).toBeLessThanOrEqual(4);
  expect((await engine.destroy()).errors).toEqual([]);
}, 120_000);
