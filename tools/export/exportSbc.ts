/**
 * One export: read the SBC's running configuration — every type it lists, or those asked for —
 * and turn it into a project. Kept apart from the command line so tests and programs can export an
 * SBC they hold a client for.
 */
import { SbcClient } from "../../client/client";
import { LANGUAGES, LanguageName } from "./languages";
import { SecretSetting, writeProgram } from "./program";
import { readSbc } from "./readRunning";
import { carry } from "./uncarried";

export interface ExportOptions {
  /** The Pulumi project's name. */
  name: string;
  /** Element types to export; every type the SBC lists when absent. */
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
  /** What the program could not carry, one line per element: which, and why (uncarried.ts). */
  uncarried: string[];
  elements: number;
}

export async function exportSbc(client: SbcClient, options: ExportOptions): Promise<ExportResult> {
  const { listings, uncarried } = carry(await readSbc(client, options.types));
  const language = LANGUAGES[options.language ?? "typescript"];
  const program = writeProgram(listings, { origin: client.origin, syntax: language.syntax, protect: options.protect });
  return {
    files: language.projectFiles(options.name, program.source, `the SBC at ${client.origin}`),
    secrets: program.secrets,
    uncarried,
    elements: listings.reduce((n, l) => n + l.elements.length, 0),
  };
}
