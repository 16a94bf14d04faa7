/**
 * The connection settings tables of the guides (docs/connection.md, docs/sdm.md), generated from
 * provider/core/connection/connectionSettings.ts: `npm run docs:settings` rewrites each block
 * between `<!-- settings-table: sbc|sdm -->` and `<!-- /settings-table -->` on every guide page;
 * tests/connectionSettings.test.ts fails while one differs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Setting, SETTINGS } from "../provider/core/connection/connectionSettings";
import { guidePages } from "../tools/docs/guidePages";

const ROOT = path.join(__dirname, "..");

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

/** A page's text with every settings block regenerated. */
export function withSettingsTables(page: string): string {
  return page.replace(BLOCK, (_block, open: string, group: Setting["group"], close: string) => open + settingsTable(group) + close);
}

if (require.main === module) {
  for (const page of guidePages(ROOT)) {
    const file = path.join(ROOT, page);
    const before = fs.readFileSync(file, "utf8");
    const after = withSettingsTables(before);
    if (after === before) continue;
    fs.writeFileSync(file, after);
    console.log(`${page}: settings tables rewritten`);
  }
  console.log("every settings table is up to date");
}
