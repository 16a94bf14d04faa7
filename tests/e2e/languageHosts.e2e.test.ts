/**
 * The YAML and Python language hosts that scripts/pulumi-cli.sh provides beside the CLI
 * (pulumi-language-yaml v1.38.0; pulumi-language-python from sdk v3.68.0 with its -exec script)
 * run programs under the real CLI v3.248.0: a stack's config reaches the program, `up` prints the
 * program's outputs and the stack keeps them. The Python program runs in a virtualenv this test
 * makes with PyPI's `pulumi`; the old host ignores Pulumi.yaml's runtime options, so
 * PULUMI_PYTHON_CMD names the virtualenv's python.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { CliStack, describeWithCli } from "./support/pulumiCli";

const run = promisify(execFile);
/** The Python SDK at the CLI's own version, as the project's @pulumi/pulumi is. */
const PYTHON_SDK = "pulumi==3.248.0";

const YAML_PROGRAM = `name: hosts-yaml
runtime: yaml
config:
  greeting:
    type: string
outputs:
  message: \${greeting} from yaml on \${pulumi.stack}
  sizes: [1, 2, 3]
`;

const PYTHON_PROGRAM = `import pulumi

greeting = pulumi.Config().require("greeting")
pulumi.export("message", f"{greeting} from python on {pulumi.get_stack()}")
pulumi.export("sizes", [1, 2, 3])
`;

/** A program directory under SCRATCH holding FILES. */
function program(scratch: string, name: string, files: Record<string, string>): string {
  const dir = path.join(scratch, name);
  fs.mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

/** Runs `up` for a new stack with greeting=hello and returns what it printed and the stack's outputs. */
async function upWithGreeting(s: CliStack): Promise<{ output: string; outputs: Record<string, unknown> }> {
  await s.init({ greeting: "hello" });
  const { output } = await s.run(["up", "--yes", "--skip-preview"]);
  const outputs = JSON.parse((await s.run(["stack", "output", "--json"])).stdout) as Record<string, unknown>;
  return { output, outputs };
}

describeWithCli("YAML and Python programs under the real pulumi CLI", () => {
  const stacks: CliStack[] = [];
  let scratch: string;

  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-hosts-"));
  });

  afterAll(async () => {
    for (const s of stacks) await s.dispose();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  test("a YAML program's outputs, from the stack's config", async () => {
    const s = new CliStack(program(scratch, "yaml", { "Pulumi.yaml": YAML_PROGRAM }), "yaml");
    stacks.push(s);
    const { output, outputs } = await upWithGreeting(s);
    expect(output).toMatch(/^\s+message: "hello from yaml on yaml-[0-9a-f]+"$/m);
    expect(outputs).toEqual({ message: `hello from yaml on ${s.name}`, sizes: [1, 2, 3] });
  });

  test("a Python program's outputs, from the stack's config, in a virtualenv", async () => {
    const venv = path.join(scratch, "venv");
    try {
      await run("python3", ["-m", "venv", venv]);
    } catch (e) {
      throw new Error(`the Python host's test needs python3 with its venv module on PATH: ${(e as Error).message}`);
    }
    await run(path.join(venv, "bin", "pip"), ["install", "--quiet", "--disable-pip-version-check", PYTHON_SDK], { maxBuffer: 16 * 1024 * 1024 });
    const dir = program(scratch, "python", { "Pulumi.yaml": "name: hosts-python\nruntime: python\n", "__main__.py": PYTHON_PROGRAM });
    const s = new CliStack(dir, "python");
    stacks.push(s);
    // For every command of this stack, destroy included.
    s.baseEnv.PULUMI_PYTHON_CMD = path.join(venv, "bin", "python");
    const { output, outputs } = await upWithGreeting(s);
    expect(output).toMatch(/^\s+message: "hello from python on python-[0-9a-f]+"$/m);
    expect(outputs).toEqual({ message: `hello from python on ${s.name}`, sizes: [1, 2, 3] });
  });
});
