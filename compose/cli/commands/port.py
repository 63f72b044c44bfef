"""``pycompose port SERVICE PRIVATE_PORT``: the host address a container's port is published on."""

from __future__ import annotations

import argparse
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    from compose.cli.commands._target import positive_index

    parser.add_argument("service", metavar="SERVICE", help="The service")
    parser.add_argument("private_port", metavar="PRIVATE_PORT", type=_port, help="The container's port")
    parser.add_argument("--index", type=positive_index, default=1, metavar="N",
                        help="Index of the container if service has multiple replicas")
    parser.add_argument("--protocol", default="tcp", choices=("tcp", "udp", "sctp"), help="tcp or udp (default \"tcp\")")


def _port(value: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise argparse.ArgumentTypeError(f"invalid port {value!r}: a number from 1 to 65535")
    return int(value)


def run(args: argparse.Namespace) -> int:
    from compose.cli.commands._target import CommandError, resolve

    target = resolve(args)
    found = [c for c in target.observed.containers
             if c.service == args.service and c.number == args.index and not c.oneoff and c.state == "running"]
    if not found:
        raise CommandError(f"no container found for {args.service}-{args.index}")
    c = found[0]
    for p in sorted(c.ports, key=lambda p: (p.host_ip != "0.0.0.0", p.host_ip)):
        if p.target == args.private_port and p.protocol == args.protocol and p.published is not None:
            sys.stdout.write(f"{p.host_ip}:{p.published}\n")
            return 0
    others = ", ".join(f"{p.published or 0}/{p.protocol}" for p in c.ports)
    raise CommandError(f"no port {args.private_port}/{args.protocol} for container {c.name}: {others}")
