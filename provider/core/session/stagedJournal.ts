/**
 * What this provider has staged on an SBC and not yet committed or discarded: one line per change,
 * written before the change is sent and removed once the editing configuration equals running
 * again (after an activate, or a restore). The next run reads it to tell the leftovers of an
 * interrupted run of its own project, which it discards as before, from anyone else's, which stop
 * it (stagedWork.ts). The SBC itself cannot hold it: the REST API has nowhere to put data of ours.
 *
 * One file per SBC, user and Pulumi project (the engine gives every plugin PULUMI_PROJECT), under
 * PULUMI_HOME (`~/.pulumi` by default): `pulumi-oracle-sbc/staged/<hash>.jsonl`. A run on another
 * machine, or with another PULUMI_HOME, does not see it, and finds those leftovers someone else's.
 * Values are kept as keyed digests, never in the clear (a change may carry a secret attribute):
 * HMAC-SHA-256 under a key derived from the SBC's address, user and password, so the next run
 * with the same credentials can compare, and the file alone reveals nothing.
 */
import { createHash, createHmac } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Catalog } from "../../../client/catalog/catalog";
import { keyOf } from "../../../client/catalog/schema";
import { AttributeValue, ConfigElement, KeyValues, valueList } from "../../../client/types";

/** One change as sent: which element, and a digest of each value it set. */
export interface JournalEntry {
  op: "create" | "update" | "delete";
  elementType: string;
  /** Key attribute → digest, as the catalog gives the key (defaults filled in); empty for a type outside it. */
  key: Record<string, string>;
  /** Attribute → digest of the value sent (for a delete: the key it was asked by). */
  attributes: Record<string, string>;
  /** Whether the change set sub-elements. */
  subElements: boolean;
}

export interface StagedJournal {
  /** Records a change before it is sent: a create or update with its element, a delete with its key. */
  record(op: JournalEntry["op"], elementType: string, attributes: KeyValues, subElements?: readonly ConfigElement[]): void;
  entries(): JournalEntry[];
  /** The editing configuration equals running again: nothing of ours is staged. */
  clear(): void;
  /** The digest a value is recorded by, to compare what the SBC holds with what was sent. */
  digest(value: AttributeValue | undefined): string;
}

/** A journal that lives as long as the process: for tests, and where no file can be written. */
export function memoryJournal(catalog: Catalog, secret = "memory"): StagedJournal {
  return new Journal(catalog, secret, undefined);
}

export interface JournalIdentity {
  origin: string;
  username: string;
  password: string;
  /** The Pulumi project (PULUMI_PROJECT); empty outside the engine. */
  project: string;
}

/** Where the journal of this SBC, user and project is kept. */
export function journalFile(identity: Omit<JournalIdentity, "password">, env: NodeJS.ProcessEnv = process.env): string {
  const home = env.PULUMI_HOME || path.join(os.homedir(), ".pulumi");
  const name = createHash("sha256").update(JSON.stringify([identity.origin, identity.username, identity.project])).digest("hex").slice(0, 32);
  return path.join(home, "pulumi-oracle-sbc", "staged", `${name}.jsonl`);
}

/**
 * The file-backed journal of this SBC, user and project. Where the file cannot be written, the
 * entries stay in memory (so this run still knows its own changes) and `warn` says what that costs.
 */
export function fileJournal(catalog: Catalog, identity: JournalIdentity, warn: (message: string) => void, env: NodeJS.ProcessEnv = process.env): StagedJournal {
  const secret = JSON.stringify(["pulumi-oracle-sbc staged journal", identity.origin, identity.username, identity.password]);
  return new Journal(catalog, secret, journalFile(identity, env), warn);
}

class Journal implements StagedJournal {
  private readonly key: Buffer;
  /** Entries not in the file: all of a memory journal's, and those the file refused. */
  private readonly kept: JournalEntry[] = [];
  private warned = false;

  constructor(
    private readonly catalog: Catalog,
    secret: string,
    private readonly file: string | undefined,
    private readonly warn?: (message: string) => void,
  ) {
    this.key = createHash("sha256").update(secret).digest();
  }

  digest(value: AttributeValue | undefined): string {
    return createHmac("sha256", this.key).update(JSON.stringify(valueList(value))).digest("hex").slice(0, 32);
  }

  record(op: JournalEntry["op"], elementType: string, attributes: KeyValues, subElements: readonly ConfigElement[] = []): void {
    const spec = this.catalog.get(elementType);
    const digests = (values: KeyValues) => Object.fromEntries(Object.entries(values).map(([name, value]) => [name, this.digest(value)]));
    const entry: JournalEntry = {
      op,
      elementType,
      key: spec ? digests(keyOf(spec, attributes)) : {},
      attributes: digests(attributes),
      subElements: subElements.length > 0,
    };
    if (this.file) {
      try {
        fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
        // Synchronous, so that the line is written before the request leaves, whatever kills the process after.
        fs.appendFileSync(this.file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
        return;
      } catch (err) {
        if (!this.warned) {
          this.warn?.(
            `cannot write ${this.file} (${(err as Error).message}): if this run is interrupted, the next one will find what it staged ` +
              "someone else's and stop (set discardStagedChanges for one run then)",
          );
          this.warned = true;
        }
      }
    }
    this.kept.push(entry);
  }

  entries(): JournalEntry[] {
    return [...this.written(), ...this.kept];
  }

  private written(): JournalEntry[] {
    if (!this.file) return [];
    let text: string;
    try {
      text = fs.readFileSync(this.file, "utf8");
    } catch {
      // None yet, or unreadable: nothing this process can count as its own.
      return [];
    }
    // A line cut short by a kill mid-write is not an entry.
    return text.split("\n").flatMap((line) => {
      try {
        return line.trim() ? [JSON.parse(line) as JournalEntry] : [];
      } catch {
        return [];
      }
    });
  }

  clear(): void {
    this.kept.length = 0;
    try {
      if (this.file) fs.rmSync(this.file, { force: true });
    } catch {
      // Unremovable: its entries stay, and match nothing once editing equals running.
    }
  }
}
