/** The SBC REST client package: no Pulumi here, usable from any Node program. */
export * from "./types";
export * from "./errors";
export * from "./client";
export { LOCKED_BY_ANOTHER_USER, USER_DOES_NOT_HAVE_LOCK } from "./responseErrors";
export { toOrigin } from "./transport";
export * from "./xmlCodec";
export * from "./catalog/schema";
export { Catalog, builtinCatalog } from "./catalog/catalog";
export { encodeMetadata, decodeMetadata, decodeMetadataFile } from "./catalog/metadataXml";
export * from "./catalog/validate";
export * from "./sdm";
