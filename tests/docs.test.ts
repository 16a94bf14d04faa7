/**
 * The reference pages (docs/resources/) and the README's coverage table are what `npm run gen:docs`
 * writes from the catalog, one page per element type; each page's examples are the exporter's own
 * output and hold up: the TypeScript type-checks against this package (one tsc run for every page),
 * the Python compiles, the YAML names only resource types and properties the native schema has,
 * the import commands parse as shell. Every source is linked over https, and every relative link
 * of README.md and docs/ reaches a file (and its anchor, where it names one).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { builtinCatalog, builtinCatalogData } from "../client/catalog/catalog";
import { ElementTypeSpec, ExampleElement, subElementSpec } from "../client/catalog/schema";
import { valueList } from "../client/types";
import { examplePrograms } from "../tools/docs/examples";
import { generatedDocs, RESOURCES_DIR, strayPages } from "../tools/docs/generate";
import { anchors } from "../tools/docs/markdown";
import { projectFiles } from "../tools/export/project";
import { linkPackageModules } from "./support/exportedProject";

const ROOT = path.join(__dirname, "..");
const data = builtinCatalogData();
const docs = generatedDocs(ROOT, data);
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), "utf8");
const pageOf = (type: string) => read(path.join(RESOURCES_DIR, `${type}.md`));

/** Every fenced block of `language` in a page, in order. */
function blocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp("^```" + language + "\\n([\\s\\S]*?)^```$", "gm"))].map((m) => m[1]);
}

/** README.md and every page under docs/, relative to the checkout. */
function markdownFiles(): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : d.name.endsWith(".md") ? [path.join(dir, d.name)] : []));
  return ["README.md", ...walk("docs")];
}

/** Link targets of a Markdown text, outside code: inline `[text](target)` and reference definitions `[id]: target`. */
function links(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```$/gm, "").replace(/`[^`\n]*`/g, "");
  return [...[...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]), ...[...prose.matchAll(/^\[[^\]]+\]: (\S+)$/gm)].map((m) => m[1])];
}

test("every generated page and the README's coverage table are what `npm run gen:docs` writes now", () => {
  const stale = [...docs].filter(([rel, content]) => !fs.existsSync(path.join(ROOT, rel)) || read(rel) !== content).map(([rel]) => rel);
  const stray = strayPages(ROOT, docs);
  if (stale.length > 0 || stray.length > 0) {
    throw new Error(
      `${[...stale.map((rel) => `${rel} differs from`), ...stray.map((rel) => `${rel} is not part of`)].join("; ")} what \`npm run gen:docs\` writes from the catalog: run \`npm run gen:docs\` and commit the result`,
    );
  }
});

test("every element type has its page, linked from the index and from the README's coverage table", () => {
  const index = read(path.join(RESOURCES_DIR, "README.md"));
  const readme = read("README.md");
  const missing = data.types
    .map((t) => t.name)
    .filter((name) => !fs.existsSync(path.join(ROOT, RESOURCES_DIR, `${name}.md`)) || !index.includes(`](${name}.md)`) || !readme.includes(`](docs/resources/${name}.md)`));
  expect(missing).toEqual([]);
  expect(data.types.length).toBeGreaterThanOrEqual(122);
  expect(readme).toContain(`The catalog follows ${data.release}: ${data.types.length} element types`);
  for (const row of data.leftOut) expect(index).toContain(`| \`${row.type}\` |`);
});

describe("each page's examples are the exporter's output for the catalog's example, and hold up", () => {
  const programs = data.types.map((spec) => ({ spec, programs: examplePrograms(builtinCatalog, spec), page: pageOf(spec.name) }));
  let work: string;
  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, "dist", "provider", "dynamic", "index.d.ts"))) {
      throw new Error("dist/provider/dynamic/index.d.ts is missing: the TypeScript examples type-check against the built package; run `npm run build` first (`npm test` does it before jest)");
    }
    work = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-docs-examples-"));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test("the pages show exactly those programs", () => {
    const wrong = programs.filter(({ spec, programs: p, page }) => {
      const typescript = blocks(page, "typescript");
      const expected = spec.singleton ? [p.typescript] : [p.typescript, p.adopt];
      return (
        JSON.stringify(typescript.map((b) => b.trimEnd())) !== JSON.stringify(expected.map((b) => b.trimEnd())) ||
        blocks(page, "python")[0]?.trimEnd() !== p.python.trimEnd() ||
        blocks(page, "yaml")[0]?.trimEnd() !== p.yaml.trimEnd() ||
        blocks(page, "bash")[0]?.trimEnd() !== p.importCommand
      );
    });
    expect(wrong.map((w) => w.spec.name)).toEqual([]);
  });

  test("the TypeScript examples type-check against this package, all in one tsc run", () => {
    const project = path.join(work, "typescript");
    fs.mkdirSync(project);
    const files = programs.flatMap(({ spec, programs: p }) => {
      const base = spec.name.replace(/-/g, "_");
      fs.writeFileSync(path.join(project, `${base}.ts`), p.typescript);
      if (spec.singleton) return [`${base}.ts`];
      fs.writeFileSync(path.join(project, `${base}_adopt.ts`), p.adopt);
      return [`${base}.ts`, `${base}_adopt.ts`];
    });
    // The exported project's own compiler options, over every example.
    const tsconfig = JSON.parse(projectFiles("docs-examples", "", "").get("tsconfig.json")!) as Record<string, unknown>;
    fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify({ ...tsconfig, files }));
    linkPackageModules(project);
    const tsc = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", project, "--noEmit"], { encoding: "utf8" });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  }, 120_000);

  test("the Python examples compile", () => {
    const dir = path.join(work, "python");
    fs.mkdirSync(dir);
    const files = programs.map(({ spec, programs: p }) => {
      const file = path.join(dir, `${spec.name.replace(/-/g, "_")}.py`);
      fs.writeFileSync(file, p.python);
      return file;
    });
    const script = "import py_compile, sys\nfor f in sys.argv[1:]: py_compile.compile(f, doraise=True)";
    const compiled = spawnSync("python3", ["-c", script, ...files], { encoding: "utf8" });
    expect(compiled.stderr).toBe("");
    expect(compiled.status).toBe(0);
  });

  test("the YAML examples name only resource types and properties, sub-elements' too, that provider/native/schema.json has", () => {
    interface Schema {
      resources: Record<string, { inputProperties: Record<string, Property> }>;
      types: Record<string, { properties?: Record<string, Property> }>;
    }
    interface Property {
      type?: string;
      items?: { $ref?: string };
    }
    const schema = JSON.parse(read(path.join("provider", "native", "schema.json"))) as Schema;
    const unknown: string[] = [];
    const check = (where: string, properties: Record<string, Property>, values: Record<string, unknown>) => {
      for (const [name, value] of Object.entries(values)) {
        const property = properties[name];
        if (!property) {
          unknown.push(`${where}.${name}`);
          continue;
        }
        const ref = property.items?.$ref?.replace(/^#\/types\//, "");
        if (ref && schema.types[ref]?.properties && Array.isArray(value)) {
          value.forEach((item, i) => check(`${where}.${name}[${i}]`, schema.types[ref].properties!, item as Record<string, unknown>));
        }
      }
    };
    let resources = 0;
    for (const { spec, programs: p } of programs) {
      const program = yaml.load(p.yaml) as { resources: Record<string, { type: string; properties: Record<string, unknown> }> };
      for (const [name, resource] of Object.entries(program.resources)) {
        resources++;
        const token = resource.type.replace(/^sbc:/, "sbc:index:");
        const inputs = schema.resources[token]?.inputProperties;
        if (!inputs) unknown.push(`${spec.name}: ${name}: ${resource.type}`);
        else check(`${spec.name}: ${name}`, inputs, resource.properties ?? {});
      }
    }
    expect(unknown).toEqual([]);
    expect(resources).toBeGreaterThan(data.types.length);
  });

  test("the import commands are shell that parses", () => {
    const result = spawnSync("bash", ["-n"], { input: programs.map(({ page }) => blocks(page, "bash").join("\n")).join("\n"), encoding: "utf8" });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
  });
});

test("no page holds the value the catalog's example gives a secret parameter: the examples read it from stack config", () => {
  const held = (spec: ElementTypeSpec, example: ExampleElement, page: string): string[] => [
    ...spec.attributes.filter((a) => a.secret).flatMap((a) => valueList(example.attributes[a.name]).filter((v) => v !== "" && page.includes(v)).map(() => `${spec.name}: ${a.name}`)),
    ...example.subElements.flatMap((sub) => {
      const subSpec = subElementSpec(spec, sub.elementType);
      return subSpec ? held(subSpec, sub, page) : [];
    }),
  ];
  const secrets = data.types.flatMap((spec) => held(spec, spec.example!, pageOf(spec.name)));
  expect(secrets).toEqual([]);
  expect(data.types.some((spec) => pageOf(spec.name).includes("config.requireSecret("))).toBe(true);
});

test("every source of the catalog is linked over https on its type's page", () => {
  const insecure = data.types.flatMap((spec) => {
    const page = pageOf(spec.name);
    return Object.entries(spec.sources ?? {}).filter(([id, s]) => !s.url.startsWith("https://") || !page.includes(`[${id}]: ${s.url}\n`)).map(([id]) => `${spec.name}: ${id}`);
  });
  expect(insecure).toEqual([]);
  const external = markdownFiles()
    .filter((f) => f.startsWith(RESOURCES_DIR))
    .flatMap((f) => links(read(f)).filter((l) => /^[a-z]+:/i.test(l) && !l.startsWith("https://")).map((l) => `${f}: ${l}`));
  expect(external).toEqual([]);
});

test("every relative link in README.md and docs/ reaches a file, and the heading it names", () => {
  const broken: string[] = [];
  for (const file of markdownFiles()) {
    for (const link of links(read(file))) {
      if (/^[a-z]+:/i.test(link)) continue;
      const [target, anchor] = link.split("#");
      const resolved = target === "" ? file : path.normalize(path.join(path.dirname(file), decodeURIComponent(target)));
      if (!fs.existsSync(path.join(ROOT, resolved))) broken.push(`${file}: ${link} (no file ${resolved})`);
      else if (anchor && resolved.endsWith(".md") && !anchors(read(resolved)).has(anchor)) broken.push(`${file}: ${link} (no heading #${anchor} in ${resolved})`);
    }
  }
  expect(broken).toEqual([]);
});
