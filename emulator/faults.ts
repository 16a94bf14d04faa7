/**
 * Fault injection: rules that make chosen requests fail the way networks and SBCs fail — a reset
 * connection before or after the change was applied, a 500/503, an answer too slow for the
 * client's timeout, a token or the lock lost at the worst moment, an asynchronous operation that
 * ends in "fail". Rules are set per test (`startEmulator({ faults })`, `handle.faults`), from the
 * command line (`--faults`) or over HTTP (`/__emulator/faults`). With no rules nothing is checked.
 */
import { readFileSync } from "node:fs";
import { Sessions, Token, User } from "./sessions";

export const FAULT_KINDS = [
  "reset-before",
  "reset-after",
  "status",
  "slow",
  "expire-token",
  "lose-lock",
  "steal-lock",
  "verify-fail",
  "activate-fail",
  "save-fail",
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** Kinds decided per request, before routing; the `*-fail` kinds are decided when an operation starts. */
export type RequestFaultKind = Exclude<FaultKind, OperationFaultKind>;
export type OperationFaultKind = "verify-fail" | "activate-fail" | "save-fail";

export interface FaultMatch {
  /** HTTP method, case-insensitive. */
  method?: string;
  /** A substring of the request's pathname + query (e.g. `configElements`, `elementType=realm-config`). */
  path?: string;
  /** The `action` query parameter of a `configuration/management` request (save, verify, activate, restore). */
  action?: string;
}

export interface FaultRule {
  kind: FaultKind;
  /** Every given field must match; no `match` matches every request. */
  match?: FaultMatch;
  /** Probability (0..1) that a matching request is faulted; default 1. */
  rate?: number;
  /** Fault at most this many requests, then the rule is spent; default unlimited. */
  times?: number;
  /** Let the first N matching requests pass before faulting. */
  skip?: number;
  /** `slow`: how long to wait before handling the request; default 35000. */
  delayMs?: number;
  /** `status`: 500 or 503; default 503. */
  status?: 500 | 503;
}

/** What the request looked like, for matching. */
export interface FaultRequest {
  method: string;
  /** pathname + query string, as sent. */
  path: string;
  /** The `action` query parameter, for management requests only. */
  action?: string;
}

export interface FaultRuleState {
  /** Matching requests seen while the rule was live (skipped ones included, none once spent). */
  matched: number;
  /** Requests this rule faulted. */
  injected: number;
  /** `times` reached. */
  spent: boolean;
}

/** What `GET /__emulator/faults` answers. */
export interface FaultReport {
  rules: FaultRule[];
  state: FaultRuleState[];
  injected: Record<FaultKind, number>;
  total: number;
}

export const CONTROL_PATH = "/__emulator/faults";
export const DEFAULT_SLOW_MS = 35_000;
export const DEFAULT_FAULT_STATUS = 503;

/** A rule set that cannot be used; the message names the rule and the field. */
export class FaultSpecError extends Error {}

const OPERATION_KINDS: Record<OperationFaultKind, string> = {
  "verify-fail": "verify",
  "activate-fail": "activate",
  "save-fail": "save",
};
const OPERATION_NAMES: Record<string, string> = { verify: "verify-config", activate: "activate-config", save: "save-config" };

const RULE_FIELDS = new Set(["kind", "match", "rate", "times", "skip", "delayMs", "status"]);
const MATCH_FIELDS = new Set(["method", "path", "action"]);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function wholeNumber(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

/** Checks one rule; throws FaultSpecError naming the problem (`where` says which rule). */
export function parseFaultRule(value: unknown, where = "rule"): FaultRule {
  if (!isPlainObject(value)) throw new FaultSpecError(`${where}: must be an object like {"kind":"status"}`);
  for (const field of Object.keys(value)) {
    if (!RULE_FIELDS.has(field)) throw new FaultSpecError(`${where}: unknown field "${field}"; fields: ${[...RULE_FIELDS].join(", ")}`);
  }
  const { kind, match, rate, times, skip, delayMs, status } = value;
  if (typeof kind !== "string" || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new FaultSpecError(`${where}: kind must be one of ${FAULT_KINDS.join(", ")}; got ${JSON.stringify(kind)}`);
  }
  const rule: FaultRule = { kind: kind as FaultKind };
  if (match !== undefined) {
    if (!isPlainObject(match)) throw new FaultSpecError(`${where}: match must be an object with method, path and/or action`);
    for (const [field, v] of Object.entries(match)) {
      if (!MATCH_FIELDS.has(field)) throw new FaultSpecError(`${where}: unknown match field "${field}"; fields: method, path, action`);
      if (typeof v !== "string") throw new FaultSpecError(`${where}: match.${field} must be a string`);
    }
    rule.match = { ...(match as FaultMatch) };
  }
  if (rate !== undefined) {
    if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) throw new FaultSpecError(`${where}: rate must be a number from 0 to 1; got ${JSON.stringify(rate)}`);
    rule.rate = rate;
  }
  if (times !== undefined) {
    if (!wholeNumber(times)) throw new FaultSpecError(`${where}: times must be a whole number >= 0; got ${JSON.stringify(times)}`);
    rule.times = times as number;
  }
  if (skip !== undefined) {
    if (!wholeNumber(skip)) throw new FaultSpecError(`${where}: skip must be a whole number >= 0; got ${JSON.stringify(skip)}`);
    rule.skip = skip as number;
  }
  if (delayMs !== undefined) {
    if (kind !== "slow") throw new FaultSpecError(`${where}: delayMs applies only to kind "slow"`);
    if (!wholeNumber(delayMs)) throw new FaultSpecError(`${where}: delayMs must be a whole number >= 0; got ${JSON.stringify(delayMs)}`);
    rule.delayMs = delayMs as number;
  }
  if (status !== undefined) {
    if (kind !== "status") throw new FaultSpecError(`${where}: status applies only to kind "status"`);
    if (status !== 500 && status !== 503) throw new FaultSpecError(`${where}: status must be 500 or 503; got ${JSON.stringify(status)}`);
    rule.status = status;
  }
  return rule;
}

/** Checks a list of rules (a JSON array's value). */
export function parseFaultRules(value: unknown): FaultRule[] {
  if (!Array.isArray(value)) throw new FaultSpecError(`the fault rules must be a JSON array, e.g. [{"kind":"status","times":1}]`);
  return value.map((rule, i) => parseFaultRule(rule, `rule ${i}`));
}

/** The `--faults` argument: a JSON array of rules, or `@file.json` holding one. */
export function loadFaultSpec(spec: string): FaultRule[] {
  let text = spec;
  let source = "the --faults value";
  if (spec.startsWith("@")) {
    const file = spec.slice(1);
    source = file;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      throw new FaultSpecError(`cannot read ${file}: ${(err as Error).message}`);
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new FaultSpecError(`${source} is not valid JSON: ${(err as Error).message}`);
  }
  return parseFaultRules(value);
}

function matches(match: FaultMatch | undefined, req: FaultRequest): boolean {
  if (!match) return true;
  if (match.method !== undefined && match.method.toUpperCase() !== req.method.toUpperCase()) return false;
  if (match.path !== undefined && !req.path.includes(match.path)) return false;
  if (match.action !== undefined && match.action !== req.action) return false;
  return true;
}

function zeroCounts(): Record<FaultKind, number> {
  return Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
}

export interface FaultInjectorOptions {
  /** Source of randomness for `rate`, values in [0, 1); default Math.random. */
  random?: () => number;
}

export class FaultInjector {
  private entries: { rule: FaultRule; state: FaultRuleState }[] = [];
  /** Faults injected so far, by kind. */
  injected: Record<FaultKind, number> = zeroCounts();
  /** Faults injected so far, all kinds. */
  total = 0;
  /** Replaceable, for deterministic tests of `rate`. */
  random: () => number;

  constructor(rules: FaultRule[] = [], options: FaultInjectorOptions = {}) {
    this.random = options.random ?? Math.random;
    this.set(rules);
  }

  /** Whether any rule is set; the server skips fault checks otherwise. */
  get active(): boolean {
    return this.entries.length > 0;
  }

  get rules(): FaultRule[] {
    return this.entries.map((e) => structuredClone(e.rule));
  }

  /** Replaces the rules (validated); counts are kept. */
  set(rules: FaultRule[]): void {
    const checked = parseFaultRules(rules);
    this.entries = checked.map((rule) => ({ rule, state: { matched: 0, injected: 0, spent: false } }));
  }

  add(rule: FaultRule): void {
    this.entries.push({ rule: parseFaultRule(rule), state: { matched: 0, injected: 0, spent: false } });
  }

  /** Removes every rule and zeroes the counts. */
  clear(): void {
    this.entries = [];
    this.injected = zeroCounts();
    this.total = 0;
  }

  report(): FaultReport {
    return {
      rules: this.rules,
      state: this.entries.map((e) => ({ ...e.state })),
      injected: { ...this.injected },
      total: this.total,
    };
  }

  /**
   * The request-level fault for this request, if any: rules are tried in order and the first
   * that fires decides; rules after it do not see the request. Counted as injected.
   */
  onRequest(req: FaultRequest): FaultRule | undefined {
    for (const entry of this.entries) {
      if (entry.rule.kind in OPERATION_KINDS) continue;
      if (this.fires(entry, req)) return entry.rule;
    }
    return undefined;
  }

  /**
   * Called when an asynchronous operation starts: the errorMessage it must end with when a
   * `<action>-fail` rule fires for the management request that started it, else undefined.
   */
  operationFailure(action: string, req: FaultRequest): string | undefined {
    for (const entry of this.entries) {
      const forAction = OPERATION_KINDS[entry.rule.kind as OperationFaultKind];
      if (forAction !== action) continue;
      if (this.fires(entry, req)) return `${OPERATION_NAMES[action] ?? action} failed: injected fault`;
    }
    return undefined;
  }

  private fires(entry: { rule: FaultRule; state: FaultRuleState }, req: FaultRequest): boolean {
    const { rule, state } = entry;
    if (state.spent || !matches(rule.match, req)) return false;
    state.matched++;
    if (state.matched <= (rule.skip ?? 0)) return false;
    const rate = rule.rate ?? 1;
    if (rate < 1 && !(this.random() < rate)) return false;
    state.injected++;
    if (rule.times !== undefined && state.injected >= rule.times) state.spent = true;
    this.injected[rule.kind]++;
    this.total++;
    return true;
  }

  /**
   * The HTTP control endpoint: GET reports, POST `{ rules: [...] }` replaces or `{ add: rule }`
   * appends (answering the new report), DELETE clears. Errors are `{ error }` with 400/405.
   */
  control(method: string, body: string): { status: number; json: unknown } {
    try {
      switch (method) {
        case "GET":
          return { status: 200, json: this.report() };
        case "DELETE":
          this.clear();
          return { status: 200, json: this.report() };
        case "POST": {
          let value: unknown;
          try {
            value = JSON.parse(body);
          } catch (err) {
            throw new FaultSpecError(`the body is not valid JSON: ${(err as Error).message}`);
          }
          if (isPlainObject(value) && "rules" in value && Object.keys(value).length === 1) {
            this.set(parseFaultRules(value.rules));
          } else if (isPlainObject(value) && "add" in value && Object.keys(value).length === 1) {
            this.add(parseFaultRule(value.add, "add"));
          } else {
            throw new FaultSpecError(`the body must be {"rules": [...]} or {"add": {...}}`);
          }
          return { status: 200, json: this.report() };
        }
        default:
          return { status: 405, json: { error: `${method} is not supported on ${CONTROL_PATH}; use GET, POST or DELETE` } };
      }
    } catch (err) {
      if (err instanceof FaultSpecError) return { status: 400, json: { error: err.message } };
      throw err;
    }
  }
}

/** The envelope text of a `status` fault. */
export function faultStatusMessage(status: number): string {
  return status === 500 ? "Internal server error" : "Service temporarily unavailable";
}

/** `steal-lock`: a new session of an administrator (another user, as far as the caller can tell) takes the lock. */
export function stealLock(sessions: Sessions, users: readonly User[]): Token {
  const user = users.find((u) => u.admin) ?? { name: "admin", password: "", admin: true };
  const thief = sessions.issue(user);
  sessions.unlock();
  sessions.lock(thief);
  return thief;
}

/** A small seeded generator (mulberry32) for `FaultInjector.random`, so that a faulted run can be repeated. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
