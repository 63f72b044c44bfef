"""Top-level resources of a project: networks, volumes, secrets, configs, models.

``key`` is the name used inside the compose file (``networks: {front: ...}``);
``name`` is the engine-side name the loader resolved (``<project>_<key>``, the
``name:`` attribute, or the external name). External resources are never
created nor removed by pycompose.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compose.model._record import record
from compose.model.frozen import EMPTY


@record
class IpamPool:
    subnet: str | None = None
    ip_range: str | None = None
    gateway: str | None = None
    aux_addresses: Mapping[str, str] = EMPTY


@record
class Ipam:
    driver: str | None = None
    config: tuple[IpamPool, ...] = ()
    options: Mapping[str, str] = EMPTY


@record
class Network:
    key: str
    name: str
    driver: str | None = None
    driver_opts: Mapping[str, str] = EMPTY
    attachable: bool = False
    enable_ipv4: bool | None = None
    enable_ipv6: bool | None = None
    external: bool = False
    internal: bool = False
    ipam: Ipam = Ipam()
    labels: Mapping[str, str] = EMPTY
    extensions: Mapping[str, Any] = EMPTY
    config_hash: str = ""


@record
class Volume:
    key: str
    name: str
    driver: str | None = None
    driver_opts: Mapping[str, str] = EMPTY
    external: bool = False
    labels: Mapping[str, str] = EMPTY
    extensions: Mapping[str, Any] = EMPTY
    config_hash: str = ""


@record
class FileObject:
    """A top-level secret or config: exactly one of ``file``, ``environment``, ``content``, or external.

    ``file`` is an absolute host path (bind-mounted read-only); ``environment`` names a
    variable of the project environment and ``content`` is inline text, both copied into
    the container after it is created.
    """

    key: str
    name: str
    file: str | None = None
    environment: str | None = None
    content: str | None = None
    external: bool = False
    labels: Mapping[str, str] = EMPTY
    driver: str | None = None
    driver_opts: Mapping[str, str] = EMPTY
    template_driver: str | None = None
    extensions: Mapping[str, Any] = EMPTY


Secret = FileObject
Config = FileObject


@record
class ModelDefinition:
    """A top-level ``models`` entry (models.md)."""

    key: str
    model: str
    name: str | None = None
    context_size: int | None = None
    runtime_flags: tuple[str, ...] = ()
    extensions: Mapping[str, Any] = EMPTY
