"""A realm with its SIP interface, media ports, a carrier peer and a route to it, in Python.

The realm and its interfaces come from the Site component (sbc_site.py); the peer and the route
refer to the site's realm, so the engine creates the realm first and deletes it last.

One SBC: the default provider, from stack config sbc:host, sbc:username, sbc:password (--secret).
A fleet: config `sbcs`, a list of {name, host}; each SBC gets its own explicit provider (sharing
sbc:username and sbc:password) and its own site, peer and route, its own lock and its own commit.
"""
import pulumi
import pulumi_oracle_sbc as sbc

from sbc_site import Site, SiteArgs

config = pulumi.Config()


def core_site(prefix: str, description: str, opts: pulumi.ResourceOptions) -> Site:
    site = Site(f"{prefix}core", SiteArgs(
        realm=config.get("realm") or "core",
        description=description,
        signaling_address=config.get("signalingAddress") or "192.0.2.10",
        media_address=config.get("mediaAddress") or "192.0.2.20",
    ), opts)
    carrier = sbc.SessionAgent(f"{prefix}carrier", hostname="carrier.example.net",
                               ip_address=config.get("peerAddress") or "198.51.100.5", port=5060,
                               transport_method=sbc.SessionAgentTransportMethod.UDP,
                               realm_id=site.realm, description="Carrier SIP proxy", opts=opts)
    sbc.LocalPolicy(f"{prefix}to-carrier", from_address=["*"], to_address=["*"], source_realm=["*"],
                    description="Everything goes to the carrier",
                    policy_attributes=[sbc.PolicyAttributeArgs(next_hop=carrier.hostname, realm=site.realm, cost=0)],
                    opts=opts)
    return site


fleet = config.get_object("sbcs")
if fleet is None:
    site = core_site("", config.get("realmDescription") or "Carrier-facing core realm", pulumi.ResourceOptions())
    pulumi.export("realm", site.realm)
else:
    login = pulumi.Config("sbc")
    for member in fleet:
        name = member["name"]
        provider = sbc.Provider(name, host=member["host"], username=login.get("username") or "admin",
                                password=login.require_secret("password"))
        site = core_site(f"{name}-", f"Core realm of {name}", pulumi.ResourceOptions(providers=[provider]))
        pulumi.export(f"{name}Realm", site.realm)
