/**
 * Credentials under the real CLI (case g of the CLI issue): no password or token in
 * `pulumi stack export` whether the password comes from `config set --secret` or from SBC_*
 * variables; a password set without --secret is refused before anything changes (the CLI would
 * store it in state in clear); and a password rotated on the SBC, with what the README tells the
 * user to run, so that refresh and destroy work again.
 */
import * as path from "node:path";
import { User } from "../../emulator";
import { CliStack, describeWithCli, ROOT } from "./support/pulumiCli";
import { counters, emulators, expectSettled, ids, since } from "./support/sbc";

const PROGRAM = path.join(ROOT, "tests", "fixtures", "programs", "basic");
const emulator = emulators();
const OLD = "Old-Pa55word-e2e";
const NEW = "New-Pa55word-e2e";
const WRONG = "Wr0ng-Pa55word-e2e";

/** Lines of a JavaScript stack trace, which no error on bad input may show. */
const STACK_LINE = /^\s+at .+/m;

describeWithCli("credentials under the real pulumi CLI", () => {
  const stacks: CliStack[] = [];
  const stack = () => {
    const s = new CliStack(PROGRAM);
    stacks.push(s);
    return s;
  };
  afterAll(async () => {
    await Promise.all(stacks.map((s) => s.dispose()));
  });

  test("a password from config set --secret or from SBC_PASSWORD never reaches the state; one set in plain text is refused", async () => {
    const sbc = await emulator({ users: [{ name: "admin", password: OLD, admin: true }] });
    const secret = stack();
    await secret.init({ "sbc:host": sbc.url, "sbc:username": "admin", "test:withNtp": "false" }, { "sbc:password": OLD });
    await secret.run(["up", "--yes"]);
    expect(ids(sbc, "realm-config")).toEqual(["core"]);
    const exported = (await secret.exportState()).text;
    expect(exported).not.toContain(OLD);
    expect(exported).not.toMatch(/accessToken|Bearer/);
    await secret.run(["destroy", "--yes"]);

    const fromEnv = stack();
    await fromEnv.init({ "test:withNtp": "false" });
    const env = { SBC_HOST: sbc.url, SBC_USERNAME: "admin", SBC_PASSWORD: OLD };
    await fromEnv.run(["up", "--yes"], { env });
    expect(ids(sbc, "realm-config")).toEqual(["core"]);
    expect((await fromEnv.exportState()).text).not.toContain(OLD);
    await fromEnv.run(["destroy", "--yes"], { env });

    const plain = stack();
    await plain.init({ "sbc:host": sbc.url, "sbc:username": "admin", "sbc:password": OLD, "test:withNtp": "false" });
    const before = counters(sbc);
    const refused = await plain.run(["up", "--yes"], { expectFailure: true });
    expect(refused.output).toMatch(/stack config sbc:password is set in plain text.*pulumi config set --secret sbc:password <password>/);
    // Refused, but already written: the message says where, and to rotate it.
    expect(refused.output).toMatch(new RegExp(`already in Pulumi\\.${plain.name}\\.yaml .*change that password on the SBC`));
    expect(refused.output.split(OLD).length - 1).toBe(0);
    // One sentence, as the language host prints a RunError: no "unhandled exception", no stack trace.
    expect(refused.output).not.toMatch(/unhandled exception/);
    expect(refused.output).not.toMatch(STACK_LINE);
    expect(since(sbc, before).requests).toBe(0);
    expectSettled(sbc);
  });

  test("password rotation: refresh fails naming the login; config set --secret then up records the new password; refresh and destroy work", async () => {
    const admin: User = { name: "admin", password: OLD, admin: true };
    const sbc = await emulator({ users: [admin] });
    const s = stack();
    await s.init({ "sbc:host": sbc.url, "sbc:username": "admin", "test:withNtp": "false" }, { "sbc:password": OLD });
    await s.run(["up", "--yes"]);

    admin.password = NEW;
    sbc.sbc.sessions.expireAll();
    const stale = await s.run(["refresh", "--yes"], { expectFailure: true });
    expect(stale.output).toMatch(/401|not authori[sz]ed|credentials/i);
    expect(stale.output).not.toContain(OLD);

    // What the README tells the user: set the new password, then up (refresh and destroy use the
    // credentials the last up recorded for the provider).
    await s.setConfig({}, { "sbc:password": NEW });
    await s.run(["up", "--yes"]);
    await s.run(["refresh", "--yes", "--expect-no-changes"]);
    await s.run(["destroy", "--yes"]);
    expect(ids(sbc, "realm-config")).toEqual([]);
    expect((await s.exportState()).text).not.toContain(NEW);
    expectSettled(sbc);
  });

  test("a wrong password: up, refresh and destroy each fail in one sentence naming the login, the user, the SBC and what to run", async () => {
    const sbc = await emulator({ users: [{ name: "admin", password: OLD, admin: true }] });
    const s = stack();
    await s.init({ "sbc:host": sbc.url, "sbc:username": "admin", "test:withNtp": "false" }, { "sbc:password": OLD });
    await s.run(["up", "--yes"]);
    const login = new RegExp(`(realm-config \\[identifier=core\\]|sip-interface \\[realm-id=core\\]): login to ${sbc.url.replace(/[.]/g, "\\.")} as user "admin" failed: .*\\(HTTP 401\\)\\]; ` +
      "check the username \\(stack config sbc:username\\) and the password \\(stack config sbc:password\\): " +
      "set it with `pulumi config set --secret sbc:password <password>`");

    // An up with something to change fails at the login, said as such.
    await s.setConfig({ "test:description": "changed" }, { "sbc:password": WRONG });
    const up = await s.run(["up", "--yes"], { expectFailure: true });
    expect(up.output).toMatch(login);
    expect(up.output).not.toMatch(/lock failed/);
    expect(up.output).not.toMatch(STACK_LINE);
    expect(up.output).not.toContain(WRONG);

    // With nothing to change, up sends no request (preview's promise) and records the wrong password;
    // refresh and destroy, which log in with it, say that and what to run.
    await s.setConfig({ "test:description": "core network" }, { "sbc:password": WRONG });
    const before = counters(sbc);
    await s.run(["up", "--yes"]);
    expect(since(sbc, before).requests).toBe(0);
    for (const command of [["refresh", "--yes"], ["destroy", "--yes"]]) {
      const failed = await s.run(command, { expectFailure: true });
      expect(failed.output).toMatch(login);
      expect(failed.output).toContain("then run `pulumi up` before refresh or destroy, which log in with the stack config that the last `pulumi up` recorded");
      expect(failed.output).not.toMatch(STACK_LINE);
      expect(failed.output).not.toContain(WRONG);
    }
    expect(ids(sbc, "realm-config")).toEqual(["core"]);

    // What the message says to run.
    await s.setConfig({}, { "sbc:password": OLD });
    await s.run(["up", "--yes"]);
    await s.run(["refresh", "--yes", "--expect-no-changes"]);
    await s.run(["destroy", "--yes"]);
    expect(ids(sbc, "realm-config")).toEqual([]);
    expectSettled(sbc);
  });
});
