"""A batch's actions on a recording engine: one put_archive per container, one rm exec for the deletes,
restarts and execs after the sync, nothing for ignored paths."""

from __future__ import annotations

import io
import tarfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from compose.api.watch.session import WatchOptions, WatchSession
from compose.engine.port import ExecState
from compose.model.build import Develop, Watch
from compose.model.frozen import FrozenMap
from compose.model.labels import CONTAINER_NUMBER, PROJECT, SERVICE
from compose.model.parts import Hook
from compose.model.project import Project
from compose.model.service import Service
from compose.plan.observed import ObservedContainer


class _Attachment:
    tty = False

    def __init__(self, on_input: Any = None) -> None:
        self.data = b""
        self.on_input = on_input

    def output(self) -> Iterator[tuple[str, bytes]]:
        return iter(())

    def write(self, data: bytes) -> None:
        self.data += data

    def close_input(self) -> None:
        if self.on_input is not None:
            self.on_input(self.data)

    def close(self) -> None: ...


class RecordingEngine:
    def __init__(self, replicas: int) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.containers = [ObservedContainer(id=f"c{n}", name=f"p-web-{n}", state="running",
                                             labels={PROJECT: "p", SERVICE: "web", CONTAINER_NUMBER: str(n)})
                           for n in range(1, replicas + 1)]

    def list_containers(self, project: str, *, all: bool = True) -> list[ObservedContainer]:
        self.calls.append(("list",))
        return list(self.containers)

    def put_archive(self, id: str, path: str, data: bytes, *, copy_uid_gid: bool = False) -> None:
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            self.calls.append(("put", id, path, tuple(sorted(tar.getnames())), copy_uid_gid))

    def exec_create(self, id: str, cmd: Sequence[str], **kw: Any) -> str:
        if list(cmd) == ["tar", "-x", "-p", "-C", "/"] and kw.get("user") == "0" and kw.get("stdin"):
            return f"untar-{id}"  # the archive through the container's tar: recorded as the put it stands for
        self.calls.append(("exec", id, tuple(cmd), kw.get("env"), kw.get("user"), kw.get("workdir")))
        return f"e-{id}"

    def exec_start(self, exec_id: str, *, tty: bool) -> _Attachment:
        if exec_id.startswith("untar-"):
            return _Attachment(lambda data: self.put_archive(exec_id[len("untar-"):], "/", data, copy_uid_gid=True))
        return _Attachment()

    def exec_inspect(self, exec_id: str) -> ExecState:
        return ExecState(running=False, exit_code=0)

    def restart_container(self, id: str, *, timeout: int | None = None) -> None:
        self.calls.append(("restart", id))


def _session(tmp: Path, engine: RecordingEngine, *rules: Watch) -> tuple[WatchSession, list[str]]:
    said: list[str] = []
    service = Service(name="web", image="i", develop=Develop(watch=rules))
    project = Project(name="p", working_dir=str(tmp), services=FrozenMap({"web": service}))

    def no_plans(title: str, plan: Any) -> Any:
        raise AssertionError("no plan expected")

    session = WatchSession(engine, project, WatchOptions(), run_plan=no_plans,  # type: ignore[arg-type]
                           info=said.append, error=said.append)
    return session, said


def test_one_archive_per_container_and_one_delete_exec(tmp_path: Path) -> None:
    engine = RecordingEngine(replicas=2)
    session, said = _session(tmp_path, engine, Watch(path=str(tmp_path), action="sync", target="/app",
                                                     ignore=("*.tmp",)))
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "x.tmp").write_text("x")
    session.handle([str(tmp_path / n) for n in ("a.txt", "b.txt", "x.tmp", "gone.txt")])
    puts = [c for c in engine.calls if c[0] == "put"]
    execs = [c for c in engine.calls if c[0] == "exec"]
    assert puts == [("put", "c1", "/", ("app/a.txt", "app/b.txt"), True),
                    ("put", "c2", "/", ("app/a.txt", "app/b.txt"), True)]
    assert sorted(e[1] for e in execs) == ["c1", "c2"]
    assert execs[0][2] == ("rm", "-rf", "--", "/app/gone.txt")
    assert said == ['Syncing service "web" after 3 changes were detected']


def test_ignored_only_does_nothing(tmp_path: Path) -> None:
    engine = RecordingEngine(replicas=1)
    session, said = _session(tmp_path, engine, Watch(path=str(tmp_path), action="sync", target="/app"))
    session.handle([str(tmp_path / ".x.swp"), str(tmp_path.parent / "elsewhere")])
    assert engine.calls == [] and said == []


def test_sync_exec_syncs_then_runs_its_command_once(tmp_path: Path) -> None:
    engine = RecordingEngine(replicas=1)
    hook = Hook(command=("app", "reload"), user="nobody", working_dir="/w", environment={"A": "1", "B": None})
    session, _ = _session(tmp_path, engine, Watch(path=str(tmp_path), action="sync+exec", target="/app", exec=hook))
    for n in ("a", "b"):
        (tmp_path / n).write_text(n)
    session.handle([str(tmp_path / "a"), str(tmp_path / "b")])
    kinds = [c[0] for c in engine.calls if c[0] != "list"]
    assert kinds == ["put", "exec"]
    assert engine.calls[-1] == ("exec", "c1", ("app", "reload"), ["A=1", "B"], "nobody", "/w")


def test_sync_restart_restarts_after_the_sync(tmp_path: Path) -> None:
    engine = RecordingEngine(replicas=2)
    session, said = _session(tmp_path, engine, Watch(path=str(tmp_path), action="sync+restart", target="/app"))
    (tmp_path / "a").write_text("a")
    session.handle([str(tmp_path / "a")])
    kinds = [c[0] for c in engine.calls if c[0] != "list"]
    assert kinds == ["put", "put", "restart", "restart"]
    assert said[-1] == 'service(s) ["web"] restarted'
