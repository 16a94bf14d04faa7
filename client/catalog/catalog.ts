/**
 * A set of element types to look things up in: the built-in catalog (what the emulator serves and
 * the typed resources are generated from) or one read from a real SBC's metadata.
 */
import { MultiValuedHint } from "../xmlCodec";
import { BUILTIN_ELEMENT_TYPES } from "./builtinElementTypes";
import { attributeSpec, ElementTypeSpec, subElementSpec } from "./schema";

export class Catalog {
  private readonly byName: Map<string, ElementTypeSpec>;

  constructor(types: readonly ElementTypeSpec[]) {
    this.byName = new Map(types.map((t) => [t.name, t]));
  }

  get(name: string): ElementTypeSpec | undefined {
    return this.byName.get(name);
  }

  types(): ElementTypeSpec[] {
    return [...this.byName.values()];
  }

  /** The spec of a top-level type or, along `path`, of a nested sub-element type. */
  resolve(path: readonly string[]): ElementTypeSpec | undefined {
    let spec = this.get(path[0]);
    for (const name of path.slice(1)) spec = spec && subElementSpec(spec, name);
    return spec;
  }

  /** Lets the XML codec keep a one-value multi-valued attribute as a list. */
  readonly multiValuedHint: MultiValuedHint = (path, attribute) => {
    const spec = this.resolve(path);
    return Boolean(spec && attributeSpec(spec, attribute)?.multiValued);
  };
}

export const builtinCatalog = new Catalog(BUILTIN_ELEMENT_TYPES);
