/**
 * The language SDKs made from the plugin's schema: their package names, and the `language`
 * settings of the schema that Pulumi's generators read. They are in the schema the plugin serves,
 * not only in the SDK generator (scripts/sdk-gen), because `pulumi import` and `pulumi convert`
 * name a package in the code they print by the plugin's own schema; without them a package `sbc`
 * would be `@pulumi/sbc` and `pulumi_sbc`, and the `@pulumi` npm scope is Pulumi's own.
 */

/** The TypeScript SDK on npm. */
export const NODEJS_PACKAGE = "@pulumi-oracle-sbc/sdk";
/** The Python module a program imports; also the name the generator gives the distribution, which pip reads as `pulumi-oracle-sbc`. */
export const PYTHON_MODULE = "pulumi_oracle_sbc";
/** The Python distribution as pip and PyPI normalise its name (PEP 503): what a requirements file names. */
export const PYTHON_DISTRIBUTION = "pulumi-oracle-sbc";
/** The Python SDK's range of PyPI's `pulumi`: the generated pyproject.toml's and an exported program's requirements. */
export const PYTHON_PULUMI_REQUIREMENT = ">=3.142.0,<4.0.0";

const README =
  "Pulumi resources for the configuration elements of Oracle Communications Session Border Controllers, through their REST API.\n\n" +
  "This package is generated from the schema of the `sbc` resource provider plugin (pulumi-resource-sbc) of the same version, which must be installed: see the pulumi-oracle-sbc README.\n";

/**
 * The schema's `language` block. respectSchemaVersion puts the schema's (the plugin's) version into
 * each package and into what tells the engine which plugin to load (pulumi-plugin.json,
 * package.json's "pulumi"), so an SDK asks for the plugin it was made for; pyproject gives a
 * pyproject.toml that `pip wheel` builds with setuptools.
 */
export function languageSettings(): Record<string, unknown> {
  return {
    nodejs: { packageName: NODEJS_PACKAGE, readme: README, respectSchemaVersion: true },
    python: {
      packageName: PYTHON_MODULE,
      pyproject: { enabled: true },
      pythonRequires: ">=3.9",
      readme: README,
      requires: { pulumi: PYTHON_PULUMI_REQUIREMENT },
      respectSchemaVersion: true,
    },
  };
}
