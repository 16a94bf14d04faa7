"""A site: a realm with its SIP interface and its media steering pool, from a few inputs.

A team's conventions as a Pulumi component: programs say which realm, which addresses, and the
component makes the three elements the way the team always does (UDP on 5060, media on
20000-29999). Children follow the component's provider, so one component serves any SBC.
"""
from typing import Optional

import pulumi
import pulumi_oracle_sbc as sbc


class SiteArgs:
    def __init__(self, realm: pulumi.Input[str], description: pulumi.Input[str],
                 signaling_address: pulumi.Input[str], media_address: pulumi.Input[str]):
        self.realm = realm
        self.description = description
        self.signaling_address = signaling_address
        self.media_address = media_address


class Site(pulumi.ComponentResource):
    realm: pulumi.Output[str]

    def __init__(self, name: str, args: SiteArgs, opts: Optional[pulumi.ResourceOptions] = None):
        super().__init__("sbc-examples:index:Site", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        core = sbc.RealmConfig(name, identifier=args.realm, description=args.description,
                               addr_prefix="0.0.0.0", mm_in_realm=sbc.RealmConfigMmInRealm.ENABLED, opts=child)
        sbc.SipInterface(f"{name}-sip", realm_id=core.identifier, description="SIP towards the carrier",
                         sip_ports=[sbc.SipPortArgs(address=args.signaling_address, port=5060,
                                                    transport_protocol=sbc.SipPortTransportProtocol.UDP,
                                                    allow_anonymous=sbc.SipPortAllowAnonymous.AGENTS_ONLY)],
                         opts=child)
        sbc.SteeringPool(f"{name}-media", ip_address=args.media_address, start_port=20000, end_port=29999,
                         realm_id=core.identifier, opts=child)
        self.realm = core.identifier
        self.register_outputs({"realm": self.realm})
