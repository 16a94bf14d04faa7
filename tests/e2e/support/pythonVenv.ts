/**
 * A virtualenv for Python programs under the real CLI: only the pulumi-oracle-sbc wheel built from this
 * checkout (`npm run build:python`) and PyPI's `pulumi` at the CLI's own version. The old Python
 * host the tests build ignores Pulumi.yaml's virtualenv option: a stack finds the venv through
 * PULUMI_PYTHON_CMD (usePython).
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { CliStack, ROOT } from "./pulumiCli";

const run = promisify(execFile);
/** PyPI's Python SDK at the CLI's own version, as the project's @pulumi/pulumi is. */
const PYTHON_SDK = "pulumi==3.248.0";

/** Makes the virtualenv in DIR and returns its python; with REQUIREMENTS, a program's requirements.txt too (which the pin must satisfy). */
export async function pythonVenv(dir: string, requirements?: string): Promise<string> {
  // npm run e2e builds the wheel once for its parallel files (a build clears sdk/python/dist, under another file's pip install).
  const wheel = process.env.SBC_E2E_PYTHON_WHEEL ?? (await run("bash", [path.join(ROOT, "scripts", "language-sdks.sh"), "build", "python"], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 })).stdout.trim();
  try {
    await run("python3", ["-m", "venv", dir]);
  } catch (e) {
    throw new Error(`the Python e2e needs python3 with its venv module on PATH: ${(e as Error).message}`);
  }
  await run(path.join(dir, "bin", "pip"), ["install", "--quiet", "--disable-pip-version-check", wheel, PYTHON_SDK, ...(requirements ? ["-r", requirements] : [])], { maxBuffer: 16 * 1024 * 1024 });
  return path.join(dir, "bin", "python");
}

/** Every command of the stack, destroy included, runs its program with `python`. */
export function usePython(stack: CliStack, python: string): CliStack {
  stack.baseEnv.PULUMI_PYTHON_CMD = python;
  return stack;
}
