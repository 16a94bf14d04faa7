/**
 * What the serialized provider loads by package name (`pulumi-oracle-sbc/runtime`) in the
 * provider process. Keep this entry point stable: state written by any version names it.
 */
export { elementProvider } from "./elementProvider";
