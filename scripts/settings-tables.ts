/**
 * The README's connection settings tables, generated from provider/core/connection/connectionSettings.ts:
 * `npm run docs:settings` rewrites each block between `<!-- settings-table: sbc|sdm -->` and
 * `<!-- /settings-table -->`; tests/connectionSettings.test.ts fails while README.md differs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Setting, SETTINGS } from "../provider/core/connection/connectionSettings";

const README = path.join(__dirname, "..", "README.md");

const BLOCK = /(<!-- settings-table: (sbc|sdm) -->\n)[\s\S]*?(<!-- \/settings-table -->)/g;

function meaning(setting: Setting): string {
  const notes = [
    setting.required ? (setting.group === "sdm" ? "required with a url" : "required") : "",
    setting.secret ? "kept secret in state" : "",
    setting.default !== undefined ? `default \`${String(setting.default)}\`` : "",
  ].filter(Boolean);
  return notes.length > 0 ? `${setting.doc} (${notes.join("; ")})` : setting.doc;
}

export function settingsTable(group: Setting["group"]): string {
  const rows = SETTINGS.filter((s) => s.group === group).map((s) => `| \`${s.configKey}\` | \`${s.env}\` | \`${s.name}\` | ${meaning(s)} |`);
  const resource = group === "sdm" ? "connection.sdm" : "connection";
  return [`| stack config | environment | resource \`${resource}\` | meaning |`, "|---|---|---|---|", ...rows].join("\n") + "\n";
}

/** The README text with every settings block regenerated. */
export function withSettingsTables(readme: string): string {
  return readme.replace(BLOCK, (_block, open: string, group: Setting["group"], close: string) => open + settingsTable(group) + close);
}

if (require.main === module) {
  const before = fs.readFileSync(README, "utf8");
  const after = withSettingsTables(before);
  if (after !== before) fs.writeFileSync(README, after);
  console.log(after === before ? "README.md settings tables are up to date" : "README.md settings tables rewritten");
}
