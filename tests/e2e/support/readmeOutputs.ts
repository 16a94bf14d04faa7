/**
 * The CLI output the README and its guides (docs/*.md) show, produced by the real `pulumi` on the README's program against
 * a fresh emulator: a fresh preview, the up, a no-change preview, sbc-drift and a refresh after
 * changes made on the SBC by hand, and a commit-confirmed up rolled back by a failing health
 * check; what sbc-export prints and writes for the brownfield emulator; the YAML quick start (the
 * plugin installed from its tarball, then preview and up); and the Python quick start, whose
 * commands come from README.md itself (the project's files made by its very lines).
 * Run-specific details (stack name, address, timings, the backup's name, and the progress lines
 * that come and go with timing) are normalised so that the same run gives the same text.
 * scripts/readme-outputs.ts writes them into those pages; tests/e2e/readme.e2e.test.ts checks that
 * they still say what the CLI prints.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { startEmulator } from "../../../emulator";
import { SbcClient } from "../../../client/client";
import { runBin } from "../../support/bins";
import { commitByHand } from "../../support/emulator";
import { pluginVersion } from "../../../scripts/plugin-pack";
import { installPlugin, packForThisMachine } from "./pluginInstall";
import { CliStack, ROOT } from "./pulumiCli";
import { pythonVenv, usePython } from "./pythonVenv";

const README_PROGRAM = path.join(ROOT, "tests", "fixtures", "programs", "readme");
const README_YAML_PROGRAM = path.join(ROOT, "tests", "fixtures", "programs", "readme-yaml");
const SHOWN_HOST = "https://sbc1.lab.example.net";
/** Where the README's commands have the checkout. */
const CHECKOUT = "/path/to/pulumi-oracle-sbc";
/**
 * The Python quick start's commands after the ones that make the project's files, as the README
 * must have them: the test does these itself, the virtualenv by pythonVenv (which also pins the
 * CLI's own `pulumi`), the rest through CliStack; then `pulumi up`, in the block before its output.
 */
const PYTHON_COMMANDS = [
  "python3 -m venv venv",
  `venv/bin/pip install ${CHECKOUT}/sdk/python/dist/pulumi_oracle_sbc-${pluginVersion()}-py3-none-any.whl -r requirements.txt`,
  "pulumi stack init lab",
  `pulumi config set sbc:host ${SHOWN_HOST}`,
  "pulumi config set sbc:username admin",
  "pulumi config set --secret sbc:password",
  "pulumi preview",
];
const PYTHON_UP = ["pulumi up --yes --skip-preview"];
const exec = promisify(execFile);

export function normalise(output: string, stack: CliStack, url: string): string {
  return output
    .split(stack.name)
    .join("lab")
    .split(url)
    .join(SHOWN_HOST)
    .split("\n")
    // The progress dots ("@ updating....") share a line with whatever is printed next.
    .map((line) => line.replace(/^@ [a-z ]+\.*\s*/, "").replace(/\s+\(\d+(\.\d+)?m?s\)/g, "").trimEnd())
    .filter((line) => line !== "" && !/^Duration: |\s(creating|updating|deleting|refreshing|reading|running)(\s|$)/.test(line))
    .join("\n")
    // Blank lines where the CLI always puts them: after a section's title, before its counts.
    .replace(/^((?:Previewing|Updating|Refreshing|Destroying)\b.*\(lab\):)$/gm, "\n$1\n")
    .replace(/\nResources:/g, "\n\nResources:")
    .trim();
}

/** The declaration of one resource in a generated program, up to the blank line after it. */
function declaration(program: string, resourceName: string): string {
  const start = program.search(new RegExp(`^(const \\w+ = )?new sbc\\.\\w+\\("${resourceName}"`, "m"));
  if (start < 0) throw new Error(`the exported program declares no ${resourceName}`);
  return program.slice(start, program.indexOf("\n\n", start));
}

/** `npx sbc-export --out sbc1` on the brownfield emulator: what it prints, and excerpts of index.ts. */
async function exportOutputs(): Promise<Record<string, string>> {
  const sbc = await startEmulator({ seed: "brownfield" });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-readme-export-"));
  try {
    const run = await runBin("sbc-export", ["--out", "sbc1"], { SBC_HOST: sbc.url, SBC_USERNAME: "admin", SBC_PASSWORD: "admin" }, work);
    if (run.code !== 0) throw new Error(`sbc-export exited ${run.code}: ${run.stderr}`);
    const shown = (text: string) => text.split(sbc.url).join(SHOWN_HOST).trim();
    const program = fs.readFileSync(path.join(work, "sbc1", "index.ts"), "utf8");
    const excerpt = [program.slice(0, program.indexOf("\nnew sbc.")).trim(), ...["realm_core", "sip_interface_core", "steering_pool_10_0_0_10_10000_core"].map((name) => declaration(program, name))];
    return { "sbc-export": shown(run.stdout), "sbc-export-program": shown(excerpt.join("\n\n")) };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    await sbc.close();
  }
}

/** The YAML quick start: the plugin installed from TARBALL, then preview and up of the README's YAML program. */
async function yamlOutputs(tarball: string): Promise<Record<string, string>> {
  const sbc = await startEmulator({ activateMs: 50 });
  const stack = new CliStack(README_YAML_PROGRAM, "lab");
  try {
    const install = await installPlugin(stack, tarball);
    await stack.init({ "sbc:host": sbc.url, "sbc:username": "admin" }, { "sbc:password": "admin" });
    const out = async (args: string[]) => normalise((await stack.run(args, { env: install.env })).output, stack, sbc.url);
    const preview = await out(["preview"]);
    const up = await out(["up", "--yes", "--skip-preview"]);
    return { "yaml-plugin-install": normalise(install.output, stack, sbc.url), "yaml-preview": preview, "yaml-up": up };
  } finally {
    await stack.dispose();
    await sbc.close();
  }
}

/** README.md's shell lines, without comments, in the last bash block before its cli-output block NAME. */
function commandsBefore(readme: string, name: string): string[] {
  const at = readme.indexOf(`<!-- cli-output: ${name} -->`);
  const block = at < 0 ? undefined : [...readme.slice(0, at).matchAll(/```bash\n([\s\S]*?)```/g)].pop();
  if (!block) throw new Error(`README.md has no bash block before a cli-output block "${name}"`);
  return block[1].split("\n").map((line) => line.replace(/\s+#.*$/, "").trim()).filter((line) => line !== "");
}

/** The README's Python quick start lines that make the project's files, once the rest is checked to be PYTHON_COMMANDS and PYTHON_UP. */
function pythonProjectCommands(readme: string): string[] {
  const commands = [...commandsBefore(readme, "python-preview"), ...commandsBefore(readme, "python-up")];
  const made = commands.indexOf(PYTHON_COMMANDS[0]);
  const expected = [...PYTHON_COMMANDS, ...PYTHON_UP];
  if (made < 1 || commands.slice(made).join("\n") !== expected.join("\n")) {
    throw new Error(`README.md's Python quick start must make its project's files and then run what the README test runs:\n${expected.join("\n")}\nbut it has:\n${commands.join("\n")}\nChange README.md or PYTHON_COMMANDS in tests/e2e/support/readmeOutputs.ts so that they agree.`);
  }
  return commands.slice(0, made);
}

/**
 * The Python quick start as a user runs it: the plugin installed from TARBALL, the README's lines
 * that make the project (PROJECT: a new directory, the example's files, Pulumi.yaml) run as
 * written, then its virtualenv, stack, preview and up against a fresh emulator.
 */
async function pythonOutputs(project: string[], tarball: string): Promise<Record<string, string>> {
  const sbc = await startEmulator({ activateMs: 50 });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-readme-python-"));
  let stack: CliStack | undefined;
  try {
    const script = `${project.join("\n").split(CHECKOUT).join(ROOT)}\npwd`;
    const dir = (await exec("bash", ["-euc", script], { cwd: scratch })).stdout.trim();
    const python = await pythonVenv(path.join(dir, "venv"), path.join(dir, "requirements.txt"));
    const s = (stack = usePython(new CliStack(dir, "lab"), python));
    Object.assign(s.baseEnv, (await installPlugin(s, tarball)).env);
    await s.init({ "sbc:host": sbc.url, "sbc:username": "admin" }, { "sbc:password": "admin" });
    const out = async (args: string[]) => normalise((await s.run(args)).output, s, sbc.url);
    const preview = await out(["preview"]);
    const up = await out(["up", "--yes", "--skip-preview"]);
    return { "python-preview": preview, "python-up": up };
  } finally {
    await stack?.dispose();
    fs.rmSync(scratch, { recursive: true, force: true });
    await sbc.close();
  }
}

/** The YAML and Python quick starts, with the plugin's tarball for this machine packed once for both. */
async function quickStartOutputs(): Promise<Record<string, string>> {
  const project = pythonProjectCommands(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-readme-plugin-"));
  try {
    const tarball = await packForThisMachine(dir);
    return { ...(await yamlOutputs(tarball)), ...(await pythonOutputs(project, tarball)) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function readmeOutputs(): Promise<Record<string, string>> {
  const exported = { ...(await exportOutputs()), ...(await quickStartOutputs()) };
  const sbc = await startEmulator({ activateMs: 50 });
  const stack = new CliStack(README_PROGRAM, "lab");
  try {
    await stack.init({ "sbc:host": sbc.url, "sbc:username": "admin" }, { "sbc:password": "admin" });
    const out = async (args: string[]) => normalise((await stack.run(args)).output, stack, sbc.url);
    const preview = await out(["preview"]);
    const up = await out(["up", "--yes", "--skip-preview"]);
    const noChanges = await out(["preview"]);
    const client = new SbcClient({ host: sbc.url, username: "admin", password: "admin" });
    await commitByHand(client, async (c) => {
      await c.updateElement({ elementType: "realm-config", attributes: { identifier: "core", description: "changed on the ACLI" }, subElements: [] });
      await c.createElement({ elementType: "realm-config", attributes: { identifier: "lab-test", description: "made on the ACLI" }, subElements: [] });
    });
    await client.close();
    const driftArgs = ["--stack", stack.name, "--cwd", README_PROGRAM, "--config-file", stack.configFile];
    const drift = await runBin("sbc-drift", driftArgs, { SBC_USERNAME: "admin", SBC_PASSWORD: "admin" }, undefined, stack.baseEnv);
    if (drift.code !== 1) throw new Error(`sbc-drift exited ${drift.code}, not 1 (drift): ${drift.stdout}${drift.stderr}`);
    const refresh = await out(["refresh", "--yes"]);
    // Commit confirmed: putting the description back is the change; registrations collapse after its activation.
    sbc.sbc.kpis.set("sipRegistrations", { sipRegistrations: 1000 });
    const checks = [{ kind: "kpi", type: "sipRegistrations", kpi: "sipRegistrations", minRatio: 0.9 }];
    await stack.setConfig({ "sbc:confirm": "true", "sbc:confirmWindowSeconds": "1", "sbc:healthChecks": JSON.stringify(checks) });
    const target = sbc.sbc.operations.completed.activate + 1;
    const collapse = setInterval(() => {
      if (sbc.sbc.operations.completed.activate < target) return;
      clearInterval(collapse);
      sbc.sbc.kpis.set("sipRegistrations", { sipRegistrations: 400 });
    }, 5);
    const rolledBack = await stack.run(["up", "--yes", "--skip-preview"], { expectFailure: true }).finally(() => clearInterval(collapse));
    const rollback = normalise(rolledBack.output, stack, sbc.url).replace(/pulumi-confirm-[\w.-]+/g, "pulumi-confirm-<time>-<pid>");
    return { ...exported, preview, up, "no-changes": noChanges, "sbc-drift": normalise(drift.stdout, stack, sbc.url).replace(/ at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, " at 2026-11-23 08:23:00"), refresh, "confirm-rollback": rollback };
  } finally {
    await stack.dispose();
    await sbc.close();
  }
}

/** The `<!-- cli-output: NAME -->` blocks of one page. */
export function readmeBlocks(readme: string): Map<string, { start: number; end: number; text: string }> {
  const blocks = new Map<string, { start: number; end: number; text: string }>();
  for (const m of readme.matchAll(/<!-- cli-output: ([a-z-]+) -->\n```text\n((?:(?!```)[\s\S])*)```/g)) {
    const start = m.index! + m[0].indexOf("```text\n") + "```text\n".length;
    blocks.set(m[1], { start, end: start + m[2].length, text: m[2].replace(/\n$/, "") });
  }
  return blocks;
}
