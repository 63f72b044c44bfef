"""FakeEngine's calls for the everyday commands (a mixin): pause, restart, exec, archives, top, stats.

State lives in the FakeEngine's containers; an exec's result is scripted with
``exec_results[(container name, tuple(cmd))] = (exit code, output)`` (default: exit 0,
the command line echoed); stdin written to an exec or attach is kept in ``stdin``.
"""

from __future__ import annotations

import io
import itertools
import tarfile
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from compose.engine.port import Attachment, ExecState, PathStat, ProcessList, StatsSample, Stream, VolumeInfo
from compose.errors import EngineConflict, EngineNotFound
from compose.model.labels import PROJECT
from compose.plan.observed import ObservedContainer, ObservedNetwork, ObservedVolume

if TYPE_CHECKING:
    from fakes.engine import FakeContainer

_DIR = 1 << 31


class FakeAttachment:
    def __init__(self, chunks: Sequence[tuple[str, bytes]], sink: list[bytes], *, tty: bool = False) -> None:
        self._chunks = list(chunks)
        self._sink = sink
        self.input_closed = False
        self._tty = tty

    @property
    def tty(self) -> bool:
        return self._tty

    def output(self) -> Iterator[tuple[str, bytes]]:
        return iter(self._chunks)

    def write(self, data: bytes) -> None:
        self._sink.append(data)

    def close_input(self) -> None:
        self.input_closed = True

    def close(self) -> None:
        pass


class _Items:
    def __init__(self, items: Sequence[Any]) -> None:
        self._items = list(items)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items)

    def close(self) -> None:
        pass


class FakeCommands:
    """In-memory versions of the Engine port's command calls (mixed into FakeEngine)."""

    containers: dict[str, FakeContainer]
    networks: dict[str, ObservedNetwork]
    volumes: dict[str, ObservedVolume]
    images: dict[str, str]
    calls: list[tuple[str, ...]]

    def _init_commands(self) -> None:
        self.exec_results: dict[tuple[str, tuple[str, ...]], tuple[int, bytes]] = {}
        self.execs: dict[str, tuple[str, tuple[str, ...], dict[str, Any]]] = {}
        self.stdin: list[bytes] = []
        self._exec_ids = itertools.count(1)

    if TYPE_CHECKING:  # provided by FakeEngine
        def _get(self, id_or_name: str) -> FakeContainer: ...

        def _log(self, method: str, name: str, *rest: str) -> None: ...

        def _summary(self, c: FakeContainer) -> ObservedContainer: ...

        def emit(self, container: FakeContainer, action: str, **attributes: str) -> None: ...

    def list_compose_containers(self, *, all: bool = True) -> list[ObservedContainer]:
        return [self._summary(c) for c in self.containers.values()
                if PROJECT in c.labels and (all or c.state == "running")]

    def list_compose_networks(self) -> list[ObservedNetwork]:
        return [n for n in self.networks.values() if PROJECT in n.labels]

    def list_compose_volumes(self) -> list[ObservedVolume]:
        return [v for v in self.volumes.values() if PROJECT in v.labels]

    def restart_container(self, id: str, *, timeout: int | None = None) -> None:
        c = self._get(id)
        self._log("restart_container", c.name)
        c.state, c.exit_code = "running", 0
        self.emit(c, "restart")

    def pause_container(self, id: str) -> None:
        c = self._get(id)
        self._log("pause_container", c.name)
        if c.state != "running":
            raise EngineConflict(f"Container {c.id} is not running", status=409)
        c.state = "paused"

    def unpause_container(self, id: str) -> None:
        c = self._get(id)
        self._log("unpause_container", c.name)
        if c.state != "paused":
            raise EngineConflict(f"Container {c.id} is not paused", status=409)
        c.state = "running"

    def top(self, id: str, ps_args: str = "") -> ProcessList:
        c = self._get(id)
        if c.state != "running":
            raise EngineConflict(f"Container {c.id} is not running", status=409)
        cmd = " ".join(str(p) for p in c.body.get("Cmd") or ())
        return ProcessList(("UID", "PID", "CMD"), (("root", "1", cmd),))

    def stats(self, id: str, *, stream: bool) -> Stream:
        self._get(id)
        return _Items([StatsSample(cpu_total=2_000_000, pre_cpu_total=1_000_000, system_cpu=200_000_000,
                                   pre_system_cpu=100_000_000, online_cpus=2, memory_usage=1024 * 1024,
                                   memory_limit=1024 ** 3, net_rx=1000, net_tx=2000, pids=1)])

    # -- files (FakeContainer.files: absolute path -> bytes)
    def stat_path(self, id: str, path: str) -> PathStat:
        c = self._get(id)
        path = "/" + path.strip("/")
        if path in c.files:
            return PathStat(name=path.rsplit("/", 1)[-1], size=len(c.files[path]), mode=0o644)
        if path == "/" or any(f.startswith(path + "/") for f in c.files):
            return PathStat(name=path.rsplit("/", 1)[-1] or "/", mode=_DIR | 0o755)
        raise EngineNotFound(f"Could not find the file {path} in container {c.id}", status=404)

    def get_archive(self, id: str, path: str) -> tuple[Stream, PathStat]:
        c = self._get(id)
        stat = self.stat_path(id, path)
        path = "/" + path.strip("/")
        base = path.rsplit("/", 1)[0]
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as tar:
            for name, data in sorted(c.files.items()):
                if name == path or name.startswith(path.rstrip("/") + "/"):
                    info = tarfile.TarInfo(name[len(base):].lstrip("/"))
                    info.size = len(data)
                    tar.addfile(info, io.BytesIO(data))
        return _Items([buffer.getvalue()]), stat

    def put_archive(self, id: str, path: str, data: bytes, *, copy_uid_gid: bool = False) -> None:
        c = self._get(id)
        self._log("put_archive", c.name, path)
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            for member in tar.getmembers():
                extracted = tar.extractfile(member)
                if extracted is not None:
                    c.files[path.rstrip("/") + "/" + member.name] = extracted.read()

    # -- exec and attach
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
        c = self._get(id)
        if c.state != "running":
            raise EngineConflict(f"Container {c.id} is not running", status=409)
        exec_id = f"exec{next(self._exec_ids)}"
        options = {"env": list(env), "user": user, "workdir": workdir, "tty": tty, "privileged": privileged}
        self.execs[exec_id] = (c.name, tuple(cmd), options)
        self._log("exec_create", c.name, *cmd)
        return exec_id

    def _exec_result(self, exec_id: str) -> tuple[int, bytes]:
        name, cmd, _ = self.execs[exec_id]
        return self.exec_results.get((name, cmd), (0, (" ".join(cmd) + "\n").encode()))

    def exec_start(self, exec_id: str, *, tty: bool) -> Attachment:
        _, output = self._exec_result(exec_id)
        return FakeAttachment([("stdout", output)] if output else [], self.stdin)

    def exec_start_detached(self, exec_id: str) -> None:
        self._exec_result(exec_id)

    def exec_inspect(self, exec_id: str) -> ExecState:
        code, _ = self._exec_result(exec_id)
        return ExecState(running=False, exit_code=code)

    def exec_resize(self, exec_id: str, *, height: int, width: int) -> None:
        pass

    def attach_container(self, id: str, *, stdin: bool, logs: bool = False, detach_keys: str = "") -> Attachment:
        c = self._get(id)
        chunks = [(line.stream, (line.text + "\n").encode()) for line in c.logs]
        return FakeAttachment(chunks, self.stdin)

    def resize_container(self, id: str, *, height: int, width: int) -> None:
        pass

    # -- volumes, commit, export
    def list_volume_details(self, project: str) -> list[VolumeInfo]:
        return [VolumeInfo(v.name, v.driver, "local", f"/var/lib/docker/volumes/{v.name}/_data", v.labels)
                for v in self.volumes.values() if v.labels.get(PROJECT) == project]

    def commit(self, id: str, *, repository: str = "", tag: str = "", comment: str = "", author: str = "",
               changes: Sequence[str] = (), pause: bool = True) -> str:
        """A new image id (in ``images`` under ``repository:tag`` when given); the call log keeps the fields."""
        c = self._get(id)
        self._log("commit", c.name, f"{repository}:{tag}" if repository else "", comment, author, *changes)
        image_id = f"sha256:{len(self.calls):064x}"
        self.images[image_id] = image_id
        if repository:
            self.images[f"{repository}:{tag or 'latest'}"] = image_id
        return image_id

    def export(self, id: str) -> Stream:
        """A tar archive of the container's ``files``."""
        c = self._get(id)
        self._log("export", c.name)
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as tar:
            for name, data in sorted(c.files.items()):
                info = tarfile.TarInfo(name.lstrip("/"))
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        return _Items([buffer.getvalue()])


def files_of(archive: bytes) -> Mapping[str, bytes]:
    """name -> content of the regular files in a tar archive (for tests)."""
    out = {}
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            extracted = tar.extractfile(member)
            if extracted is not None:
                out[member.name] = extracted.read()
    return out
