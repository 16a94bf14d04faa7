/**
 * LockSession (group commit under the SBC's configuration lock) with a real SbcClient against the
 * emulator: batching of concurrent mutations into one lock + one commit, settling only after the
 * commit, failures that stay with their operation or fail the whole batch (and are cleaned up),
 * commit modes, lock contention and timeouts, operations arriving mid-commit, and changes found
 * staged that the session did not make.
 */
import { EmulatorHandle } from "../emulator";
import { StoreName } from "../emulator/configStore";
import { builtinCatalog } from "../client/catalog/catalog";
import { LockSession, LockSessionSettings } from "../provider/core/session/lockSession";
import { LockTimeoutError, StepError } from "../provider/core/session/sessionSteps";
import { SbcClient } from "../client/client";
import { ConflictError, InvalidInputError, OperationFailedError } from "../client/errors";
import { ConfigElement } from "../client/types";
import { clientFor, element, sub, useEmulator } from "./support/emulator";

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function realm(identifier: string, extra: Record<string, string> = {}): ConfigElement {
  return element("realm-config", { identifier, ...extra });
}

function realmIds(handle: EmulatorHandle, store: StoreName): string[] {
  return (handle.sbc.store.stores[store].get("realm-config") ?? []).map((e) => e.attributes.identifier as string);
}

interface Counters {
  locks: number;
  verify: number;
  save: number;
  activate: number;
  restore: number;
}

function counters(handle: EmulatorHandle): Counters {
  const { completed } = handle.sbc.operations;
  return { locks: handle.sbc.stats.lockAcquisitions, ...completed };
}

function since(handle: EmulatorHandle, before: Counters): Counters {
  const now = counters(handle);
  return {
    locks: now.locks - before.locks,
    verify: now.verify - before.verify,
    save: now.save - before.save,
    activate: now.activate - before.activate,
    restore: now.restore - before.restore,
  };
}

interface Harness {
  session: LockSession;
  client: SbcClient;
  warnings: string[];
}

/** A session with its own client (own token) and a log that collects warnings. */
function harnessFor(handle: EmulatorHandle, clients: SbcClient[], settings: Partial<LockSessionSettings> = {}): Harness {
  const client = clientFor(handle);
  clients.push(client);
  const warnings: string[] = [];
  const session = new LockSession(client, { commit: "activate", lockTimeoutSeconds: 10, ...settings }, { info: () => {}, warn: (m) => warnings.push(m) });
  return { session, client, warnings };
}

/** Closes every client a test opened. */
function trackClients(): SbcClient[] {
  const clients: SbcClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  return clients;
}

describe("group commit", () => {
  const emulator = useEmulator({ activateMs: 50 });
  const clients = trackClients();

  test("two concurrent operations share one lock and one commit, and the lock is free afterwards", async () => {
    const h = emulator();
    const { session, warnings } = harnessFor(h, clients);
    const before = counters(h);
    const [a, b] = await Promise.all([
      session.run((client) => client.createElement(realm("g-a"))),
      session.run((client) => client.createElement(realm("g-b"))),
    ]);
    expect(a.attributes.identifier).toBe("g-a");
    expect(b.attributes.identifier).toBe("g-b");
    // The one restore is the first session's: editing ← running before any change (see "changes staged by someone else").
    expect(since(h, before)).toEqual({ locks: 1, verify: 1, save: 1, activate: 1, restore: 1 });
    expect(session.stats).toMatchObject({ lockAcquisitions: 1, commits: 1 });
    expect(realmIds(h, "running")).toEqual(expect.arrayContaining(["g-a", "g-b"]));
    expect(h.sbc.sessions.lockHolder()).toBeUndefined();
    const other = clientFor(h);
    clients.push(other);
    await other.lock();
    await other.unlock();
    expect(warnings).toEqual([]);
  });

  test("each operation settles only after the commit: its element is in the running configuration by then", async () => {
    const h = emulator();
    const { session } = harnessFor(h, clients);
    const seenWhenMutated: string[][] = [];
    const seenWhenSettled = await Promise.all(
      ["s-a", "s-b", "s-c"].map((id) =>
        session
          .run(async (client) => {
            const created = await client.createElement(realm(id));
            seenWhenMutated.push(realmIds(h, "running"));
            return created;
          })
          .then(() => ({ id, running: realmIds(h, "running"), lockHolder: h.sbc.sessions.lockHolder() })),
      ),
    );
    for (const ids of seenWhenMutated) expect(ids).not.toEqual(expect.arrayContaining(["s-a"]));
    for (const seen of seenWhenSettled) {
      expect(seen.running).toEqual(expect.arrayContaining(["s-a", "s-b", "s-c"]));
      expect(seen.lockHolder).toBeUndefined();
    }
    expect(session.stats.commits).toBe(1);
  });

  test.each([
    ["a duplicate key", ConflictError, () => realm("dup")],
    ["an invalid attribute", InvalidInputError, () => realm("bad", { "mm-in-realm": "maybe" })],
  ])("a failing mutation (%s) fails alone; the others commit", async (_what, errorClass, failing) => {
    const h = emulator();
    const { session } = harnessFor(h, clients);
    // Also this harness's first session, which restores editing before its first change: not counted below.
    await session.run(async (client) => (realmIds(h, "running").includes("dup") ? undefined : client.createElement(realm("dup"))));
    const before = counters(h);
    const commitsBefore = session.stats.commits;
    const suffix = errorClass.name;
    const results = await Promise.allSettled([
      session.run((client) => client.createElement(realm(`f1-${suffix}`))),
      session.run((client) => client.createElement(failing())),
      session.run((client) => client.createElement(realm(`f2-${suffix}`))),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const reason = (results[1] as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(errorClass);
    expect(realmIds(h, "running")).toEqual(expect.arrayContaining([`f1-${suffix}`, `f2-${suffix}`]));
    expect(realmIds(h, "running").filter((id) => id === "dup")).toHaveLength(1);
    expect(realmIds(h, "running")).not.toContain("bad");
    expect(since(h, before)).toMatchObject({ locks: 1, activate: 1, restore: 0 });
    expect(session.stats.commits - commitsBefore).toBe(1);
    expect(h.sbc.sessions.lockHolder()).toBeUndefined();
  });

  test("a mutation that throws synchronously fails alone instead of stalling the batch", async () => {
    const h = emulator();
    const { session } = harnessFor(h, clients);
    const boom = new Error("thrown, not rejected");
    const results = await Promise.allSettled([
      session.run(() => {
        throw boom;
      }),
      session.run((client) => client.createElement(realm("sync-ok"))),
    ]);
    expect(results).toEqual([
      { status: "rejected", reason: boom },
      { status: "fulfilled", value: expect.objectContaining({ elementType: "realm-config" }) },
    ]);
    expect(realmIds(h, "running")).toContain("sync-ok");
    expect(session.stats.commits).toBe(1);
    expect(h.sbc.sessions.lockHolder()).toBeUndefined();
  });

  test("a session whose operations sent no change (reads, a refused POST) commits nothing and unlocks", async () => {
    const h = emulator();
    const { session } = harnessFor(h, clients);
    await session.run((client) => client.createElement(realm("n-held")));
    const before = counters(h);
    const commitsBefore = session.stats.commits;
    const results = await Promise.allSettled([
      session.run((client) => client.getElement("realm-config", { identifier: "n-held" })),
      session.run((client) => client.createElement(realm("n-held"))),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(since(h, before)).toEqual({ locks: 1, verify: 0, save: 0, activate: 0, restore: 0 });
    expect(session.stats.commits).toBe(commitsBefore);
    expect(h.sbc.sessions.lockHolder()).toBeUndefined();

    // The next session that changes something commits as before.
    await session.run((client) => client.createElement(realm("n-next")));
    expect(since(h, before)).toMatchObject({ locks: 2, verify: 1, activate: 1 });
    expect(realmIds(h, "running")).toContain("n-next");
  });

  test("a commit failure fails every operation of the batch, restores editing from running and unlocks; the next batch succeeds", async () => {
    const h = emulator();
    const { session, warnings } = harnessFor(h, clients);
    const before = counters(h);
    const results = await Promise.allSettled([
      session.run((client) => client.createElement(realm("v-ok"))),
      session.run((client) =>
        client.createElement(element("sip-interface", { "realm-id": "nowhere" }, [sub("sip-port", { address: "192.0.2.1", port: "5060", "transport-protocol": "UDP" })])),
      ),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    for (const result of results) {
      const reason = (result as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(StepError);
      expect((reason as StepError).step).toBe("verify");
      expect((reason as StepError).message).toContain('realm-config "nowhere"');
      expect((reason as StepError).cause).toBeInstanceOf(OperationFailedError);
    }
    // Both operations got the same failure of their one commit.
    expect((results[0] as PromiseRejectedResult).reason).toBe((results[1] as PromiseRejectedResult).reason);
    // One restore before the first change, one that discards the failed batch.
    expect(since(h, before)).toEqual({ locks: 1, verify: 1, save: 0, activate: 0, restore: 2 });
    expect(h.sbc.store.stores.editing).toEqual(h.sbc.store.stores.running);
    expect(realmIds(h, "editing")).not.toContain("v-ok");
    expect(h.sbc.store.stores.editing.get("sip-interface") ?? []).toEqual([]);
    expect(h.sbc.sessions.lockHolder()).toBeUndefined();
    expect(session.stats.commits).toBe(0);
    expect(warnings).toEqual([expect.stringContaining("verify failed; the staged changes were discarded")]);

    const next = await session.run((client) => client.createElement(realm("v-next")));
    expect(next.attributes.identifier).toBe("v-next");
    expect(realmIds(h, "running")).toContain("v-next");
    expect(realmIds(h, "running")).not.toContain("v-ok");
    expect(session.stats).toMatchObject({ lockAcquisitions: 2, commits: 1 });
    expect(h.sbc.sessions.lockHolder()).toBeUndefined();
  });

  test("sequential operations run in separate sessions, each taking and releasing the lock", async () => {
    const h = emulator();
    const { session } = harnessFor(h, clients);
    const before = counters(h);
    for (const id of ["q-a", "q-b", "q-c"]) {
      await session.run((client) => client.createElement(realm(id)));
      expect(h.sbc.sessions.lockHolder()).toBeUndefined();
      expect(realmIds(h, "running")).toContain(id);
    }
    expect(since(h, before)).toMatchObject({ locks: 3, activate: 3 });
    expect(session.stats).toMatchObject({ lockAcquisitions: 3, commits: 3 });
  });
});

describe("commit modes", () => {
  const emulator = useEmulator({ activateMs: 50 });
  const clients = trackClients();

  test('"none" leaves the change in the editing configuration only', async () => {
    const h = emulator();
    const { session } = harnessFor(h, clients, { commit: "none" });
    const before = counters(h);
    await session.run((client) => client.createElement(realm("m-none")));
    expect(since(h, before)).toEqual({ locks: 1, verify: 0, save: 0, activate: 0, restore: 0 });
    expect(realmIds(h, "editing")).toContain("m-none");
    expect(realmIds(h, "saved")).not.toContain("m-none");
    expect(realmIds(h, "running")).not.toContain("m-none");
    expect(session.stats.commits).toBe(0);
    expect(h.sbc.sessions.lockHolder()).toBeUndefined();
  });

  test('"save" verifies and saves but does not activate', async () => {
    const h = emulator();
    const { session } = harnessFor(h, clients, { commit: "save" });
    const before = counters(h);
    await session.run((client) => client.createElement(realm("m-save")));
    expect(since(h, before)).toEqual({ locks: 1, verify: 1, save: 1, activate: 0, restore: 0 });
    expect(realmIds(h, "saved")).toContain("m-save");
    expect(realmIds(h, "running")).not.toContain("m-save");
    expect(session.stats.commits).toBe(1);
    expect(h.sbc.sessions.lockHolder()).toBeUndefined();
  });
});

describe("lock contention", () => {
  const emulator = useEmulator({ activateMs: 50 });
  const clients = trackClients();

  test("waits for another user's lock, warning once, and proceeds when it is released", async () => {
    const h = emulator();
    const { session, warnings } = harnessFor(h, clients);
    const other = clientFor(h);
    clients.push(other);
    await other.lock();
    const startedAt = Date.now();
    const released = sleep(800).then(() => other.unlock());
    const created = await session.run((client) => client.createElement(realm("c-waited")));
    await released;
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(750);
    expect(created.attributes.identifier).toBe("c-waited");
    expect(realmIds(h, "running")).toContain("c-waited");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("held by another user or session");
    expect(session.stats).toMatchObject({ lockAcquisitions: 1, commits: 1 });
    expect(h.sbc.sessions.lockHolder()).toBeUndefined();
  });

  test("gives up after lockTimeoutSeconds with an error naming the SBC's text and the orphaned-lock expiry", async () => {
    const h = emulator();
    const { session } = harnessFor(h, clients, { lockTimeoutSeconds: 1 });
    const other = clientFor(h);
    clients.push(other);
    await other.lock();
    let mutated = false;
    try {
      const startedAt = Date.now();
      const outcome = await Promise.allSettled([
        session.run(async (client) => {
          mutated = true;
          return client.createElement(realm("t-never"));
        }),
        session.run(async (client) => {
          mutated = true;
          return client.createElement(realm("t-never-2"));
        }),
      ]);
      expect(Date.now() - startedAt).toBeLessThan(1500);
      for (const result of outcome) {
        expect(result.status).toBe("rejected");
        const reason = (result as PromiseRejectedResult).reason as LockTimeoutError;
        expect(reason).toBeInstanceOf(LockTimeoutError);
        expect(reason.step).toBe("lock");
        expect(reason.message).toContain("orphaned");
        expect(reason.message).toContain("token expires");
        expect(reason.message).toContain("Resource locked by another user");
      }
      expect(mutated).toBe(false);
      expect(session.stats.lockAcquisitions).toBe(0);
    } finally {
      await other.unlock();
    }
    // The session is usable again once the lock is free.
    await session.run((client) => client.createElement(realm("t-after")));
    expect(realmIds(h, "running")).toContain("t-after");
    expect(realmIds(h, "editing")).not.toContain("t-never");
  });
});

describe("operations arriving during a commit", () => {
  const emulator = useEmulator({ activateMs: 300 });
  const clients = trackClients();

  test("go into the next session: two locks, two activates, each settled after its own commit", async () => {
    const h = emulator();
    const { session } = harnessFor(h, clients);
    const before = counters(h);
    const first = session.run((client) => client.createElement(realm("n-first"))).then(() => realmIds(h, "running"));
    for (;;) {
      const state = h.sbc.operations.status();
      if (state?.operation === "activate" && state.status === "inProgress") break;
      await sleep(5);
    }
    const second = session.run((client) => client.createElement(realm("n-second"))).then(() => realmIds(h, "running"));
    const [runningAfterFirst, runningAfterSecond] = await Promise.all([first, second]);
    expect(runningAfterFirst).toContain("n-first");
    expect(runningAfterFirst).not.toContain("n-second");
    expect(runningAfterSecond).toEqual(expect.arrayContaining(["n-first", "n-second"]));
    expect(since(h, before)).toMatchObject({ locks: 2, activate: 2 });
    expect(session.stats).toMatchObject({ lockAcquisitions: 2, commits: 2 });
    expect(h.sbc.sessions.lockHolder()).toBeUndefined();
  });
});

describe("a lock lost mid-session is taken again, never ignored", () => {
  const emulator = useEmulator({ activateMs: 20 });
  const clients = trackClients();

  test("token expiry mid-session: the client logs in again, the session re-locks, and the work commits", async () => {
    const h = emulator();
    const { session, warnings } = harnessFor(h, clients);
    const before = counters(h);
    await session.run(async (client) => {
      await client.createElement(realm("before-expiry"));
      h.sbc.sessions.expireAll();
      return client.createElement(realm("after-expiry"));
    });
    expect(realmIds(h, "running")).toEqual(expect.arrayContaining(["before-expiry", "after-expiry"]));
    expect(since(h, before)).toMatchObject({ locks: 2, activate: 1 });
    expect(warnings.join("\n")).toMatch(/lock was lost mid-session/);
    expect(h.sbc.sessions.lockHolder()).toBeUndefined();
  });

  test("lock taken away mid-session: the next request's 423 'User does not have the lock' leads to a re-lock", async () => {
    const h = emulator();
    const { session } = harnessFor(h, clients);
    await session.run(async (client) => {
      await client.createElement(realm("first-half"));
      h.sbc.sessions.unlock();
      return client.createElement(realm("second-half"));
    });
    expect(realmIds(h, "running")).toEqual(expect.arrayContaining(["first-half", "second-half"]));
  });
});

describe("changes staged by someone else are never activated", () => {
  const emulator = useEmulator({ activateMs: 20 });
  const clients = trackClients();
  const acli = { user: "acli", address: "console" };

  test("an ACLI user's unsaved edits are discarded before the next run's session changes anything, and listed in a warning", async () => {
    const h = emulator();
    await harnessFor(h, clients).session.run(async (client) => {
      await client.createElement(realm("kept", { description: "as running" }));
      return client.createElement(realm("doomed"));
    });
    h.sbc.store.create(realm("acli-new"), acli);
    h.sbc.store.update(realm("kept", { description: "unsaved ACLI edit" }), acli);
    h.sbc.store.delete("realm-config", new Map([["identifier", ["doomed"]]]));
    // A type this run does not change: not listed, but discarded all the same.
    h.sbc.store.create({ elementType: "steering-pool", attributes: { "ip-address": "192.0.2.99", "start-port": "40000", "realm-id": "kept" }, subElements: [] }, acli);
    const before = counters(h);

    // The next run: a new provider process, so a new lock session.
    const { session, warnings } = harnessFor(h, clients);
    await session.run((client) => client.createElement(realm("mine")), "realm-config");

    expect(realmIds(h, "running")).toEqual(expect.arrayContaining(["kept", "doomed", "mine"]));
    expect(realmIds(h, "running")).not.toContain("acli-new");
    expect(h.sbc.store.stores.running.get("steering-pool") ?? []).toEqual([]);
    const kept = h.sbc.store.stores.running.get("realm-config")!.find((r) => r.attributes.identifier === "kept");
    expect(kept?.attributes.description).toBe("as running");
    expect(h.sbc.store.stores.editing).toEqual(h.sbc.store.stores.running);
    expect(h.sbc.store.stores.saved).toEqual(h.sbc.store.stores.running);
    expect(since(h, before)).toEqual({ locks: 1, verify: 1, save: 1, activate: 1, restore: 1 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/held 3 change\(s\) that were not running and that this run did not make/);
    for (const line of ["realm-config [identifier=acli-new] added", "realm-config [identifier=kept] changed (description)", "realm-config [identifier=doomed] deleted"]) {
      expect(warnings[0]).toContain(line);
    }
    expect(warnings[0]).toContain("discarded (editing restored from running, which discards staged changes of every type");
  });

  test("one run restores editing once, and again only after someone else held the lock (who may have staged changes)", async () => {
    const h = emulator();
    const { session, warnings } = harnessFor(h, clients);
    let before = counters(h);
    await session.run((client) => client.createElement(realm("first")), "realm-config");
    await session.run((client) => client.createElement(realm("second")), "realm-config");
    expect(since(h, before)).toMatchObject({ locks: 2, activate: 2, restore: 1 });

    const other = clientFor(h);
    clients.push(other);
    await other.lock();
    h.sbc.store.create(realm("sneaked-in"), acli);
    const released = sleep(800).then(() => other.unlock());
    before = counters(h);
    await session.run((client) => client.createElement(realm("third")), "realm-config");
    await released;
    expect(since(h, before)).toMatchObject({ restore: 1 });
    expect(realmIds(h, "running")).not.toContain("sneaked-in");
    expect(warnings.filter((w) => w.includes("were discarded"))).toEqual([expect.stringContaining("realm-config [identifier=sneaked-in] added")]);
  });

  test("nothing staged: one restore and no warning; only the types being changed are read, not every type", async () => {
    const h = emulator();
    const { session, warnings } = harnessFor(h, clients);
    const before = counters(h);
    let requests = h.sbc.stats.requests;
    await session.run((client) => client.createElement(realm("clean")), "realm-config");
    const checked = h.sbc.stats.requests - requests;
    expect(since(h, before)).toEqual({ locks: 1, verify: 1, save: 1, activate: 1, restore: 1 });
    expect(warnings).toEqual([]);
    requests = h.sbc.stats.requests;
    await session.run((client) => client.createElement(realm("clean-2")), "realm-config");
    const unchecked = h.sbc.stats.requests - requests;
    // Two reads of realm-config and the restore with its polls, far below two reads of each catalog type.
    expect(checked - unchecked).toBeGreaterThanOrEqual(3);
    expect(checked - unchecked).toBeLessThan(10);
    expect(2 * builtinCatalog.types().length).toBeGreaterThan(10);
  });

  test('with commit "none" what earlier sessions staged is kept: staging is what that mode asks for', async () => {
    const h = emulator();
    const { session, warnings } = harnessFor(h, clients, { commit: "none" });
    await session.run((client) => client.createElement(realm("staged-1")));
    await session.run((client) => client.createElement(realm("staged-2")));
    expect(realmIds(h, "editing")).toEqual(expect.arrayContaining(["staged-1", "staged-2"]));
    expect(warnings).toEqual([]);
    h.sbc.store.copy("running", "editing");
  });
});

describe("long waits say so", () => {
  const emulator = useEmulator({ activateMs: 20 });
  const clients = trackClients();

  test("a wait for another user's lock logs which lock, for how long so far and why, while it lasts", async () => {
    const h = emulator();
    const client = clientFor(h);
    clients.push(client);
    const infos: string[] = [];
    const session = new LockSession(client, { commit: "activate", lockTimeoutSeconds: 10, progressIntervalMs: 400 }, { info: (m) => infos.push(m), warn: () => {} });
    const other = clientFor(h);
    clients.push(other);
    await other.lock();
    const released = sleep(1500).then(() => other.unlock());
    await session.run((c) => c.createElement(realm("p-waited")));
    await released;
    expect(infos.length).toBeGreaterThanOrEqual(2);
    for (const info of infos) {
      expect(info).toMatch(/^still waiting for the SBC's configuration lock on http:\/\/\S+: \d+ s of up to 10 s, as another user or session holds it \("Resource locked by another user"\)$/);
    }
  });
});
