/**
 * What to do next about each kind of drift, in Pulumi's terms: `pulumi refresh` accepts what the
 * SBC runs into the stack (the next `up` then puts back whatever the program sets, and the default
 * of what it leaves out), `pulumi up --refresh` refreshes and then applies the program, so it
 * reverts the SBC to the program (and creates again what was deleted), editing the program keeps
 * the SBC's value, and an element no stack manages is taken over with `adopt: true` (or
 * `sbc-export` writing its declaration).
 * One sentence per finding, for the table and for --json.
 */
import { DifferingAttribute, GoneElement, UnmanagedElements } from "./compare";

/** `pulumi CMD --stack S`, or without --stack where the stack is a state file rather than a name. */
function pulumi(command: string, stack: string): string {
  return /[/\\.]/.test(stack) ? `\`pulumi ${command}\` on that stack` : `\`pulumi ${command} --stack ${stack}\``;
}

export function differingAdvice(d: Pick<DifferingAttribute, "stack" | "managed">): string {
  return d.managed
    ? `to put the program's value back on the SBC, run ${pulumi("up --refresh", d.stack)}; to keep the SBC's value, write it into the program first (the same command then changes nothing on the SBC)`
    : `the program leaves this attribute out, so it wants its default: ${pulumi("up --refresh", d.stack)} puts the default back (a plain \`pulumi up\`, without the refresh, does not see the change); to keep the SBC's value, write it into the program first`;
}

export function goneAdvice(g: Pick<GoneElement, "stack">): string {
  return `to create it again, run ${pulumi("up --refresh", g.stack)} (the refresh drops it from the stack, the update creates it); or remove it from the program`;
}

export function unmanagedAdvice(u: Pick<UnmanagedElements, "elementType">): string {
  return `to manage it, declare it in a program with \`adopt: true\` (\`npx sbc-export --types ${u.elementType}\` writes the declaration), then \`pulumi up\` takes it over unchanged; or remove it on the SBC`;
}

export const STAGED_ADVICE =
  "the next `pulumi up` that changes this SBC discards these staged changes (docs/reliability.md: Changes staged but not running): activate them on the SBC first if they are wanted";
