/**
 * The dynamic front end's provider: the core's element operations as Pulumi's dynamic-provider
 * interface, with the core's log pointed at the engine's through @pulumi/pulumi, and errors read
 * once, without the dynamic-provider host's echo and stack trace (quietErrors.ts). Loaded in the
 * provider process by runtime.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { elementOperations } from "../core/elements/elementOperations";
import { setCoreLog } from "../core/log";
import { quietErrors } from "./quietErrors";

setCoreLog({ info: (message) => void pulumi.log.info(message), warn: (message) => void pulumi.log.warn(message) });

export const elementProvider = quietErrors(elementOperations) satisfies pulumi.dynamic.ResourceProvider;
