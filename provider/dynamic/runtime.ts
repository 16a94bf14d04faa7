/**
 * What the serialized provider loads by package name (`pulumi-oracle-sbc/runtime`) in the
 * provider process. Keep this entry point stable: state written by any version names it.
 */
import { exitWhenEngineGone } from "../core/session/engineGone";

export { elementProvider } from "./elementProvider";

// Loaded only in the provider process: leave cleanly when the CLI that started it is gone.
exitWhenEngineGone();
