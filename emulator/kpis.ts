/**
 * The SBC's key performance indicators as `statistics/kpiTypes` and `statistics/kpis` serve them:
 * the KPI types Oracle documents for 8.3, the values of each, and their XML. Values stay where
 * tests put them (`set`), so that a client comparing KPIs before and after an activation sees
 * exactly the change a test staged.
 */
import { encodeTree } from "../client/xmlCodec";

interface KpiSpec {
  dataType: "integer";
  units: string;
  description: string;
  /** Percentages stop at 100. */
  max?: number;
}

const PERCENT: Omit<KpiSpec, "description"> = { dataType: "integer", units: "percent", max: 100 };

/**
 * The five KPI types of Oracle's 8.3 discovery example, in its order. globalSessions' two names
 * are the ones clients used against real SBCs read; a type with one value names it after itself
 * (README: choices).
 */
const KPI_TYPES: Record<string, Record<string, KpiSpec>> = {
  globalSessions: {
    sysGlobalConSessions: { dataType: "integer", units: "sessions", description: "global concurrent sessions now" },
    sysGlobalCPS: { dataType: "integer", units: "calls per second", description: "system-wide calls per second" },
  },
  sessCapacityUtil: { sessCapacityUtil: { ...PERCENT, description: "licensed session capacity in use" } },
  sipRegistrations: { sipRegistrations: { dataType: "integer", units: "registrations", description: "active SIP registrations" } },
  sysCPUUtil: { sysCPUUtil: { ...PERCENT, description: "mean CPU utilisation over all cores" } },
  sysMemoryUtil: { sysMemoryUtil: { ...PERCENT, description: "memory utilisation" } },
};

/** A KPI value a test tried to set that the SBC could not report; the message says why. */
export class KpiSpecError extends Error {}

export class Kpis {
  private readonly values = new Map<string, Record<string, number>>(
    Object.entries(KPI_TYPES).map(([type, specs]) => [type, Object.fromEntries(Object.keys(specs).map((name) => [name, 0]))]),
  );

  types(): string[] {
    return Object.keys(KPI_TYPES);
  }

  has(type: string): boolean {
    return type in KPI_TYPES;
  }

  /** A copy of every type's current values. */
  snapshot(): Record<string, Record<string, number>> {
    return Object.fromEntries([...this.values].map(([type, values]) => [type, { ...values }]));
  }

  /**
   * Sets some or all of one type's values (the others keep theirs). Checks everything before
   * changing anything, so a refused call leaves the values as they were.
   */
  set(type: string, values: Record<string, unknown>): void {
    const specs = KPI_TYPES[type];
    if (!specs) throw new KpiSpecError(`unknown KPI type "${type}"; types: ${this.types().join(", ")}`);
    for (const [name, value] of Object.entries(values)) {
      const spec = specs[name];
      if (!spec) throw new KpiSpecError(`${type} has no KPI "${name}"; it has ${Object.keys(specs).join(", ")}`);
      if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > (spec.max ?? Number.MAX_SAFE_INTEGER)) {
        throw new KpiSpecError(`${type}.${name} must be a whole number from 0${spec.max !== undefined ? ` to ${spec.max}` : ""}, got ${JSON.stringify(value)}`);
      }
    }
    Object.assign(this.values.get(type) as Record<string, number>, values);
  }

  /** `kpis?type=T`: one container named after the type, one element per KPI. */
  dataXml(type: string): string {
    return encodeTree({ [type]: this.values.get(type) });
  }

  /** `kpiTypes?type=T`: the type's schema, one `<kpi>` per value. */
  metadataXml(type: string): string {
    const kpi = Object.entries(KPI_TYPES[type]).map(([name, spec]) => ({
      name,
      dataType: spec.dataType,
      units: spec.units,
      description: spec.description,
    }));
    return encodeTree({ kpiType: { name: type, kpi } });
  }
}
