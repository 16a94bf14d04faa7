/**
 * Commit confirmed through LockSession against the emulator: a backup of running before
 * activate, health checks for a window after it, and the rollback from that backup when a check
 * fails or the SBC stops answering and comes back; the lock is held throughout and released on
 * every path.
 */
import { EmulatorHandle } from "../emulator";
import { StoreName } from "../emulator/configStore";
import type { ConfirmSettings } from "../provider/core/connection/connection";
import { CommitConfirm } from "../provider/core/session/commitConfirm";
import { resolveConnection, settingsFromConfig, settingsFromEnv, settingsProblems } from "../provider/core/connection/connection";
import { HealthCheck } from "../provider/core/connection/healthChecks";
import { LockSession } from "../provider/core/session/lockSession";
import { StepError } from "../provider/core/session/sessionSteps";
import { SbcClient } from "../client/client";
import { clientFor, element, useEmulator } from "./support/emulator";

const emulator = useEmulator({ activateMs: 20, faults: true });
const clients: SbcClient[] = [];
let stops: Array<() => void> = [];

afterEach(async () => {
  const h = emulator();
  stops.splice(0).forEach((stop) => stop());
  h.faults.clear();
  h.sbc.system.setRole("standalone");
  h.sbc.kpis.set("globalSessions", { sysGlobalConSessions: 0, sysGlobalCPS: 0 });
  h.sbc.kpis.set("sipRegistrations", { sipRegistrations: 0 });
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

function realmIds(h: EmulatorHandle, store: StoreName): string[] {
  return (h.sbc.store.stores[store].get("realm-config") ?? []).map((e) => e.attributes.identifier as string).sort();
}

/** Calls `effect` once the SBC has finished `count` more activates than now (what a bad change does to the box). */
function afterActivates(h: EmulatorHandle, count: number, effect: () => void): void {
  const target = h.sbc.operations.completed.activate + count;
  const timer = setInterval(() => {
    if (h.sbc.operations.completed.activate >= target) {
      clearInterval(timer);
      effect();
    }
  }, 2);
  stops.push(() => clearInterval(timer));
}

interface Setup {
  session: LockSession;
  infos: string[];
  warnings: string[];
  /** Whether the lock was held at each health-check request. */
  lockedAtChecks: boolean[];
}

function confirmedSession(h: EmulatorHandle, checks: HealthCheck[], settings: Partial<ConfirmSettings> = {}): Setup {
  const lockedAtChecks: boolean[] = [];
  const client = clientFor(h, {
    retry: { deadlineMs: 40, baseDelayMs: 5, maxDelayMs: 10 },
    onRequest: (e) => {
      if (/system\/status|statistics\/kpis/.test(e.path)) lockedAtChecks.push(h.sbc.sessions.lockHolder() !== undefined);
    },
  });
  clients.push(client);
  const infos: string[] = [];
  const warnings: string[] = [];
  const log = { info: (m: string) => infos.push(m), warn: (m: string) => warnings.push(m) };
  const confirm = new CommitConfirm(client, { windowSeconds: 0.3, returnSeconds: 0.5, intervalMs: 20, keepBackup: false, checks, ...settings }, log);
  const session = new LockSession(client, { commit: "activate", lockTimeoutSeconds: 10, confirm }, log);
  return { session, infos, warnings, lockedAtChecks };
}

const SIP_REGISTRATIONS: HealthCheck = { kind: "kpi", type: "sipRegistrations", kpi: "sipRegistrations", minRatio: 0.9 };
const SESSIONS: HealthCheck = { kind: "kpi", type: "globalSessions", kpi: "sysGlobalConSessions", notCollapsed: true };

function create(session: LockSession, id: string): Promise<unknown> {
  return session.run((client) => client.createElement(element("realm-config", { identifier: id })));
}

test("a good change is confirmed: backup made before activate (kept with keepBackup), checks passed, the change stands", async () => {
  const h = emulator();
  h.sbc.kpis.set("sipRegistrations", { sipRegistrations: 1000 });
  h.sbc.kpis.set("globalSessions", { sysGlobalConSessions: 40 });
  const before = realmIds(h, "running");
  const { session, infos, lockedAtChecks } = confirmedSession(h, [SIP_REGISTRATIONS, SESSIONS, { kind: "http", url: `${h.url}/rest/api/supportedversions` }], {
    keepBackup: true,
  });
  afterActivates(h, 1, () => h.sbc.kpis.set("sipRegistrations", { sipRegistrations: 950 }));
  await create(session, "good-1");

  expect(realmIds(h, "running")).toContain("good-1");
  expect(realmIds(h, "saved")).toContain("good-1");
  const backups = [...h.sbc.store.backups.keys()].filter((f) => f.startsWith("pulumi-confirm-"));
  expect(backups).toHaveLength(1);
  const backup = h.sbc.store.backups.get(backups[0])!;
  expect((backup.get("realm-config") ?? []).map((e) => e.attributes.identifier).sort()).toEqual(before);
  expect(infos.join("\n")).toMatch(/passed its health checks for 0\.3 s; the backup pulumi-confirm-\S+ is kept on the SBC/);
  expect(session.stats.commits).toBe(1);
  expect(lockedAtChecks.length).toBeGreaterThan(3);
  expect(lockedAtChecks.every(Boolean)).toBe(true);
  expect(h.sbc.sessions.lockHolder()).toBeUndefined();
  h.sbc.store.backups.clear();
});

test("a session's mutations share one backup, one activate and one confirm window (group commit); the backup is removed after", async () => {
  const h = emulator();
  const { session, infos } = confirmedSession(h, [SESSIONS]);
  const backupsMade = h.sbc.operations.completed.backup;
  const backupsBefore = h.sbc.store.backups.size;
  const activatesBefore = h.sbc.operations.completed.activate;
  await Promise.all(["wave-1", "wave-2", "wave-3"].map((id) => create(session, id)));
  expect(h.sbc.operations.completed.backup - backupsMade).toBe(1);
  expect(h.sbc.store.backups.size).toBe(backupsBefore);
  expect(infos.join("\n")).toMatch(/passed its health checks for 0\.3 s; its backup pulumi-confirm-\S+ was removed/);
  // One activate, so one commit and one window after it.
  expect(h.sbc.operations.completed.activate - activatesBefore).toBe(1);
  expect(realmIds(h, "running")).toEqual(expect.arrayContaining(["wave-1", "wave-2", "wave-3"]));
});

test("a bad change is rolled back: running and saved equal the backup, the error names the check and its readings", async () => {
  const h = emulator();
  h.sbc.kpis.set("sipRegistrations", { sipRegistrations: 1000 });
  const before = realmIds(h, "running");
  const { session } = confirmedSession(h, [SIP_REGISTRATIONS]);
  afterActivates(h, 1, () => h.sbc.kpis.set("sipRegistrations", { sipRegistrations: 400 }));
  const activatesBefore = h.sbc.operations.completed.activate;
  const err = await create(session, "bad-1").catch((e: unknown) => e);

  expect(err).toBeInstanceOf(StepError);
  expect((err as StepError).step).toBe("confirm");
  expect((err as Error).message).toMatch(/sipRegistrations\.sipRegistrations is 400, was 1000 before the change; must be >= 0\.9 x 1000 = 900/);
  expect((err as Error).message).toMatch(/backup pulumi-confirm-\S+ taken before activate was restored, saved and activated/);
  expect(h.sbc.operations.completed.activate - activatesBefore).toBe(2);
  expect(realmIds(h, "running")).toEqual(before);
  expect(realmIds(h, "saved")).toEqual(before);
  expect(realmIds(h, "editing")).toEqual(before);
  expect(session.stats.commits).toBe(0);
  expect(h.sbc.sessions.lockHolder()).toBeUndefined();
});

test("a changed HA role fails the change and names both roles", async () => {
  const h = emulator();
  h.sbc.system.setRole("active");
  const { session } = confirmedSession(h, []);
  afterActivates(h, 1, () => h.sbc.system.setRole("standby"));
  await expect(create(session, "role-1")).rejects.toThrow(/HA role is standby, was active before the change/);
  expect(realmIds(h, "running")).not.toContain("role-1");
  expect(h.sbc.sessions.lockHolder()).toBeUndefined();
});

test("an SBC that stops answering within the window and comes back is rolled back", async () => {
  const h = emulator();
  const { session, lockedAtChecks } = confirmedSession(h, []);
  afterActivates(h, 1, () => h.faults.set([{ kind: "reset-before", match: { path: "system/status" }, times: 20 }]));
  const err = await create(session, "gone-1").catch((e: unknown) => e);

  expect((err as StepError).step).toBe("confirm");
  expect((err as Error).message).toMatch(/stopped answering after activate \(.+\) and answered again.+was restored, saved and activated/);
  expect(realmIds(h, "running")).not.toContain("gone-1");
  expect(realmIds(h, "saved")).not.toContain("gone-1");
  expect(lockedAtChecks.every(Boolean)).toBe(true);
  expect(h.sbc.sessions.lockHolder()).toBeUndefined();
});

test("an SBC that never answers again: the error says so and names the backup to restore by hand", async () => {
  const h = emulator();
  const { session } = confirmedSession(h, []);
  afterActivates(h, 1, () => h.faults.set([{ kind: "reset-before", match: { path: "system/status" } }]));
  const err = await create(session, "lost-1").catch((e: unknown) => e);

  expect((err as StepError).step).toBe("confirm");
  const message = (err as Error).message;
  expect(message).toMatch(/did not answer again within 0\.5 s after the 0\.3 s confirm window, so the change could not be rolled back/);
  const file = /restoreSource=backupFile&filename=(pulumi-confirm-\S+?),/.exec(message)?.[1];
  expect(file && h.sbc.store.backups.has(file)).toBe(true);
  expect(message).not.toMatch(/admin/);
  expect(h.sbc.sessions.lockHolder()).toBeUndefined();
});

test("a KPI the SBC does not report fails before activate: nothing goes live, editing is clean, the lock is released", async () => {
  const h = emulator();
  const { session } = confirmedSession(h, [{ kind: "kpi", type: "globalSessions", kpi: "noSuchKpi", min: 1 }]);
  const activatesBefore = h.sbc.operations.completed.activate;
  const err = await create(session, "unknown-kpi").catch((e: unknown) => e);

  expect((err as StepError).step).toBe("backup");
  expect((err as Error).message).toMatch(/no KPI noSuchKpi under globalSessions \(it reports: sysGlobalConSessions, sysGlobalCPS\)/);
  expect(h.sbc.operations.completed.activate).toBe(activatesBefore);
  for (const store of ["running", "saved", "editing"] as const) expect(realmIds(h, store)).not.toContain("unknown-kpi");
  expect(h.sbc.sessions.lockHolder()).toBeUndefined();
});

test("a misconfigured check is refused before any lock is taken", () => {
  const h = emulator();
  const client = clientFor(h);
  clients.push(client);
  const log = { info: () => {}, warn: () => {} };
  const build = (checks: unknown[]) =>
    new CommitConfirm(client, { windowSeconds: 1, returnSeconds: 1, keepBackup: false, checks: checks as HealthCheck[] }, log);
  expect(() => build([{ kind: "kpi", type: "globalSessions", kpi: "sysGlobalConSessions" }])).toThrow(
    /healthChecks\[0\] holds the KPI to nothing: give min, max, minRatio or notCollapsed/,
  );
  expect(() => build([{ kind: "http", url: "ftp://x" }])).toThrow(/healthChecks\[0\]\.url must be an http\(s\) URL/);
  expect(() => build([{ kind: "ping" }])).toThrow(/healthChecks\[0\]\.kind must be "kpi" or "http"; got "ping"/);
  expect(() => build([SESSIONS, null])).toThrow(/healthChecks\[1\] must be an object/);
});

test("an HTTP probe that does not answer 2xx fails the change and names the URL and status", async () => {
  const h = emulator();
  const { session } = confirmedSession(h, [{ kind: "http", url: `${h.url}/no-such-page`, timeoutSeconds: 2 }]);
  await expect(create(session, "probe-1")).rejects.toThrow(/http probe http:\/\/\S+\/no-such-page answered 404; must answer 2xx/);
  expect(realmIds(h, "running")).not.toContain("probe-1");
});

describe("confirm in the connection settings", () => {
  const base = { host: "sbc1", username: "admin", password: "pw" };

  test("off by default; on, it carries its window, return time and checks, read from env as JSON", () => {
    expect(resolveConnection([base]).confirm).toBeUndefined();
    const env = settingsFromEnv({ SBC_CONFIRM: "true", SBC_CONFIRM_WINDOW_SECONDS: "30", SBC_HEALTH_CHECKS: JSON.stringify([SESSIONS]) });
    expect(resolveConnection([base, env]).confirm).toEqual({ windowSeconds: 30, returnSeconds: 600, keepBackup: false, checks: [SESSIONS] });
  });

  test("confirm with a commit mode that does not activate is refused: there would be nothing to confirm", () => {
    expect(() => resolveConnection([{ ...base, confirm: true, commit: "save" }])).toThrow(
      /confirm confirms an activate, and commit is save: set commit to activate or confirm to false/,
    );
  });

  test("checks that are not JSON, or cannot run, are refused by name", () => {
    expect(() => settingsFromConfig((key) => (key === "sbc:healthChecks" ? "[{kind:" : undefined))).toThrow(/sbc:healthChecks must be JSON/);
    expect(settingsProblems({ healthChecks: [{ kind: "http", url: "nowhere" }] as unknown as HealthCheck[] })).toEqual([
      { field: "healthChecks", reason: 'cannot run: healthChecks[0].url must be an http(s) URL; got "nowhere"' },
    ]);
  });
});
