/**
 * Before a run's first change on an SBC (and after anyone else has held its lock), what the
 * editing configuration holds that is not running — activate would put it live with the run's own
 * change. Every staged change of every type is listed first (stagedChanges.ts); then:
 *
 * - the leftovers of an interrupted run of this project (each change matches what the journal,
 *   stagedJournal.ts, says this provider sent: same element, same values, and a delete it made)
 *   are discarded, as that run's stack does not record them and this run makes again what the
 *   program still wants;
 * - anything else (unsaved ACLI edits, another tool's or another project's work) stops the run
 *   before it changes anything, with the list, unless `discardStagedChanges` says to discard it.
 *
 * Discarding is one restore of editing from running, whatever types the changes are in.
 */
import { SbcClient } from "../../../client/client";
import { SbcMetadata } from "../metadata/sbcMetadata";
import { SETTING } from "../connection/connectionSettings";
import { JournalEntry, StagedJournal } from "./stagedJournal";
import { describeChange, StagedChange, stagedChanges } from "./stagedChanges";
import { SessionLog, StepError } from "./sessionSteps";

/** The editing configuration holds changes someone else staged: the run stopped before changing anything. */
export class StagedChangesError extends StepError {
  static override readonly errorName: string = "StagedChangesError";
  constructor(message: string) {
    // Reported as the element's own action (create, update, delete failed): it never ran.
    super("mutate", message);
  }
}

/** The first changes in full, then how many more: an error stays readable whatever the SBC holds. */
function listed(changes: readonly StagedChange[], limit = 20): string {
  const shown = changes.slice(0, limit).map(describeChange).join("; ");
  return changes.length > limit ? `${shown}; and ${changes.length - limit} more` : shown;
}

/** The journal's entries for the element a change is about: same type, same key values. */
function entriesFor(entries: readonly JournalEntry[], digest: StagedJournal["digest"], change: StagedChange): JournalEntry[] {
  const keyNames = Object.keys(change.key);
  return entries.filter(
    (entry) =>
      entry.elementType === change.elementType &&
      keyNames.every((name) => (entry.key[name] ?? entry.attributes[name]) === digest(change.key[name])),
  );
}

/**
 * Whether this provider staged the change, by its journal: an element it created with the values it
 * sent, attributes it updated to the values it sent (the last one sent, where it sent several), a
 * delete it made, sub-elements it set.
 */
export function stagedByUs(journal: StagedJournal, change: StagedChange, entries: readonly JournalEntry[] = journal.entries()): boolean {
  const mine = entriesFor(entries, (v) => journal.digest(v), change);
  if (change.kind === "deleted") return mine.some((e) => e.op === "delete");
  if (change.kind === "added" && !mine.some((e) => e.op === "create")) return false;
  const sent = new Map<string, string>();
  for (const entry of mine) {
    if (entry.op === "delete") continue;
    for (const [name, value] of Object.entries(entry.attributes)) sent.set(name, value);
  }
  const held = change.editing!.attributes;
  const names = change.kind === "added" ? [...sent.keys()] : change.attributes;
  const valuesMatch = names.every((name) => sent.get(name) === journal.digest(held[name]));
  return valuesMatch && (!change.subElements || mine.some((e) => e.subElements));
}

export interface StagedWorkOptions {
  journal: StagedJournal;
  /** The SBC's list of types and their metadata, shared with the run's checks. */
  metadata: SbcMetadata;
  /** discardStagedChanges: discard anyone's staged changes instead of stopping. */
  discard: boolean;
  log: SessionLog;
  /** Runs a request under the session's lock (re-taken if lost). */
  underLock: <T>(action: () => Promise<T>) => Promise<T>;
}

function stopMessage(others: readonly StagedChange[], own: number): string {
  const setting = SETTING.discardStagedChanges;
  return (
    `the SBC's editing configuration holds ${others.length} change(s) that are not running and that no interrupted run of this project ` +
    `staged: ${listed(others)}. Activate would put them live with this run's changes, so it stopped before changing anything ` +
    `(nothing discarded${own > 0 ? `, not even the ${own} change(s) an interrupted run of this project left` : ""}; lock released). ` +
    "If they are meant, save and activate them (ACLI save-config, then activate-config) and run again; if not, run again once with " +
    `${setting.env}=true in the environment (or ${setting.configKey}, or ${setting.resourcePath}), which discards every change staged on the SBC`
  );
}

/**
 * Lists what the editing configuration holds that is not running and settles it: nothing to do,
 * discard (own leftovers, or anyone's with `discard`), or StagedChangesError.
 */
export async function settleStagedWork(client: SbcClient, options: StagedWorkOptions): Promise<void> {
  const { journal, log } = options;
  const changes = await stagedChanges(client, options.metadata);
  if (changes.length === 0) {
    // Whatever the journal holds was committed or discarded since (by an activate or restore of someone else's).
    journal.clear();
    return;
  }
  const entries = journal.entries();
  const own = changes.filter((change) => stagedByUs(journal, change, entries));
  const others = changes.filter((change) => !own.includes(change));
  if (others.length > 0 && !options.discard) throw new StagedChangesError(stopMessage(others, own.length));
  await options.underLock(() => client.restore("running"));
  journal.clear();
  if (own.length > 0) {
    log.warn(
      `${client.origin}: discarded ${own.length} change(s) that an interrupted run of this project had staged and not committed ` +
        `(its stack does not record them; this run makes again what the program still declares): ${listed(own)}`,
    );
  }
  if (others.length > 0) {
    log.warn(
      `${client.origin}: discarded ${others.length} change(s) staged on the SBC that were not running and that no run of this project staged, ` +
        `as ${SETTING.discardStagedChanges.configKey} is set; they are lost, make them again if they were meant: ${listed(others)}`,
    );
  }
}
