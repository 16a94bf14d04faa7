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
});
