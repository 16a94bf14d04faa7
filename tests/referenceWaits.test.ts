/**
 * Elements that name each other by plain strings (a sip-interface's `realm-id: core`, not a Pulumi
 * reference) apply in one run whatever order and grouping the engine gives them: a change whose
 * commit fails verify only because an element it names is not on the SBC yet waits for that
 * element and commits with it (provider/core/session/referenceWaits.ts, lockSession.ts), and when
 * every change the engine lets run waits, the session makes the elements the program declares.
 * A name that nothing declares still fails cleanly. The engine is imitated by a deterministic
 * scheduler: changes dispatched in a given order, at most `parallel` at once, the next as soon as
 * one settles — as Pulumi's step executor does with --parallel.
 */
import { builtinCatalog } from "../client/catalog/catalog";
import { keyOf } from "../client/catalog/schema";
import { SbcClient } from "../client/client";
import { ConflictError } from "../client/errors";
import { ConfigElement, describeElement } from "../client/types";
import { cloneConfiguration, Configuration } from "../emulator/configStore";
import { LockSession, LockSessionSettings } from "../provider/core/session/lockSession";
import { ElementRef, namedElements, provides } from "../provider/core/session/namedElements";
import { ChangeInfo, PlannedChange, ReferenceWaits } from "../provider/core/session/referenceWaits";
import { StepError } from "../provider/core/session/sessionSteps";
import { memoryJournal } from "../provider/core/session/stagedJournal";
import { clientFor, useEmulator } from "./support/emulator";

function el(elementType: string, attributes: Record<string, string | string[]>, subElements: ConfigElement[] = []): ConfigElement {
  return { elementType, attributes, subElements };
}

const REALM = el("realm-config", { identifier: "core" });
const SIP = el("sip-interface", { "realm-id": "core" }, [el("sip-port", { address: "192.0.2.10", port: "5060", "transport-protocol": "UDP" })]);
const POOL = el("steering-pool", { "ip-address": "192.0.2.20", "start-port": "20000", "end-port": "29999", "realm-id": "core" });
const POLICY = el("local-policy", { "from-address": ["*"], "to-address": ["*"], "source-realm": ["core"] }, [el("policy-attribute", { "next-hop": "198.51.100.5", realm: "core" })]);
const AGENT = el("session-agent", { hostname: "carrier.example.net", "ip-address": "198.51.100.5", "realm-id": "core" });

function label(element: ConfigElement): string {
  return describeElement(element.elementType, keyOf(builtinCatalog.get(element.elementType)!, element.attributes));
}

/** A create as the provider makes it: an identical element already there (made early by the session) is the result. */
function create(element: ConfigElement): (client: SbcClient) => Promise<ConfigElement> {
  return async (client) => {
    try {
      return await client.createElement(element);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      return client.getElement(element.elementType, keyOf(builtinCatalog.get(element.elementType)!, element.attributes));
    }
  };
}

/** What the program declares, as the provider's key claims give it: the elements the engine has checked. */
function declaring(program: ConfigElement[], checked: ReadonlySet<ConfigElement> = new Set(program)): (ref: ElementRef) => PlannedChange | undefined {
  const planned = (ref: ElementRef): PlannedChange | undefined => {
    const element = program.find((e) => checked.has(e) && provides(e, ref));
    return element && { label: label(element), element, mutate: create(element), planned };
  };
  return planned;
}

function changeOf(element: ConfigElement, program: ConfigElement[], checked?: ReadonlySet<ConfigElement>): ChangeInfo {
  return { element, planned: declaring(program, checked) };
}

/**
 * Pulumi's step executor in miniature: `order` dispatched at most `parallel` at a time, the next
 * when one settles. As the engine does, it checks a resource (the provider learns what it
 * declares) only when it gets to it: the ones dispatched and the one waiting for a free slot; and
 * after a failure it dispatches nothing more. Undispatched elements have no result.
 */
async function engine(session: LockSession, program: ConfigElement[], order: number[], parallel: number): Promise<(PromiseSettledResult<ConfigElement> | undefined)[]> {
  const results: (PromiseSettledResult<ConfigElement> | undefined)[] = program.map(() => undefined);
  const checked = new Set<ConfigElement>();
  let next = 0;
  let inFlight = 0;
  let failed = false;
  await new Promise<void>((done) => {
    const launch = () => {
      while (!failed && inFlight < parallel && next < order.length) {
        const i = order[next++];
        checked.add(program[i]);
        inFlight++;
        session
          .run(create(program[i]), changeOf(program[i], program, checked))
          .then(
            (value) => (results[i] = { status: "fulfilled", value }),
            (reason: unknown) => {
              results[i] = { status: "rejected", reason };
              failed = true;
            },
          )
          .finally(() => {
            inFlight--;
            if ((failed || next === order.length) && inFlight === 0) done();
            else launch();
          });
      }
      if (!failed && next < order.length) checked.add(program[order[next]]);
    };
    launch();
  });
  return results;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

describe("ReferenceWaits: what waits for what", () => {
  const program = [REALM, SIP, POOL, AGENT];
  const refsOf = (element: ConfigElement) => namedElements(builtinCatalog, element);

  test("names are read by the catalog's references, in sub-elements too", () => {
    expect(refsOf(POLICY)).toEqual([
      { elementType: "realm-config", attribute: "identifier", value: "core" },
    ]);
    expect(refsOf(el("local-policy", { "source-realm": ["*"] }, [el("policy-attribute", { "next-hop": "SAG:carriers", realm: "" })]))).toEqual([
      { elementType: "session-group", attribute: "group-name", value: "carriers" },
    ]);
    expect(refsOf(REALM)).toEqual([]);
  });

  test("a parked change is released when what it names arrives, and what waits for it with it", () => {
    const waits = new ReferenceWaits<string>();
    const group = el("session-group", { "group-name": "carriers", dest: ["carrier.example.net"] });
    waits.park("sip", changeOf(SIP, program), refsOf(SIP));
    waits.park("policy", changeOf(POLICY, program), [{ elementType: "session-group", attribute: "group-name", value: "carriers" }, ...refsOf(POLICY)]);
    expect(waits.arrived(AGENT)).toEqual([]);
    expect(waits.arrived(REALM)).toEqual(["sip"]);
    expect(waits.size).toBe(1);
    expect(waits.arrived(group)).toEqual(["policy"]);
    expect(waits.size).toBe(0);
  });

  test("a failed element fails what waits for it, and what waits for those", () => {
    const waits = new ReferenceWaits<string>();
    const sipNamingGroup = el("sip-interface", { "realm-id": "core", "session-group": "g" });
    waits.park("group", changeOf(el("session-group", { "group-name": "g" }), program), [{ elementType: "session-agent", attribute: "hostname", value: "x" }]);
    waits.park("sip", changeOf(sipNamingGroup, program), [{ elementType: "session-group", attribute: "group-name", value: "g" }]);
    const failed = waits.failed(el("session-agent", { hostname: "x" }));
    expect(failed.map((f) => f.op)).toEqual(["group", "sip"]);
    expect(waits.size).toBe(0);
  });

  test("resolvable: the parked changes whose named elements the program declares, with one plan per element; not one that names an undeclared element", () => {
    const waits = new ReferenceWaits<string>();
    waits.park("sip", changeOf(SIP, program), refsOf(SIP));
    waits.park("pool", changeOf(POOL, program), refsOf(POOL));
    const stray = el("sip-interface", { "realm-id": "nowhere" });
    waits.park("stray", changeOf(stray, program), refsOf(stray));
    const { ops, plans } = waits.resolvable();
    expect(ops.sort()).toEqual(["pool", "sip"]);
    expect(plans.map((p) => p.label)).toEqual(["realm-config [identifier=core]"]);
    expect(waits.size).toBe(1);
    expect(waits.resolvable()).toEqual({ ops: [], plans: [] });
  });
});

describe("a plain-name program applies in one run, whatever order and --parallel the engine uses", () => {
  const emulator = useEmulator({ activateMs: 5 });
  const program = [REALM, SIP, POOL, POLICY];
  let clean: Configuration;
  const clients: SbcClient[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
  });

  function session(settings: Partial<LockSessionSettings> = {}, infos: string[] = []): LockSession {
    const client = clientFor(emulator());
    clients.push(client);
    return new LockSession(
      client,
      { commit: "activate", lockTimeoutSeconds: 10, batchWindowMs: 5, referenceGraceMs: 40, referenceWaitMs: 300, journal: memoryJournal(builtinCatalog), ...settings },
      { info: (m) => infos.push(m), warn: () => {} },
    );
  }

  function reset(): void {
    const { store } = emulator().sbc;
    clean ??= cloneConfiguration(store.stores.running);
    for (const name of ["editing", "saved", "running"] as const) store.stores[name] = cloneConfiguration(clean);
  }

  function expectApplied(results: (PromiseSettledResult<ConfigElement> | undefined)[], expected: ConfigElement[]): void {
    expect(results.map((r) => (r?.status === "rejected" ? String(r.reason) : r ? "ok" : "not run"))).toEqual(expected.map(() => "ok"));
    const { stores } = emulator().sbc.store;
    for (const element of expected) {
      expect(stores.running.get(element.elementType)?.some((e) => label(e) === label(element))).toBe(true);
    }
    expectSettled();
  }

  /** Running, saved and editing alike (nothing staged), and the lock free. */
  function expectSettled(): void {
    const { stores } = emulator().sbc.store;
    expect(stores.editing).toEqual(stores.running);
    expect(stores.saved).toEqual(stores.running);
    expect(emulator().sbc.sessions.lockHolder()).toBeUndefined();
  }

  test.each([1, 2, 3])(
    "each of the 24 orders at --parallel %i: applied whenever Pulumi has checked the realm by the time every slot waits for it; otherwise the held-back advice, the SBC settled",
    async (parallel) => {
      const s = session();
      let stuck = 0;
      for (const order of permutations(program.length)) {
        reset();
        const results = await engine(s, program, order, parallel);
        // The three others all name the realm: every slot waits for it exactly when Pulumi has not checked it (beyond the first parallel + 1).
        if (order.indexOf(0) <= parallel) {
          expectApplied(results, program);
        } else {
          stuck++;
          const failures = results.filter((r): r is PromiseRejectedResult => r?.status === "rejected");
          expect(failures.length).toBeGreaterThan(0);
          for (const failure of failures) {
            expect(String(failure.reason)).toMatch(/it names realm-config "core" \(identifier\), which is not on \S+ and which no resource Pulumi has passed to the provider declares: .*raise --parallel; nothing of this change is staged/);
          }
          expect(results.some((r) => r?.status === "fulfilled")).toBe(false);
          expectSettled();
        }
        expect(s.idle).toBe(true);
      }
      expect(stuck).toBe({ 1: 12, 2: 6, 3: 0 }[parallel]);
    },
    120_000,
  );

  test("everything at once (--parallel above the count) commits in one session, as before: naming by plain strings costs nothing then", async () => {
    reset();
    const s = session();
    const results = await engine(s, program, [1, 2, 3, 0], 8);
    expectApplied(results, program);
    expect(s.stats).toMatchObject({ lockAcquisitions: 1, commits: 1 });
  });

  test("the named element arriving while the first commit runs: all are made again with it, in the same session", async () => {
    reset();
    const infos: string[] = [];
    const s = session({}, infos);
    const agent = el("session-agent", { hostname: "peer.example.net", "ip-address": "198.51.100.9" });
    const first = [s.run(create(SIP), changeOf(SIP, program)), s.run(create(agent), changeOf(agent, program))];
    await until(() => emulator().sbc.operations.status()?.operation === "verify");
    const realm = s.run(create(REALM), changeOf(REALM, program));
    expectApplied(await Promise.allSettled([...first, realm]), [SIP, agent, REALM]);
    expect(infos).toEqual([expect.stringMatching(/verify failed on elements that are not on the SBC yet; they have arrived since, so the changes are made again with them$/)]);
    expect(s.stats).toMatchObject({ lockAcquisitions: 1, commits: 1 });
  });

  test("the named element arriving after the first commit: the waiting change commits with it; the others did meanwhile; nothing is made early", async () => {
    reset();
    const infos: string[] = [];
    const s = session({}, infos);
    const agent = el("session-agent", { hostname: "peer.example.net", "ip-address": "198.51.100.9" });
    const sip = s.run(create(SIP), changeOf(SIP, program));
    await s.run(create(agent), changeOf(agent, program));
    expect(emulator().sbc.store.stores.running.get("sip-interface") ?? []).toEqual([]);
    const realm = s.run(create(REALM), changeOf(REALM, program));
    expectApplied(await Promise.allSettled([sip, realm]), [SIP, REALM]);
    expect(emulator().sbc.store.stores.running.get("session-agent")?.map(label)).toEqual(["session-agent [hostname=peer.example.net]"]);
    expect(infos).toEqual([expect.stringMatching(/1 change\(s\) wait for the elements they name \(sip-interface names realm-config "core"\), and the rest are made again$/)]);
    expect(s.stats).toMatchObject({ lockAcquisitions: 2, commits: 2 });
  });

  test("every change the engine lets run waits (--parallel 1, the sip-interface first): the session makes the declared realm itself, and the realm's own create finds it made", async () => {
    reset();
    const infos: string[] = [];
    const s = session({}, infos);
    const results = await engine(s, [REALM, SIP], [1, 0], 1);
    expectApplied(results, [REALM, SIP]);
    expect(infos).toEqual([
      expect.stringMatching(/1 change\(s\) wait for the elements they name \(sip-interface names realm-config "core"\)/),
      expect.stringMatching(/making realm-config \[identifier=core\] now, as the program declares it and 1 change\(s\) wait for it while the engine sends nothing else$/),
    ]);
  });

  test("a name nothing in the run declares fails after the wait: one sentence with the SBC's words and what to do, nothing staged, lock released; the rest commits", async () => {
    reset();
    const stray = el("sip-interface", { "realm-id": "nowhere" }, [el("sip-port", { address: "192.0.2.77", port: "5060", "transport-protocol": "UDP" })]);
    const s = session();
    const startedAt = Date.now();
    const results = await Promise.allSettled([s.run(create(stray), changeOf(stray, [stray, REALM])), s.run(create(REALM), changeOf(REALM, [stray, REALM]))]);
    expect(results[1].status).toBe("fulfilled");
    expect(results[0].status).toBe("rejected");
    const reason = (results[0] as PromiseRejectedResult).reason as StepError;
    expect(reason).toBeInstanceOf(StepError);
    expect(reason.step).toBe("verify");
    expect(reason.message).toMatch(
      /^it names realm-config "nowhere" \(identifier\), which is not on http:\/\/127\.0\.0\.1:\d+ and which no resource Pulumi has passed to the provider declares: if the program has no such element, add it or correct the name; if it has, Pulumi holds it back because every change it runs at once \(--parallel\) waits for an element it has not sent yet, so write the reference as \$\{<resource>\.<property>\} \(Pulumi then creates that element first\) or raise --parallel; nothing of this change is staged \(the SBC's verify: ERROR: sip-interface \[realm-id=nowhere\] realm-id references realm-config "nowhere", which does not exist\)$/,
    );
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(300);
    const { stores } = emulator().sbc.store;
    expect(stores.editing).toEqual(stores.running);
    expect(stores.running.get("sip-interface") ?? []).toEqual([]);
    expect(emulator().sbc.sessions.lockHolder()).toBeUndefined();
  });

  test("the element a waiting change names fails on its own: the waiting change fails, naming it and why", async () => {
    reset();
    const bad = el("realm-config", { identifier: "core", "mm-in-realm": "sometimes" });
    const s = session();
    const results = await Promise.allSettled([s.run(create(SIP), changeOf(SIP, [bad, SIP])), s.run(create(bad), changeOf(bad, [bad, SIP]))]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/it names realm-config "core" \(identifier\), which this run was making and which failed: .*mm-in-realm/);
    const { stores } = emulator().sbc.store;
    expect(stores.editing).toEqual(stores.running);
    expect(emulator().sbc.sessions.lockHolder()).toBeUndefined();
  });
});
