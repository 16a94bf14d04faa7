/**
 * The lossless round trip under the real CLI (issue 30 item 6, issue 31 items 1 and 5): an SBC
 * seeded with a named seed is exported with `sbc-export` in each language (TypeScript, Python,
 * YAML) and as an import file, and the commands it prints are run as printed. The preview shows
 * only adoptions and changes nothing; the take-over (or the import) writes nothing — the
 * emulator's mutating request count stays 0 and no lock is taken; then the stack previews no
 * changes and holds every element and every attribute the SBC runs: the SBC's running
 * configuration is compared with `pulumi stack export --show-secrets`, element for element and
 * attribute for attribute (tests/e2e/support/stackComparison.ts), and the counts are printed.
 * Then changes made by hand — an attribute the program sets, attributes it leaves at their default
 * in a 0.1.x type and in a type outside that set, a sub-element's — are reported by `sbc-drift`,
 * by `pulumi refresh --preview-only`, and recorded by `pulumi refresh`, after which sbc-drift
 * finds nothing; then `pulumi up` puts back what the program says — its value where it sets one,
 * the default where it leaves the attribute out — and the SBC runs what it ran before the changes.
 *
 * The preview before the take-over and the changes by hand run on the production SBC through the
 * TypeScript stack, and through every route's stack on the newer release's SBC below (sbc-drift
 * reads a dynamic and a native stack differently): on the production SBC each engine run takes
 * minutes, and the other routes go from the export straight to the take-over and stop at the
 * comparison.
 *
 * The same again on an SBC of a newer release (tests/e2e/support/newerRelease.ts): attributes,
 * sub-element types and element types the catalog lacks, carried as extraAttributes,
 * extraSubElements and the generic ConfigElement. Those runs need the providers to take them.
 *
 * The take-over, the import and the refreshes run with PULUMI_SKIP_CHECKPOINTS=true: each step
 * otherwise costs the engine a write of the whole state (docs/export.md, "Adopting a large SBC"), and
 * they write nothing to the SBC, so a run stopped midway loses only its own progress.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { builtinCatalog } from "../../client/catalog/catalog";
import { AttributeSpec, attributeSpec, defaultOf, ElementTypeSpec, keyOf } from "../../client/catalog/schema";
import { ConfigElement, describeElement, sameValue, valueList } from "../../client/types";
import { EmulatorHandle } from "../../emulator";
import { seedRealisticSbc } from "../fixtures/exportSeed";
import { runBin } from "../support/bins";
import { clientFor, commitByHand } from "../support/emulator";
import { linkPackageModules } from "../support/exportedProject";
import { newerReleaseCatalog, useNewerRelease } from "./support/newerRelease";
import { CliStack, describeWithCli, resourceCounts, ROOT, StateResource } from "./support/pulumiCli";
import { pythonVenv, usePython } from "./support/pythonVenv";
import { configuration, counters, emulators, expectSettled, since, snapshot, SBC_SECRET } from "./support/sbc";
import { printedConfig, sbcExport } from "./support/sbcExport";
import { compareWithStack } from "./support/stackComparison";

/** The seed the round trip starts from, by name: the production seed (about 2,900 elements of 113 types) unless ROUND_TRIP_SEED names another. */
const SEED = process.env.ROUND_TRIP_SEED ?? "production";
const SEED_SCALE = Number(process.env.ROUND_TRIP_SEED_SCALE ?? "1");

const ROUTES = ["typescript", "python", "yaml", "import-file"] as const;
type Route = (typeof ROUTES)[number];

/** The element types of 0.1.x: a change outside them shows the export and drift carry the whole catalog. */
const TYPES_OF_0_1 = new Set([
  "system-config", "ntp-config", "sip-config", "media-manager", "phy-interface", "network-interface", "realm-config", "steering-pool",
  "sip-interface", "session-agent", "session-group", "local-policy", "access-control", "host-route", "sip-manipulation", "tls-profile", "certificate-record",
]);

/** Every step runs without a checkpoint per resource (see the header). */
const NO_CHECKPOINTS = { PULUMI_SKIP_CHECKPOINTS: "true" };
const LONG = { timeoutMs: 3_600_000 };

const emulator = emulators();

/**
 * An attribute the element holds at its default, and another value it may take — an enum's other
 * value, or an address in an empty address list: a change a program that leaves it out does not make.
 */
function offDefaultChange(spec: ElementTypeSpec, element: ConfigElement): [AttributeSpec, string | string[]] | undefined {
  for (const attr of spec.attributes) {
    const value = element.attributes[attr.name];
    if (attr.key || attr.secret || value === undefined || !sameValue(value, defaultOf(attr))) continue;
    const other = attr.valueType === "enum" && !attr.multiValued ? attr.validValues?.find((v) => v !== "" && v !== value) : undefined;
    if (other && value !== "") return [attr, other];
    if (attr.valueType === "ipAddress" && attr.multiValued && valueList(value).length === 0) return [attr, ["192.0.2.250"]];
  }
  return undefined;
}

interface HandChange {
  element: string;
  attribute: string;
  /**
   * The element holds a secret attribute the catalog's type lacks: a TypeScript program gives it in
   * extraAttributes, which makes the typed class's whole attributes input secret, so `preview
   * --diff` shows them as [secret] (docs/export.md).
   */
  secretBeyondCatalog?: boolean;
}

/**
 * Changes made by hand and activated: the description (set by the program) of the realm of the
 * first SIP interface; an attribute at its default of a session-agent, and of an element of a type
 * outside 0.1.x; one of the first sip-port of that SIP interface (a sub-element's).
 */
async function changeByHand(sbc: EmulatorHandle): Promise<HandChange[]> {
  const catalog = sbc.sbc.store.catalog;
  const running = sbc.sbc.store.stores.running;
  const sipInterface = running.get("sip-interface")![0];
  const realm = valueList(sipInterface.attributes["realm-id"])[0];
  const realmElement = running.get("realm-config")!.find((r) => r.attributes.identifier === realm)!;
  const secretBeyondCatalog = catalog.get("realm-config")!.attributes.some((a) => a.secret && realmElement.attributes[a.name] !== undefined && !attributeSpec(builtinCatalog.get("realm-config")!, a.name));
  const changes: HandChange[] = [{ element: `realm-config [identifier=${realm}]`, attribute: "description", secretBeyondCatalog }];
  const updates: ConfigElement[] = [{ elementType: "realm-config", attributes: { identifier: realm, description: "changed by hand on the ACLI" }, subElements: [] }];
  const atDefault = (types: string[]) => {
    for (const type of types) {
      const spec = catalog.get(type)!;
      for (const element of running.get(type) ?? []) {
        const change = offDefaultChange(spec, element);
        if (change) return { spec, element, change };
      }
    }
    throw new Error(`no element of ${types.length === 1 ? types[0] : "a type outside 0.1.x"} holds an enum attribute at its default`);
  };
  const outside = [...running.keys()].filter((t) => !TYPES_OF_0_1.has(t) && !catalog.get(t)!.singleton).sort();
  for (const { spec, element, change } of [atDefault(["session-agent"]), atDefault(outside)]) {
    const key = keyOf(spec, element.attributes);
    changes.push({ element: describeElement(spec.name, key), attribute: change[0].name });
    updates.push({ elementType: spec.name, attributes: { ...key, [change[0].name]: change[1] }, subElements: [] });
  }
  const portSpec = catalog.get("sip-interface")!.subElements!.find((s) => s.name === "sip-port")!;
  const [first, ...rest] = sipInterface.subElements;
  const portChange = offDefaultChange(portSpec, first)!;
  changes.push({ element: `sip-interface [realm-id=${realm}]`, attribute: "sub-elements" });
  updates.push({ elementType: "sip-interface", attributes: { "realm-id": realm }, subElements: [{ ...first, attributes: { ...first.attributes, [portChange[0].name]: portChange[1] } }, ...rest] });
  const client = clientFor(sbc);
  try {
    await commitByHand(client, async (c) => {
      for (const update of updates) await c.updateElement(update);
    });
  } finally {
    await client.close();
  }
  return changes;
}

/** Seconds since `start`, to one decimal. */
const seconds = (start: number) => Math.round((Date.now() - start) / 100) / 10;

describeWithCli("the lossless round trip: sbc-export in every language, the take-over, the stack holding every element and attribute, drift and refresh", () => {
  const stacks: CliStack[] = [];
  let scratch: string;
  let python: string;

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-round-trip-"));
    python = await pythonVenv(path.join(scratch, "venv"));
  }, 900_000);

  afterAll(() => {
    // The resources are protected (a destroy would only refuse, in minutes on the production SBC): only the stacks' files go.
    for (const s of stacks) s.discard();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  /** The project the route writes, and its stack with the config sbc-export printed, set as printed. */
  async function exported(sbc: EmulatorHandle, route: Route, name: string): Promise<{ stack: CliStack; importCommand?: string[] }> {
    const dir = path.join(scratch, name);
    const env = { SBC_HOST: sbc.url, SBC_USERNAME: "admin", SBC_PASSWORD: "admin" };
    const file = path.join(scratch, `${name}.json`);
    const args = route === "import-file" ? ["--import-file", file] : ["--out", dir, "--name", name, "--language", route];
    const run = await sbcExport(args, env);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    if (route === "import-file") {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: yaml\n`);
    }
    const stack = new CliStack(dir, "round-trip");
    stacks.push(stack);
    // The plugin as a user installs it: pulumi-resource-sbc on PATH.
    if (route !== "typescript") stack.baseEnv.PATH = `${path.join(ROOT, "bin")}${path.delimiter}${stack.baseEnv.PATH}`;
    if (route === "typescript") linkPackageModules(dir);
    if (route === "python") usePython(stack, python);
    const printed = printedConfig(run.stdout);
    await stack.init(printed.plain, { ...SBC_SECRET, ...printed.secret });
    await stack.setSecretPaths(printed.secretPaths);
    const importCommand = route === "import-file" ? /`pulumi (import --file \S+ --out <program file> --yes)`/.exec(run.stdout)![1].replace("<program file>", path.join(scratch, `${name}-program.yaml`)).split(" ") : undefined;
    return { stack, importCommand };
  }

  /**
   * `full`: preview the exported program before the take-over, and go on past the comparison to the
   * changes by hand, sbc-drift, refresh and the up that puts them back.
   */
  async function roundTrip(sbc: EmulatorHandle, route: Route, name: string, full = true): Promise<void> {
    const start = configuration(sbc);
    const stamped = snapshot(sbc);
    const elements = start.length;
    const timings: Record<string, number> = {};
    let t = Date.now();
    const { stack, importCommand } = await exported(sbc, route, name);
    timings.export = seconds(t);

    let before = counters(sbc);
    t = Date.now();
    if (importCommand) {
      const imported = await stack.run(importCommand, { ...LONG, env: NO_CHECKPOINTS });
      timings["take-over (import)"] = seconds(t);
      expect(resourceCounts(imported.output)).toMatchObject({ imported: elements });
      // Then moved to Main.yaml, as the printed advice says for a YAML project.
      fs.renameSync(path.join(scratch, `${name}-program.yaml`), path.join(stack.programDir, "Main.yaml"));
    } else {
      if (full) {
        const preview = await stack.run(["preview"], LONG);
        timings.preview = seconds(t);
        expect(resourceCounts(preview.output)).toEqual({ "to create": elements + 1 });
        expect(since(sbc, before).mutating).toBe(0);
        t = Date.now();
      }
      await stack.run(["up", "--yes", "--skip-preview"], { ...LONG, env: NO_CHECKPOINTS });
      timings["take-over (up)"] = seconds(t);
    }
    // Nothing written: no mutating request, no lock, nothing activated; every element as it was, who changed it last included.
    expect(since(sbc, before)).toMatchObject({ mutating: 0, locks: 0, activations: 0 });
    expect(snapshot(sbc)).toEqual(stamped);
    expectSettled(sbc);

    before = counters(sbc);
    t = Date.now();
    const same = await stack.run(["preview", "--expect-no-changes"], LONG);
    timings["preview, no changes"] = seconds(t);
    expect(resourceCounts(same.output)).toEqual({ unchanged: elements + 1 });
    expect(since(sbc, before).mutating).toBe(0);

    t = Date.now();
    const state = JSON.parse((await stack.run(["stack", "export", "--show-secrets"], LONG)).stdout) as { deployment: { resources?: StateResource[] } };
    const comparison = compareWithStack(sbc, state.deployment.resources ?? []);
    timings.compare = seconds(t);
    console.log(`round trip ${name}: ${comparison.elements} elements compared, ${comparison.attributes} attributes compared, differences: ${comparison.differences.length}`);
    expect(comparison.differences).toEqual([]);
    expect(comparison.elements).toBe(elements);
    if (!full) {
      console.log(`round trip ${name} (${elements} elements), seconds: ${Object.entries(timings).map(([k, v]) => `${k} ${v}`).join(", ")}`);
      return;
    }

    // Changes by hand: sbc-drift names each, refresh shows and records them.
    const changes = await changeByHand(sbc);
    const drift = (more: string[] = []) =>
      runBin("sbc-drift", ["--stack", stack.name, "--cwd", stack.programDir, "--config-file", stack.configFile, "--json", ...more], { SBC_USERNAME: "admin", SBC_PASSWORD: "admin" }, undefined, stack.baseEnv);
    t = Date.now();
    const drifted = await drift();
    timings["sbc-drift"] = seconds(t);
    expect(drifted.stderr).toBe("");
    expect(drifted.code).toBe(1);
    const [report] = JSON.parse(drifted.stdout).sbcs;
    expect(report.differing.map((d: HandChange) => `${d.element} ${d.attribute}`).sort()).toEqual(changes.map((c) => `${c.element} ${c.attribute}`).sort());
    expect(report).toMatchObject({ gone: [], unmanaged: [], staged: [] });

    before = counters(sbc);
    t = Date.now();
    const shown = await stack.run(["refresh", "--preview-only"], { ...LONG, env: NO_CHECKPOINTS });
    timings["refresh --preview-only"] = seconds(t);
    expect(resourceCounts(shown.output)).toMatchObject({ "to update": changes.length });
    t = Date.now();
    await stack.run(["refresh", "--yes", "--skip-preview"], { ...LONG, env: NO_CHECKPOINTS });
    timings.refresh = seconds(t);
    expect(since(sbc, before).mutating).toBe(0);
    const accepted = await drift();
    expect(JSON.parse(accepted.stdout).sbcs[0].differing).toEqual([]);
    expect(accepted.code).toBe(0);
    // The program says what the SBC held: its value where it sets one, the default where it leaves the attribute out. Up puts each back.
    const back = await stack.run(["preview", "--diff"], LONG);
    expect(resourceCounts(back.output)).toEqual({ "to update": changes.length, unchanged: elements + 1 - changes.length });
    if (route !== "typescript" || !changes[0].secretBeyondCatalog) expect(back.output).toContain("changed by hand on the ACLI");
    t = Date.now();
    await stack.run(["up", "--yes", "--skip-preview"], { ...LONG, env: NO_CHECKPOINTS });
    timings["up, putting back"] = seconds(t);
    expect(configuration(sbc)).toEqual(start);
    expectSettled(sbc);
    const restored = await drift();
    expect(JSON.parse(restored.stdout).sbcs[0].differing).toEqual([]);
    console.log(`round trip ${name} (${elements} elements), seconds: ${Object.entries(timings).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  }

  for (const route of ROUTES) {
    // The first preview and the hand changes once on the large SBC (they read and write the same SBC whatever the language); every route goes through them on the newer release's below.
    const full = route === "typescript";
    test(`${route}: the ${SEED} SBC exported, taken over without a write, held whole by the stack${full ? "; hand changes reported by sbc-drift and refresh" : ""}`, async () => {
      const sbc = await emulator({ seed: SEED, seedScale: SEED_SCALE });
      await roundTrip(sbc, route, `${SEED}-${route}`, full);
    }, 7_200_000);
  }

  for (const route of ROUTES) {
    test(`${route}: an SBC of a newer release — attributes, sub-elements and types the catalog lacks — carried the same way`, async () => {
      const sbc = await emulator({ catalog: newerReleaseCatalog() });
      seedRealisticSbc(sbc);
      useNewerRelease(sbc);
      await roundTrip(sbc, route, `newer-${route}`);
    }, 1_800_000);
  }
});
