/**
 * The `sbc-emulator` command as users run it: the built CLI (dist/, which `npm test` builds before
 * jest runs) spawned with node, the curl seed sequence of docs/rest-api.md run with bash against it, a bad
 * option refused with exit code 2, `--tls --ca-out` writing a PEM that curl can trust, and
 * `--sdm` serving an SDM in front of a running SBC emulator.
 */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SdmClient } from "../client/sdm/sdmClient";

const ROOT = path.join(__dirname, "..");
const BIN = path.join(ROOT, "bin", "sbc-emulator.js");
const BUILT_CLI = path.join(ROOT, "dist", "emulator", "cli.js");
const REST_API_GUIDE = path.join(ROOT, "docs", "rest-api.md");
const GUIDE_PORT = "18080";

const children: ChildProcess[] = [];

afterEach(async () => {
  await Promise.all(children.splice(0).map(stop));
});

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function requireBuilt(): void {
  if (!fs.existsSync(BUILT_CLI)) {
    throw new Error(`${path.relative(ROOT, BUILT_CLI)} is missing: run \`npm run build\` first (\`npm test\` does it before jest)`);
  }
}

function requireCurl(): void {
  const probe = spawnSync("curl", ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    throw new Error("curl is not on PATH; this test runs the curl commands of docs/rest-api.md, so install curl (e.g. apt-get install curl)");
  }
}

interface Running {
  child: ChildProcess;
  url: string;
  port: number;
}

/** Spawns the CLI and resolves once it prints `listening on <url>`. */
function startCli(args: string[]): Promise<Running> {
  requireBuilt();
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => fail(`no "listening on" line within 20 s`), 20_000);
    function fail(why: string): void {
      clearTimeout(timer);
      reject(new Error(`sbc-emulator ${args.join(" ")}: ${why}\nstdout: ${stdout}\nstderr: ${stderr}`));
    }
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (https?:\/\/127\.0\.0\.1:(\d+))\s*$/m.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], port: Number(match[2]) });
      }
    });
    child.once("exit", (code, signal) => fail(`exited (code ${code}, signal ${signal}) before listening`));
    child.once("error", (err) => fail(err.message));
  });
}

/** The REST API guide's bash block that starts with `# seed-sequence`. */
function seedSequence(): string {
  const guide = fs.readFileSync(REST_API_GUIDE, "utf8");
  const match = /```bash\n(# seed-sequence[^\n]*\n[\s\S]*?)```/.exec(guide);
  if (!match) throw new Error("docs/rest-api.md has no ```bash block starting with `# seed-sequence`");
  return match[1];
}

interface Exchange {
  status: number;
  output: string;
}

/** One entry per line of output that ends with ` HTTP <status>` (each curl prints one such line). */
function exchanges(stdout: string): Exchange[] {
  return stdout
    .split("\n")
    .map((line) => /^(.*)HTTP (\d{3})\s*$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ status: Number(m[2]), output: m[1] }));
}

test("the built CLI starts, and the curl seed sequence of docs/rest-api.md runs against it", async () => {
  requireCurl();
  const { port } = await startCli(["--port", "0"]);
  const block = seedSequence();
  expect(block).toMatch(/^npx sbc-emulator --port 18080 &$/m);
  const script = block
    .split("\n")
    .filter((line) => !/^\s*npx sbc-emulator\b/.test(line))
    .join("\n")
    .replaceAll(GUIDE_PORT, String(port));
  const run = spawnSync("bash", ["-euo", "pipefail", "-s"], { input: script, encoding: "utf8", timeout: 20_000, cwd: ROOT });
  if (run.error) throw run.error;
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });

  const seen = exchanges(run.stdout);
  expect(seen.map((e) => e.status)).toEqual([200, 204, 423, 200, 409, 204]);
  expect(seen[0].output).toMatch(/<accessToken>[^<]+<\/accessToken>/);
  expect(seen[2].output).toContain("Resource locked by another user");
  expect(seen[3].output).toContain("<elementType>ntp-config</elementType>");
  expect(seen[3].output).toContain("<value>192.0.2.123</value>");
  expect(seen[4].output).toContain("already exists");
});

test("--port abc exits with code 2 and a message naming --port", () => {
  requireBuilt();
  const run = spawnSync(process.execPath, [BIN, "--port", "abc"], { cwd: ROOT, encoding: "utf8", timeout: 20_000 });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain("--port");
  expect(run.stdout).not.toContain("listening on");
});

test("--help explains every option with its default, the users and their passwords, the seeds, and examples, and starts nothing", () => {
  requireBuilt();
  const run = spawnSync(process.execPath, [BIN, "--help"], { cwd: ROOT, encoding: "utf8", timeout: 20_000 });
  expect(run.status).toBe(0);
  expect(run.stdout).not.toMatch(/^listening on http/m);
  const help = run.stdout;
  // Every option the parser takes is explained on a line of its own.
  for (const option of ["port", "host", "tls", "ca-out", "latency-ms", "activate-ms", "token-ttl-s", "versions", "faults", "control", "seed", "seed-scale", "sdm", "device", "session-ttl-s", "help"]) {
    expect(help).toMatch(new RegExp(`^  (?:-h, )?--${option}\\b[^\\n]*? {2,}\\S`, "m"));
  }
  expect(help).toMatch(/--port N\s+TCP port.*\(default 18080/);
  expect(help).toMatch(/--token-ttl-s N\s+.*\(default 600/);
  expect(help).toMatch(/^\s+admin \/ admin\s+administrator/m);
  expect(help).toMatch(/^\s+monitor \/ monitor\s+read only/m);
  expect(help).toMatch(/^\s+brownfield\s+an SBC in service for years.*\(307 elements\)$/m);
  expect(help).toMatch(/^Examples:\n(?:\s+sbc-emulator.*\n){3,}/m);
  expect(help).toContain("pulumi config set sbc:host http://127.0.0.1:18080");
});

test("--tls --ca-out serves https and writes the certificate as PEM, which curl trusts", async () => {
  requireCurl();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-cli-"));
  const caFile = path.join(dir, "ca.pem");
  try {
    const { url } = await startCli(["--port", "0", "--tls", "--ca-out", caFile]);
    expect(url).toMatch(/^https:\/\//);
    const pem = fs.readFileSync(caFile, "utf8");
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\r?\n[\s\S]+\n-----END CERTIFICATE-----\s*$/);

    const curl = spawnSync("curl", ["-s", "--cacert", caFile, "-w", " HTTP %{http_code}", `${url}/rest/api/supportedversions`], {
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(curl.stdout).toMatch(/<latestVersion>v1\.2<\/latestVersion>.* HTTP 200$/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("--sdm --device NAME=URL serves SDM's device lock in front of a running SBC emulator", async () => {
  const sbc = await startCli(["--port", "0"]);
  const sdm = await startCli(["--sdm", "--port", "0", "--control", "--device", `sbc1=${sbc.url}`, "--device", "sbc2=192.0.2.2"]);
  const client = new SdmClient({ url: sdm.url, username: "admin", password: "admin" });
  try {
    const device = await client.findDevice({ address: sbc.url });
    expect(device).toEqual({ id: "ID1", name: "sbc1", address: `127.0.0.1:${sbc.port}` });
    await client.lockDevice(device.id);
    const state = (await (await fetch(`${sdm.url}/__emulator/sdm`)).json()) as { devices: { id: string; sbcUrl?: string; holder: string | null }[] };
    expect(state.devices.map((d) => [d.id, d.sbcUrl ?? null, d.holder])).toEqual([
      ["ID1", sbc.url, "admin"],
      ["ID2", null, null],
    ]);
  } finally {
    await client.close();
  }
});

test("--sdm without --device, --device without --sdm, and --sdm with an SBC-only option exit with code 2", () => {
  requireBuilt();
  const cases: [string[], string][] = [
    [["--sdm"], "--sdm needs at least one --device"],
    [["--device", "sbc1=192.0.2.1"], "--device applies only with --sdm"],
    [["--sdm", "--device", "sbc1=192.0.2.1", "--faults", "[]"], "--faults is an SBC emulator option"],
    [["--sdm", "--device", "sbc1"], "--device takes NAME=URL or NAME=ADDRESS"],
  ];
  for (const [args, message] of cases) {
    const run = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", timeout: 20_000 });
    expect({ args, status: run.status }).toEqual({ args, status: 2 });
    expect(run.stderr).toContain(message);
    expect(run.stdout).not.toContain("listening on");
  }
});
