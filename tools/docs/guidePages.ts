/**
 * The hand-written pages: README.md and the guides under docs/ it links to (the generated
 * docs/resources/ apart). The scripts that write generated blocks into them (settings tables, CLI
 * outputs) and the tests that run or check what they say read them all through this list, so a
 * section keeps its checks wherever it moves.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** README.md, then docs/*.md by name, relative to the checkout `root`. */
export function guidePages(root: string): string[] {
  const docs = path.join(root, "docs");
  const guides = fs.existsSync(docs) ? fs.readdirSync(docs).filter((name) => name.endsWith(".md")).sort().map((name) => path.join("docs", name)) : [];
  return ["README.md", ...guides];
}

/** Every guide page's text, joined: for what may be on any of them. */
export function guideText(root: string): string {
  return guidePages(root).map((page) => fs.readFileSync(path.join(root, page), "utf8")).join("\n");
}
