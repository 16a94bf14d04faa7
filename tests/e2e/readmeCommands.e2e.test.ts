/**
 * The commands of the README and its guides (docs/*.md) run as written, with the real CLI: the
 * README's try-out block end to end against an emulator it starts itself; every `pulumi config
 * set` line of their bash blocks in a project
 * against a TLS emulator — so a line the CLI refuses (a PEM value without `--`, taken for a flag)
 * fails here, not in a user's first hour; and the take-over block, with the config lines
 * sbc-export prints. Only what a test must own changes: the port, the SBC's address and password,
 * the tarball's and the output directory's paths, and `up --yes` for the prompt a user answers.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { cli, describeWithCli, resourceCounts, ROOT } from "./support/pulumiCli";
import { configuration, emulators, ids } from "./support/sbc";
import { SbcClient } from "../../client/client";
import { commitByHand } from "../support/emulator";
import { readmeCommands, readmeBlock } from "../support/readmeCommands";
import { guideText } from "../../tools/docs/guidePages";

const README = guideText(ROOT);
const emulator = emulators();

interface Shell {
  code: number | null;
  output: string;
}

/** `script` in bash (errexit, pipefail) with `stdin` fed to it. */
function bash(script: string, options: { cwd: string; env: NodeJS.ProcessEnv; stdin?: string }): Promise<Shell> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-eo", "pipefail", "-c", script], { cwd: options.cwd, env: options.env });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d));
    child.stderr.on("data", (d: Buffer) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
    child.stdin.end(options.stdin ?? "");
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** The environment of a user's shell: no PULUMI_* or SBC_* of ours. */
function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(PULUMI_|SBC_)/.test(k)));
  return { ...inherited, PULUMI_SKIP_UPDATE_CHECK: "true", NO_COLOR: "1", ...extra };
}

describeWithCli("the README's commands under the real pulumi CLI", () => {
  // Made in beforeAll: a skipped describe still runs its body, but never its afterAll.
  let scratch: string;
  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-readme-commands-"));
  });
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  test("the try-out block, run as written: a project from the template previews 4 creates against the emulator, applies them, and has no changes after", async () => {
    const block = readmeBlock(README, "# try-out");
    expect(block).toMatch(/^node bin\/sbc-emulator\.js --port 18080 &/m);
    const port = await freePort();
    const tarball = path.join(ROOT, "pulumi-oracle-sbc-0.1.0.tgz");
    const hadTarball = fs.existsSync(tarball);
    const tmp = fs.mkdtempSync(path.join(scratch, "tmp-"));
    // The emulator the block starts in the background is stopped however the block ends.
    const script = `trap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n${block.replaceAll("18080", String(port))}`;
    try {
      const { code, output } = await bash(script, { cwd: ROOT, env: userEnv({ TMPDIR: tmp }) });
      expect({ code, output }).toEqual({ code: 0, output: expect.stringMatching(/Created stack 'lab'/) });
      // preview; up's own preview, then its update; the last preview.
      const [, preview, , up, again] = output.split(/^(?:Previewing update|Updating) \(lab\):$/m);
      expect(resourceCounts(preview)).toEqual({ "to create": 4 });
      expect(resourceCounts(up)).toEqual({ created: 4 });
      expect(resourceCounts(again)).toEqual({ unchanged: 4 });
    } finally {
      if (!hadTarball) fs.rmSync(tarball, { force: true });
    }
  });

  test("every `pulumi config set` line of the README's and the guides' bash blocks runs as written in a project, and the stack then applies to an SBC over https with the certificate set", async () => {
    const lines = readmeCommands(README).filter((line) => /^pulumi config set /.test(line));
    // The connection block's lines, the trap among them: a PEM starts with dashes.
    expect(lines.filter((line) => line.includes("sbc:caCert"))).toHaveLength(1);
    const sbc = await emulator({ tls: true });
    const project = fs.mkdtempSync(path.join(scratch, "project-"));
    for (const file of ["Pulumi.yaml", "index.ts"]) fs.copyFileSync(path.join(ROOT, "tests", "fixtures", "programs", "readme", file), path.join(project, file));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(project, "node_modules"));
    fs.writeFileSync(path.join(project, "sbc1-rest.pem"), sbc.caCert!);
    fs.mkdirSync(path.join(project, ".state"));
    if (!("dir" in cli)) throw new Error(cli.missing);
    const env = userEnv({
      PATH: `${cli.dir}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: path.join(project, ".home"),
      PULUMI_BACKEND_URL: `file://${path.join(project, ".state")}`,
      PULUMI_CONFIG_PASSPHRASE: "readme",
    });
    const run = (script: string, stdin?: string) => bash(script, { cwd: project, env, stdin });
    expect((await run("pulumi stack init lab --non-interactive")).code).toBe(0);
    for (const line of lines) {
      // A line without a value prompts for it: what a user types there comes on stdin.
      const result = await run(line, "admin\n");
      expect({ line, ...result }).toEqual({ line, code: 0, output: expect.any(String) });
    }
    const config = JSON.parse((await run("pulumi config --show-secrets --json")).output) as Record<string, { value: string }>;
    expect(config["sbc:caCert"].value).toBe(sbc.caCert!.trimEnd());
    expect(config["sbc:password"].value).toBe("admin");
    // Then the connection alone (the other lines name an SDM and health checks this SBC does not have),
    // with a bare host:port, which the table says means https: the emulator's, verified against the PEM just set.
    for (const key of Object.keys(config).filter((k) => !["sbc:host", "sbc:username", "sbc:password", "sbc:caCert"].includes(k))) {
      await run(`pulumi config rm ${key}`);
    }
    expect(sbc.url).toMatch(/^https:\/\//);
    await run(`pulumi config set sbc:host ${new URL(sbc.url).host}`);
    const up = await run("pulumi up --yes --non-interactive");
    expect(up.code).toBe(0);
    expect(resourceCounts(up.output)).toEqual({ created: 4 });
    expect(ids(sbc, "realm-config")).toEqual(["core"]);
    await run("pulumi destroy --yes --non-interactive");
  });

  test("the take-over block (docs/export.md), run as written in the checkout: sbc-export, npm install of the tarball, stack init, the printed config lines, preview, up — and the SBC is as it was", async () => {
    const block = readmeBlock(README, "# take-over: in the checkout, or in a project that has the package installed");
    const sbc = await emulator();
    const client = new SbcClient({ host: sbc.url, username: "admin", password: "admin" });
    await commitByHand(client, async (c) => {
      await c.createElement({ elementType: "realm-config", attributes: { identifier: "core", description: "made on the ACLI" }, subElements: [] });
      await c.createElement({
        elementType: "ntp-config",
        attributes: { server: ["192.0.2.123"] },
        subElements: [{ elementType: "auth-servers", attributes: { "ip-address": "192.0.2.123", "key-id": "7", key: "ntp-key" }, subElements: [] }],
      });
    });
    await client.close();
    const before = configuration(sbc);
    const work = fs.mkdtempSync(path.join(scratch, "takeover-"));
    const packed = await bash(`npm pack --ignore-scripts --pack-destination ${work}`, { cwd: ROOT, env: process.env });
    expect(packed.code).toBe(0);
    if (!("dir" in cli)) throw new Error(cli.missing);
    const script = block
      .replace("https://sbc1.example.net", sbc.url)
      .replace("SBC_PASSWORD=…", "SBC_PASSWORD=admin")
      .replaceAll("../sbc1", path.join(work, "sbc1"))
      .replace("/path/to/pulumi-oracle-sbc-0.1.0.tgz", path.join(work, "pulumi-oracle-sbc-0.1.0.tgz"))
      // What the comment says to do: the config lines sbc-export printed, a prompted password on stdin.
      .replace(/^# then the config lines sbc-export printed[^\n]*\n#[^\n]*\n/m, `grep '^  pulumi config set' ${work}/export.txt | sed 's/^  //' > ${work}/config.sh\nbash -e ${work}/config.sh\n`)
      .replace(/^(\s*npx sbc-export [^#\n]*?)(\s*#.*)?$/m, `$1 | tee ${work}/export.txt`)
      .replace(/^pulumi up$/m, "pulumi up --yes");
    expect(script).not.toContain("…");
    const env = userEnv({
      PATH: `${cli.dir}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: path.join(work, "home"),
      PULUMI_BACKEND_URL: `file://${work}`,
      PULUMI_CONFIG_PASSPHRASE: "take-over",
    });
    const { code, output } = await bash(script, { cwd: ROOT, env, stdin: "admin\n" });
    expect({ code, output }).toEqual({ code: 0, output: expect.stringMatching(/pulumi config set --secret ntpConfigAuthServers1Key -- /) });
    const [, preview, , up] = output.split(/^(?:Previewing update|Updating) \(sbc1\):$/m);
    // Every element of the SBC (system-config, ntp-config, the realm) and the stack.
    expect(resourceCounts(preview)).toEqual({ "to create": before.length + 1 });
    expect(resourceCounts(up)).toEqual({ created: before.length + 1 });
    // Taken over, not changed: every element's values as they were.
    expect(configuration(sbc)).toEqual(before);
  });
});
