/**
 * The lifecycle under the real CLI (cases c, d, f, h, k of the CLI issue) on the fixture program
 * tests/fixtures/programs/basic: replacements that change or keep the key, drift and refresh,
 * adopt, an SBC that refuses a commit, and the resource options and flags the engine honours.
 * After each step the SBC's running configuration and the stack must agree.
 */
import * as path from "node:path";
import { EmulatorHandle } from "../../emulator";
import { builtinCatalog } from "../../client/catalog/catalog";
import { clientFor, commitByHand } from "../support/emulator";
import { CliStack, describeWithCli, resourceCounts, ROOT } from "./support/pulumiCli";
import { counters, elements, emulators, expectSettled, ids, since, SBC_LOGIN, SBC_SECRET } from "./support/sbc";

const PROGRAM = path.join(ROOT, "tests", "fixtures", "programs", "basic");
const emulator = emulators();

/** Realm identifiers in the stack, by resource name. */
async function stackRealms(s: CliStack): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, r] of await s.resources()) {
    if (r.type.endsWith("sbc:RealmConfig")) out[name] = String((r.outputs?.attributes as Record<string, unknown>).identifier);
  }
  return out;
}

/** An out-of-band change through the SBC's REST API, committed like an operator would. */
async function byOperator(sbc: EmulatorHandle, change: (client: ReturnType<typeof clientFor>) => Promise<unknown>): Promise<void> {
  const client = clientFor(sbc);
  try {
    await commitByHand(client, change);
  } finally {
    await client.close();
  }
}

describeWithCli("stack lifecycle under the real pulumi CLI", () => {
  let sbc: EmulatorHandle;
  let s: CliStack;

  beforeEach(async () => {
    sbc = await emulator();
    s = new CliStack(PROGRAM);
    await s.init({ "sbc:host": sbc.url, ...SBC_LOGIN, "test:withNtp": "false" }, SBC_SECRET);
    await s.run(["up", "--yes", "--skip-preview"]);
  });
  afterEach(async () => {
    await s.dispose();
  });

  test("c) a key change replaces the realm and its sip-interface; the old realm is gone from the SBC", async () => {
    await s.setConfig({ "test:realm": "core2" });
    const preview = await s.run(["preview", "--diff"]);
    expect(resourceCounts(preview.output)).toMatchObject({ "to replace": 2 });
    // The outputs hold only what the program sets: the diff shows the key's change and none of the
    // attributes the SBC filled in (0.1.0's outputs held every one: 26 `-` lines for the realm alone).
    expect(preview.output).toMatch(/identifier\s*:\s*"core" => "core2"/);
    const unset = builtinCatalog.get("realm-config")!.attributes.map((a) => a.name).filter((n) => !["identifier", "addr-prefix", "description"].includes(n));
    expect(unset.filter((name) => new RegExp(`^\\s*[-~+] "?${name}"?\\s*:`, "m").test(preview.output))).toEqual([]);
    expect(preview.output).not.toMatch(/last-modified|allow-anonymous/);
    await s.run(["up", "--yes"]);
    expect(ids(sbc, "realm-config")).toEqual(["core2"]);
    expect(ids(sbc, "sip-interface", "realm-id")).toEqual(["core2"]);
    // The new sip-interface keeps the old one's sip-port, which verify refuses on two at once: the old one went first.
    expect(elements(sbc, "sip-interface")[0].subElements.map((p) => `${p.attributes.address}:${p.attributes.port}`)).toEqual(["10.0.0.1:5060"]);
    expect(await stackRealms(s)).toEqual({ "core-realm": "core2" });
    expectSettled(sbc);
    await s.run(["preview", "--expect-no-changes"]);
  });

  test("c) replacements that keep the key — up --replace, replaceWith, a rename without an alias — leave the element on the SBC and in the stack", async () => {
    const realmUrn = await s.urnOf("core-realm");
    const replaced = await s.run(["up", "--yes", "--replace", realmUrn]);
    expect(resourceCounts(replaced.output)).toMatchObject({ replaced: 1 });
    expect(ids(sbc, "realm-config")).toEqual(["core"]);
    expect(await stackRealms(s)).toEqual({ "core-realm": "core" });

    await s.setConfig({ "test:sipFollowsRealm": "true" });
    await s.run(["up", "--yes"]);
    const withSip = await s.run(["up", "--yes", "--replace", realmUrn]);
    expect(resourceCounts(withSip.output)).toMatchObject({ replaced: 2 });
    expect(ids(sbc, "realm-config")).toEqual(["core"]);
    expect(ids(sbc, "sip-interface", "realm-id")).toEqual(["core"]);
    expect((await s.resources()).has("core-sip")).toBe(true);

    await s.setConfig({ "test:realmResource": "main-realm" });
    const renamed = await s.run(["up", "--yes"]);
    expect(resourceCounts(renamed.output)).toMatchObject({ created: 1, deleted: 1 });
    expect(renamed.output).toMatch(/stays on the SBC: sbc:RealmConfig::main-realm of this program now holds it/);
    expect(ids(sbc, "realm-config")).toEqual(["core"]);
    expect(await stackRealms(s)).toEqual({ "main-realm": "core" });
    expectSettled(sbc);
    await s.run(["preview", "--expect-no-changes"]);
  });

  test("a run that fails after a create-before-delete: the old element stays marked for deletion, and the next up deletes it", async () => {
    // The new realm's commit passes; the sip-interface that follows it fails its commit.
    sbc.sbc.faults.set([{ kind: "verify-fail", skip: 1, times: 1 }]);
    await s.setConfig({ "test:realm": "core2" });
    await s.run(["up", "--yes", "--skip-preview"], { expectFailure: true });
    expect(ids(sbc, "realm-config")).toEqual(["core", "core2"]);
    const { deployment } = await s.exportState();
    const pending = (deployment.resources ?? []).filter((r) => r.delete);
    expect(pending.map((r) => r.urn.split("::").pop())).toEqual(["core-realm"]);
    expectSettled(sbc);

    await s.run(["up", "--yes"]);
    expect(ids(sbc, "realm-config")).toEqual(["core2"]);
    expect(ids(sbc, "sip-interface", "realm-id")).toEqual(["core2"]);
    expect(await stackRealms(s)).toEqual({ "core-realm": "core2" });
    expect(((await s.exportState()).deployment.resources ?? []).filter((r) => r.delete)).toEqual([]);
    expectSettled(sbc);
  });

  test("one owner per element: a second resource declaring the same realm fails the preview, naming both, and changes nothing", async () => {
    await s.setConfig({ "test:secondClaimant": "core-again" });
    const before = counters(sbc);
    const preview = await s.run(["preview"], { expectFailure: true });
    expect(preview.output).toMatch(/realm-config \[identifier=core\] on http:\/\/127\.0\.0\.1:\d+ is declared by two resources, sbc:RealmConfig::core-again and sbc:RealmConfig::core-realm/);
    await s.run(["up", "--yes"], { expectFailure: true });
    expect(since(sbc, before).mutating).toBe(0);
    expect(Object.keys(await stackRealms(s))).toEqual(["core-realm"]);
  });

  test("d) drift: an attribute changed and an element deleted on the SBC show in refresh, and up repairs both", async () => {
    await byOperator(sbc, async (client) => {
      await client.updateElement({ elementType: "realm-config", attributes: { identifier: "core", description: "changed by hand" }, subElements: [] });
      await client.deleteElement("sip-interface", { "realm-id": "core" });
    });
    const refresh = await s.run(["refresh", "--yes"]);
    expect(refresh.output).toMatch(/~\s+pulumi-nodejs:dynamic\/sbc:RealmConfig\s+core-realm\s+updated/);
    expect(refresh.output).toMatch(/-\s+pulumi-nodejs:dynamic\/sbc:SipInterface\s+core-sip\s+deleted/);
    const up = await s.run(["up", "--yes"]);
    expect(resourceCounts(up.output)).toMatchObject({ created: 1, updated: 1 });
    expect(elements(sbc, "realm-config")[0].attributes.description).toBe("core network");
    expect(ids(sbc, "sip-interface", "realm-id")).toEqual(["core"]);
    expectSettled(sbc);
    await s.run(["refresh", "--expect-no-changes", "--yes"]);
  });

  test("f) adopt takes over an element made by hand, with the program's values", async () => {
    await byOperator(sbc, (client) =>
      client.createElement({ elementType: "realm-config", attributes: { identifier: "legacy", description: "made in the ACLI", "addr-prefix": "10.9.0.0/16" }, subElements: [] }),
    );
    await s.setConfig({ "test:realm": "legacy" });
    const refused = await s.run(["up", "--yes"], { expectFailure: true });
    expect(refused.output).toMatch(/realm-config \[identifier=legacy\].* already exists on the SBC .*set adopt: true/);
    await s.setConfig({ "test:adopt": "true" });
    await s.run(["up", "--yes"]);
    expect(elements(sbc, "realm-config").find((r) => r.attributes.identifier === "legacy")?.attributes).toMatchObject({ description: "core network", "addr-prefix": "10.0.0.0/24" });
    expect(await stackRealms(s)).toEqual({ "core-realm": "legacy" });
    expectSettled(sbc);
  });

  test("h) a verify the SBC refuses fails up with the SBC's message; stack and SBC agree; the next up succeeds", async () => {
    sbc.sbc.faults.set([{ kind: "verify-fail", times: 1 }]);
    await s.setConfig({ "test:description": "second try" });
    const failed = await s.run(["up", "--yes"], { expectFailure: true });
    expect(failed.output).toMatch(/realm-config \[identifier=core\].*verify failed on http:\/\/127\.0\.0\.1:\d+/);
    expect(elements(sbc, "realm-config")[0].attributes.description).toBe("core network");
    const stackDescription = ((await s.resources()).get("core-realm")?.outputs?.attributes as Record<string, unknown>).description;
    expect(stackDescription).toBe("core network");
    expectSettled(sbc);
    await s.run(["up", "--yes"]);
    expect(elements(sbc, "realm-config")[0].attributes.description).toBe("second try");
    expectSettled(sbc);
  });

  test("h) an activate the SBC refuses leaves saved equal to running (save had succeeded); the next up succeeds", async () => {
    sbc.sbc.faults.set([{ kind: "activate-fail", times: 1 }]);
    await s.setConfig({ "test:description": "activated later" });
    const failed = await s.run(["up", "--yes"], { expectFailure: true });
    expect(failed.output).toMatch(/realm-config \[identifier=core\].*activate failed on http:\/\/127\.0\.0\.1:\d+/);
    expect(elements(sbc, "realm-config", "saved")[0].attributes.description).toBe("core network");
    expectSettled(sbc);
    await s.run(["up", "--yes"]);
    expect(elements(sbc, "realm-config")[0].attributes.description).toBe("activated later");
    expectSettled(sbc);
  });

  test("k) aliases, ignoreChanges, --target, protect and retainOnDelete do what the engine promises on the SBC", async () => {
    await s.setConfig({ "test:realmResource": "renamed", "test:realmAlias": "core-realm" });
    const aliased = await s.run(["preview", "--expect-no-changes"]);
    expect(aliased.output).not.toMatch(/to create|to delete/);
    await s.run(["up", "--yes"]);

    await s.setConfig({ "test:ignoreDescription": "true", "test:description": "ignored" });
    await s.run(["preview", "--expect-no-changes"]);

    await s.setConfig({ "test:ignoreDescription": "false", "test:description": "targeted", "test:sipPort": "5070" });
    await s.run(["up", "--yes", "--target", await s.urnOf("renamed")]);
    expect(elements(sbc, "realm-config")[0].attributes.description).toBe("targeted");
    expect(elements(sbc, "sip-interface")[0].subElements[0].attributes.port).toBe("5060");

    await s.setConfig({ "test:protect": "true" });
    await s.run(["up", "--yes"]);
    const refused = await s.run(["destroy", "--yes"], { expectFailure: true });
    expect(refused.output).toMatch(/protected/);
    expect(ids(sbc, "realm-config")).toEqual(["core"]);

    await s.setConfig({ "test:protect": "false", "test:retainOnDelete": "true" });
    await s.run(["up", "--yes"]);
    await s.run(["destroy", "--yes"]);
    expect(ids(sbc, "realm-config")).toEqual(["core"]);
    expect(ids(sbc, "sip-interface", "realm-id")).toEqual([]);
    expect((await s.resources()).size).toBe(0);
    expectSettled(sbc);
  });

  test("k) deleteBeforeReplace on a key change: the realm and what references it are replaced, and the SBC ends consistent", async () => {
    await s.setConfig({ "test:deleteBeforeReplace": "true", "test:realm": "core3" });
    await s.run(["up", "--yes"]);
    expect(ids(sbc, "realm-config")).toEqual(["core3"]);
    expect(ids(sbc, "sip-interface", "realm-id")).toEqual(["core3"]);
    expectSettled(sbc);
    await s.run(["preview", "--expect-no-changes"]);
  });
});
