/**
 * What a carrier interconnect needs beyond its realm and peer: which codecs the core realm offers
 * and in which order (codec-policy), how its voice is marked (media-policy), how numbers are
 * rewritten towards and from the carrier (translation-rules grouped by session-translation, on
 * the session agent), and a route whose next hop is a lookup in a local routing table
 * (local-routing-config, as next-hop lrt:<name>). Every reference is a resource's output, so the
 * engine creates what is named before what names it, and deletes in the reverse order.
 * The SBC comes from stack config: sbc:host, sbc:username, sbc:password (--secret).
 */
import * as pulumi from "@pulumi/pulumi";
import * as sbc from "pulumi-oracle-sbc";

const config = new pulumi.Config();

const codecs = new sbc.CodecPolicy("core-codecs", {
  name: "core-codecs",
  allowCodecs: ["PCMU", "PCMA", "G729", "telephone-event"],
  orderCodecs: ["PCMU", "G729", "*"],
  forcePtime: "enabled",
  packetizationTime: config.getNumber("packetizationTime") ?? 20,
});

const voiceMarking = new sbc.MediaPolicy("voice-ef", {
  name: "voice-ef",
  tosSettings: [{ mediaType: "audio", tosValue: "0xB8" }],
});

const core = new sbc.RealmConfig("core", {
  identifier: "core",
  description: "Carrier-facing core realm",
  addrPrefix: "0.0.0.0",
  codecPolicy: codecs.name,
  mediaPolicy: voiceMarking.name,
});

// The carrier wants E.164 with a leading +; the core network dials without it.
const addPlus = new sbc.TranslationRules("add-plus", { idAttribute: "add-plus", type: "add", addString: "+", addIndex: "0" });
const stripPlus = new sbc.TranslationRules("strip-plus", { idAttribute: "strip-plus", type: "delete", deleteString: "+", deleteIndex: 0 });
const toCarrier = new sbc.SessionTranslation("to-carrier", {
  idAttribute: "to-carrier",
  rulesCalling: [addPlus.idAttribute],
  rulesCalled: [addPlus.idAttribute],
});
const fromCarrier = new sbc.SessionTranslation("from-carrier", {
  idAttribute: "from-carrier",
  rulesCalling: [stripPlus.idAttribute],
  rulesCalled: [stripPlus.idAttribute],
});

const carrier = new sbc.SessionAgent("carrier", {
  hostname: "carrier.example.net",
  ipAddress: config.get("peerAddress") ?? "198.51.100.5",
  port: 5060,
  transportMethod: "UDP",
  realmId: core.identifier,
  description: "Carrier SIP proxy",
  inTranslationid: fromCarrier.idAttribute,
  outTranslationid: toCarrier.idAttribute,
});

const routes = new sbc.LocalRoutingConfig("carrier-routes", {
  name: "carrier-routes",
  fileName: "carrier-routes.xml.gz",
  matchMode: "best",
});

new sbc.LocalPolicy("via-routes", {
  fromAddress: ["*"],
  toAddress: ["*"],
  sourceRealm: ["*"],
  description: "Calls to the carrier are routed by the local routing table",
  policyAttributes: [{ nextHop: pulumi.interpolate`lrt:${routes.name}`, realm: core.identifier }],
});

export const realm = core.identifier;
export const carrierHost = carrier.hostname;
