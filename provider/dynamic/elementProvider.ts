/**
 * The dynamic front end's provider: the core's element operations as Pulumi's dynamic-provider
 * interface, with the core's log pointed at the engine's through @pulumi/pulumi. Loaded in the
 * provider process by runtime.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { elementOperations } from "../core/elements/elementOperations";
import { setCoreLog } from "../core/log";

setCoreLog({ info: (message) => void pulumi.log.info(message), warn: (message) => void pulumi.log.warn(message) });

export const elementProvider = elementOperations satisfies pulumi.dynamic.ResourceProvider;
