/**
 * SBC releases as Oracle names them (S-Cz8.4.0, S-Cz9.3.0p2) and as an SBC reports its build in
 * `system/information` (`SCZ8.4.0 Patch 5 (Build 123)`, `ECZ9.1.0`): parsed to one form and
 * compared by major.minor.maintenance. A patch may add parameters, but the catalog and Oracle's
 * documents speak of maintenance releases, so a patch of the catalog's release counts as it.
 */

/** `S-Cz9.3.0`, from any of Oracle's spellings; undefined when the text names no release. */
export function parseRelease(text: string): string | undefined {
  const m = /\b[SE]-?C[Zz]\s*(\d+)\.(\d+)\.(\d+)/.exec(text);
  return m ? `S-Cz${m[1]}.${m[2]}.${m[3]}` : undefined;
}

function parts(release: string): number[] {
  const parsed = parseRelease(release);
  if (!parsed) throw new RangeError(`"${release}" is not an SBC release such as S-Cz8.4.0`);
  return parsed.slice(4).split(".").map(Number);
}

/** Negative, zero or positive as release `a` is older than, the same as, or newer than `b`. */
export function compareReleases(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/** The build version the emulator reports for a release, in the form real SBCs use. */
export function buildVersionOf(release: string): string {
  return `${parseRelease(release)!.replace("S-Cz", "SCZ")} Patch 0 (Build 1)`;
}
