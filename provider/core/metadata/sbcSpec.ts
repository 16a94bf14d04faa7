/**
 * An element checked against what the SBC itself says its type holds, for what the catalog cannot
 * decide: a type the catalog lacks, a parameter or sub-element type outside it (a typed resource's
 * `extraAttributes` / `extraSubElements`, a ConfigElement's attributes), or an SBC of another
 * release than the catalog's. The SBC's metadata names what exists; the catalog's entry still
 * gives the facts it has (values, ranges, references, docs) for the names both know.
 */
import { compareReleases } from "../../../client/catalog/releases";
import { attributeSpec, ElementTypeSpec, subElementSpec } from "../../../client/catalog/schema";
import { Catalog } from "../../../client/catalog/catalog";
import { ValidationProblem, validateElement } from "../../../client/catalog/validate";
import { ConfigElement } from "../../../client/types";

/** Where an element reaches outside its catalog entry, as `attr`, `sub-type`, `sub-type.attr` paths; [] when it does not. */
export function outsideCatalog(spec: ElementTypeSpec | undefined, element: ConfigElement): string[] {
  if (!spec) return [element.elementType];
  const own = Object.keys(element.attributes).filter((name) => !attributeSpec(spec, name) && !name.startsWith("last-modified-"));
  const nested = element.subElements.flatMap((sub) => {
    const subSpec = subElementSpec(spec, sub.elementType);
    return subSpec ? outsideCatalog(subSpec, sub).map((p) => `${sub.elementType}.${p}`) : [sub.elementType];
  });
  return [...own, ...nested];
}

/** The SBC's type with the catalog's facts for the names both know, and what the catalog has that the SBC does not. */
export function mergedSpec(catalogSpec: ElementTypeSpec | undefined, sbc: ElementTypeSpec): { spec: ElementTypeSpec; lacking: string[] } {
  const lacking = catalogSpec ? catalogSpec.attributes.filter((a) => !attributeSpec(sbc, a.name)).map((a) => a.name) : [];
  const subs = (sbc.subElements ?? []).map((sub) => {
    const merged = mergedSpec(catalogSpec && subElementSpec(catalogSpec, sub.name), sub);
    lacking.push(...merged.lacking.map((p) => `${sub.name}.${p}`));
    return merged.spec;
  });
  for (const sub of catalogSpec?.subElements ?? []) if (!subElementSpec(sbc, sub.name)) lacking.push(sub.name);
  const spec: ElementTypeSpec = {
    ...(catalogSpec ?? sbc),
    name: sbc.name,
    singleton: sbc.singleton,
    attributes: sbc.attributes.map((a) => (catalogSpec && attributeSpec(catalogSpec, a.name)) || a),
    subElements: subs.length > 0 ? subs : undefined,
  };
  return { spec, lacking };
}

/** One sentence: the SBC's release against the catalog's, for messages. */
export function releaseClause(origin: string, release: string | undefined, catalogRelease: string): string {
  if (!release) return `${origin} (its release unknown; the catalog follows ${catalogRelease})`;
  const relation = compareReleases(release, catalogRelease);
  const than = relation < 0 ? "an older release than" : relation > 0 ? "a newer release than" : "the release of";
  return `${origin}, which runs ${release} (${than} the catalog, ${catalogRelease})`;
}

/** Problems of `element` as the SBC's type `sbc` holds it, the catalog's entry (if any) for the facts both know. */
export function problemsOnSbc(
  catalog: Catalog,
  element: ConfigElement,
  sbc: ElementTypeSpec,
  where: { origin: string; release: string | undefined; catalogRelease: string },
  isUnknown?: (value: unknown) => boolean,
): ValidationProblem[] {
  const { spec, lacking } = mergedSpec(catalog.get(element.elementType), sbc);
  const given = new Set([
    ...Object.keys(element.attributes),
    ...element.subElements.flatMap((sub) => [sub.elementType, ...Object.keys(sub.attributes).map((a) => `${sub.elementType}.${a}`)]),
  ]);
  const on = releaseClause(where.origin, where.release, where.catalogRelease);
  const missing: ValidationProblem[] = lacking
    .filter((path) => given.has(path))
    .map((path) => {
      const attr = attributeSpec(catalog.get(element.elementType) ?? spec, path);
      const added = attr?.release ? `; the catalog has it from ${attr.release}` : "";
      return { path, reason: `is not a parameter of ${element.elementType} on ${on}${added}: leave it out for this SBC` };
    });
  const known = new Set(missing.map((p) => p.path));
  const rest = validateElement(spec, element, "", { mode: "create", isUnknown }).filter((p) => !known.has(p.path.replace(/\[\d+\]/, "")));
  // Names the SBC does not know: say so against the SBC, not the catalog.
  const named = rest.map((p) => (p.unknownName ? { ...p, reason: p.reason.replace(/^is not (an attribute|a sub-element) of (\S+)/, `is not $1 of $2 on ${on}`) } : p));
  return [...missing, ...named];
}
