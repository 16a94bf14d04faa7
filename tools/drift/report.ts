/**
 * The drift report: a table for people, grouped per SBC, ending in one summary line; and the
 * same facts as one JSON document for CI (`DriftReport`). Each finding comes with what to do
 * about it (advice.ts) and a changed element with who changed it last and when, as the SBC says.
 * SBCs that could not be checked are listed with the reason, so a partial report still shows
 * what was found.
 */
import { differingAdvice, goneAdvice, STAGED_ADVICE, unmanagedAdvice } from "./advice";
import { DifferingAttribute, drifted, SbcDrift } from "./compare";

export interface DriftReport {
  /** Every SBC checked, in the order their elements were first met. */
  sbcs: SbcDrift[];
  /** What could not be checked, one sentence each (an SBC, a stack, a state file). */
  problems: string[];
}

/** 0 clean, 1 drift, 2 could not check all. */
export function exitStatus(report: DriftReport): 0 | 1 | 2 {
  if (report.problems.length > 0) return 2;
  return report.sbcs.some(drifted) ? 1 : 0;
}

function shown(value: unknown): string {
  if (value === undefined) return "(absent)";
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function stamp(d: DifferingAttribute): string {
  if (!d.lastModifiedBy && !d.lastModifiedDate) return "";
  return `changed by ${d.lastModifiedBy ?? "?"}${d.lastModifiedDate ? ` at ${d.lastModifiedDate}` : ""}`;
}

/** A section's advice: one `next:` line per distinct sentence its findings call for. */
function next(advice: string[]): string[] {
  return [...new Set(advice)].map((a) => `    next: ${a}`);
}

/** Rows with their columns padded to the widest cell. */
function columns(rows: string[][], indent: string): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => `${indent}${r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ")}`.trimEnd());
}

export function table(report: DriftReport): string {
  const lines: string[] = [];
  for (const sbc of report.sbcs) {
    lines.push(`SBC ${sbc.origin} (${sbc.stacks.join(", ")}: ${plural(sbc.managed, "managed element")})`);
    if (!drifted(sbc)) lines.push("  no drift");
    if (sbc.differing.length > 0) {
      lines.push("  attributes that differ (stack → SBC):");
      const rows = sbc.differing.map((d) => [d.element, d.attribute, `${shown(d.stackValue)} → ${shown(d.sbcValue)}${d.managed ? "" : "  (not set by the program)"}`, stamp(d)]);
      lines.push(...columns(rows, "    "), ...next(sbc.differing.map(differingAdvice)));
    }
    if (sbc.gone.length > 0) {
      lines.push("  managed elements gone from the SBC:");
      lines.push(...columns(sbc.gone.map((g) => [g.element, `(${g.stack}: ${g.resource})`]), "    "), ...next(sbc.gone.map(goneAdvice)));
    }
    if (sbc.unmanaged.length > 0) {
      lines.push("  elements no stack manages:");
      lines.push(...columns(sbc.unmanaged.map((u) => [u.elementType, u.keys.join("; ") || "(single instance, off its defaults)"]), "    "));
      lines.push(...next(sbc.unmanaged.map(unmanagedAdvice)));
    }
    if (sbc.staged.length > 0) {
      lines.push("  changes staged but not activated (editing ≠ running):");
      lines.push(...sbc.staged.map((s) => `    ${s}`), ...next([STAGED_ADVICE]));
    }
    if (sbc.notCompared.length > 0) {
      lines.push("  found, attributes not compared (encrypted in the state file; --stack compares them):");
      lines.push(...sbc.notCompared.map((e) => `    ${e}`));
    }
  }
  for (const problem of report.problems) lines.push(`could not check: ${problem}`);
  const drifting = report.sbcs.filter(drifted);
  const count = (pick: (s: SbcDrift) => number) => report.sbcs.reduce((n, s) => n + pick(s), 0);
  const found = [
    plural(count((s) => s.differing.length), "attribute differs", "attributes differ"),
    plural(count((s) => s.gone.length), "element gone", "elements gone"),
    plural(count((s) => s.unmanaged.reduce((n, u) => n + u.keys.length, 0)), "unmanaged element"),
    plural(count((s) => s.staged.length), "staged change"),
  ].join(", ");
  const checked = plural(report.sbcs.length, "SBC");
  lines.push(drifting.length > 0 ? `drift on ${drifting.length} of ${checked}: ${found}` : `no drift on ${checked}${report.problems.length > 0 ? ` (${plural(report.problems.length, "problem")} above)` : ""}`);
  return lines.join("\n");
}

/** The report with each finding's advice beside it (`stagedAdvice` for an SBC's staged changes). */
export function json(report: DriftReport): string {
  const sbcs = report.sbcs.map((sbc) => ({
    ...sbc,
    differing: sbc.differing.map((d) => ({ ...d, advice: differingAdvice(d) })),
    gone: sbc.gone.map((g) => ({ ...g, advice: goneAdvice(g) })),
    unmanaged: sbc.unmanaged.map((u) => ({ ...u, advice: unmanagedAdvice(u) })),
    ...(sbc.staged.length > 0 ? { stagedAdvice: STAGED_ADVICE } : {}),
  }));
  return JSON.stringify({ ...report, sbcs, drift: report.sbcs.some(drifted) }, null, 2);
}
