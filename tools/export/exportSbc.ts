/**
 * One export: read the running configuration of the catalog's types (or those asked for) and
 * turn it into a project. Kept apart from the command line so tests and programs can export an
 * SBC they hold a client for.
 */
import { SbcClient } from "../../client/client";
import { builtinCatalog } from "../../client/catalog/catalog";
import { LANGUAGES, LanguageName } from "./languages";
import { SecretSetting, writeProgram } from "./program";
import { readRunning, typesToExport } from "./readRunning";

export interface ExportOptions {
  /** The Pulumi project's name. */
  name: string;
  /** Element types to export; all the client's catalog knows when absent. */
  types?: readonly string[];
  /** The project's language (default TypeScript). */
  language?: LanguageName;
  /** Whether each resource is declared with `protect: true` (default: true). */
  protect?: boolean;
}

export interface ExportResult {
  /** File name → content. */
  files: Map<string, string>;
  secrets: SecretSetting[];
  warnings: string[];
  elements: number;
}

/** The typed classes are generated from the built-in catalog; a type only an SBC's metadata knows has none. */
export function hasTypedClass(elementType: string): boolean {
  return builtinCatalog.get(elementType) !== undefined;
}

export async function exportSbc(client: SbcClient, options: ExportOptions): Promise<ExportResult> {
  const listings = await readRunning(client, typesToExport(client.catalog, options.types));
  const language = LANGUAGES[options.language ?? "typescript"];
  const program = writeProgram(listings, { typed: hasTypedClass, origin: client.origin, syntax: language.syntax, protect: options.protect });
  return {
    files: language.projectFiles(options.name, program.source, client.origin),
    secrets: program.secrets,
    warnings: program.warnings,
    elements: listings.reduce((n, l) => n + l.elements.length, 0),
  };
}
