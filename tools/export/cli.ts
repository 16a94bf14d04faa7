/**
 * `sbc-export`: writes a Pulumi project (TypeScript, Python or YAML) that adopts an SBC's running
 * configuration, or with --fleet several SBCs' in one program and one stack (fleetProgram.ts,
 * unrolledFleet.ts), or with --import-file the JSON that `pulumi import --file` adopts it from
 * (importFile.ts). It connects as the provider does (flags first, then the SBC_* variables, with
 * the provider's checks and defaults; for a fleet the same for every SBC but the host) and prints
 * the stack config the project needs, secrets with --secret. What it cannot carry it names, one
 * line per element, and exits 1 (uncarried.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { SbcClient } from "../../client/client";
import { ConnectionSettings, ResolvedConnection } from "../../provider/core/connection/connection";
import { CONFIG_KEYS } from "../../provider/core/connection/connectionSettings";
import { sbcClientFor } from "../../provider/core/connection/sbcClientFor";
import { CONNECTION_OPTIONS, CONNECTION_USAGE, connectionFlags, connectionOf, UsageError } from "../toolConnection";
import { exportFleet, FleetMember } from "./exportFleet";
import { exportSbc, ExportResult } from "./exportSbc";
import { FleetListError, fleetSitesOf } from "./fleetSites";
import { NODEJS_PACKAGE, PYTHON_DISTRIBUTION } from "../../provider/native/sdkPackages";
import { exportImportFile } from "./importFile";
import { isLanguage, LANGUAGES, LanguageName } from "./languages";
import { projectNameOf, writeProject } from "./project";
import { SharedSetting } from "./unrolledFleet";

const USAGE = `usage: sbc-export [--out DIR] [--name NAME] [--types TYPE,TYPE…] [--language typescript|python|yaml] [--no-protect]
                  [--host HOST | --fleet [NAME=]HOST,[NAME=]HOST… | --fleet @FILE]
       sbc-export --import-file FILE [--types TYPE,TYPE…] [--no-protect] [--host HOST]
                  [--username USER] [--password PASSWORD]
                  [--ca-cert FILE] [--insecure] [--api-version v1.1]

Reads the SBC's running configuration as the SBC lists it (its element types, one list request per
type, and its metadata of what the catalog lacks) and writes a Pulumi project to DIR (default
./sbc-export) — in TypeScript Pulumi.yaml, package.json, tsconfig.json and index.ts — which declares
every element with adopt: true, so that the first \`pulumi up\` takes the elements over without
changing the SBC, and with protect: true, as pulumi import marks what it imports, so that \`pulumi
destroy\` (or dropping a resource from the program) cannot delete the SBC's configuration until
\`pulumi state unprotect\` lifts it. What the catalog lacks is carried too: attributes and
sub-elements as a typed resource's extraAttributes and extraSubElements, element types as the
generic ConfigElement. Then prints the \`pulumi config set\` lines the stack needs; secret
attributes (never written to the files) are among them, with --secret. An element no resource can
name (no key) is printed, one line each, and the exit status is 1.

  --out DIR           where to write the project (its four files are replaced; others stay)
  --name NAME         the Pulumi project's name (default: DIR's name)
  --types LIST        only these element types, comma-separated (default: every type the SBC lists)
  --language LANG     typescript (default; the dynamic provider's typed classes), python (the
                      ${PYTHON_DISTRIBUTION} SDK: Pulumi.yaml, requirements.txt, __main__.py) or yaml
                      (Pulumi.yaml and Main.yaml); python and yaml run through the native sbc plugin
  --no-protect        declare the resources without protect: true (with --import-file: the printed
                      pulumi import command gets --protect=false)
  --fleet LIST        several SBCs in one program and one stack instead: hosts comma-separated, or
                      @FILE with one a line (# comments); each may be NAME=HOST, NAME prefixing its
                      resources and its secrets' config keys (default: the host's first label, or an
                      IP address and port with dashes). The other connection flags apply to every
                      SBC. TypeScript: elements are matched by type and key; a value alike on every
                      SBC is written once in the loop over the sites, one that differs goes to the
                      site's entry in \`sites\`; elements only some SBCs have are declared where the
                      site has them. Python and YAML (no loop in YAML): one explicit sbc provider per
                      SBC, named after its site, and each SBC's elements declared under it.
  --import-file FILE  write no project but FILE, the JSON \`pulumi import --file FILE\` takes: every
                      element's resource type in the sbc plugin's schema, the name the project
                      export would give it, and its id (realm-config/identifier=core); then
                      \`pulumi import --file FILE --out PROGRAM_FILE --yes\` in a stack of the sbc
                      plugin adopts them all without changing the SBC and writes their declarations
${CONNECTION_USAGE}
  --help              show this`;

/** A word the shell passes as it is. */
function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        // No defaults where --import-file must tell a flag given from one left out.
        out: { type: "string" },
        name: { type: "string" },
        types: { type: "string" },
        fleet: { type: "string" },
        language: { type: "string" },
        "import-file": { type: "string" },
        "no-protect": { type: "boolean", default: false },
        ...CONNECTION_OPTIONS,
        help: { type: "boolean", default: false },
      },
    }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

type Values = ReturnType<typeof parse>;

const set = (key: string, value: string): string => `  pulumi config set ${key} ${shellQuote(value)}`;

/**
 * The stack config lines of the provider's connection. A fleet's hosts are in its program, not in
 * config; so are, for a fleet of explicit providers (Python, YAML), the settings that are no secret
 * and short (insecure, the API version).
 */
function printConnectionConfig(values: Values, connection: ResolvedConnection, fleet: "none" | "connections" | "providers"): void {
  if (fleet === "none") console.log(set(CONFIG_KEYS.host, connection.host));
  console.log(set(CONFIG_KEYS.username, connection.username));
  console.log(`  pulumi config set --secret ${CONFIG_KEYS.password}            # prompts for it`);
  if (values["ca-cert"] && !values["ca-cert"].includes("-----BEGIN")) console.log(`  pulumi config set ${CONFIG_KEYS.caCert} -- "$(cat ${shellQuote(path.resolve(values["ca-cert"]))})"`);
  if (fleet === "providers") return;
  if (connection.insecure) console.log(set(CONFIG_KEYS.insecure, "true"));
  if (connection.apiVersion && values["api-version"]) console.log(set(CONFIG_KEYS.apiVersion, connection.apiVersion));
}

/** The stack config lines the project needs. */
function printNextSteps(out: string, values: Values, connection: ResolvedConnection, result: ExportResult, fleet: "none" | "connections" | "providers"): void {
  const setup = LANGUAGES[languageOf(values)].setup;
  const where = fleet === "none" ? "" : ` (shared by the fleet; each SBC's host is in ${fleet === "connections" ? "index.ts" : "its provider in the program"})`;
  console.log(`next, in ${out}: ${setup}; pulumi stack init <stack>; then set its config${where}:`);
  printConnectionConfig(values, connection, fleet);
  if (result.secrets.length > 0) console.log("secret attributes (these lines carry their values: keep them out of shared logs):");
  for (const secret of result.secrets) {
    for (const { key, value, path } of LANGUAGES[languageOf(values)].secretSettings(secret.key, secret.value)) {
      console.log(`  pulumi config set --secret ${path ? "--path " : ""}${shellQuote(key)} -- ${shellQuote(value)}`);
    }
  }
  console.log("then `pulumi preview` shows every element as a create that adopts it, and `pulumi up` takes them over.");
  if (values["no-protect"]) return;
  console.log(
    "every resource is protected (protect: true): `pulumi destroy`, and an up that would delete or replace one, fail " +
      "until `pulumi state unprotect --all --yes` lifts it (sbc-export --no-protect writes the program without).",
  );
}

/**
 * Each element the export could not carry, one line each, and what that means; the exit status
 * is then 1. What was carried is written all the same, so the lines can be read against it.
 */
function reportUncarried(uncarried: readonly string[], what: string): number {
  for (const line of uncarried) console.error(`sbc-export: left out ${line}`);
  if (uncarried.length === 0) return 0;
  console.error(
    `sbc-export: ${uncarried.length} element${uncarried.length === 1 ? "" : "s"} of the SBC could not be carried (above): ${what} declares everything else; ` +
      "what is listed stays on the SBC, managed by no stack",
  );
  return 1;
}

function written(out: string, result: ExportResult, from: string): void {
  writeProject(out, result.files);
  console.log(`wrote ${[...result.files.keys()].map((f) => path.join(out, f)).join(", ")}: ${result.elements} elements from ${from}`);
}

function languageOf(values: Values): LanguageName {
  return (values.language ?? "typescript") as LanguageName;
}

function outOf(values: Values): string {
  return values.out ?? "sbc-export";
}

/** One SBC's client, with the warning --insecure deserves; closed after `work`. */
async function withClient(flags: ConnectionSettings, work: (client: SbcClient, connection: ResolvedConnection) => Promise<void>): Promise<void> {
  const connection = connectionOf("sbc-export", flags);
  const client = sbcClientFor(connection);
  if (connection.insecure) console.error(`sbc-export: ${client.origin}: TLS certificate verification is off (--insecure); prefer --ca-cert`);
  try {
    await work(client, connection);
  } finally {
    await client.close();
  }
}

async function exportOne(values: Values, flags: ConnectionSettings, name: string, types: string[] | undefined): Promise<number> {
  let status = 0;
  await withClient(flags, async (client, connection) => {
    const result = await exportSbc(client, { name, types, language: languageOf(values), protect: !values["no-protect"] });
    written(outOf(values), result, client.origin);
    status = reportUncarried(result.uncarried, "the project");
    if (status === 0) printNextSteps(outOf(values), values, connection, result, "none");
  });
  return status;
}

/** Why a flag has no place beside --import-file. */
const NOT_WITH_IMPORT_FILE: Partial<Record<keyof Values, string>> = {
  fleet: "an import file adopts one SBC into one stack, as its ids name no SBC: write one per SBC, each with its --host (or export the fleet as a program, which adopts every SBC in one stack)",
  language: "pulumi import writes the program itself, in the language of the stack's project (--out)",
  out: "no project is written, only FILE",
  name: "no project is written, only FILE",
};

async function exportForImport(values: Values, flags: ConnectionSettings, types: string[] | undefined): Promise<number> {
  for (const [flag, why] of Object.entries(NOT_WITH_IMPORT_FILE)) {
    if (values[flag as keyof Values] !== undefined) throw new UsageError(`--import-file and --${flag}: ${why}`);
  }
  const file = values["import-file"]!;
  let status = 0;
  await withClient(flags, async (client, connection) => {
    const { text, resources, secretHolders, uncarried } = await exportImportFile(client, types);
    fs.writeFileSync(file, text);
    console.log(`wrote ${file}: ${resources.length} elements from ${client.origin}`);
    status = reportUncarried(uncarried, "the file");
    if (status !== 0) return;
    // The dynamic provider's resources (pulumi-oracle-sbc) are no sbc:index:… ones: its programs adopt instead.
    console.log(`next, in a project of the sbc plugin (YAML, Python, or TypeScript over ${NODEJS_PACKAGE}): pulumi stack init <stack>; then set its config:`);
    printConnectionConfig(values, connection, "none");
    const unprotected = values["no-protect"] ? " --protect=false" : "";
    console.log(`then \`pulumi import --file ${shellQuote(path.resolve(file))} --out <program file> --yes${unprotected}\` adopts every element without changing the SBC`);
    console.log(
      `and writes their declarations to <program file> (in YAML, a resources: section: move it to Main.yaml beside Pulumi.yaml, which pulumi-yaml reads as the program and which keeps pulumi commands fast — not --out Main.yaml itself, which pulumi import creates empty before it reads the program); with them in the program, \`pulumi preview\` shows no changes.${
        unprotected ? "" : " Every resource is protected, as pulumi import marks what it imports (sbc-export --no-protect prints --protect=false)."
      }`,
    );
    if (secretHolders.length > 0) {
      console.log(
        `secret attributes (${secretHolders.join(", ")}): the state keeps them secret, but the declarations may hold their values in clear ` +
          "(pulumi v3.248 writes a secret list so): move them to `pulumi config set --secret` before sharing the program.",
      );
    }
  });
  return status;
}

function fleetSitesOrUsage(list: string) {
  try {
    return fleetSitesOf(list);
  } catch (err) {
    throw err instanceof FleetListError ? new UsageError(err.message) : err;
  }
}

/** What every explicit provider of a native fleet takes besides its host: the login from stack config, the rest as the flags gave it. */
function sharedSettings(values: Values, connection: ResolvedConnection): SharedSetting[] {
  const key = (full: string) => full.slice(full.indexOf(":") + 1);
  return [
    { property: "username", configKey: key(CONFIG_KEYS.username) },
    { property: "password", configKey: key(CONFIG_KEYS.password), secret: true },
    ...(values["ca-cert"] ? [{ property: "caCert", configKey: key(CONFIG_KEYS.caCert) }] : []),
    ...(connection.insecure ? [{ property: "insecure", literal: LANGUAGES[languageOf(values)].syntax.boolean(true) }] : []),
    ...(values["api-version"] ? [{ property: "apiVersion", literal: LANGUAGES[languageOf(values)].syntax.string(connection.apiVersion!) }] : []),
  ];
}

async function exportMany(values: Values, flags: ConnectionSettings, name: string, types: string[] | undefined): Promise<number> {
  if (values.host !== undefined) throw new UsageError("--fleet and --host: give every SBC's host in --fleet");
  const sites = fleetSitesOrUsage(values.fleet!);
  const connections = sites.map((site) => connectionOf("sbc-export", { ...flags, host: site.host }));
  const members: FleetMember[] = sites.map((site, i) => ({ ...site, client: sbcClientFor(connections[i]) }));
  for (const [i, { client }] of members.entries()) if (connections[i].insecure) console.error(`sbc-export: ${client.origin}: TLS certificate verification is off (--insecure); prefer --ca-cert`);
  try {
    const language = languageOf(values);
    const result = await exportFleet(members, { name, types, language, protect: !values["no-protect"], shared: sharedSettings(values, connections[0]) });
    written(outOf(values), result, `${members.length} SBCs (${members.map((m) => `${m.name}: ${m.client.origin}`).join(", ")})`);
    const status = reportUncarried(result.uncarried, "the project");
    if (status === 0) printNextSteps(outOf(values), values, connections[0], result, LANGUAGES[language].fleetProviders ? "providers" : "connections");
    return status;
  } finally {
    await Promise.all(members.map((m) => m.client.close()));
  }
}

async function main(argv: string[]): Promise<number> {
  const values = parse(argv);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!isLanguage(languageOf(values))) throw new UsageError(`--language ${values.language}: one of ${Object.keys(LANGUAGES).join(", ")}`);
  const flags = connectionFlags(values);
  const types = values.types?.split(",").map((t) => t.trim()).filter(Boolean);
  if (values["import-file"] !== undefined) return exportForImport(values, flags, types);
  const name = values.name ?? projectNameOf(outOf(values));
  return (values.fleet === undefined ? exportOne : exportMany)(values, flags, name, types);
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: Error) => {
    console.error(`sbc-export: ${err.message}${err instanceof UsageError ? `\n${USAGE}` : ""}`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  },
);
