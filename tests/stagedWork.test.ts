/**
 * How a run tells its own interrupted run's leftovers from anyone else's staged changes: the
 * journal of what the provider sent and did not commit (provider/core/session/stagedJournal.ts) —
 * where it is kept, that it holds no value in the clear, that it survives the process — and the
 * rule that matches a staged change to it (provider/core/session/stagedWork.ts, stagedByUs).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { builtinCatalog } from "../client/catalog/catalog";
import { ConfigElement } from "../client/types";
import { fileJournal, journalFile, memoryJournal, StagedJournal } from "../provider/core/session/stagedJournal";
import { StagedChange, typeDifferences } from "../provider/core/session/stagedChanges";
import { stagedByUs } from "../provider/core/session/stagedWork";

const realmSpec = builtinCatalog.get("realm-config")!;
const SBC = { origin: "https://sbc1.example.net", username: "admin", password: "s3cret-Pa55", project: "lab" };

function realm(identifier: string, attributes: Record<string, string> = {}, by = "REST-admin@10.0.0.5"): ConfigElement {
  return { elementType: "realm-config", attributes: { identifier, description: "", "mm-in-realm": "disabled", "last-modified-by": by, ...attributes }, subElements: [] };
}

/** The one difference between an editing and a running list of realms. */
function difference(editing: ConfigElement[], running: ConfigElement[]): StagedChange {
  const [change] = typeDifferences(realmSpec, editing, running);
  return change;
}

function tempHome(): NodeJS.ProcessEnv {
  return { PULUMI_HOME: fs.mkdtempSync(path.join(os.tmpdir(), "sbc-journal-")) };
}

describe("the journal", () => {
  test("lives under PULUMI_HOME, one file per SBC, user and project, and outlives the process that wrote it", () => {
    const env = tempHome();
    const file = journalFile(SBC, env);
    expect(file.startsWith(path.join(env.PULUMI_HOME!, "pulumi-oracle-sbc", "staged"))).toBe(true);
    expect(journalFile({ ...SBC, project: "prod" }, env)).not.toBe(file);
    expect(journalFile({ ...SBC, username: "ops" }, env)).not.toBe(file);
    expect(journalFile({ ...SBC, origin: "https://sbc2.example.net" }, env)).not.toBe(file);

    const first = fileJournal(builtinCatalog, SBC, () => undefined, env);
    first.record("create", "realm-config", { identifier: "core", description: "Core" });
    // Another process (a new journal object) with the same SBC, user, password and project reads it.
    const next = fileJournal(builtinCatalog, SBC, () => undefined, env);
    expect(next.entries()).toEqual([
      { op: "create", elementType: "realm-config", key: { identifier: next.digest("core") }, attributes: { identifier: next.digest("core"), description: next.digest("Core") }, subElements: false },
    ]);
    next.clear();
    expect(fs.existsSync(file)).toBe(false);
    expect(first.entries()).toEqual([]);
  });

  test("holds digests, never a value: a secret attribute sent is not in the file, and another password reads other digests", () => {
    const env = tempHome();
    const journal = fileJournal(builtinCatalog, SBC, () => undefined, env);
    journal.record("create", "snmp-user-entry", { "user-name": "ops", "auth-password": "Zq9-very-secret" });
    const text = fs.readFileSync(journalFile(SBC, env), "utf8");
    expect(text).not.toContain("Zq9-very-secret");
    expect(text).not.toContain(SBC.password);
    expect(text).toContain(journal.digest("Zq9-very-secret"));
    const rotated = fileJournal(builtinCatalog, { ...SBC, password: "another" }, () => undefined, env);
    expect(rotated.digest("Zq9-very-secret")).not.toBe(journal.digest("Zq9-very-secret"));
    // A one-value list and its string are the same value to the SBC, and to the journal.
    expect(journal.digest("x")).toBe(journal.digest(["x"]));
  });

  test("a line cut short by a kill mid-write is skipped; the whole lines before it count", () => {
    const env = tempHome();
    const journal = fileJournal(builtinCatalog, SBC, () => undefined, env);
    journal.record("delete", "realm-config", { identifier: "gone" });
    fs.appendFileSync(journalFile(SBC, env), '{"op":"create","elementType":"realm-con');
    expect(journal.entries()).toEqual([expect.objectContaining({ op: "delete", elementType: "realm-config" })]);
  });

  test("a PULUMI_HOME it cannot write: warned once, the entries kept in memory for this process", () => {
    const env = tempHome();
    fs.writeFileSync(path.join(env.PULUMI_HOME!, "pulumi-oracle-sbc"), "a file where the folder would go");
    const warnings: string[] = [];
    const journal = fileJournal(builtinCatalog, SBC, (m) => warnings.push(m), env);
    journal.record("create", "realm-config", { identifier: "a" });
    journal.record("create", "realm-config", { identifier: "b" });
    expect(journal.entries()).toHaveLength(2);
    expect(warnings).toEqual([expect.stringMatching(/^cannot write .*staged.*: if this run is interrupted, the next one will find what it staged someone else's and stop/)]);
    journal.clear();
    expect(journal.entries()).toEqual([]);
  });
});

describe("a staged change is this project's own when the journal says it sent it", () => {
  let journal: StagedJournal;
  beforeEach(() => {
    journal = memoryJournal(builtinCatalog, "test");
  });

  test("an element it created, holding the values it sent", () => {
    journal.record("create", "realm-config", { identifier: "core", description: "Core" });
    expect(stagedByUs(journal, difference([realm("core", { description: "Core" })], []))).toBe(true);
    // Someone changed it after: theirs.
    expect(stagedByUs(journal, difference([realm("core", { description: "edited" })], []))).toBe(false);
    // One it never created.
    expect(stagedByUs(journal, difference([realm("other", { description: "Core" })], []))).toBe(false);
  });

  test("attributes it updated, to the last values it sent; one it never sent is someone else's", () => {
    journal.record("update", "realm-config", { identifier: "core", description: "first" });
    journal.record("update", "realm-config", { identifier: "core", description: "second" });
    const running = [realm("core", { description: "live" })];
    expect(stagedByUs(journal, difference([realm("core", { description: "second" })], running))).toBe(true);
    expect(stagedByUs(journal, difference([realm("core", { description: "first" })], running))).toBe(false);
    expect(stagedByUs(journal, difference([realm("core", { description: "second", "mm-in-realm": "enabled" })], running))).toBe(false);
  });

  test("a delete it made; a delete it did not make", () => {
    journal.record("delete", "realm-config", { identifier: "old" });
    expect(stagedByUs(journal, difference([], [realm("old")]))).toBe(true);
    expect(stagedByUs(journal, difference([], [realm("older")]))).toBe(false);
  });

  test("sub-elements it set", () => {
    const sip = (port: string): ConfigElement => ({
      elementType: "sip-interface",
      attributes: { "realm-id": "core" },
      subElements: [{ elementType: "sip-port", attributes: { address: "192.0.2.10", port, "transport-protocol": "UDP" }, subElements: [] }],
    });
    const [change] = typeDifferences(builtinCatalog.get("sip-interface")!, [sip("5062")], [sip("5060")]);
    expect(stagedByUs(journal, change)).toBe(false);
    journal.record("update", "sip-interface", { "realm-id": "core" }, sip("5062").subElements);
    expect(stagedByUs(journal, change)).toBe(true);
  });
});
