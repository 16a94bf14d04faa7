import * as fs from "node:fs"; import * as os from "node:os"; import * as path from "node:path";
import { startEmulator } from "./emulator";
import { CliStack, ROOT } from "./tests/e2e/support/pulumiCli";
import { install, pack, userProject } from "./tests/e2e/support/userProject";
async function main() {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "h4state-"));
  const project = await userProject(path.join(scratch, "p"), path.join(ROOT, "bench/program"));
  await install(project, await pack(ROOT, scratch));
  const e = await startEmulator({ latencyMs: 0, activateMs: 50 });
  for (const floor of ["false", "true"]) {
    const s = new CliStack(project, "h4");
    await s.init({ "sbc:username": "admin", "bench:count": "10", "bench:hosts": JSON.stringify([e.url]), "bench:floor": floor }, { "sbc:password": "admin" });
    await s.run(["up", "--yes", "--skip-preview", "--parallel", "100"]);
    const { text, deployment } = await s.exportState();
    fs.writeFileSync(`/tmp/h4state-${floor}.json`, text);
    const els = deployment.resources!.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
    console.log(floor, els.length, els.reduce((n, r) => n + JSON.stringify(r).length, 0) / els.length);
    await s.dispose();
  }
  await e.close(); process.exit(0);
}
main().catch((e) => { console.error(e); process.exit(1); });
