"""Which host address a published port is reached at."""

from __future__ import annotations

from compose.api.results import host_address, published_binding
from compose.plan.observed import PortBinding


def test_ipv4_wildcard_first_then_specific_then_ipv6() -> None:
    ports = [PortBinding(80, "tcp", "::", 49154), PortBinding(80, "tcp", "127.0.0.1", 49155),
             PortBinding(80, "tcp", "0.0.0.0", 49153), PortBinding(443, "tcp", "0.0.0.0", 49156)]
    chosen = published_binding(ports, 80)
    assert chosen is not None
    assert host_address(chosen) == ("127.0.0.1", 49153)


def test_protocol_and_unpublished_ports() -> None:
    ports = [PortBinding(53, "udp", "127.0.0.1", 40000), PortBinding(8080, "tcp", "", None)]
    assert published_binding(ports, 53) is None
    udp = published_binding(ports, 53, "udp")
    assert udp is not None and host_address(udp) == ("127.0.0.1", 40000)
    assert published_binding(ports, 8080) is None


def test_ipv6_wildcard_is_loopback() -> None:
    assert host_address(PortBinding(80, "tcp", "::", 1234)) == ("::1", 1234)
