/**
 * Health checks of a confirmed commit, as plain JSON (they travel in a resource's connection
 * inputs and stack config, which the provider serializes): their static validation, the
 * baselines read before activate, and one round of checking after it. The SBC always gets one
 * check more than the user names: it must answer and report the HA role it had before.
 */
import { SbcClient } from "../../../client/client";
import { failureReason, isTransientFailure } from "../../../client/errors";

/** A KPI of `statistics/kpis?type=T` (e.g. type `globalSessions`, kpi `sysGlobalConSessions`) held to bounds. */
export interface KpiCheck {
  kind: "kpi";
  type: string;
  kpi: string;
  /** Absolute bounds, inclusive. */
  min?: number;
  max?: number;
  /** The value must stay at or above this fraction of its value before the change (0.9: at most a 10 % drop). */
  minRatio?: number;
  /** A value that was not 0 before the change must not be 0 after it (a collapse). */
  notCollapsed?: boolean;
}

/** A URL the user names that must answer 2xx (e.g. a SIP front end's health page). */
export interface HttpCheck {
  kind: "http";
  url: string;
  /** Default 5. */
  timeoutSeconds?: number;
}

export type HealthCheck = KpiCheck | HttpCheck;

/** What was read before activate: the HA role and each KPI check's value. */
export interface Baseline {
  role: string;
  kpis: Map<KpiCheck, number>;
}

/** One round's verdict: all passed, a check failed (with its readings), or the SBC did not answer. */
export type Verdict = { ok: true } | { ok: false; unreachable: boolean; reason: string };

const num = (v: unknown): boolean => typeof v === "number" && Number.isFinite(v);

/** Problems with the checks as given, one line each; none means they can run. */
export function healthCheckProblems(checks: unknown): string[] {
  if (!Array.isArray(checks)) return ["healthChecks must be a list of checks"];
  const problems: string[] = [];
  checks.forEach((c: Record<string, unknown>, i) => {
    const at = `healthChecks[${i}]`;
    if (typeof c !== "object" || c === null) {
      problems.push(`${at} must be an object`);
    } else if (c.kind === "http") {
      if (typeof c.url !== "string" || !/^https?:\/\/[^/]+/.test(c.url)) problems.push(`${at}.url must be an http(s) URL; got ${JSON.stringify(c.url)}`);
      if (c.timeoutSeconds !== undefined && !(num(c.timeoutSeconds) && (c.timeoutSeconds as number) > 0)) problems.push(`${at}.timeoutSeconds must be a number > 0`);
    } else if (c.kind === "kpi") {
      for (const field of ["type", "kpi"]) {
        if (typeof c[field] !== "string" || c[field] === "") problems.push(`${at}.${field} must name a KPI ${field === "type" ? "type (e.g. globalSessions)" : "(e.g. sysGlobalConSessions)"}`);
      }
      for (const field of ["min", "max", "minRatio"]) {
        if (c[field] !== undefined && !num(c[field])) problems.push(`${at}.${field} must be a number`);
      }
      if (c.notCollapsed !== undefined && typeof c.notCollapsed !== "boolean") problems.push(`${at}.notCollapsed must be true or false`);
      if ([c.min, c.max, c.minRatio].every((v) => v === undefined) && c.notCollapsed !== true) {
        problems.push(`${at} holds the KPI to nothing: give min, max, minRatio or notCollapsed`);
      }
    } else {
      problems.push(`${at}.kind must be "kpi" or "http"; got ${JSON.stringify(c.kind)}`);
    }
  });
  return problems;
}

function kpiName(check: KpiCheck): string {
  return `${check.type}.${check.kpi}`;
}

async function readKpi(client: SbcClient, check: KpiCheck): Promise<number> {
  const values = await client.kpis(check.type);
  const value = values[check.kpi];
  if (value === undefined) {
    throw new Error(`the SBC reports no KPI ${check.kpi} under ${check.type} (it reports: ${Object.keys(values).join(", ") || "none"})`);
  }
  return value;
}

/** Reads the role and each KPI before activate; a KPI the SBC does not know fails here, before anything goes live. */
export async function readBaseline(client: SbcClient, checks: readonly HealthCheck[]): Promise<Baseline> {
  const role = (await client.systemStatus()).role ?? "";
  const kpis = new Map<KpiCheck, number>();
  for (const check of checks) if (check.kind === "kpi") kpis.set(check, await readKpi(client, check));
  return { role, kpis };
}

/** Why a KPI reading breaks its check, or undefined when it holds. */
function kpiFailure(check: KpiCheck, before: number, now: number): string | undefined {
  const readings = `${kpiName(check)} is ${now}, was ${before} before the change`;
  if (check.min !== undefined && now < check.min) return `${readings}; must be >= ${check.min}`;
  if (check.max !== undefined && now > check.max) return `${readings}; must be <= ${check.max}`;
  if (check.minRatio !== undefined && now < check.minRatio * before) return `${readings}; must be >= ${check.minRatio} x ${before} = ${check.minRatio * before}`;
  if (check.notCollapsed && before !== 0 && now === 0) return `${readings}; collapsed to 0`;
  return undefined;
}

async function probe(check: HttpCheck): Promise<string | undefined> {
  try {
    const res = await fetch(check.url, { signal: AbortSignal.timeout((check.timeoutSeconds ?? 5) * 1000) });
    await res.body?.cancel();
    return res.status >= 200 && res.status < 300 ? undefined : `http probe ${check.url} answered ${res.status}; must answer 2xx`;
  } catch (err) {
    return `http probe ${check.url} failed: ${failureReason(err)}`;
  }
}

/** One round: the SBC answers with its role, then every check. Not answering is told apart from a failed check. */
export async function checkHealth(client: SbcClient, checks: readonly HealthCheck[], baseline: Baseline): Promise<Verdict> {
  try {
    const role = (await client.systemStatus()).role ?? "";
    if (role !== baseline.role) return { ok: false, unreachable: false, reason: `the SBC's HA role is ${role || "(none)"}, was ${baseline.role || "(none)"} before the change` };
    for (const check of checks) {
      const reason = check.kind === "http" ? await probe(check) : kpiFailure(check, baseline.kpis.get(check)!, await readKpi(client, check));
      if (reason) return { ok: false, unreachable: false, reason };
    }
    return { ok: true };
  } catch (err) {
    return { ok: false, unreachable: isTransientFailure(err), reason: `the SBC did not answer: ${failureReason(err)}` };
  }
}
