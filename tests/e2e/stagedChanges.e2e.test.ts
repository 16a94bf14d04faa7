/**
 * Staged work is never discarded unseen, under the real CLI (issue 31, item 1): an ACLI user's
 * unsaved edits stop `pulumi up` before it changes anything, listed with who made them; the run
 * told to (discardStagedChanges) discards them and says which; and what a killed run of the stack
 * had staged — its own, by its journal under the stack's PULUMI_HOME — the next `up` discards and
 * lists, and converges.
 */
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { EmulatorHandle } from "../../emulator";
import { providerProcesses } from "./support/providerProcesses";
import { CliStack, describeWithCli, ROOT } from "./support/pulumiCli";
import { configuration, elements, emulators, expectSettled, ids, SBC_LOGIN, SBC_SECRET } from "./support/sbc";

const PROGRAM = path.join(ROOT, "tests", "fixtures", "programs", "basic");
const emulator = emulators();
const ACLI = { user: "bob", address: "10.0.0.9" };

function realm(sbc: EmulatorHandle, identifier: string, store: "running" | "editing" = "running") {
  return elements(sbc, "realm-config", store).find((r) => r.attributes.identifier === identifier);
}

describeWithCli("changes staged on the SBC and not running, under the real pulumi CLI", () => {
  let s: CliStack;
  afterEach(async () => {
    await s.dispose();
  });

  test("an ACLI user's unsaved edits stop the up before it changes anything, one error listing them; SBC_DISCARD_STAGED_CHANGES=true discards them, saying which", async () => {
    const sbc = await emulator();
    s = new CliStack(PROGRAM, "staged");
    await s.init({ "sbc:host": sbc.url, ...SBC_LOGIN, "test:withNtp": "false", "test:withSip": "false" }, SBC_SECRET);
    await s.run(["up", "--yes", "--skip-preview"]);
    const running = configuration(sbc);

    sbc.sbc.store.create({ elementType: "realm-config", attributes: { identifier: "lab" }, subElements: [] }, ACLI);
    sbc.sbc.store.update({ elementType: "realm-config", attributes: { identifier: "core", description: "unsaved by bob" }, subElements: [] }, ACLI);
    const staged = configuration(sbc, "editing");
    await s.setConfig({ "test:description": "from the program" });
    const stopped = await s.run(["up", "--yes", "--skip-preview"], { expectFailure: true });
    expect(stopped.output).toMatch(
      /realm-config \[identifier=core\]: update failed on http:\/\/127\.0\.0\.1:\d+: the SBC's editing configuration holds 2 change\(s\) that are not running and that no interrupted run of this project staged: /,
    );
    expect(stopped.output).toMatch(/realm-config \[identifier=core\] changed \(description; last modified by REST-bob@10\.0\.0\.9 at [\d-]+ [\d:]+\)/);
    expect(stopped.output).toMatch(/realm-config \[identifier=lab\] added \(last modified by REST-bob@10\.0\.0\.9 at [\d-]+ [\d:]+\)/);
    expect(stopped.output).toContain("so it stopped before changing anything (nothing discarded; lock released)");
    expect(stopped.output).toContain("run again once with SBC_DISCARD_STAGED_CHANGES=true in the environment");
    // Nothing changed: running as before, bob's edits still staged, the lock free, the stack as before.
    expect(configuration(sbc)).toEqual(running);
    expect(configuration(sbc, "editing")).toEqual(staged);
    expect(sbc.sbc.sessions.lockHolder()).toBeUndefined();
    expect((await s.resources()).get("core-realm")?.outputs).toMatchObject({ attributes: { description: "core network" } });

    const discarding = await s.run(["up", "--yes", "--skip-preview"], { env: { SBC_DISCARD_STAGED_CHANGES: "true" } });
    expect(discarding.output).toMatch(
      /discarded 2 change\(s\) staged on the SBC that were not running and that no run of this project staged, as sbc:discardStagedChanges is set; they are lost, make them again if they were meant: /,
    );
    expect(discarding.output).toContain("realm-config [identifier=lab] added");
    expect(realm(sbc, "core")?.attributes.description).toBe("from the program");
    expect(realm(sbc, "lab")).toBeUndefined();
    expectSettled(sbc);
    await s.run(["preview", "--expect-no-changes"]);
  });

  test("a run killed with its change staged: the next up discards it as its own (by the journal), says so, and converges", async () => {
    // A short token life: the dead run's lock clears soon (ten minutes on an SBC).
    const sbc = await emulator({ activateMs: 3000, tokenTtlSeconds: 15 });
    s = new CliStack(PROGRAM, "killed");
    await s.init({ "sbc:host": sbc.url, ...SBC_LOGIN, "test:withNtp": "false", "test:withSip": "false", "sbc:lockTimeoutSeconds": "90" }, SBC_SECRET);
    await s.run(["up", "--yes", "--skip-preview"]);

    await s.setConfig({ "test:description": "staged, then killed" });
    const killed = await s.run(["up", "--yes", "--skip-preview"], {
      expectFailure: true,
      onSpawn: (child) =>
        void (async () => {
          // Staged, not yet verified: the provider dies before it can commit or discard.
          while (realm(sbc, "core", "editing")?.attributes.description !== "staged, then killed") await sleep(5);
          for (const pid of providerProcesses(child.pid!)) process.kill(Number(pid), "SIGKILL");
          child.kill("SIGKILL");
        })(),
    });
    expect(killed.signal).toBe("SIGKILL");
    expect(realm(sbc, "core", "editing")?.attributes.description).toBe("staged, then killed");
    expect(realm(sbc, "core")?.attributes.description).toBe("core network");

    // The README's recovery after a killed CLI; the up waits out the dead run's lock, then finds its leftover.
    await s.run(["cancel", "--yes"]);
    const next = await s.run(["up", "--yes", "--skip-preview"]);
    // The author is REST-[secret]@…: the CLI masks the emulator's password, which equals its user name.
    expect(next.output).toMatch(
      /discarded 1 change\(s\) that an interrupted run of this project had staged and not committed \(its stack does not record them; this run makes again what the program still declares\): realm-config \[identifier=core\] changed \(description; last modified by REST-\S+@[\d.]+ at [\d-]+ [\d:]+\)/,
    );
    expect(next.output).not.toMatch(/no interrupted run of this project staged/);
    expect(realm(sbc, "core")?.attributes.description).toBe("staged, then killed");
    expect(ids(sbc, "realm-config")).toEqual(["core"]);
    expectSettled(sbc);
    await s.run(["preview", "--expect-no-changes"]);
  });
});
