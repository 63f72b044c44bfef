"""What the engine holds for a project, as frozen data (built by ``compose.engine.observe``).

Everything the planner and ``ps`` need is read from one list call per resource
kind (containers, networks, volumes) filtered on the ``com.docker.compose.project``
label, plus one inspect per external resource and per image the project names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from compose._record import field, record
from compose.model.labels import (
    CONFIG_HASH,
    CONTAINER_NUMBER,
    IMAGE,
    NETWORK,
    ONEOFF,
    PROJECT,
    SERVICE,
    VERSION,
    VOLUME,
    tool_version,
)
from compose.plan import _status

__all__ = [
    "ObservedContainer",
    "ObservedNetwork",
    "ObservedState",
    "ObservedVolume",
    "PortBinding",
    "name_in_project",
]



def _no_labels() -> Mapping[str, str]:
    return MappingProxyType({})


@record
class PortBinding:
    """One published (or only exposed) port of a container, as the engine reports it."""

    target: int
    protocol: str = "tcp"
    host_ip: str = ""
    published: int | None = None


@record
class ObservedContainer:
    """A container of the project as the engine's container list shows it."""

    id: str
    name: str
    labels: Mapping[str, str] = field(default_factory=_no_labels)
    image: str = ""
    """The image reference the container was created from (``Config.Image``)."""
    image_id: str = ""
    """The id of the image the container runs (``sha256:...``)."""
    state: str = "created"
    """created, running, paused, restarting, removing, exited or dead."""
    status: str = ""
    """The engine's human text: ``Up 3 seconds (healthy)``, ``Exited (0) 4 seconds ago``."""
    created: int = 0
    command: str = ""
    networks: tuple[str, ...] = ()
    ports: tuple[PortBinding, ...] = ()
    mounts: tuple[str, ...] = ()
    """Volume names and bind sources, as ``ps`` shows them."""
    volume_mounts: tuple[tuple[str, str], ...] = ()
    """(container path, volume name) of every volume mount."""
    local_volumes: int = 0

    @property
    def project(self) -> str:
        return self.labels.get(PROJECT, "")

    @property
    def service(self) -> str:
        return self.labels.get(SERVICE, "")

    @property
    def number(self) -> int:
        try:
            return int(self.labels.get(CONTAINER_NUMBER, "0"))
        except ValueError:
            return 0

    @property
    def oneoff(self) -> bool:
        return self.labels.get(ONEOFF, "False").lower() == "true"

    @property
    def config_hash(self) -> str:
        return self.labels.get(CONFIG_HASH, "")

    @property
    def image_label(self) -> str:
        """The image id recorded at creation (``com.docker.compose.image``), else the running image id."""
        return self.labels.get(IMAGE, "") or self.image_id

    @property
    def tool_version(self) -> str:
        return self.labels.get(VERSION, "")

    @property
    def hash_comparable(self) -> bool:
        """Whether its config hash means what ours means: written by this pycompose, or by a Docker
        Compose version known to hash as we do (docs/interop.md)."""
        return hash_comparable(self.labels)

    @property
    def anonymous_volumes(self) -> dict[str, str]:
        """Container path -> volume name of the anonymous volumes (engine-generated 64-hex names)."""
        return {path: name for path, name in self.volume_mounts if _ANONYMOUS.fullmatch(name)}

    @property
    def running(self) -> bool:
        return self.state in _status.RUNNING_STATES

    @property
    def health(self) -> str:
        """healthy, unhealthy, starting, or "" when the container has no healthcheck (or is not running)."""
        return _status.health(self.state, self.status)

    @property
    def exit_code(self) -> int:
        """The exit code of an exited container (from its status text), 0 otherwise."""
        return _status.exit_code(self.status)


_ANONYMOUS = re.compile(r"[0-9a-f]{64}")
# Docker Compose versions whose config hash is ours (checked against v2.40.3's labels:
# tests/unit/model/test_hashing.py, tests/integration/test_interop.py; v2.20 hashed otherwise).
_SAME_HASH = re.compile(r"v?2\.40\.\d+")


def name_in_project(project: str, name: str) -> str:
    """``web-1`` for ``demo-web-1``: how log prefixes and hook output name a container (v2 strips the
    project); a name that does not start with the project's is kept."""
    return name.removeprefix(project + "-") if project else name


def hash_comparable(labels: Mapping[str, str]) -> bool:
    """Whether a resource's config hash label means what ours means: written by this pycompose, or
    by a Docker Compose version known to hash as we do (docs/interop.md)."""
    return not is_foreign(labels) or bool(_SAME_HASH.fullmatch(labels.get(VERSION, "")))


def is_foreign(labels: Mapping[str, str]) -> bool:
    """Whether the ``version`` label names anything but this pycompose version."""
    return labels.get(VERSION, "") != tool_version()


@record
class ObservedNetwork:
    """A network: one of the project's (by label), or an external one looked up by name."""

    id: str
    name: str
    labels: Mapping[str, str] = field(default_factory=_no_labels)
    driver: str = "bridge"

    @property
    def key(self) -> str:
        """The network's key in the compose file (``com.docker.compose.network``)."""
        return self.labels.get(NETWORK, "")

    @property
    def config_hash(self) -> str:
        return self.labels.get(CONFIG_HASH, "")


@record
class ObservedVolume:
    """A volume: one of the project's (by label), or an external one looked up by name."""

    name: str
    labels: Mapping[str, str] = field(default_factory=_no_labels)
    driver: str = "local"

    @property
    def key(self) -> str:
        """The volume's key in the compose file (``com.docker.compose.volume``)."""
        return self.labels.get(VOLUME, "")


@record
class ObservedState:
    """Everything of one project on the engine, plus the looked-up external resources and images."""

    project: str
    containers: tuple[ObservedContainer, ...] = ()
    networks: tuple[ObservedNetwork, ...] = ()
    volumes: tuple[ObservedVolume, ...] = ()
    named_networks: Mapping[str, ObservedNetwork | None] = field(default_factory=dict)
    """Networks the model names that the label filter did not return (external ones, or ones
    created without our labels), looked up by name; None when the engine has none of that name."""
    named_volumes: Mapping[str, ObservedVolume | None] = field(default_factory=dict)
    images: Mapping[str, str | None] = field(default_factory=dict)
    """Image reference -> local image id, or None when the image is not present locally."""
    api_version: str = "1.41"
    _index: dict[tuple[str, bool], tuple[ObservedContainer, ...]] = field(
        default_factory=dict, compare=False, repr=False)
    """(service, oneoff) -> containers by number: filled on first use (the state itself never changes)."""

    def service_containers(self, service: str, *, oneoff: bool = False) -> tuple[ObservedContainer, ...]:
        """The service's containers, lowest container number first."""
        if not self._index:
            groups: dict[tuple[str, bool], list[ObservedContainer]] = {}
            for c in self.containers:
                groups.setdefault((c.service, c.oneoff), []).append(c)
            self._index.update(
                {key: tuple(sorted(group, key=lambda c: (c.number, c.name))) for key, group in groups.items()})
        return self._index.get((service, oneoff), ())

    def orphans(self, services: Iterable[str]) -> tuple[ObservedContainer, ...]:
        """Containers of services the project does not define (one-off containers excluded)."""
        known = set(services)
        return tuple(c for c in self.containers if c.service not in known and not c.oneoff)

    def network(self, name: str) -> ObservedNetwork | None:
        """The network called ``name``: the project's (by label) or one found by name."""
        found = next((n for n in self.networks if n.name == name), None)
        return found if found is not None else self.named_networks.get(name)

    def volume(self, name: str) -> ObservedVolume | None:
        found = next((v for v in self.volumes if v.name == name), None)
        return found if found is not None else self.named_volumes.get(name)
