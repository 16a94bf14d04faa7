/**
 * After a take-over, what an exported program leaves out is its default: the fast loop of the
 * round trip (tests/e2e/roundTrip.e2e.test.ts) through the real plugin (tests/harness). An SBC is
 * exported and taken over without a write; then attributes the program leaves at their default
 * are changed by hand — one of an element, one of a sub-element in a list the program sets — and
 * `refresh` reports both elements (as the engine computes a refresh diff: the refreshed outputs
 * against the old inputs) and records the SBC's values; `preview` then shows an update of each,
 * and `up` puts the defaults back, leaving the SBC as it ran before the changes. An attribute the
 * program sets, changed and put back, is the README's case and is not repeated here.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SbcClient } from "../client/client";
import { EmulatorHandle, startEmulator } from "../emulator";
import { exportSbc } from "../tools/export/exportSbc";
import { writeProject } from "../tools/export/project";
import { configuration } from "./e2e/support/sbc";
import { seedRealisticSbc } from "./fixtures/exportSeed";
import { Engine } from "./harness/engine";
import { commitByHand } from "./support/emulator";
import { linkPackageModules } from "./support/exportedProject";

jest.setTimeout(300_000);

const PROJECT = "sbc-refresh";
let sbc: EmulatorHandle;
let work: string;
let engine: Engine;

beforeAll(async () => {
  sbc = await startEmulator({ activateMs: 10 });
  seedRealisticSbc(sbc);
  const client = new SbcClient({ host: sbc.url, username: "admin", password: "admin" });
  const exported = await exportSbc(client, { name: PROJECT });
  await client.close();
  work = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-export-refresh-"));
  writeProject(work, exported.files);
  linkPackageModules(work);
  const secrets = Object.fromEntries(exported.secrets.map((s) => [`${PROJECT}:${s.key}`, s.value as string]));
  engine = new Engine({
    programDir: work,
    stateFile: path.join(work, "state.json"),
    project: PROJECT,
    config: { "sbc:host": sbc.url, "sbc:username": "admin", "sbc:password": "admin", ...secrets },
    secretConfigKeys: ["sbc:password", ...Object.keys(secrets)],
  });
});

afterAll(async () => {
  await sbc?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("a change by hand to what the program leaves at its default shows at refresh, and up puts the default back", async () => {
  const before = sbc.sbc.stats.mutatingRequests;
  const taken = await engine.up();
  expect(taken.errors).toEqual([]);
  expect(sbc.sbc.stats.mutatingRequests - before).toBe(0);
  const start = configuration(sbc);

  const client = new SbcClient({ host: sbc.url, username: "admin", password: "admin" });
  try {
    const sipInterface = await client.getElement("sip-interface", { "realm-id": "core" });
    const [first, ...rest] = sipInterface.subElements;
    expect(first.attributes["multi-home-addrs"]).toEqual([]);
    await commitByHand(client, async (c) => {
      await c.updateElement({ elementType: "realm-config", attributes: { identifier: "core", "mm-in-network": "disabled" }, subElements: [] });
      await c.updateElement({ elementType: "sip-interface", attributes: { "realm-id": "core" }, subElements: [{ ...first, attributes: { ...first.attributes, "multi-home-addrs": ["192.0.2.11"] } }, ...rest] });
    });
  } finally {
    await client.close();
  }

  const refreshed = await engine.refresh();
  expect(refreshed.errors).toEqual([]);
  expect(refreshed.steps.filter((s) => s.changed).map((s) => s.urn.split("::").pop()).sort()).toEqual(["realm_core", "sip_interface_core"]);
  const outputs = (name: string) => engine.loadState().resources.find((r) => r.urn.endsWith(`::${name}`))!.outputs as Record<string, unknown>;
  // Recorded beside what the program sets, which managedAttributes still names alone.
  expect(outputs("realm_core")).toMatchObject({ attributes: { "mm-in-network": "disabled" }, managedAttributes: expect.not.arrayContaining(["mm-in-network"]) });

  const preview = await engine.preview();
  expect(preview.steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.urn.split("::").pop()}`).sort()).toEqual(["update realm_core", "update sip_interface_core"]);
  const up = await engine.up();
  expect(up.errors).toEqual([]);
  expect(configuration(sbc)).toEqual(start);
  const again = await engine.refresh();
  expect(again.steps.filter((s) => s.changed)).toEqual([]);
});
