"""FakeEngine: the Engine port in memory, with a call log and scripted container behaviour.

For unit tests of observe, apply and the commands (httpx's MockTransport idea):
state lives in dicts, every call is appended to ``calls`` as a tuple naming the
object by its name at that moment (``("start_container", "demo-web-1")``), and
the event stream is a thread-safe queue. ``script[name]`` says what a container
does once started: ``"run"`` (default: keeps running), ``"healthy"``,
``"unhealthy"`` or ``"exit:N"``. ``fail[(method, name)]`` makes a call raise.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import queue
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from compose._record import field, record
from compose.engine.port import (
    BuildProgress,
    ContainerState,
    EngineEvent,
    ImageInfo,
    LogLine,
    PullProgress,
    Stream,
)
from compose.errors import EngineConflict, EngineError, EngineNotFound
from compose.model.labels import PROJECT
from compose.plan.observed import ObservedContainer, ObservedNetwork, ObservedVolume
from fakes._engine_commands import FakeCommands

if TYPE_CHECKING:
    from compose.plan.buildspec import BuildSpec


@record(frozen=False)
class FakeContainer:
    id: str
    name: str
    body: Mapping[str, Any]
    state: str = "created"
    exit_code: int = 0
    health: str = ""
    networks: list[str] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    logs: list[LogLine] = field(default_factory=list)

    @property
    def labels(self) -> Mapping[str, str]:
        return dict(self.body.get("Labels") or {})


class _Queue:
    """A closable blocking iterator of events."""

    def __init__(self, on_close: Callable[[_Queue], None], label_filters: Sequence[str]) -> None:
        self.items: queue.Queue[EngineEvent | None] = queue.Queue()
        self.label_filters = list(label_filters)
        self._on_close = on_close

    def __iter__(self) -> Iterator[EngineEvent]:
        while True:
            item = self.items.get()
            if item is None:
                return
            yield item

    def close(self) -> None:
        self._on_close(self)
        self.items.put(None)


class _Lines:
    def __init__(self, lines: Sequence[LogLine]) -> None:
        self._lines = list(lines)

    def __iter__(self) -> Iterator[LogLine]:
        return iter(self._lines)

    def close(self) -> None:
        pass


class FakeEngine(FakeCommands):
    """An in-memory engine. Thread-safe: the executor calls it from worker threads."""

    def __init__(self, *, api_version: str = "1.41", images: Mapping[str, str] | None = None) -> None:
        self._api_version = api_version
        self.calls: list[tuple[str, ...]] = []
        self.containers: dict[str, FakeContainer] = {}
        self.networks: dict[str, ObservedNetwork] = {}
        self.volumes: dict[str, ObservedVolume] = {}
        self.images: dict[str, str] = dict(images or {})
        self.pullable: dict[str, str] = {}
        self.tag_times: dict[str, float] = {}
        self.script: dict[str, str] = {}
        self.fail: dict[tuple[str, str], EngineError] = {}
        self._lock = threading.RLock()
        self._ids = itertools.count(1)
        self._streams: list[_Queue] = []
        self._init_commands()

    # -- helpers for tests
    def add_container(self, name: str, labels: Mapping[str, str], *, state: str = "running",
                      image: str = "img", exit_code: int = 0, health: str = "") -> FakeContainer:
        cid = f"{next(self._ids):064x}"
        container = FakeContainer(cid, name, {"Image": image, "Labels": dict(labels)}, state, exit_code, health)
        self.containers[cid] = container
        return container

    def by_name(self, name: str) -> FakeContainer:
        return next(c for c in self.containers.values() if c.name == name)

    def calls_of(self, *methods: str) -> list[tuple[str, ...]]:
        return [c for c in self.calls if c[0] in methods]

    def _log(self, method: str, name: str, *rest: str) -> None:
        self.calls.append((method, name, *rest))
        error = self.fail.get((method, name))
        if error is not None:
            raise error

    def _get(self, id_or_name: str) -> FakeContainer:
        found = self.containers.get(id_or_name) or next(
            (c for c in self.containers.values() if c.name == id_or_name), None)
        if found is None:
            raise EngineNotFound(f"No such container: {id_or_name}", status=404, resource=id_or_name)
        return found

    def emit(self, container: FakeContainer, action: str, **attributes: str) -> None:
        labels = container.labels
        event = EngineEvent("container", action, container.id, {**labels, "name": container.name, **attributes})
        for stream in list(self._streams):
            if all(_matches(stream_filter, labels) for stream_filter in stream.label_filters):
                stream.items.put(event)

    def set_health(self, name: str, health: str) -> None:
        with self._lock:
            container = self.by_name(name)
            container.health = health
        self.emit(container, f"health_status: {health}")

    def exit(self, name: str, code: int) -> None:
        with self._lock:
            container = self.by_name(name)
            container.state, container.exit_code = "exited", code
        self.emit(container, "die", exitCode=str(code))

    # -- Engine
    @property
    def api_version(self) -> str:
        return self._api_version

    def list_containers(self, project: str, *, all: bool = True) -> list[ObservedContainer]:
        with self._lock:
            self.calls.append(("list_containers", project))
            return [self._summary(c) for c in self.containers.values()
                    if c.labels.get(PROJECT) == project and (all or c.state == "running")]

    def _summary(self, c: FakeContainer) -> ObservedContainer:
        status = {"running": "Up 1 second", "created": "Created"}.get(c.state, f"Exited ({c.exit_code}) 1 second ago")
        if c.state == "running" and c.health:
            status += f" ({'health: starting' if c.health == 'starting' else c.health})"
        image = str(c.body.get("Image", ""))
        return ObservedContainer(
            id=c.id, name=c.name, labels=c.labels, image=image, image_id=self.images.get(image, ""),
            state=c.state, status=status, networks=tuple(sorted(c.networks)),
        )

    def list_networks(self, project: str) -> list[ObservedNetwork]:
        with self._lock:
            return [n for n in self.networks.values() if n.labels.get(PROJECT) == project]

    def list_volumes(self, project: str) -> list[ObservedVolume]:
        with self._lock:
            return [v for v in self.volumes.values() if v.labels.get(PROJECT) == project]

    def find_network(self, name: str) -> ObservedNetwork | None:
        return self.networks.get(name)

    def find_volume(self, name: str) -> ObservedVolume | None:
        return self.volumes.get(name)

    def image_id(self, ref: str) -> str | None:
        return self.images.get(ref)

    def inspect_container(self, id: str) -> ContainerState:
        with self._lock:
            c = self._get(id)
            return ContainerState(c.id, c.name, c.state, c.exit_code, c.health if c.state == "running" else "",
                                  labels=c.labels)

    def pull_image(self, ref: str, *, platform: str | None = None,
                   progress: Callable[[PullProgress], None] | None = None) -> str:
        self._log("pull_image", ref)
        if ref not in self.pullable:
            raise EngineError(f"pull access denied for {ref}", status=404, resource=f"image:{ref}")
        if progress is not None:
            progress(PullProgress(ref, "Downloading", "layer1", 1, 2))
        self.images[ref] = self.pullable[ref]
        self.tag_times[ref] = time.time()
        return self.images[ref]

    def remove_image(self, ref: str) -> None:
        self._log("remove_image", ref)
        if self.images.pop(ref, None) is None:
            raise EngineNotFound(f"No such image: {ref}", status=404)

    # -- images: builds hash their inputs (the same inputs give the same id, as a cached build);
    # a push puts the image in ``pullable`` (the registry), from where ``pull_image`` gets it back.
    def inspect_image(self, ref: str) -> ImageInfo | None:
        found = self.images.get(ref)
        if found is None:
            return None
        tags = tuple(sorted(r for r, i in self.images.items() if i == found))
        return ImageInfo(found, tags, last_tag_time=self.tag_times.get(ref, 0.0))

    def build_image(self, spec: BuildSpec, *, progress: Callable[[BuildProgress], None] | None = None) -> str:
        self._log("build_image", spec.service)
        if progress is not None:
            progress(f"Step 1/1 : FROM {spec.context}")
        digest = hashlib.sha256(repr((spec.params(), spec.dockerfile_inline, _tree(spec.context))).encode())
        image_id = "sha256:" + digest.hexdigest()
        with self._lock:
            for tag in spec.tags:
                self.images[tag] = image_id
                self.tag_times[tag] = time.time()
        return image_id

    def push_image(self, ref: str, *, progress: Callable[[PullProgress], None] | None = None) -> str:
        self._log("push_image", ref)
        found = self.images.get(ref)
        if found is None:
            raise EngineNotFound(f"An image does not exist locally with the tag: {ref}", status=404)
        if progress is not None:
            progress(PullProgress(ref, "Pushed", "layer1"))
        self.pullable[ref] = found
        return "sha256:" + hashlib.sha256(found.encode()).hexdigest()

    def tag_image(self, source: str, ref: str) -> None:
        self._log("tag_image", source, ref)
        found = self.images.get(source)
        if found is None:
            raise EngineNotFound(f"No such image: {source}", status=404)
        self.images[ref] = found
        self.tag_times[ref] = time.time()

    def create_network(self, body: Mapping[str, Any]) -> str:
        name = str(body["Name"])
        with self._lock:
            self._log("create_network", name)
            if name in self.networks:
                raise EngineConflict(f"network with name {name} already exists", status=409)
            self.networks[name] = ObservedNetwork(f"net-{name}", name, dict(body.get("Labels") or {}),
                                                  str(body.get("Driver") or "bridge"))
            return self.networks[name].id

    def remove_network(self, name: str) -> None:
        with self._lock:
            self._log("remove_network", name)
            if self.networks.pop(name, None) is None:
                raise EngineNotFound(f"network {name} not found", status=404)

    def connect_network(self, network: str, container: str, endpoint: Mapping[str, Any] | None = None) -> None:
        with self._lock:
            c = self._get(container)
            self._log("connect_network", c.name, network)
            c.networks.append(network)

    def create_volume(self, body: Mapping[str, Any]) -> str:
        name = str(body["Name"])
        with self._lock:
            self._log("create_volume", name)
            self.volumes.setdefault(name, ObservedVolume(name, dict(body.get("Labels") or {}),
                                                         str(body.get("Driver") or "local")))
            return name

    def remove_volume(self, name: str) -> None:
        with self._lock:
            self._log("remove_volume", name)
            if self.volumes.pop(name, None) is None:
                raise EngineNotFound(f"no such volume: {name}", status=404)

    def create_container(self, name: str, body: Mapping[str, Any]) -> str:
        with self._lock:
            self._log("create_container", name)
            if any(c.name == name for c in self.containers.values()):
                raise EngineConflict(f'Conflict. The container name "/{name}" is already in use', status=409)
            image = str(body.get("Image", ""))
            if image not in self.images:
                raise EngineNotFound(f"No such image: {image}", status=404)
            cid = f"{next(self._ids):064x}"
            network_mode = str((body.get("HostConfig") or {}).get("NetworkMode") or "")
            self.containers[cid] = FakeContainer(cid, name, body, networks=[network_mode] if network_mode else [])
            return cid

    def copy_into(self, container: str, path: str, archive: bytes) -> None:
        import io
        import tarfile

        with self._lock:
            c = self._get(container)
            self._log("copy_into", c.name, path)
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                for member in tar.getmembers():
                    data = tar.extractfile(member)
                    c.files[path.rstrip("/") + "/" + member.name] = data.read() if data else b""

    def start_container(self, id: str) -> None:
        with self._lock:
            c = self._get(id)
            self._log("start_container", c.name)
            behaviour = self.script.get(c.name, "run")
            c.state, c.exit_code, c.health = "running", 0, "starting" if behaviour in ("healthy", "unhealthy") else ""
        self.emit(c, "start")
        if behaviour in ("healthy", "unhealthy"):
            self.set_health(c.name, behaviour)
        elif behaviour.startswith("exit:"):
            self.exit(c.name, int(behaviour[5:]))

    def stop_container(self, id: str, *, timeout: int | None = None) -> None:
        with self._lock:
            c = self._get(id)
            self._log("stop_container", c.name)
            was_running = c.state == "running"
            if was_running:
                c.state, c.exit_code = "exited", 0
        if was_running:
            self.emit(c, "die", exitCode="0")

    def kill_container(self, id: str, *, signal: str = "SIGKILL") -> None:
        with self._lock:
            c = self._get(id)
            self._log("kill_container", c.name, signal)
            if c.state != "running":
                raise EngineConflict(f"Container {c.id} is not running", status=409)
            c.state, c.exit_code = "exited", 137
        self.emit(c, "die", exitCode="137")

    def remove_container(self, id: str, *, force: bool = False, volumes: bool = False) -> None:
        with self._lock:
            c = self._get(id)
            self._log("remove_container", c.name)
            if c.state == "running" and not force:
                raise EngineConflict(f"You cannot remove a running container {c.id}", status=409)
            del self.containers[c.id]
        self.emit(c, "destroy")

    def rename_container(self, id: str, name: str) -> None:
        with self._lock:
            c = self._get(id)
            self._log("rename_container", c.name, name)
            if any(o.name == name for o in self.containers.values()):
                raise EngineConflict(f"name {name} is already in use", status=409)
            c.name = name

    def wait_container(self, id: str) -> int:
        return self._get(id).exit_code

    def events(self, *, filters: Mapping[str, Sequence[str]], since: int | None = None,
               until: int | None = None) -> Stream:
        stream = _Queue(self._streams.remove, filters.get("label", ()))
        with self._lock:
            self._streams.append(stream)
        return stream

    def logs(self, id: str, *, follow: bool, since: int | None = None, timestamps: bool = False,
             tail: str = "all", until: int | None = None) -> Stream:
        return _Lines(self._get(id).logs)

    def replace_labels(self, name: str, labels: Mapping[str, str]) -> None:
        c = self.by_name(name)
        c.body = {**c.body, "Labels": dict(labels)}


def _tree(directory: str) -> list[tuple[str, bytes]]:
    """The files below ``directory`` with their content (what a fake build depends on)."""
    out = []
    for root, dirs, files in os.walk(directory):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                out.append((os.path.relpath(path, directory), f.read()))
    return out


def _matches(label_filter: str, labels: Mapping[str, str]) -> bool:
    key, sep, value = label_filter.partition("=")
    return key in labels and (not sep or labels[key] == value)


__all__ = ["FakeContainer", "FakeEngine"]
