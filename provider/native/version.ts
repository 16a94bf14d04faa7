/** The plugin's version: the package's, which `pulumi plugin install resource sbc <version>` names. */
export const PLUGIN_VERSION: string = (require("pulumi-oracle-sbc/package.json") as { version: string }).version;
