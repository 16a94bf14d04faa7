/**
 * `sbc-drift` (issue 14, item 2) as users run it, on a state file shaped as `pulumi stack export`
 * writes it for a stack that adopted the whole brownfield SBC: clean, it says so and exits 0;
 * after an attribute changed, an element deleted and one added by hand (each activated), it
 * reports exactly those three, in the table and in --json, and exits 1; a change staged but not
 * activated is reported; what cannot be checked exits 2 with a sentence naming it. A stack as an
 * export records it (what is off its defaults): an attribute it leaves at its default, changed by
 * hand, is drift too, in an element and in a sub-element; on an SBC of a newer release, what the
 * catalog lacks is read and compared. The same run
 * under the real CLI's `pulumi stack export` is tests/e2e/drift.e2e.test.ts.
 */
import { subElementsHoldSecrets } from "../provider/core/elements/secretAttributes";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EmulatorHandle, startEmulator } from "../emulator";
import { BROWNFIELD_NTP_SECRET } from "../emulator/seeds/brownfield";
import { builtinCatalog } from "../client/catalog/catalog";
import { BOOKKEEPING_ATTRIBUTES, keyOf } from "../client/catalog/schema";
import { ConfigElement } from "../client/types";
import { SubElementInput } from "../provider/core/elements/elementState";
import { holdsSecrets } from "../provider/core/elements/secretAttributes";
import { Level, levelOf, slotsOf, writtenValue } from "../tools/export/elementShape";
import { runBin } from "./support/bins";
import { NEWER_NORMALIZATION_SECRET, NEWER_REALM_SECRET, newerReleaseCatalog, useNewerRelease } from "./e2e/support/newerRelease";

const PASSWORD = "Dr1ft-pa55word";
const AUTHOR = { user: "admin", address: "console" };
let work: string;
const started: EmulatorHandle[] = [];

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-drift-"));
});
afterAll(async () => {
  await Promise.all(started.map((e) => e.close()));
  fs.rmSync(work, { recursive: true, force: true });
});

async function brownfield(): Promise<EmulatorHandle> {
  const sbc = await startEmulator({ seed: "brownfield", users: [{ name: "admin", password: PASSWORD, admin: true }] });
  started.push(sbc);
  return sbc;
}

const ENCRYPTED = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:…" };

/**
 * The state of a stack that manages every running element, as the provider records it: secret
 * attributes apart and encrypted, every other attribute as the SBC returned it.
 */
function stateFile(sbc: EmulatorHandle, name: string): string {
  const resources = [...sbc.sbc.store.stores.running].flatMap(([type, list]) => {
    const spec = builtinCatalog.get(type)!;
    const secret = new Set(spec.attributes.filter((a) => a.secret).map((a) => a.name));
    return list.map((e, i) => ({
      urn: `urn:pulumi:lab::brownfield::pulumi-nodejs:dynamic:Resource::${type}_${i}`,
      custom: true,
      type: "pulumi-nodejs:dynamic:Resource",
      outputs: {
        __provider: "exports.handler = …",
        elementType: type,
        // As the engine stores them: key names sorted (a protobuf struct), and an element with a
        // secret attribute encrypted whole, as without --show-secrets.
        key: Object.fromEntries(Object.entries(keyOf(spec, e.attributes)).sort(([a], [b]) => a.localeCompare(b))),
        attributes: secret.size > 0 ? ENCRYPTED : Object.fromEntries(Object.entries(e.attributes).filter(([k]) => !secret.has(k))),
        ...(secret.size > 0 ? { secretAttributes: ENCRYPTED } : {}),
        // Sub-elements holding a secret attribute are kept secret whole.
        subElements: subElementsHoldSecrets(spec) && e.subElements.length > 0 ? ENCRYPTED : e.subElements,
        managedAttributes: Object.keys(e.attributes).filter((k) => !BOOKKEEPING_ATTRIBUTES.includes(k) && !secret.has(k)),
        managesSubElements: true,
        adopt: true,
      },
    }));
  });
  const file = path.join(work, name);
  fs.writeFileSync(file, JSON.stringify({ version: 3, deployment: { manifest: {}, resources } }));
  return file;
}

const drift = (args: string[], sbc?: EmulatorHandle) =>
  runBin("sbc-drift", args, { SBC_USERNAME: "admin", SBC_PASSWORD: PASSWORD, ...(sbc ? { SBC_HOST: sbc.url } : {}) });

function activateByHand(sbc: EmulatorHandle): void {
  sbc.sbc.store.copy("editing", "saved");
  sbc.sbc.store.copy("editing", "running");
}

test("an SBC that runs what its stack recorded: no drift, exit 0", async () => {
  const sbc = await brownfield();
  const run = await drift(["--state", stateFile(sbc, "clean.json")], sbc);
  expect(run.stderr).toBe("");
  expect(run.stdout).toContain(`SBC ${sbc.url} (`);
  expect(run.stdout.trim().split("\n").pop()).toBe("no drift on 1 SBC");
  expect(run.stdout).toMatch(/found, attributes not compared \(encrypted in the state file; --stack compares them\):\n {4}ntp-config\n {4}snmp-user-entry \[user-name=noc-poller\]\n/);
  expect(run.code).toBe(0);
}, 120_000);

/**
 * The state of a stack managing every running element with each element's recorded attributes
 * rewritten by `rewrite` (it returns how many it rewrote): sbc-drift must find no drift.
 */
async function expectNoDriftWhenRecorded(name: string, rewrite: (attributes: Record<string, unknown>) => number, atLeast: number): Promise<void> {
  const sbc = await brownfield();
  const file = stateFile(sbc, name);
  const document = JSON.parse(fs.readFileSync(file, "utf8"));
  let rewritten = 0;
  for (const r of document.deployment.resources) rewritten += rewrite(r.outputs.attributes as Record<string, unknown>);
  expect(rewritten).toBeGreaterThan(atLeast);
  fs.writeFileSync(file, JSON.stringify(document));
  const run = await drift(["--state", file], sbc);
  expect(run.stdout.trim().split("\n").pop()).toBe("no drift on 1 SBC");
  expect(run.code).toBe(0);
}

test("an attribute that names an element with a secret, secret in the state by that (shown with --show-secrets), is compared as its value: no drift", async () => {
  const shown = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: JSON.stringify(value) });
  await expectNoDriftWhenRecorded("tainted.json", (attributes) => {
    if (!("realm-id" in attributes)) return 0;
    attributes["realm-id"] = shown(attributes["realm-id"]);
    return 1;
  }, 10);
}, 120_000);

test("a list of one value that the stack records as that value (as a program may give it, and a type the catalog lacks is read back) is no drift", async () => {
  await expectNoDriftWhenRecorded("single.json", (attributes) => {
    const single = Object.entries(attributes).filter(([, value]) => Array.isArray(value) && value.length === 1);
    for (const [name, value] of single) attributes[name] = (value as unknown[])[0];
    return single.length;
  }, 5);
}, 120_000);

test("an attribute changed, an element deleted and one added by hand: exactly those three, in the table and in JSON, exit 1", async () => {
  const sbc = await brownfield();
  const state = stateFile(sbc, "drifted.json");
  const store = sbc.sbc.store;
  store.update({ elementType: "realm-config", attributes: { identifier: "core", description: "changed on the ACLI" }, subElements: [] }, AUTHOR);
  store.delete("host-route", new Map([["dest-network", ["10.30.1.0"]]]));
  store.create({ elementType: "realm-config", attributes: { identifier: "edge" }, subElements: [] }, AUTHOR);
  activateByHand(sbc);

  const table = await drift(["--state", state], sbc);
  expect(table.code).toBe(1);
  // Each finding with who changed it (for a changed element) and what to do next.
  expect(table.stdout).toMatch(
    /attributes that differ \(stack → SBC\):\n +realm-config \[identifier=core\] +description +"IMS core" → "changed on the ACLI" +changed by REST-admin@console at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\n +next: to put the program's value back on the SBC, run `pulumi up --refresh`.*; to keep the SBC's value, write it into the program/,
  );
  expect(table.stdout).toMatch(/managed elements gone from the SBC:\n +host-route \[dest-network=10\.30\.1\.0\] +\(.*drifted\.json: host-route_\d+\)\n +next: to create it again, run `pulumi up --refresh`/);
  expect(table.stdout).toMatch(/elements no stack manages:\n +realm-config +identifier=edge\n +next: to manage it, declare it in a program with `adopt: true` \(`npx sbc-export --types realm-config`/);
  expect(table.stdout.trim().split("\n").pop()).toBe("drift on 1 of 1 SBC: 1 attribute differs, 1 element gone, 1 unmanaged element, 0 staged changes");

  const json = await drift(["--state", state, "--json"], sbc);
  expect(json.code).toBe(1);
  const report = JSON.parse(json.stdout);
  expect(report).toMatchObject({ drift: true, problems: [] });
  expect(report.sbcs).toHaveLength(1);
  const [one] = report.sbcs;
  expect(one.origin).toBe(sbc.url);
  const core = store.stores.running.get("realm-config")!.find((r) => r.attributes.identifier === "core")!;
  expect(one.differing).toEqual([
    expect.objectContaining({
      element: "realm-config [identifier=core]",
      attribute: "description",
      stackValue: "IMS core",
      sbcValue: "changed on the ACLI",
      managed: true,
      lastModifiedBy: "REST-admin@console",
      lastModifiedDate: core.attributes["last-modified-date"],
      advice: expect.stringMatching(/^to put the program's value back on the SBC, run `pulumi up --refresh`/),
    }),
  ]);
  expect(one.gone).toEqual([expect.objectContaining({ element: "host-route [dest-network=10.30.1.0]", advice: expect.stringMatching(/^to create it again/) })]);
  expect(one.unmanaged).toEqual([{ elementType: "realm-config", keys: ["identifier=edge"], advice: expect.stringMatching(/adopt: true/) }]);
  expect(one.stagedAdvice).toBeUndefined();
  expect(one.staged).toEqual([]);
  expect(one.notCompared).toEqual(["ntp-config", "snmp-user-entry [user-name=noc-poller]"]);
  for (const out of [table.stdout, table.stderr, json.stdout]) {
    expect(out).not.toContain(PASSWORD);
    expect(out).not.toContain(BROWNFIELD_NTP_SECRET);
  }
}, 120_000);

test("a change staged but not activated is reported as such, exit 1", async () => {
  const sbc = await brownfield();
  const state = stateFile(sbc, "staged.json");
  sbc.sbc.store.update({ elementType: "realm-config", attributes: { identifier: "core", description: "saved, never activated" }, subElements: [] }, AUTHOR);
  sbc.sbc.store.copy("editing", "saved");
  const run = await drift(["--state", state, "--json"], sbc);
  expect(run.code).toBe(1);
  const [one] = JSON.parse(run.stdout).sbcs;
  expect(one).toMatchObject({ differing: [], gone: [], unmanaged: [], staged: ["realm-config [identifier=core] changed (description)"] });
  expect(one.stagedAdvice).toMatch(/the next `pulumi up` that changes this SBC discards these staged changes/);
}, 120_000);

test("what cannot be checked is named and exits 2: a missing or foreign state file, an unreachable SBC, no stack given; never the password", async () => {
  const sbc = await brownfield();
  const state = stateFile(sbc, "unreachable.json");
  const missing = await drift(["--state", path.join(work, "nope.json")], sbc);
  expect(missing.code).toBe(2);
  expect(missing.stdout).toContain(`could not check: --state ${path.join(work, "nope.json")}: cannot read it (ENOENT)`);

  fs.writeFileSync(path.join(work, "foreign.json"), JSON.stringify({ hello: 1 }));
  const foreign = await drift(["--state", path.join(work, "foreign.json")], sbc);
  expect(foreign.code).toBe(2);
  expect(foreign.stdout).toContain("is not a stack's state");

  const unreachable = await drift(["--state", state, "--host", "http://127.0.0.1:9"]);
  expect(unreachable.code).toBe(2);
  expect(unreachable.stdout).toMatch(/could not check: http:\/\/127\.0\.0\.1:9: .*127\.0\.0\.1:9/);
  expect(unreachable.stdout + unreachable.stderr).not.toContain(PASSWORD);

  const none = await drift([]);
  expect(none.code).toBe(2);
  expect(none.stderr).toContain("give the stacks to check: --stack STACK or --state FILE");
}, 120_000);

test("several stacks on several SBCs: each SBC compared with its own stack, one drifted of two, exit 1", async () => {
  const [lab1, lab2] = [await brownfield(), await brownfield()];
  const withHost = (file: string, host: string): string => {
    const doc = JSON.parse(fs.readFileSync(file, "utf8"));
    for (const r of doc.deployment.resources) r.outputs.connection = { host };
    fs.writeFileSync(file, JSON.stringify(doc));
    return file;
  };
  const states = [withHost(stateFile(lab1, "lab1.json"), lab1.url), withHost(stateFile(lab2, "lab2.json"), lab2.url)];
  lab2.sbc.store.update({ elementType: "realm-config", attributes: { identifier: "core", description: "changed on lab2" }, subElements: [] }, AUTHOR);
  activateByHand(lab2);
  const run = await drift(["--state", states[0], "--state", states[1], "--json"]);
  expect(run.code).toBe(1);
  const report = JSON.parse(run.stdout);
  expect(report.sbcs.map((s: { origin: string; differing: unknown[] }) => [s.origin, s.differing.length])).toEqual([
    [lab1.url, 0],
    [lab2.url, 1],
  ]);
  const table = await drift(["--state", states[0], "--state", states[1]]);
  expect(table.stdout.trim().split("\n").pop()).toBe("drift on 1 of 2 SBCs: 1 attribute differs, 0 elements gone, 0 unmanaged elements, 0 staged changes");
}, 120_000);

/**
 * The state of a stack that adopted every running element through sbc-export's program, as the
 * provider records it: of each element the attributes the program sets (keys, and what is off its
 * default), of each sub-element likewise; secret attributes apart and encrypted.
 */
function exportedStateFile(sbc: EmulatorHandle, name: string): string {
  const catalog = sbc.sbc.store.catalog;
  const recorded = (level: Level, element: ConfigElement): SubElementInput => ({
    elementType: element.elementType,
    attributes: Object.fromEntries(
      slotsOf(level, element).flatMap((slot) => {
        const value = writtenValue(slot, element, level);
        return value === undefined || slot.attr.secret ? [] : [[slot.attr.name, value]];
      }),
    ),
    subElements: element.subElements.map((sub) => recorded(levelOf(level, sub.elementType), sub)),
  });
  const resources = [...sbc.sbc.store.stores.running].flatMap(([type, list]) => {
    const inCatalog = builtinCatalog.get(type) !== undefined;
    const spec = builtinCatalog.get(type) ?? catalog.get(type)!;
    const level: Level = { spec, fromCatalog: inCatalog, sbc: catalog.get(type) };
    const secret = spec.attributes.some((a) => a.secret) || (level.sbc?.attributes ?? []).some((a) => a.secret);
    return list.map((e, i) => {
      const { attributes, subElements } = recorded(level, e);
      return {
        urn: `urn:pulumi:lab::exported::sbc:index:Resource::${type}_${i}`,
        custom: true,
        type: "sbc:index:Resource",
        outputs: {
          elementType: type,
          key: keyOf(spec, e.attributes),
          attributes,
          ...(secret ? { secretAttributes: ENCRYPTED } : {}),
          ...(e.subElements.length > 0 ? { subElements: holdsSecrets(level.sbc ?? spec) ? ENCRYPTED : subElements } : {}),
          adopt: true,
        },
      };
    });
  });
  const file = path.join(work, name);
  fs.writeFileSync(file, JSON.stringify({ version: 3, deployment: { manifest: {}, resources } }));
  return file;
}

test("an attribute the program leaves at its default, changed by hand, is drift the program does not set; a sub-element's too; exit 1", async () => {
  const sbc = await brownfield();
  const state = exportedStateFile(sbc, "defaults.json");
  expect((await drift(["--state", state, "--json"], sbc)).code).toBe(0);
  const store = sbc.sbc.store;
  store.update({ elementType: "realm-config", attributes: { identifier: "core", "mm-in-network": "disabled" }, subElements: [] }, AUTHOR);
  // The core SIP interface's first port gains an address where it had none, as by default.
  const sipInterface = store.stores.editing.get("sip-interface")!.find((e) => e.attributes["realm-id"] === "core")!;
  const realmId = "core";
  expect(sipInterface.subElements[0].attributes["multi-home-addrs"]).toEqual([]);
  const ports = sipInterface.subElements.map((port, i) => (i === 0 ? { ...port, attributes: { ...port.attributes, "multi-home-addrs": ["10.0.0.11"] } } : port));
  store.update({ elementType: "sip-interface", attributes: { "realm-id": realmId }, subElements: ports }, AUTHOR);
  activateByHand(sbc);
  const run = await drift(["--state", state, "--json"], sbc);
  expect(run.code).toBe(1);
  const [one] = JSON.parse(run.stdout).sbcs;
  expect(one.differing.map((d: { element: string; attribute: string; stackValue: unknown; sbcValue: unknown; managed: boolean }) => [d.element, d.attribute, d.managed])).toEqual([
    ["realm-config [identifier=core]", "mm-in-network", false],
    [`sip-interface [realm-id=${realmId}]`, "sub-elements", true],
  ]);
  expect(one.differing[0]).toMatchObject({ stackValue: "enabled", sbcValue: "disabled", advice: expect.stringContaining("so it wants its default: `pulumi up --refresh` on that stack puts the default back") });
  expect(one.differing[1].stackValue[0].attributes["multi-home-addrs"]).toEqual([]);
  expect(one.differing[1].sbcValue[0].attributes["multi-home-addrs"]).toEqual(["10.0.0.11"]);
  const table = await drift(["--state", state], sbc);
  expect(table.stdout).toMatch(/realm-config \[identifier=core\] +mm-in-network +"enabled" → "disabled" +\(not set by the program\)/);
}, 60_000);

test("an SBC of a newer release: every type it lists is read, and what the catalog lacks is compared — extra attributes, extra sub-elements, types the catalog lacks — never a secret shown", async () => {
  const sbc = await startEmulator({ catalog: newerReleaseCatalog(), seed: "brownfield", users: [{ name: "admin", password: PASSWORD, admin: true }] });
  started.push(sbc);
  useNewerRelease(sbc);
  const state = exportedStateFile(sbc, "newer.json");
  const clean = await drift(["--state", state, "--json"], sbc);
  expect(JSON.parse(clean.stdout).sbcs[0]).toMatchObject({ differing: [], gone: [], unmanaged: [], staged: [] });
  expect(clean.code).toBe(0);

  const store = sbc.sbc.store;
  store.update({ elementType: "realm-config", attributes: { identifier: "core", "codec-policy-list": ["PCMU"] }, subElements: [] }, AUTHOR);
  store.update({ elementType: "number-normalization", attributes: { id: "to-e164", priority: "5" }, subElements: [] }, AUTHOR);
  const sipInterface = store.stores.editing.get("sip-interface")!.find((e) => e.attributes["realm-id"] === "core")!;
  const subs = sipInterface.subElements.map((s) => (s.elementType === "sip-recursion-policy" ? { ...s, attributes: { ...s.attributes, "max-recursions": "9" } } : s));
  store.update({ elementType: "sip-interface", attributes: { "realm-id": "core" }, subElements: subs }, AUTHOR);
  store.create({ elementType: "normalization-set", attributes: { name: "outbound" }, subElements: [] }, AUTHOR);
  activateByHand(sbc);

  const run = await drift(["--state", state, "--json"], sbc);
  expect(run.code).toBe(1);
  const [one] = JSON.parse(run.stdout).sbcs;
  const found = one.differing.map((d: { element: string; attribute: string; stackValue: unknown; sbcValue: unknown; managed: boolean }) => [d.element, d.attribute, d.stackValue, d.managed]);
  expect(found).toEqual(
    expect.arrayContaining([
      ["realm-config [identifier=core]", "codec-policy-list", ["PCMU", "G722"], true],
      ["number-normalization [id=to-e164]", "priority", "0", false],
    ]),
  );
  const recursion = one.differing.find((d: { element: string }) => d.element === "sip-interface [realm-id=core]");
  expect(JSON.stringify(recursion.stackValue)).toContain('"max-recursions":"5"');
  expect(JSON.stringify(recursion.sbcValue)).toContain('"max-recursions":"9"');
  expect(found).toHaveLength(3);
  expect(one.unmanaged).toEqual([{ elementType: "normalization-set", keys: ["name=outbound"], advice: expect.stringContaining("--types normalization-set") }]);
  expect(run.stdout).not.toContain(NEWER_REALM_SECRET);
  expect(run.stdout).not.toContain(NEWER_NORMALIZATION_SECRET);
}, 60_000);
