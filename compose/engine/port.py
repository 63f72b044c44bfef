"""The Engine port: the ~20 calls pycompose makes, typed with pycompose's own types.

Nothing above ``compose.engine`` sees the wire. ``ApiEngine`` (engine/engine.py)
implements this on the Engine API; ``FakeEngine`` (tests/fakes/engine.py) implements
it in memory for tests of apply and observe (tests/unit/engine/test_fake_protocol.py
keeps the two signatures equal).
Every method may raise ``EngineError`` (or a subclass); nothing else.
Bodies of create calls are the raw Engine API JSON (compose.plan.translate
builds them), so the port adds no mapping of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

from compose._record import field, record
from compose.plan._status import RUNNING_STATES
from compose.plan.observed import ObservedContainer, ObservedNetwork, ObservedVolume

if TYPE_CHECKING:
    from compose.engine.buildtrace import StatusUpdate
    from compose.plan.buildspec import BuildSpec

    BuildProgress = str | StatusUpdate
    """What a build reports: a line (the classic builder's output; which builder runs), or an update
    of BuildKit's trace."""
else:
    BuildProgress = object

__all__ = [
    "Attachment",
    "BuildProgress",
    "ContainerState",
    "Engine",
    "EngineEvent",
    "ExecState",
    "ImageInfo",
    "LogLine",
    "PathStat",
    "ProcessList",
    "PullProgress",
    "StatsSample",
    "Stream",
    "VolumeInfo",
]



def _no_labels() -> Mapping[str, str]:
    return MappingProxyType({})


@record
class ContainerState:
    """A container's state from an inspect."""

    id: str
    name: str
    status: str
    """created, running, paused, restarting, removing, exited or dead."""
    exit_code: int = 0
    health: str = ""
    """healthy, unhealthy, starting, or "" without a healthcheck."""
    error: str = ""
    oom_killed: bool = False
    labels: Mapping[str, str] = field(default_factory=_no_labels)
    health_log: str = ""
    """The output of the last health probe, to explain an unhealthy container."""

    @property
    def running(self) -> bool:
        return self.status in RUNNING_STATES


@record
class EngineEvent:
    """One message of the engine's event stream (``GET /events``)."""

    type: str
    """container, network, volume, image ..."""
    action: str
    """start, die, health_status: healthy, destroy ..."""
    id: str
    attributes: Mapping[str, str] = field(default_factory=dict)
    time_nano: int = 0


@record
class LogLine:
    """One line a container wrote; ``text`` has no trailing newline."""

    stream: str
    """stdout or stderr."""
    text: str
    timestamp: str = ""
    """RFC 3339 with nanoseconds when timestamps were asked for, else ""."""


@record
class PullProgress:
    """One progress message of an image pull."""

    image: str
    status: str
    layer: str = ""
    current: int = 0
    total: int = 0


@record
class ImageInfo:
    """A local image, from an inspect."""

    id: str
    tags: tuple[str, ...] = ()
    digests: tuple[str, ...] = ()
    """``repo@sha256:...`` references of the registries the image was pulled from or pushed to."""
    last_tag_time: float = 0.0
    """When the image was last tagged (built, pulled, tagged), seconds since the epoch; 0 when unknown."""
    labels: Mapping[str, str] = field(default_factory=_no_labels)
    size: int = 0
    os: str = ""
    architecture: str = ""
    variant: str = ""
    last_tagged: str = ""
    """``Metadata.LastTagTime`` as the engine wrote it (RFC 3339 with nanoseconds), for ``images --format json``."""
    created: str = ""

    @property
    def platform(self) -> str:
        """``os/architecture[/variant]``, as ``images`` shows it."""
        return "/".join(p for p in (self.os, self.architecture, self.variant) if p)


@record
class ProcessList:
    """``GET /containers/{id}/top``: the column titles of ``ps`` and one row per process."""

    titles: tuple[str, ...]
    processes: tuple[tuple[str, ...], ...]


@record
class StatsSample:
    """One sample of ``GET /containers/{id}/stats``, reduced to what ``docker stats`` shows.

    CPU figures are cumulative nanoseconds; ``pre_*`` are the previous sample's.
    ``memory_usage`` excludes the page cache (as the docker CLI computes it).
    """

    read: str = ""
    cpu_total: int = 0
    pre_cpu_total: int = 0
    system_cpu: int = 0
    pre_system_cpu: int = 0
    online_cpus: int = 0
    memory_usage: int = 0
    memory_limit: int = 0
    net_rx: int = 0
    net_tx: int = 0
    block_read: int = 0
    block_write: int = 0
    pids: int = 0


@record
class PathStat:
    """A path in a container (the ``X-Docker-Container-Path-Stat`` header of the archive API)."""

    name: str
    size: int = 0
    mode: int = 0
    """Go's ``os.FileMode`` bits: 1<<31 is a directory, 1<<27 a symbolic link."""
    mtime: str = ""
    link_target: str = ""

    @property
    def is_dir(self) -> bool:
        return bool(self.mode & (1 << 31))

    @property
    def is_link(self) -> bool:
        return bool(self.mode & (1 << 27))


@record
class ExecState:
    """``GET /exec/{id}/json``: whether the process still runs, and its exit code once it stopped."""

    running: bool
    exit_code: int | None = None
    pid: int = 0


@record
class VolumeInfo:
    """A volume as ``GET /volumes`` describes it (what ``volumes`` lists)."""

    name: str
    driver: str = "local"
    scope: str = "local"
    mountpoint: str = ""
    labels: Mapping[str, str] = field(default_factory=_no_labels)


class Attachment(Protocol):
    """A hijacked connection to a container's or exec's standard streams.

    ``output()`` yields ``("stdout" | "stderr", bytes)`` until the process closes its
    output (with a TTY everything is ``stdout``); ``write`` feeds its stdin,
    ``close_input`` signals end of input (a half-close), ``close`` drops the connection.
    """

    @property
    def tty(self) -> bool:
        """Whether the other end is a TTY (output not multiplexed, raw input)."""
        ...

    def output(self) -> Iterator[tuple[str, bytes]]: ...

    def write(self, data: bytes) -> None: ...

    def close_input(self) -> None: ...

    def close(self) -> None: ...


class Stream(Protocol):
    """A blocking iterator the consumer may close from another thread to end it."""

    def __iter__(self) -> Iterator[Any]: ...

    def close(self) -> None: ...


class Observer(Protocol):
    """The calls ``observe`` makes: what the engine holds (compose/engine/observe.py)."""

    @property
    def api_version(self) -> str:
        """The negotiated Engine API version, e.g. ``1.41``."""
        ...

    def list_containers(self, project: str, *, all: bool = True) -> list[ObservedContainer]: ...

    def list_networks(self, project: str) -> list[ObservedNetwork]: ...

    def list_volumes(self, project: str) -> list[ObservedVolume]: ...

    def find_network(self, name: str) -> ObservedNetwork | None: ...

    def find_volume(self, name: str) -> ObservedVolume | None: ...

    def image_id(self, ref: str) -> str | None:
        """The local image's id, or None when the engine has no image of that reference."""
        ...


class Engine(Observer, Protocol):
    """The calls pycompose makes on a container engine (the Observer's, and these)."""

    def inspect_container(self, id: str) -> ContainerState: ...

    # -- images
    def pull_image(
        self, ref: str, *, platform: str | None = None, progress: Callable[[PullProgress], None] | None = None
    ) -> str:
        """Pull ``ref``; returns the pulled image's id."""
        ...

    def remove_image(self, ref: str) -> None: ...

    def inspect_image(self, ref: str) -> ImageInfo | None:
        """The local image ``ref`` names, or None when the engine has none."""
        ...

    def build_image(self, spec: BuildSpec, *, progress: Callable[[BuildProgress], None] | None = None) -> str:
        """Build ``spec`` (tagging every name of ``spec.tags``) with BuildKit where the engine has it, else
        the classic builder; ``progress`` gets first the sentence saying which, then each line of a classic
        build's output or each update of BuildKit's trace. Returns the image's id; a failed build raises
        ``BuildError`` (naming the step, its output and, with BuildKit, the Dockerfile line)."""
        ...

    def push_image(self, ref: str, *, progress: Callable[[PullProgress], None] | None = None) -> str:
        """Push ``ref`` to its registry; returns the pushed manifest's digest (``sha256:...``)."""
        ...

    def tag_image(self, source: str, ref: str) -> None: ...

    # -- networks and volumes
    def create_network(self, body: Mapping[str, Any]) -> str:
        """POST /networks/create with ``body`` (which names the network); returns its id."""
        ...

    def remove_network(self, name: str) -> None: ...

    def connect_network(self, network: str, container: str, endpoint: Mapping[str, Any] | None = None) -> None: ...

    def create_volume(self, body: Mapping[str, Any]) -> str:
        """POST /volumes/create with ``body``; returns the volume's name."""
        ...

    def remove_volume(self, name: str) -> None: ...

    # -- containers
    def create_container(self, name: str, body: Mapping[str, Any]) -> str:
        """POST /containers/create?name=NAME with ``body``; returns the new container's id."""
        ...

    def copy_into(self, container: str, path: str, archive: bytes) -> None:
        """PUT a tar archive into the container below ``path``."""
        ...

    def start_container(self, id: str) -> None: ...

    def stop_container(self, id: str, *, timeout: int | None = None) -> None: ...

    def kill_container(self, id: str, *, signal: str = "SIGKILL") -> None: ...

    def remove_container(self, id: str, *, force: bool = False, volumes: bool = False) -> None: ...

    def rename_container(self, id: str, name: str) -> None: ...

    def wait_container(self, id: str) -> int:
        """Block until the container stops; its exit code."""
        ...

    # -- streams
    def events(self, *, filters: Mapping[str, Sequence[str]], since: int | None = None,
               until: int | None = None) -> Stream:
        """The engine's event stream as an iterator of ``EngineEvent``; ``close()`` ends it (the engine
        ends it at ``until``)."""
        ...

    def logs(
        self, id: str, *, follow: bool, since: int | None = None, timestamps: bool = False, tail: str = "all",
        until: int | None = None,
    ) -> Stream:
        """A container's output as an iterator of ``LogLine``; ``close()`` ends a followed stream."""
        ...

    # -- commands (issue 5): everyday verbs beyond up/down
    def list_compose_containers(self, *, all: bool = True) -> list[ObservedContainer]:
        """Containers of every compose project on the engine (any ``com.docker.compose.project`` label)."""
        ...

    def list_compose_networks(self) -> list[ObservedNetwork]:
        """Networks of every compose project on the engine (``reap``: stacks whose containers are gone)."""
        ...

    def list_compose_volumes(self) -> list[ObservedVolume]:
        """Volumes of every compose project on the engine."""
        ...

    def restart_container(self, id: str, *, timeout: int | None = None) -> None: ...

    def pause_container(self, id: str) -> None: ...

    def unpause_container(self, id: str) -> None: ...

    def top(self, id: str, ps_args: str = "") -> ProcessList: ...

    def stats(self, id: str, *, stream: bool) -> Stream:
        """``StatsSample``s: one (``stream=False``) or one per second until ``close()``."""
        ...

    def stat_path(self, id: str, path: str) -> PathStat:
        """``EngineNotFound`` when ``path`` does not exist in the container."""
        ...

    def get_archive(self, id: str, path: str) -> tuple[Stream, PathStat]:
        """A tar stream (``bytes`` chunks) of ``path`` in the container, and what ``path`` is."""
        ...

    def put_archive(self, id: str, path: str, data: bytes, *, copy_uid_gid: bool = False) -> None:
        """Extract the tar archive ``data`` into directory ``path`` of the container."""
        ...

    def exec_create(
        self,
        id: str,
        cmd: Sequence[str],
        *,
        env: Sequence[str] = (),
        user: str = "",
        workdir: str = "",
        tty: bool = False,
        stdin: bool = False,
        privileged: bool = False,
    ) -> str:
        """Create a process in a running container; returns the exec id."""
        ...

    def exec_start(self, exec_id: str, *, tty: bool) -> Attachment:
        """Start the exec and attach to its streams."""
        ...

    def exec_start_detached(self, exec_id: str) -> None: ...

    def exec_inspect(self, exec_id: str) -> ExecState: ...

    def exec_resize(self, exec_id: str, *, height: int, width: int) -> None: ...

    def attach_container(self, id: str, *, stdin: bool, logs: bool = False, detach_keys: str = "") -> Attachment:
        """Attach to a container's streams (before or after it starts)."""
        ...

    def resize_container(self, id: str, *, height: int, width: int) -> None: ...

    def list_volume_details(self, project: str) -> list[VolumeInfo]:
        """The project's volumes (by label), in the engine's order, with their mountpoint and scope."""
        ...

    def commit(self, id: str, *, repository: str = "", tag: str = "", comment: str = "", author: str = "",
               changes: Sequence[str] = (), pause: bool = True) -> str:
        """``POST /commit``: an image of the container's filesystem and config (``changes``: Dockerfile
        instructions applied to it), tagged ``repository:tag`` when a repository is given; its id."""
        ...

    def export(self, id: str) -> Stream:
        """The container's whole filesystem as a tar stream (``bytes`` chunks)."""
        ...
