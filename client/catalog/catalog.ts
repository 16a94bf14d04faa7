/**
 * A set of element types to look things up in: the built-in catalog (the files under catalog/,
 * through the one loader: what the emulator serves and the typed resources are generated from) or
 * one read from a real SBC's metadata.
 */
import { MultiValuedHint } from "../xmlCodec";
import { readCachedCatalog } from "./loadedCache";
import { catalogDir, loadCatalog, LoadedCatalog } from "./loader";
import { attributeSpec, ElementTypeSpec, subElementSpec } from "./schema";

export class Catalog {
  private byName?: Map<string, ElementTypeSpec>;

  /** `types` may be a function, called once on first use: the built-in catalog is read only by a process that needs it. */
  constructor(private readonly source: readonly ElementTypeSpec[] | (() => readonly ElementTypeSpec[])) {}

  private index(): Map<string, ElementTypeSpec> {
    this.byName ??= new Map((typeof this.source === "function" ? this.source() : this.source).map((t) => [t.name, t]));
    return this.byName;
  }

  get(name: string): ElementTypeSpec | undefined {
    return this.index().get(name);
  }

  types(): ElementTypeSpec[] {
    return [...this.index().values()];
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

let loaded: LoadedCatalog | undefined;

/** The catalog files as loaded once per process (from the build's cache when it is current): release, types, files and the inventory rows left out. */
export function builtinCatalogData(): LoadedCatalog {
  if (!loaded) {
    const dir = catalogDir();
    loaded = readCachedCatalog(dir) ?? loadCatalog(dir);
  }
  return loaded;
}

export const builtinCatalog = new Catalog(() => builtinCatalogData().types);
