/**
 * References by plain name under the real CLI (issue 31, item 6): a YAML program of realms, SIP
 * interfaces, steering pools, session agents and local policies that name each other by plain
 * strings (tests/fixtures/programs/plain-names-yaml, each realm written after what names it)
 * applies in one run, every time, whatever order and commits `pulumi up` gives its ten elements.
 * Before the fix this program failed verify in each of 12 runs measured on this machine (6 at
 * --parallel 8, 6 at 3; with its realms written first instead, in 5 of 24), so RUNS passing in a
 * row is no luck (at a failure rate of even one in two, 0.5^6 < 2 %). At --parallel 8 (this
 * machine's default, 4 × CPUs) some changes wait for the realm Pulumi sends later, or Pulumi's
 * slots all wait and the provider makes the realm Pulumi has checked; at --parallel 3 the first
 * three elements all wait for a realm Pulumi has not even checked (it checks a resource only when
 * a slot is free for it), which no provider can make: that run stops cleanly, saying what to do.
 * A name that nothing declares fails cleanly too: one sentence, nothing staged, lock released, the
 * rest applied.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CliStack, describeWithCli, resourceCounts, ROOT } from "./support/pulumiCli";
import { elements, emulators, expectSettled, SBC_LOGIN, SBC_SECRET } from "./support/sbc";

const PROGRAM = path.join(ROOT, "tests", "fixtures", "programs", "plain-names-yaml");
/** Runs of the same program on an empty SBC, at this machine's default --parallel, given explicitly so that another machine runs the same. */
const RUNS = [1, 2, 3, 4, 5, 6];
const emulator = emulators();

/** type → identifying attribute of each element the program declares. */
const DECLARED: Record<string, string[]> = {
  "realm-config": ["access", "core"],
  "sip-interface": ["access", "core"],
  "steering-pool": ["access", "core"],
  "session-agent": ["carrier.example.net", "pbx.example.net"],
  "local-policy": ["access", "core"],
};
const NAMED_BY: Record<string, string> = {
  "realm-config": "identifier",
  "sip-interface": "realm-id",
  "steering-pool": "realm-id",
  "session-agent": "hostname",
  "local-policy": "source-realm",
};

describeWithCli("a YAML program that names elements by plain strings, under the real pulumi CLI", () => {
  const stacks: CliStack[] = [];
  afterAll(() => {
    // Each run had an SBC of its own, gone with the test file: nothing to destroy, only files to remove.
    for (const s of stacks) fs.rmSync(s.work, { recursive: true, force: true });
  });

  async function freshStack(): Promise<{ s: CliStack; sbc: Awaited<ReturnType<typeof emulator>> }> {
    const sbc = await emulator();
    const s = new CliStack(PROGRAM, "plain");
    stacks.push(s);
    await s.init({ "sbc:host": sbc.url, ...SBC_LOGIN }, SBC_SECRET);
    return { s, sbc };
  }

  test.each(RUNS)("run %i of the same program, pulumi up --parallel 8 on an empty SBC: all ten elements in one run, the SBC settled", async (run) => {
    const { s, sbc } = await freshStack();
    const up = await s.run(["up", "--yes", "--skip-preview", "--parallel", "8"]);
    expect(resourceCounts(up.output)).toMatchObject({ created: 11 });
    for (const [type, names] of Object.entries(DECLARED)) {
      expect(elements(sbc, type).map((e) => [e.attributes[NAMED_BY[type]]].flat()[0]).sort()).toEqual(names);
    }
    expectSettled(sbc);
    if (run === 1) await s.run(["preview", "--expect-no-changes"]);
  });

  test("--parallel 3: the first three all name a realm Pulumi has not checked yet; the run stops saying why and what to do, nothing staged, lock released", async () => {
    const { s, sbc } = await freshStack();
    const up = await s.run(["up", "--yes", "--skip-preview", "--parallel", "3"], { expectFailure: true });
    expect(up.output).toMatch(
      /: verify failed on http:\/\/127\.0\.0\.1:\d+: it names realm-config "(core|access)" \(identifier\), which is not on \S+ and which no resource Pulumi has passed to the provider declares: if the program has no such element, add it or correct the name; if it has, Pulumi holds it back because every change it runs at once \(--parallel\) waits for an element it has not sent yet, so write the reference as \$\{<resource>\.<property>\} \(Pulumi then creates that element first\) or raise --parallel; nothing of this change is staged/,
    );
    expectSettled(sbc);
  });

  test("a name nothing declares (a steering pool in realm nowhere): that element fails in one sentence, the other nine apply, nothing staged, lock released", async () => {
    const { s, sbc } = await freshStack();
    await s.setConfig({ accessMediaRealm: "nowhere" });
    const up = await s.run(["up", "--yes", "--skip-preview"], { expectFailure: true });
    expect(up.output).toMatch(
      /steering-pool \[ip-address=203\.0\.113\.20 start-port=20000 realm-id=nowhere\]: verify failed on http:\/\/127\.0\.0\.1:\d+: it names realm-config "nowhere" \(identifier\), which is not on http:\/\/127\.0\.0\.1:\d+ and which no resource Pulumi has passed to the provider declares: if the program has no such element, add it or correct the name; .* or raise --parallel; nothing of this change is staged \(the SBC's verify: ERROR: steering-pool \[ip-address=203\.0\.113\.20 start-port=20000 realm-id=nowhere\] realm-id references realm-config "nowhere", which does not exist\)/,
    );
    expect(resourceCounts(up.output)).toMatchObject({ created: 10 });
    expect(elements(sbc, "steering-pool").map((e) => e.attributes["realm-id"])).toEqual(["core"]);
    expect(elements(sbc, "realm-config")).toHaveLength(2);
    expectSettled(sbc);
  });
});
