"""What the API returns: containers as ``ps`` sees them, results of ``exec``/``run``, host addresses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from compose._record import record
from compose.plan._status import RUNNING_STATES
from compose.plan.observed import ObservedContainer, PortBinding

__all__ = ["ContainerInfo", "ExecResult", "host_address", "published_binding"]


class ExecResult(NamedTuple):
    """The exit code and the output (stdout and stderr, interleaved as written) of a command."""

    exit_code: int
    output: str


@record
class ContainerInfo:
    """A container of the stack, as the engine lists it."""

    id: str
    name: str
    service: str
    number: int
    state: str
    """created, running, paused, restarting, removing, exited or dead."""
    health: str
    """healthy, unhealthy, starting, or "" without a healthcheck."""
    exit_code: int | None
    """The exit code of a stopped container; None while it runs."""
    status: str
    """The engine's text: ``Up 3 seconds (healthy)``, ``Exited (0) 4 seconds ago``."""
    ports: tuple[PortBinding, ...] = ()

    @classmethod
    def of(cls, c: ObservedContainer) -> ContainerInfo:
        stopped = c.state in ("exited", "dead")
        return cls(id=c.id, name=c.name, service=c.service, number=c.number, state=c.state, health=c.health,
                   exit_code=c.exit_code if stopped else None, status=c.status, ports=c.ports)

    @property
    def running(self) -> bool:
        return self.state in RUNNING_STATES


def published_binding(ports: Iterable[PortBinding], private_port: int, protocol: str = "tcp") -> PortBinding | None:
    """The host binding of a container port: the IPv4 one first (``0.0.0.0`` before specific addresses,
    as ``docker port`` lists them), then IPv6; None when the port is not published."""
    found = [p for p in ports if p.target == private_port and p.protocol == protocol and p.published]
    found.sort(key=lambda p: (":" in p.host_ip, p.host_ip != "0.0.0.0", p.host_ip))
    return found[0] if found else None


def host_address(binding: PortBinding) -> tuple[str, int]:
    """Where a client on this machine reaches a published port: a wildcard address becomes loopback."""
    host = binding.host_ip
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    assert binding.published is not None
    return host, binding.published
