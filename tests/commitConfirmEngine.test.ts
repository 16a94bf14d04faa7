/**
 * Commit confirmed as a stack uses it: set in stack config (`sbc:confirm`, `sbc:healthChecks` as
 * JSON), through the real dynamic-provider plugin (tests/harness) against the emulator. A good
 * change stands, a bad one is rolled back and fails its resources while the stack keeps the
 * previous values, and a misconfigured check stops the run before anything is locked or changed.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Engine } from "./harness/engine";
import { useEmulator } from "./support/emulator";

const PASSWORD = "Zq8-unusual-Pa55word";
const emulator = useEmulator({ users: [{ name: "admin", password: PASSWORD, admin: true }], activateMs: 20 });
const PROGRAM = path.join(__dirname, "fixtures", "programs", "basic");
const CHECKS = JSON.stringify([{ kind: "kpi", type: "sipRegistrations", kpi: "sipRegistrations", minRatio: 0.9 }]);

function engine(stateFile: string, extra: Record<string, string> = {}): Engine {
  return new Engine({
    programDir: PROGRAM,
    stateFile,
    config: {
      "sbc:host": emulator().url,
      "sbc:username": "admin",
      "sbc:password": PASSWORD,
      "sbc:confirm": "true",
      "sbc:confirmWindowSeconds": "0.3",
      "sbc:healthChecks": CHECKS,
      "test:withSip": "false",
      "test:withNtp": "false",
      ...extra,
    },
    secretConfigKeys: ["sbc:password"],
  });
}

function runningDescription(): unknown {
  const realm = (emulator().sbc.store.stores.running.get("realm-config") ?? []).find((r) => r.attributes.identifier === "core");
  return realm?.attributes.description;
}

describe("a stack with commit confirmed", () => {
  const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sbc-confirm-")), "state.json");

  test("a good change is confirmed: backed up before activate, and it stands (the backup kept with keepBackup)", async () => {
    emulator().sbc.kpis.set("sipRegistrations", { sipRegistrations: 1000 });
    const result = await engine(stateFile, { "sbc:keepBackup": "true" }).up();
    expect(result.errors).toEqual([]);
    expect(runningDescription()).toBe("core network");
    expect([...emulator().sbc.store.backups.keys()].some((f) => f.startsWith("pulumi-confirm-"))).toBe(true);
    expect(emulator().sbc.sessions.lockHolder()).toBeUndefined();
  });

  test("a bad change is rolled back: the SBC and the stack keep the previous values", async () => {
    const { sbc } = emulator();
    const target = sbc.operations.completed.activate + 1;
    const timer = setInterval(() => {
      if (sbc.operations.completed.activate >= target) {
        clearInterval(timer);
        sbc.kpis.set("sipRegistrations", { sipRegistrations: 500 });
      }
    }, 2);
    const result = await engine(stateFile, { "test:description": "changed" }).up().finally(() => clearInterval(timer));
    expect(result.errors.join("\n")).toMatch(/sipRegistrations\.sipRegistrations is 500, was 1000 before the change; must be >= 0\.9 x 1000 = 900/);
    expect(result.errors.join("\n")).not.toContain(PASSWORD);
    expect(runningDescription()).toBe("core network");
    expect(sbc.sessions.lockHolder()).toBeUndefined();
    const state = JSON.parse(fs.readFileSync(stateFile, "utf8"));
    const realm = state.resources.find((r: { urn: string }) => r.urn.endsWith("core-realm"));
    expect(realm.outputs.attributes.description).toBe("core network");

    // Once the SBC is healthy, the same change goes through.
    sbc.kpis.set("sipRegistrations", { sipRegistrations: 1000 });
    const again = await engine(stateFile, { "test:description": "changed" }).up();
    expect(again.errors).toEqual([]);
    expect(runningDescription()).toBe("changed");
  });

  test("a misconfigured check fails the run before anything is locked or changed", async () => {
    const { stats } = emulator().sbc;
    const before = { locks: stats.lockAcquisitions, mutating: stats.mutatingRequests };
    const result = await engine(stateFile, { "sbc:healthChecks": '[{"kind":"kpi","type":"globalSessions"}]', "test:description": "again" }).up();
    expect(result.errors.join("\n")).toMatch(/healthChecks cannot run: healthChecks\[0\]\.kpi must name a KPI/);
    expect({ locks: stats.lockAcquisitions, mutating: stats.mutatingRequests }).toEqual(before);
    expect(runningDescription()).toBe("changed");
  });
});
