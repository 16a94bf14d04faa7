/**
 * End to end with the real `pulumi` CLI: `pulumi up --yes` of a fixture program on a local file
 * backend against the emulator, then a no-change preview and `pulumi destroy`. The CLI cannot be
 * installed on these machines, so where `pulumi` is not on PATH this test is reported as skipped
 * (with that reason in its name), never as passed.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { useEmulator } from "./support/emulator";

const hasPulumi = spawnSync("pulumi", ["version"], { encoding: "utf8" }).status === 0;
const e2e = hasPulumi ? test : test.skip;
const PASSWORD = "e2e-Pa55word";
const emulator = useEmulator({ users: [{ name: "admin", password: PASSWORD, admin: true }] });

e2e(`pulumi up/preview/destroy with the real CLI${hasPulumi ? "" : " (skipped: the pulumi CLI is not on PATH)"}`, () => {
  const root = path.join(__dirname, "..");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-e2e-"));
  const project = path.join(root, "tests", "fixtures", "programs", "basic");
  const env = {
    ...process.env,
    PULUMI_BACKEND_URL: `file://${work}`,
    PULUMI_CONFIG_PASSPHRASE: "e2e",
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
  const pulumi = (...args: string[]): string =>
    execFileSync("pulumi", [...args, "--cwd", project, "--non-interactive"], { env, encoding: "utf8", timeout: 180_000 });
  try {
    pulumi("stack", "init", "e2e");
    pulumi("config", "set", "sbc:host", emulator().url);
    pulumi("config", "set", "sbc:username", "admin");
    pulumi("config", "set", "--secret", "sbc:password", PASSWORD);
    pulumi("up", "--yes", "--skip-preview");
    expect(emulator().sbc.store.stores.running.get("realm-config")?.map((r) => r.attributes.identifier)).toEqual(["core"]);
    const preview = pulumi("preview", "--expect-no-changes");
    expect(preview).not.toMatch(/to create|to update|to replace/);
    const exported = pulumi("stack", "export");
    expect(exported).not.toContain(PASSWORD);
    pulumi("destroy", "--yes");
    expect(emulator().sbc.store.stores.running.get("realm-config") ?? []).toEqual([]);
  } finally {
    spawnSync("pulumi", ["stack", "rm", "e2e", "--yes", "--force", "--cwd", project], { env });
    fs.rmSync(path.join(project, "Pulumi.e2e.yaml"), { force: true });
  }
});
