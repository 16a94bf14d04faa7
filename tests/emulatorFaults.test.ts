/**
 * Fault injection in the emulator, kind by kind: each test sets a rule, shows the client side of
 * the fault (a reset socket, a status, a timeout, a 401/423, a failed operation) and then reads the
 * emulated box to show whether the request was applied. Then the control endpoint and `--faults`.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../emulator";
import { FaultReport, FaultRule, seededRandom } from "../emulator/faults";
import { LOCKED_BY_ANOTHER_USER, USER_DOES_NOT_HAVE_LOCK } from "../client/responseErrors";
import { decodeEnvelope, decodeOperationState } from "../client/xmlCodec";
import { elementXml, login, raw, useEmulator } from "./support/emulator";

const current = useEmulator({ faults: true, activateMs: 20 });
const V = "/rest/v1.1";
const ELEMENTS = `${V}/configuration/configElements`;
const base = () => current().url;
const faults = () => current().faults;

function realms(store: "editing" | "saved" | "running" = "editing"): string[] {
  return (current().sbc.store.stores[store].get("realm-config") ?? []).map((e) => String(e.attributes.identifier));
}

/** One request over a fresh connection (no keep-alive pool), so a reset reaches this very call. */
function httpRequest(method: string, urlPath: string, options: { token?: string; body?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers["Content-Type"] = "application/xml";
    const req = http.request(`${base()}${urlPath}`, { method, headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

async function waitForOperation(token: string): Promise<ReturnType<typeof decodeOperationState>> {
  for (let i = 0; i < 400; i++) {
    const res = await raw(base(), "GET", `${V}/admin/asyncstatus`, { token });
    const state = decodeOperationState(decodeEnvelope(res.body).data);
    if (state.status !== "inProgress") return state;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error("operation did not finish");
}

async function manage(token: string, action: "save" | "verify" | "activate") {
  const res = await raw(base(), action === "activate" ? "POST" : "PUT", `${V}/configuration/management?action=${action}`, { token });
  expect(res.status).toBe(202);
  return waitForOperation(token);
}

function createRealm(token: string, identifier: string) {
  return raw(base(), "POST", ELEMENTS, { token, body: elementXml("realm-config", { identifier }) });
}

let admin: string;
beforeEach(async () => {
  faults().clear();
  faults().random = Math.random;
  current().sbc.sessions.unlock();
  admin = await login(base());
  expect((await raw(base(), "POST", `${V}/configuration/lock`, { token: admin })).status).toBe(204);
  for (const store of ["editing", "saved", "running"] as const) current().sbc.store.stores[store].delete("realm-config");
});

describe("connection faults", () => {
  test("reset-after: the client sees a reset, but the element was created", async () => {
    faults().set([{ kind: "reset-after", match: { method: "POST", path: "configElements" } }]);
    await expect(httpRequest("POST", ELEMENTS, { token: admin, body: elementXml("realm-config", { identifier: "after" }) })).rejects.toMatchObject({
      code: "ECONNRESET",
    });
    expect(realms()).toEqual(["after"]);
    expect(faults().injected["reset-after"]).toBe(1);
    // The emulator lives on: a GET (not matched) answers.
    expect((await raw(base(), "GET", `${ELEMENTS}?elementType=realm-config`, { token: admin })).status).toBe(200);
  });

  test("reset-before: the client sees a reset and nothing was applied", async () => {
    faults().set([{ kind: "reset-before", match: { method: "POST" }, times: 1 }]);
    await expect(httpRequest("POST", ELEMENTS, { token: admin, body: elementXml("realm-config", { identifier: "before" }) })).rejects.toMatchObject({
      code: "ECONNRESET",
    });
    expect(realms()).toEqual([]);
    // Spent after one: the retry goes through.
    expect((await createRealm(admin, "before")).status).toBe(200);
    expect(realms()).toEqual(["before"]);
    // A spent rule no longer looks at requests.
    expect(faults().report().state[0]).toEqual({ matched: 1, injected: 1, spent: true });
  });

  test("reset over fetch (keep-alive pool) is a fetch failure, and the pool recovers", async () => {
    faults().set([{ kind: "reset-before", match: { path: "supportedversions" }, times: 1 }]);
    await expect(fetch(`${base()}/rest/api/supportedversions`)).rejects.toThrow(/fetch failed/);
    expect((await raw(base(), "GET", "/rest/api/supportedversions")).status).toBe(200);
  });

  test("slow: a client with a 100 ms timeout gives up; the request is still applied after the delay", async () => {
    faults().set([{ kind: "slow", delayMs: 300, match: { method: "POST", path: "configElements" } }]);
    const started = Date.now();
    await expect(
      fetch(`${base()}${ELEMENTS}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${admin}`, "Content-Type": "application/xml" },
        body: elementXml("realm-config", { identifier: "slow" }),
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toMatchObject({ name: "TimeoutError" });
    expect(Date.now() - started).toBeLessThan(290);
    expect(realms()).toEqual([]);
    while (realms().length === 0 && Date.now() - started < 3000) await new Promise((r) => setTimeout(r, 20));
    expect(realms()).toEqual(["slow"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(295);
  });

  test("slow with the default delay does not hold up close(): the waiting request is dropped", async () => {
    const emu = await startEmulator({ faults: [{ kind: "slow" }] });
    const started = Date.now();
    const pending = fetch(`${emu.url}/rest/api/supportedversions`).then(
      (res) => res.status,
      () => "failed",
    );
    await new Promise((r) => setTimeout(r, 50));
    await emu.close();
    expect(await pending).toBe("failed");
    expect(Date.now() - started).toBeLessThan(5000);
    expect(emu.sbc.stats.requests).toBe(0);
  });
});

describe("status faults", () => {
  test("503 with times 2: two answers of 503 that change nothing, then the request succeeds", async () => {
    faults().set([{ kind: "status", status: 503, rate: 1, times: 2, match: { method: "POST", path: "configElements" } }]);
    for (let i = 0; i < 2; i++) {
      const res = await createRealm(admin, "r503");
      expect([res.status, res.messages]).toEqual([503, ["Service temporarily unavailable"]]);
      expect(realms()).toEqual([]);
    }
    expect((await createRealm(admin, "r503")).status).toBe(200);
    expect(realms()).toEqual(["r503"]);
    expect(faults().injected.status).toBe(2);
    expect(faults().total).toBe(2);
  });

  test("500 answers 'Internal server error'; the default status is 503", async () => {
    faults().set([
      { kind: "status", status: 500, times: 1 },
      { kind: "status", times: 1 },
    ]);
    const first = await raw(base(), "GET", `${ELEMENTS}?elementType=realm-config`, { token: admin });
    expect([first.status, first.messages]).toEqual([500, ["Internal server error"]]);
    const second = await raw(base(), "GET", `${ELEMENTS}?elementType=realm-config`, { token: admin });
    expect([second.status, second.messages]).toEqual([503, ["Service temporarily unavailable"]]);
    expect((await raw(base(), "GET", `${ELEMENTS}?elementType=realm-config`, { token: admin })).status).toBe(200);
  });

  test("rate 0.5 with a seeded random source faults about half the matching requests", async () => {
    faults().random = seededRandom(42);
    faults().set([{ kind: "status", rate: 0.5, match: { path: "supportedversions" } }]);
    let failed = 0;
    for (let i = 0; i < 200; i++) {
      const res = await raw(base(), "GET", "/rest/api/supportedversions");
      if (res.status === 503) failed++;
      else expect(res.status).toBe(200);
    }
    expect(failed).toBe(faults().injected.status);
    expect(failed).toBeGreaterThan(70);
    expect(failed).toBeLessThan(130);
    // The draw is compared as random() < rate.
    faults().clear();
    faults().set([{ kind: "status", rate: 0.5 }]);
    faults().random = () => 0.6;
    expect((await raw(base(), "GET", "/rest/api/supportedversions")).status).toBe(200);
    faults().random = () => 0.4;
    expect((await raw(base(), "GET", "/rest/api/supportedversions")).status).toBe(503);
  });

  test("skip lets the first N matches pass; match fields must all agree", async () => {
    faults().set([{ kind: "status", skip: 2, times: 1, match: { method: "get", path: "elementType=realm-config" } }]);
    const list = () => raw(base(), "GET", `${ELEMENTS}?elementType=realm-config`, { token: admin });
    // Other requests do not count as matches.
    expect((await raw(base(), "GET", `${ELEMENTS}?elementType=system-config`, { token: admin })).status).toBe(200);
    expect((await createRealm(admin, "skip")).status).toBe(200);
    expect((await list()).status).toBe(200);
    expect((await list()).status).toBe(200);
    expect((await list()).status).toBe(503);
    expect((await list()).status).toBe(200);
    expect(faults().report().state).toEqual([{ matched: 3, injected: 1, spent: true }]);
  });
});

describe("session faults", () => {
  test("expire-token: that request answers 401 and the token stays dead", async () => {
    faults().set([{ kind: "expire-token", match: { method: "POST", path: "configElements" }, times: 1 }]);
    const res = await createRealm(admin, "expired");
    expect([res.status, res.messages]).toEqual([401, ["Client not authorized"]]);
    expect(realms()).toEqual([]);
    expect((await raw(base(), "GET", `${ELEMENTS}?elementType=realm-config`, { token: admin })).status).toBe(401);
    expect(current().sbc.sessions.lockHolder()).toBeUndefined();
  });

  test("lose-lock: the change answers 423 'User does not have the lock'", async () => {
    faults().set([{ kind: "lose-lock", match: { method: "POST", path: "configElements" }, times: 1 }]);
    const res = await createRealm(admin, "nolock");
    expect([res.status, res.messages]).toEqual([423, [USER_DOES_NOT_HAVE_LOCK]]);
    expect(realms()).toEqual([]);
    // Re-locking recovers.
    expect((await raw(base(), "POST", `${V}/configuration/lock`, { token: admin })).status).toBe(204);
    expect((await createRealm(admin, "nolock")).status).toBe(200);
  });

  test("steal-lock: another admin session takes the lock; the change answers 423 'Resource locked by another user'", async () => {
    faults().set([{ kind: "steal-lock", match: { method: "PUT" }, times: 1 }]);
    const res = await raw(base(), "PUT", ELEMENTS, { token: admin, body: elementXml("system-config", { hostname: "stolen" }) });
    expect([res.status, res.messages]).toEqual([423, [LOCKED_BY_ANOTHER_USER]]);
    const holder = current().sbc.sessions.lockHolder();
    expect(holder?.value).not.toBe(admin);
    expect(holder?.user.name).toBe("admin");
    expect((await raw(base(), "POST", `${V}/configuration/lock`, { token: admin })).status).toBe(423);
    expect(current().sbc.store.stores.editing.get("system-config")?.[0].attributes.hostname).not.toBe("stolen");
  });
});

describe("operation faults", () => {
  test("verify-fail: verify ends in fail with the injected message; the next verify succeeds", async () => {
    faults().set([{ kind: "verify-fail", times: 1 }]);
    const before = structuredClone([...current().sbc.store.stores.editing]);
    const state = await manage(admin, "verify");
    expect(state).toMatchObject({ operation: "verify", status: "fail", errorMessage: "verify-config failed: injected fault" });
    expect([...current().sbc.store.stores.editing]).toEqual(before);
    expect((await manage(admin, "verify")).status).toBe("success");
    expect(faults().injected["verify-fail"]).toBe(1);
  });

  test("save-fail: save ends in fail and the saved configuration is unchanged", async () => {
    faults().set([{ kind: "save-fail", match: { action: "save" }, times: 1 }]);
    expect((await createRealm(admin, "unsaved")).status).toBe(200);
    const state = await manage(admin, "save");
    expect(state).toMatchObject({ operation: "save", status: "fail", errorMessage: "save-config failed: injected fault" });
    expect(realms("saved")).toEqual([]);
    expect((await manage(admin, "save")).status).toBe("success");
    expect(realms("saved")).toEqual(["unsaved"]);
  });

  test("activate-fail: activate ends in fail and running is unchanged; other actions are not affected", async () => {
    faults().set([{ kind: "activate-fail", times: 1 }]);
    expect((await createRealm(admin, "inactive")).status).toBe(200);
    expect((await manage(admin, "save")).status).toBe("success");
    expect(faults().total).toBe(0);
    const state = await manage(admin, "activate");
    expect(state).toMatchObject({ operation: "activate", status: "fail", errorMessage: "activate-config failed: injected fault" });
    expect(realms("running")).toEqual([]);
    expect((await manage(admin, "activate")).status).toBe("success");
    expect(realms("running")).toEqual(["inactive"]);
  });

  test("an operation refused before it starts (423) does not use up the rule", async () => {
    faults().set([{ kind: "save-fail", times: 1 }]);
    expect((await raw(base(), "POST", `${V}/configuration/unlock`, { token: admin })).status).toBe(204);
    expect((await raw(base(), "PUT", `${V}/configuration/management?action=save`, { token: admin })).status).toBe(423);
    expect(faults().report().state[0]).toEqual({ matched: 0, injected: 0, spent: false });
  });
});

describe("control endpoint", () => {
  async function control(url: string, method: string, body?: unknown) {
    const res = await fetch(`${url}/__emulator/faults`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, type: res.headers.get("content-type"), json: (await res.json()) as FaultReport & { error?: string } };
  }

  test("GET reports, POST replaces or adds, DELETE clears; no token needed", async () => {
    const empty = await control(base(), "GET");
    expect(empty).toMatchObject({ status: 200, type: "application/json", json: { rules: [], total: 0 } });
    const rules: FaultRule[] = [{ kind: "status", times: 1, match: { path: "supportedversions" } }];
    expect((await control(base(), "POST", { rules })).json.rules).toEqual(rules);
    expect((await raw(base(), "GET", "/rest/api/supportedversions")).status).toBe(503);
    const added = await control(base(), "POST", { add: { kind: "slow", delayMs: 5 } });
    expect(added.json.rules.map((r) => r.kind)).toEqual(["status", "slow"]);
    const report = await control(base(), "GET");
    expect(report.json).toMatchObject({ total: 1, injected: { status: 1 }, state: [{ matched: 1, injected: 1, spent: true }, { matched: 0 }] });
    const cleared = await control(base(), "DELETE");
    expect(cleared.json).toMatchObject({ rules: [], total: 0 });
    expect(faults().active).toBe(false);
  });

  test("a bad rule is 400 naming the problem and leaves the rules as they were", async () => {
    faults().set([{ kind: "status" }]);
    const bad = await control(base(), "POST", { rules: [{ kind: "status", status: 404 }] });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/rule 0: status must be 500 or 503/);
    expect((await control(base(), "POST", { add: { kind: "explode" } })).json.error).toMatch(/kind must be one of/);
    expect((await control(base(), "POST", { rules: [{ kind: "slow", delayMS: 5 }] })).json.error).toMatch(/unknown field "delayMS"/);
    expect((await control(base(), "PUT")).status).toBe(405);
    expect(faults().rules).toEqual([{ kind: "status" }]);
    faults().clear();
  });

  test("is 404 like any unknown path unless faults or control are enabled", async () => {
    const plain = await startEmulator();
    const withControl = await startEmulator({ control: true });
    const withRules = await startEmulator({ faults: [{ kind: "status", match: { path: "supportedversions" } }] });
    try {
      const res = await raw(plain.url, "GET", "/__emulator/faults");
      expect([res.status, res.messages]).toEqual([404, ["Resource not found"]]);
      expect(plain.faults.active).toBe(false);
      expect((await control(withControl.url, "GET")).json.rules).toEqual([]);
      expect((await control(withRules.url, "GET")).json.rules).toEqual([{ kind: "status", match: { path: "supportedversions" } }]);
      expect((await raw(withRules.url, "GET", "/rest/api/supportedversions")).status).toBe(503);
      // The programmatic handle works without the endpoint.
      plain.faults.set([{ kind: "status", status: 500 }]);
      expect((await raw(plain.url, "GET", "/rest/api/supportedversions")).status).toBe(500);
    } finally {
      await Promise.all([plain.close(), withControl.close(), withRules.close()]);
    }
  });

  test("startEmulator refuses bad rules", async () => {
    await expect(startEmulator({ faults: [{ kind: "status", rate: 2 }] })).rejects.toThrow(/rule 0: rate must be a number from 0 to 1/);
  });
});

describe("sbc-emulator --faults", () => {
  const ROOT = path.join(__dirname, "..");
  const BIN = path.join(ROOT, "bin", "sbc-emulator.js");
  const BUILT_CLI = path.join(ROOT, "dist", "emulator", "cli.js");

  function requireBuilt(): void {
    if (!fs.existsSync(BUILT_CLI)) {
      throw new Error(`${path.relative(ROOT, BUILT_CLI)} is missing: run \`npm run build\` first (\`npm test\` does it before jest)`);
    }
  }

  function runToExit(args: string[]) {
    requireBuilt();
    return spawnSync(process.execPath, [BIN, "--port", "0", ...args], { cwd: ROOT, encoding: "utf8", timeout: 10_000 });
  }

  /** Starts the CLI, runs `use` against its URL, and stops it. */
  async function withCli(args: string[], use: (url: string) => Promise<void>): Promise<void> {
    requireBuilt();
    const child = spawn(process.execPath, [BIN, "--port", "0", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        let err = "";
        const timer = setTimeout(() => reject(new Error(`no "listening on" line within 10 s\nstdout: ${out}\nstderr: ${err}`)), 10_000);
        child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
        child.stdout!.on("data", (c: Buffer) => {
          out += c.toString();
          const match = /listening on (http:\/\/\S+)/.exec(out);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
        child.once("exit", (code) => {
          clearTimeout(timer);
          reject(new Error(`exited with ${code} before listening\nstderr: ${err}`));
        });
      });
      await use(url);
    } finally {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        });
      }
    }
  }

  test.each([
    ["not JSON", ["--faults", "{not json"], /--faults: the --faults value is not valid JSON/],
    ["not an array", ["--faults", '{"kind":"status"}'], /--faults: the fault rules must be a JSON array/],
    ["an unknown kind", ["--faults", '[{"kind":"status"},{"kind":"boom"}]'], /--faults: rule 1: kind must be one of/],
    ["a missing file", ["--faults", "@/nonexistent/rules.json"], /--faults: cannot read \/nonexistent\/rules.json/],
  ])("a bad spec (%s) exits 2 with a message naming the problem", (_name, args, message) => {
    const result = runToExit(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  test("a good spec (inline or @file) is in force and the control endpoint shows it", async () => {
    const rules: FaultRule[] = [{ kind: "status", status: 500, times: 1, match: { path: "supportedversions" } }];
    await withCli(["--faults", JSON.stringify(rules)], async (url) => {
      const res = await fetch(`${url}/__emulator/faults`);
      expect(res.headers.get("content-type")).toBe("application/json");
      expect(((await res.json()) as FaultReport).rules).toEqual(rules);
      expect((await raw(url, "GET", "/rest/api/supportedversions")).status).toBe(500);
      expect((await raw(url, "GET", "/rest/api/supportedversions")).status).toBe(200);
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-faults-"));
    try {
      const file = path.join(dir, "rules.json");
      fs.writeFileSync(file, JSON.stringify([{ kind: "lose-lock" }]));
      await withCli(["--faults", `@${file}`], async (url) => {
        expect(((await (await fetch(`${url}/__emulator/faults`)).json()) as FaultReport).rules).toEqual([{ kind: "lose-lock" }]);
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await withCli(["--control"], async (url) => {
      expect(((await (await fetch(`${url}/__emulator/faults`)).json()) as FaultReport).rules).toEqual([]);
    });
    await withCli([], async (url) => {
      expect((await fetch(`${url}/__emulator/faults`)).status).toBe(404);
    });
  });
});
