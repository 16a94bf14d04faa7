/**
 * Interruption under the real CLI (case i of the CLI issue): Ctrl-C (SIGINT) to `pulumi up` while
 * the SBC activates, and `kill -9` of the CLI during another activation. The next `pulumi up`
 * (after what the README tells the user to run) converges: every element on the SBC, the stack
 * agreeing, running = saved = editing, and the lock free.
 */
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { EmulatorHandle } from "../../emulator";
import { isProviderProcess, providerProcesses } from "./support/providerProcesses";
import { CliStack, describeWithCli, ROOT } from "./support/pulumiCli";
import { elements, emulators, expectSettled, ids, SBC_LOGIN, SBC_SECRET } from "./support/sbc";

const PROGRAM = path.join(ROOT, "tests", "fixtures", "programs", "basic");
const emulator = emulators();

/** Resolves once the SBC is activating a configuration. */
async function activationStarted(sbc: EmulatorHandle, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const op = sbc.sbc.operations.status();
    if (op?.operation === "activate" && op.status === "inProgress") return;
    if (Date.now() > deadline) throw new Error("no activation started");
    await sleep(25);
  }
}

describeWithCli("interruption under the real pulumi CLI", () => {
  let s: CliStack;
  afterEach(async () => {
    await s.dispose();
  });

  test("SIGINT during an activation: the CLI lets the commit finish and records it; the next up has nothing left to do", async () => {
    const sbc = await emulator({ activateMs: 3000 });
    s = new CliStack(PROGRAM);
    await s.init({ "sbc:host": sbc.url, ...SBC_LOGIN, "test:withNtp": "false" }, SBC_SECRET);
    await s.run(["up", "--yes", "--skip-preview"]);
    await s.setConfig({ "test:description": "changed under ^C" });
    const interrupted = s.run(["up", "--yes", "--skip-preview"], {
      expectFailure: true,
      onSpawn: (child) => void activationStarted(sbc).then(() => child.kill("SIGINT")),
    });
    const result = await interrupted;
    expect(result.output).toMatch(/cancel/i);
    expect(elements(sbc, "realm-config")[0].attributes.description).toBe("changed under ^C");
    expectSettled(sbc);
    await s.run(["up", "--yes"]);
    await s.run(["preview", "--expect-no-changes"]);
    expectSettled(sbc);
  });

  test("kill -9 of the CLI during an activation: the next up finds the dead run's stack lock; cancel, refresh --clear-pending-creates and up converge", async () => {
    const sbc = await emulator({ activateMs: 3000, tokenTtlSeconds: 30 });
    s = new CliStack(PROGRAM);
    await s.init({ "sbc:host": sbc.url, ...SBC_LOGIN, "test:withNtp": "false", "test:withSip": "false", "sbc:lockTimeoutSeconds": "90" }, SBC_SECRET);
    await s.run(["up", "--yes", "--skip-preview"]);
    await s.setConfig({ "test:withSip": "true", "test:description": "changed under kill -9" });
    // This CLI's providers, read before the kill: once it is dead they are no longer below it.
    let orphans: string[] = [];
    const killed = await s.run(["up", "--yes", "--skip-preview"], {
      expectFailure: true,
      onSpawn: (child) =>
        void activationStarted(sbc).then(() => {
          orphans = providerProcesses(child.pid!);
          child.kill("SIGKILL");
        }),
    });
    expect(killed.signal).toBe("SIGKILL");
    // The killed CLI's provider process finishes its session, then leaves (provider/core/session/engineGone.ts): checked at the end.
    expect(orphans.length).toBeGreaterThan(0);
    const { deployment } = await s.exportState();
    expect(deployment.pending_operations?.length ?? 0).toBeGreaterThan(0);

    // What the README says to run after a killed CLI: cancel (the dead CLI's stack lock), refresh
    // clearing creates that never got recorded, then up.
    const locked = await s.run(["up", "--yes"], { expectFailure: true });
    expect(locked.output).toMatch(/the stack is currently locked/);
    await s.run(["cancel", "--yes"]);
    await s.run(["refresh", "--yes", "--clear-pending-creates"]);
    await s.run(["up", "--yes"]);
    expect(ids(sbc, "sip-interface", "realm-id")).toEqual(["core"]);
    expect(elements(sbc, "realm-config")[0].attributes.description).toBe("changed under kill -9");
    expect(new Set((await s.resources()).keys())).toEqual(new Set(["core-realm", "core-sip"]));
    expect((await s.exportState()).deployment.pending_operations ?? []).toEqual([]);
    await s.run(["preview", "--expect-no-changes"]);
    expectSettled(sbc);
    expect(orphans.filter(isProviderProcess)).toEqual([]);
  });

  test("kill -9 of a run with PULUMI_SKIP_CHECKPOINTS=true: the state records nothing of it, and the README's recovery adopts what it wrote on the SBC", async () => {
    const sbc = await emulator({ activateMs: 3000, tokenTtlSeconds: 30 });
    s = new CliStack(PROGRAM);
    await s.init({ "sbc:host": sbc.url, ...SBC_LOGIN, "test:withNtp": "false", "test:withSip": "false", "sbc:lockTimeoutSeconds": "90" }, SBC_SECRET);
    await s.run(["up", "--yes", "--skip-preview"]);
    const recorded = await s.exportState();
    // One wave: the sip-interface's create, killed while the SBC activates it.
    await s.setConfig({ "test:withSip": "true" });
    const killed = await s.run(["up", "--yes", "--skip-preview"], {
      expectFailure: true,
      env: { PULUMI_SKIP_CHECKPOINTS: "true" },
      onSpawn: (child) => void activationStarted(sbc).then(() => child.kill("SIGKILL")),
    });
    expect(killed.signal).toBe("SIGKILL");
    // The dead run's provider finishes its commit: the SBC has the change, the state none of it, not even a pending operation.
    await sleep(5000);
    expect(ids(sbc, "sip-interface", "realm-id")).toEqual(["core"]);
    const after = await s.exportState();
    expect(after.deployment.pending_operations ?? []).toEqual([]);
    expect(after.deployment.resources).toEqual(recorded.deployment.resources);

    // The README's recovery after a killed run.
    const locked = await s.run(["up", "--yes"], { expectFailure: true });
    expect(locked.output).toMatch(/the stack is currently locked/);
    await s.run(["cancel", "--yes"]);
    await s.run(["refresh", "--yes", "--clear-pending-creates"]);
    const recovered = await s.run(["up", "--yes"]);
    // The sip-interface the dead run made matches the program: recorded, not failed as a duplicate.
    expect(recovered.output).not.toMatch(/already exists/);
    expect(ids(sbc, "sip-interface", "realm-id")).toEqual(["core"]);
    expect(new Set((await s.resources()).keys())).toEqual(new Set(["core-realm", "core-sip"]));
    await s.run(["preview", "--expect-no-changes"]);
    expectSettled(sbc);
  });
});
