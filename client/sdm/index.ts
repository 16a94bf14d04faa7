/** The SDM device-lock client: no Pulumi here, usable from any Node program. */
export * from "./sdmClient";
export * from "./sdmErrors";
export { deviceLockedMessage, lockHolderIn, sdmErrorForResponse } from "./sdmResponses";
export type { SdmDevice, SdmDeviceActionType } from "./sdmXml";
