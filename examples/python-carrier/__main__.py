"""A carrier interconnect's media and number handling, in Python.

Which codecs the core realm offers and in which order (codec-policy), how its voice is marked
(media-policy), how numbers are rewritten towards and from the carrier (translation-rules grouped
by session-translation, on the session agent), and a route whose next hop is a lookup in a local
routing table (local-routing-config, as next-hop lrt:<name>). Every reference is a resource's
output, so the engine creates what is named before what names it, and deletes in reverse.

The SBC comes from stack config sbc:host, sbc:username, sbc:password (--secret).
"""
import pulumi
import pulumi_oracle_sbc as sbc

config = pulumi.Config()

codecs = sbc.CodecPolicy("core-codecs", name="core-codecs",
                         allow_codecs=["PCMU", "PCMA", "G729", "telephone-event"],
                         order_codecs=["PCMU", "G729", "*"],
                         force_ptime=sbc.CodecPolicyForcePtime.ENABLED,
                         packetization_time=config.get_int("packetizationTime") or 20)

voice_marking = sbc.MediaPolicy("voice-ef", name="voice-ef",
                                tos_settings=[sbc.TosSettingsArgs(media_type="audio", tos_value="0xB8")])

core = sbc.RealmConfig("core", identifier="core", description="Carrier-facing core realm",
                       addr_prefix="0.0.0.0", codec_policy=codecs.name, media_policy=voice_marking.name)

# The carrier wants E.164 with a leading +; the core network dials without it.
add_plus = sbc.TranslationRules("add-plus", id_attribute="add-plus", type=sbc.TranslationRulesType.ADD,
                                add_string="+", add_index="0")
strip_plus = sbc.TranslationRules("strip-plus", id_attribute="strip-plus", type=sbc.TranslationRulesType.DELETE,
                                  delete_string="+", delete_index=0)
to_carrier = sbc.SessionTranslation("to-carrier", id_attribute="to-carrier",
                                    rules_calling=[add_plus.id_attribute], rules_called=[add_plus.id_attribute])
from_carrier = sbc.SessionTranslation("from-carrier", id_attribute="from-carrier",
                                      rules_calling=[strip_plus.id_attribute], rules_called=[strip_plus.id_attribute])

carrier = sbc.SessionAgent("carrier", hostname="carrier.example.net",
                           ip_address=config.get("peerAddress") or "198.51.100.5", port=5060,
                           transport_method=sbc.SessionAgentTransportMethod.UDP, realm_id=core.identifier,
                           description="Carrier SIP proxy",
                           in_translationid=from_carrier.id_attribute, out_translationid=to_carrier.id_attribute)

routes = sbc.LocalRoutingConfig("carrier-routes", name="carrier-routes", file_name="carrier-routes.xml.gz",
                                match_mode=sbc.LocalRoutingConfigMatchMode.BEST)

sbc.LocalPolicy("via-routes", from_address=["*"], to_address=["*"], source_realm=["*"],
                description="Calls to the carrier are routed by the local routing table",
                policy_attributes=[sbc.PolicyAttributeArgs(next_hop=pulumi.Output.concat("lrt:", routes.name),
                                                           realm=core.identifier)])

pulumi.export("realm", core.identifier)
pulumi.export("carrierHost", carrier.hostname)
