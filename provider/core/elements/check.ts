/**
 * `check`: validates a resource's inputs offline, against the element type's metadata in the
 * catalog, so that `pulumi preview` fails early with failures that name the attribute. Values not
 * known yet (preview) are skipped. Also validates the shape of the inputs and the connection. A
 * name the catalog does not know (element type, attribute, sub-element) gets the closest known one
 * as a suggestion, when one is close enough to be a slip of the keyboard.
 */
import { closest, distance } from "fastest-levenshtein";
import { Catalog } from "../../../client/catalog/catalog";
import { attributeSpec, ElementTypeSpec, subElementSpec } from "../../../client/catalog/schema";
import { validateElement } from "../../../client/catalog/validate";
import { settingsProblems } from "../connection/connection";
import { SETTING } from "../connection/connectionSettings";
import { ElementInputs, isUnknown, SubElementInput, toConfigElement } from "./elementState";
import { problemsOnSbc, releaseClause } from "../metadata/sbcSpec";

export interface CheckFailure {
  property: string;
  reason: string;
}

function isAttributeMap(value: unknown): boolean {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) &&
    Object.values(value).every((v) => isUnknown(v) || typeof v === "string" || (Array.isArray(v) && v.every((x) => typeof x === "string")))
  );
}

function shapeFailures(inputs: Record<string, unknown>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  if (typeof inputs.elementType !== "string" || inputs.elementType === "") {
    failures.push({ property: "elementType", reason: "must be an element type name such as realm-config" });
  }
  if (inputs.attributes !== undefined && !isUnknown(inputs.attributes) && !isAttributeMap(inputs.attributes)) {
    failures.push({ property: "attributes", reason: "must map attribute names to strings or lists of strings" });
  }
  const checkSubs = (subs: unknown, path: string): void => {
    if (subs === undefined || isUnknown(subs)) return;
    if (!Array.isArray(subs)) {
      failures.push({ property: path, reason: "must be a list of sub-elements" });
      return;
    }
    subs.forEach((s: Partial<SubElementInput>, i) => {
      if (isUnknown(s)) return;
      if (typeof s?.elementType !== "string") failures.push({ property: `${path}[${i}].elementType`, reason: "must be a sub-element type name such as sip-port" });
      if (s?.attributes !== undefined && !isUnknown(s.attributes) && !isAttributeMap(s.attributes)) {
        failures.push({ property: `${path}[${i}].attributes`, reason: "must map attribute names to strings or lists of strings" });
      }
      checkSubs(s?.subElements, `${path}[${i}].subElements`);
    });
  };
  checkSubs(inputs.subElements, "subElements");
  if (inputs.adopt !== undefined && typeof inputs.adopt !== "boolean" && !isUnknown(inputs.adopt)) {
    failures.push({ property: "adopt", reason: "must be true or false" });
  }
  return failures;
}

/**
 * Maps a validator path (`sip-port[0].port`) to the input property it came from. `name[i]` is a
 * sub-element when `name` is no attribute of the type (else it is an item of a list attribute);
 * a problem with a sub-element itself (duplicate key, type not allowed) has no attribute part.
 */
function propertyOf(spec: ElementTypeSpec | undefined, path: string): string {
  const sub = /^([a-z0-9-]+)\[(\d+)\](?:\.(.*))?$/.exec(path);
  if (!sub || (spec && attributeSpec(spec, sub[1]))) return `attributes.${path}`;
  const head = `subElements.${sub[1]}[${sub[2]}]`;
  return sub[3] === undefined ? head : `${head}.${propertyOf(spec && subElementSpec(spec, sub[1]), sub[3])}`;
}

/** `; did you mean "x"?` for the known name closest to `given`, if it is within a typo's reach (a third of its length, at least 2 edits). */
export function suggestion(given: string, known: readonly string[]): string {
  if (known.length === 0) return "";
  const best = closest(given, [...known]);
  if (distance(given, best) <= Math.max(2, Math.floor(given.length / 3))) return `; did you mean "${best}"?`;
  // A name cut short (`realm` for realm-config) is a slip too, when one known name starts with it.
  const extended = known.filter((k) => k.startsWith(`${given}-`));
  if (extended.length === 1) return `; did you mean "${extended[0]}"?`;
  return extended.length > 1 && extended.length <= 5 ? `; did you mean one of ${extended.map((k) => `"${k}"`).join(", ")}?` : "";
}

/**
 * What the SBC said of the element's type, when the catalog could not decide (sbcSpec.ts): its
 * metadata of the type (undefined: the SBC has no such type), or that it could not be asked.
 */
export type SbcView =
  | { reachable: true; spec: ElementTypeSpec | undefined; origin: string; release: string | undefined; catalogRelease: string }
  | { reachable: false; origin: string; reason: string };

/**
 * The failures of `news`: against the catalog, or, for what the catalog cannot decide (`onSbc`
 * given), against the SBC's own metadata; when the SBC could not be asked, what only it can
 * decide is let through (the up checks it before it locks anything) and the rest is still checked.
 */
export function checkInputs(catalog: Catalog, news: Record<string, unknown>, onSbc?: SbcView): CheckFailure[] {
  const shape = shapeFailures(news);
  if (shape.length > 0) return shape;
  const inputs = news as unknown as ElementInputs;
  const failures: CheckFailure[] = [];
  if (inputs.connection && !isUnknown(inputs.connection)) {
    for (const problem of settingsProblems(inputs.connection)) {
      if (!isUnknown((inputs.connection as Record<string, unknown>)[problem.field])) {
        failures.push({ property: SETTING[problem.field].resourcePath, reason: problem.reason });
      }
    }
  }
  const spec = catalog.get(inputs.elementType);
  if (!spec && onSbc?.reachable && !onSbc.spec) {
    const known = catalog.types().map((t) => t.name);
    const hint = suggestion(inputs.elementType, known);
    return [
      ...failures,
      { property: "elementType", reason: `"${inputs.elementType}" is an element type neither of the catalog nor of ${releaseClause(onSbc.origin, onSbc.release, onSbc.catalogRelease)}${hint || "; docs/resources/README.md lists the catalog's types"}` },
    ];
  }
  if (!spec && !onSbc) {
    const known = catalog.types().map((t) => t.name);
    const hint = suggestion(inputs.elementType, known);
    return [...failures, { property: "elementType", reason: `"${inputs.elementType}" is not a known SBC element type${hint || "; docs/resources/README.md lists the catalog's types"}` }];
  }
  if (isUnknown(inputs.attributes) || isUnknown(inputs.subElements) || (!spec && !onSbc?.reachable)) return failures;
  const element = toConfigElement(inputs.elementType, inputs.attributes ?? {}, (inputs.subElements ?? []).filter((s) => !isUnknown(s)));
  const problems = onSbc?.reachable
    ? problemsOnSbc(catalog, element, onSbc.spec!, onSbc, isUnknown)
    : validateElement(spec!, element, "", { mode: "create", isUnknown }).filter((p) => !(onSbc && p.unknownName));
  return [
    ...failures,
    ...problems.map((p) => ({
      property: propertyOf(spec ?? (onSbc?.reachable ? onSbc.spec : undefined), p.path),
      reason: `${inputs.elementType}: ${p.path} ${p.reason}${p.unknownName ? suggestion(p.unknownName.given, p.unknownName.known) : ""}`,
    })),
  ];
}
