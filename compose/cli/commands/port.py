"""``pycompose port SERVICE PRIVATE_PORT``: the host address a container's port is published on."""

from __future__ import annotations

import argparse
import sys

from compose._record import record
from compose.cli.options import GlobalOptions


@record
class PortOptions:
    """``port``'s flags."""

    service: str
    private_port: int
    index: int = 1
    protocol: str = "tcp"


Options = PortOptions


def configure(parser: argparse.ArgumentParser) -> None:
    from compose.cli.parsing import positive_index

    parser.add_argument("service", metavar="SERVICE", help="The service")
    parser.add_argument("private_port", metavar="PRIVATE_PORT", type=_port, help="The container's port")
    parser.add_argument("--index", type=positive_index, default=1, metavar="N",
                        help="Index of the container if service has multiple replicas")
    parser.add_argument("--protocol", default="tcp", choices=("tcp", "udp", "sctp"), help="tcp or udp (default \"tcp\")")


def _port(value: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise argparse.ArgumentTypeError(f"invalid port {value!r}: a number from 1 to 65535")
    return int(value)


def run(o: PortOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.target import CommandError, resolve

    target = resolve(g)
    found = [c for c in target.observed.containers
             if c.service == o.service and c.number == o.index and not c.oneoff and c.state == "running"]
    if not found:
        raise CommandError(f"no container found for {o.service}-{o.index}")
    c = found[0]
    for p in sorted(c.ports, key=lambda p: (p.host_ip != "0.0.0.0", p.host_ip)):
        if p.target == o.private_port and p.protocol == o.protocol and p.published is not None:
            sys.stdout.write(f"{p.host_ip}:{p.published}\n")
            return 0
    others = ", ".join(f"{p.published or 0}/{p.protocol}" for p in c.ports)
    raise CommandError(f"no port {o.private_port}/{o.protocol} for container {c.name}: {others}")
