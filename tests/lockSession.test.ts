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
import { StagedChangesError } from "../provider/core/session/stagedWork";
import { memoryJournal } from "../provider/core/session/stagedJournal";
import { Catalog } from "../client/catalog/catalog";
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
    // Nothing staged before the first change, so nothing restored (see "changes staged by someone else").
    expect(since(h, before)).toEqual({ locks: 1, verify: 1, save: 1, activate: 1, restore: 0 });
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
    // The one restore discards the failed batch.
    expect(since(h, before)).toEqual({ locks: 1, verify: 1, save: 0, activate: 0, restore: 1 });
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

describe("changes staged by someone else are never activated, and never discarded unseen", () => {
  const emulator = useEmulator({ activateMs: 20 });
  const clients = trackClients();
  const acli = { user: "acli", address: "console" };
  // Whatever a test leaves staged, the next starts clean.
  afterEach(() => emulator().sbc.store.copy("running", "editing"));

  /** Running realms `kept-N` and `doomed-N`, then an ACLI user's unsaved edits: one added, one changed, one deleted, one in a type the run does not change. */
  async function stageAcliEdits(h: EmulatorHandle, n: number): Promise<RegExp[]> {
    await harnessFor(h, clients).session.run(async (client) => {
      await client.createElement(realm(`kept-${n}`, { description: "as running" }));
      return client.createElement(realm(`doomed-${n}`));
    });
    h.sbc.store.create(realm(`acli-new-${n}`), acli);
    h.sbc.store.update(realm(`kept-${n}`, { description: "unsaved ACLI edit" }), acli);
    h.sbc.store.delete("realm-config", new Map([["identifier", [`doomed-${n}`]]]));
    const address = `192.0.2.${90 + n}`;
    h.sbc.store.create({ elementType: "steering-pool", attributes: { "ip-address": address, "start-port": "40000", "realm-id": `kept-${n}` }, subElements: [] }, acli);
    return [
      new RegExp(`realm-config \\[identifier=acli-new-${n}\\] added \\(last modified by REST-acli@console at \\d{4}-\\d\\d-\\d\\d [\\d:]+\\)`),
      new RegExp(`realm-config \\[identifier=kept-${n}\\] changed \\(description; last modified by REST-acli@console at [\\d: -]+\\)`),
      new RegExp(`realm-config \\[identifier=doomed-${n}\\] deleted`),
      new RegExp(`steering-pool \\[ip-address=192\\.0\\.2\\.${90 + n} start-port=40000 realm-id=kept-${n}\\] added`),
    ];
  }

  test("an ACLI user's unsaved edits, in any type, stop the next run before it changes anything: listed with who made them, nothing discarded, lock released", async () => {
    const h = emulator();
    const lines = await stageAcliEdits(h, 1);
    const editingBefore = JSON.stringify([...h.sbc.store.stores.editing]);
    const before = counters(h);

    // The next run: a new provider process, so a new lock session.
    const { session, warnings } = harnessFor(h, clients);
    let ran = false;
    const refused = await session
      .run(async (client) => {
        ran = true;
        return client.createElement(realm("mine"));
      })
      .catch((err: unknown) => err);

    expect(refused).toBeInstanceOf(StagedChangesError);
    const message = (refused as Error).message;
    expect(message).toMatch(/^the SBC's editing configuration holds 4 change\(s\) that are not running and that no interrupted run of this project staged: /);
    for (const line of lines) expect(message).toMatch(line);
    expect(message).toContain("stopped before changing anything (nothing discarded; lock released)");
    expect(message).toContain("run again once with SBC_DISCARD_STAGED_CHANGES=true in the environment (or sbc:discardStagedChanges, or connection.discardStagedChanges)");
    expect(ran).toBe(false);
    expect(JSON.stringify([...h.sbc.store.stores.editing])).toBe(editingBefore);
    expect(realmIds(h, "running")).not.toContain("mine");
    expect(since(h, before)).toEqual({ locks: 1, verify: 0, save: 0, activate: 0, restore: 0 });
    expect(h.sbc.sessions.lockHolder()).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  test("with discardStagedChanges they are discarded, every type at once, and listed in a warning", async () => {
    const h = emulator();
    const lines = await stageAcliEdits(h, 2);
    const before = counters(h);
    const { session, warnings } = harnessFor(h, clients, { discardStagedChanges: true });
    await session.run((client) => client.createElement(realm("mine")));

    expect(realmIds(h, "running")).toEqual(expect.arrayContaining(["kept-2", "doomed-2", "mine"]));
    expect(realmIds(h, "running")).not.toContain("acli-new-2");
    expect(h.sbc.store.stores.running.get("steering-pool") ?? []).toEqual([]);
    expect(h.sbc.store.stores.running.get("realm-config")!.find((r) => r.attributes.identifier === "kept-2")?.attributes.description).toBe("as running");
    expect(h.sbc.store.stores.editing).toEqual(h.sbc.store.stores.running);
    expect(h.sbc.store.stores.saved).toEqual(h.sbc.store.stores.running);
    expect(since(h, before)).toEqual({ locks: 1, verify: 1, save: 1, activate: 1, restore: 1 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/discarded 4 change\(s\) staged on the SBC that were not running and that no run of this project staged, as sbc:discardStagedChanges is set/);
    for (const line of lines) expect(warnings[0]).toMatch(line);
  });

  test("an interrupted run's own leftovers, by its journal, are discarded with a warning; an edit someone made on top of them stops the run", async () => {
    const h = emulator();
    const journal = memoryJournal(builtinCatalog);
    // What a run killed after its changes and before its commit leaves: journaled, staged, not activated.
    await harnessFor(h, clients).session.run((client) => client.createElement(realm("base")));
    const killed = clientFor(h);
    clients.push(killed);
    await killed.lock();
    const staged: [string, ConfigElement][] = [
      ["create", realm("half-made", { description: "from the program" })],
      ["update", realm("base", { description: "from the program" })],
    ];
    for (const [op, element] of staged) {
      journal.record(op as "create" | "update", element.elementType, element.attributes);
      await (op === "create" ? killed.createElement(element) : killed.updateElement(element));
    }
    journal.record("delete", "realm-config", { identifier: "base-2" });
    await killed.unlock();

    const { session, warnings } = harnessFor(h, clients, { journal });
    await session.run((client) => client.createElement(realm("next")));
    expect(realmIds(h, "running")).toEqual(expect.arrayContaining(["base", "next"]));
    expect(realmIds(h, "running")).not.toContain("half-made");
    expect(h.sbc.store.stores.editing).toEqual(h.sbc.store.stores.running);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/discarded 2 change\(s\) that an interrupted run of this project had staged and not committed \(its stack does not record them; /);
    expect(warnings[0]).toMatch(/realm-config \[identifier=half-made\] added/);
    expect(warnings[0]).toMatch(/realm-config \[identifier=base\] changed \(description/);
    expect(journal.entries()).toEqual([]);

    // Once more, and then someone edits the leftover before the next run: it is theirs now.
    await killed.lock();
    journal.record("create", "realm-config", realm("half-made", { description: "from the program" }).attributes);
    await killed.createElement(realm("half-made", { description: "from the program" }));
    await killed.unlock();
    h.sbc.store.update(realm("half-made", { description: "edited by hand" }), acli);
    const refused = await harnessFor(h, clients, { journal }).session.run((client) => client.createElement(realm("after"))).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(StagedChangesError);
    expect((refused as Error).message).toMatch(/holds 1 change\(s\) .*: realm-config \[identifier=half-made\] added \(last modified by REST-acli@console/);
    expect(realmIds(h, "editing")).toContain("half-made");
  });

  test("one run looks once, and again only after someone else held the lock (who may have staged changes)", async () => {
    const h = emulator();
    const { session } = harnessFor(h, clients);
    let before = counters(h);
    let requests = h.sbc.stats.requests;
    await session.run((client) => client.createElement(realm("first")));
    const firstSession = h.sbc.stats.requests - requests;
    requests = h.sbc.stats.requests;
    await session.run((client) => client.createElement(realm("second")));
    const secondSession = h.sbc.stats.requests - requests;
    // The first session lists every type in both configurations; the second, back to back, none.
    expect(firstSession - secondSession).toBeGreaterThanOrEqual(1 + 2 * builtinCatalog.types().length);
    expect(since(h, before)).toMatchObject({ locks: 2, activate: 2, restore: 0 });

    const other = clientFor(h);
    clients.push(other);
    await other.lock();
    h.sbc.store.create(realm("sneaked-in"), acli);
    const released = sleep(800).then(() => other.unlock());
    before = counters(h);
    const refused = await session.run((client) => client.createElement(realm("third"))).catch((err: unknown) => err);
    await released;
    expect(refused).toBeInstanceOf(StagedChangesError);
    expect((refused as Error).message).toContain("realm-config [identifier=sneaked-in] added");
    expect(since(h, before)).toMatchObject({ restore: 0, activate: 0 });
    expect(realmIds(h, "editing")).toContain("sneaked-in");
  });

  test("nothing staged: every type is read once in each configuration, and nothing is restored", async () => {
    const h = emulator();
    const warnings: string[] = [];
    const before = counters(h);
    const paths: string[] = [];
    const spy = clientFor(h, { onRequest: (e) => paths.push(`${e.method} ${e.path}`) });
    clients.push(spy);
    const spied = new LockSession(spy, { commit: "activate", lockTimeoutSeconds: 10 }, { info: () => {}, warn: (m) => warnings.push(m) });
    await spied.run((client) => client.createElement(realm("clean")));
    const lists = paths.filter((p) => p.startsWith("GET /rest/v1.1/configuration/configElements?elementType="));
    const types = builtinCatalog.types().map((t) => t.name);
    expect(paths.filter((p) => p === "GET /rest/v1.1/configuration/elementTypes")).toHaveLength(1);
    expect(lists.filter((p) => p.endsWith("&running=true"))).toHaveLength(types.length);
    expect(lists.filter((p) => !p.endsWith("&running=true"))).toHaveLength(types.length);
    expect(since(h, before)).toEqual({ locks: 1, verify: 1, save: 1, activate: 1, restore: 0 });
    expect(warnings).toEqual([]);
  });

  test("a type the provider's catalog lacks is listed too, by the key its metadata gives", async () => {
    const h = emulator();
    // A client whose catalog lacks steering-pool, as one built for an older release would.
    const client = clientFor(h, { catalog: new Catalog(builtinCatalog.types().filter((t) => t.name !== "steering-pool")) });
    clients.push(client);
    h.sbc.store.create({ elementType: "steering-pool", attributes: { "ip-address": "192.0.2.98", "start-port": "41000", "realm-id": "elsewhere" }, subElements: [] }, acli);
    const session = new LockSession(client, { commit: "activate", lockTimeoutSeconds: 10 }, { info: () => {}, warn: () => {} });
    const refused = await session.run((c) => c.createElement(realm("after-unknown"))).catch((err: unknown) => err);
    expect((refused as Error).message).toMatch(/steering-pool \[ip-address=192\.0\.2\.98 start-port=41000 realm-id=elsewhere\] added/);
  });

  test('with commit "none" what earlier sessions staged is kept: staging is what that mode asks for', async () => {
    const h = emulator();
    const { session, warnings } = harnessFor(h, clients, { commit: "none" });
    await session.run((client) => client.createElement(realm("staged-1")));
    await session.run((client) => client.createElement(realm("staged-2")));
    expect(realmIds(h, "editing")).toEqual(expect.arrayContaining(["staged-1", "staged-2"]));
    expect(warnings).toEqual([]);
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
