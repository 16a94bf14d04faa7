/**
 * The exported Pulumi project around the program: Pulumi.yaml (`main: index.ts`, so the CLI runs
 * the TypeScript program itself), package.json (this package and the Pulumi SDK in its peer
 * range), tsconfig.json, index.ts. Written whole each time; other files in the directory stay.
 */
import * as fs from "node:fs";
import * as path from "node:path";

// The package's own name and version, so the project asks for the release that exported it; by the
// package's own name (its exports list package.json), which resolves alike from sources and dist/.
const PACKAGE = require("pulumi-oracle-sbc/package.json") as { name: string; version: string; peerDependencies: Record<string, string> };

/** A Pulumi project name from a directory name: letters, digits, `-`, `_` and `.`. */
export function projectNameOf(dir: string): string {
  return path.basename(path.resolve(dir)).replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^[-.]+/, "") || "sbc";
}

/** File name → content of the project; `about` is what its Pulumi.yaml describes (`the SBC at https://…`). */
export function projectFiles(name: string, program: string, about: string): Map<string, string> {
  const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  return new Map([
    ["Pulumi.yaml", `name: ${name}\nruntime: nodejs\nmain: index.ts\ndescription: The configuration of ${about}, exported by sbc-export\n`],
    [
      "package.json",
      json({
        name,
        private: true,
        main: "index.ts",
        devDependencies: { "@types/node": "^20", typescript: "~5.9.3" },
        dependencies: { "@pulumi/pulumi": PACKAGE.peerDependencies["@pulumi/pulumi"], [PACKAGE.name]: `^${PACKAGE.version}` },
      }),
    ],
    [
      "tsconfig.json",
      json({
        compilerOptions: { strict: true, target: "es2022", module: "commonjs", moduleResolution: "node", skipLibCheck: true, forceConsistentCasingInFileNames: true },
        files: ["index.ts"],
      }),
    ],
    ["index.ts", program],
  ]);
}

export function writeProject(dir: string, files: Map<string, string>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of files) fs.writeFileSync(path.join(dir, name), content);
}
