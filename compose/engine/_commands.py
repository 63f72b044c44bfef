"""The Engine port's calls for the everyday commands (exec, attach, top, stats, cp, pause...), on the Engine API.

A mixin of ``ApiEngine`` (compose/engine/engine.py): every method goes through the
transport ``self._http`` (compose/engine/_http.py). Hijacked connections (attach, exec)
are raw channels: ``SocketAttachment`` reads the multiplexed frames
(compose.engine._streams.frames) and writes stdin, with a half-close for EOF.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from compose.engine import _parse, _streams
from compose.engine.port import Attachment, ExecState, PathStat, ProcessList, StatsSample, Stream, VolumeInfo
from compose.model.labels import PROJECT
from compose.plan.observed import ObservedContainer, ObservedNetwork, ObservedVolume

if TYPE_CHECKING:
    from compose.engine._http import Connection, HttpTransport


class SocketAttachment:
    """A hijacked Engine API connection: multiplexed output in, raw stdin out."""

    def __init__(self, connection: Connection, *, tty: bool) -> None:
        self._channel = connection.channel
        self._tty = tty
        self._initial = bytes(connection.buffer)  # what the engine sent right after its answer's head
        connection.buffer.clear()
        self._closed = False

    @property
    def tty(self) -> bool:
        return self._tty

    def _chunks(self) -> Iterator[bytes]:
        if self._initial:
            yield self._initial
        while True:
            try:
                data = self._channel.recv(262144)
            except (OSError, ConnectionError):
                if self._closed:
                    return
                raise
            if not data:
                return
            yield data

    def output(self) -> Iterator[tuple[str, bytes]]:
        return _streams.frames(self._chunks(), tty=self._tty)

    def write(self, data: bytes) -> None:
        self._channel.sendall(data)

    def close_input(self) -> None:
        self._channel.shutdown_write()

    def close(self) -> None:
        self._closed = True
        self._channel.abort()
        self._channel.close()


class EngineCommands:
    """ApiEngine's methods for issue 5's commands (see the Engine port for their contracts)."""

    _http: HttpTransport

    def list_compose_containers(self, *, all: bool = True) -> list[ObservedContainer]:
        raw = self._json_call("GET", "/containers/json", params={"all": all, "filters": {"label": [PROJECT]}})
        return [_parse.container_summary(c) for c in raw or []]

    def list_compose_networks(self) -> list[ObservedNetwork]:
        raw = self._json_call("GET", "/networks", params={"filters": {"label": [PROJECT]}})
        return [_parse.network(n) for n in raw or []]

    def list_compose_volumes(self) -> list[ObservedVolume]:
        raw = self._json_call("GET", "/volumes", params={"filters": {"label": [PROJECT]}})
        return [_parse.volume(v) for v in (raw or {}).get("Volumes") or []]

    def restart_container(self, id: str, *, timeout: int | None = None) -> None:
        params = {} if timeout is None else {"t": timeout}
        self._json_call("POST", f"/containers/{id}/restart", params=params, resource=f"container:{id}",
                        timeout=None)

    def pause_container(self, id: str) -> None:
        self._json_call("POST", f"/containers/{id}/pause", resource=f"container:{id}")

    def unpause_container(self, id: str) -> None:
        self._json_call("POST", f"/containers/{id}/unpause", resource=f"container:{id}")

    def top(self, id: str, ps_args: str = "") -> ProcessList:
        params = {"ps_args": ps_args} if ps_args else {}
        raw = self._json_call("GET", f"/containers/{id}/top", params=params, resource=f"container:{id}") or {}
        return ProcessList(
            titles=tuple(str(t) for t in raw.get("Titles") or ()),
            processes=tuple(tuple(str(cell) for cell in row) for row in raw.get("Processes") or ()),
        )

    def stats(self, id: str, *, stream: bool) -> Stream:
        chunks, close = self._byte_stream(f"/containers/{id}/stats", params={"stream": stream},
                                          resource=f"container:{id}")
        samples = (stats_sample(message) for message in json_lines(chunks))
        return _streams.ClosableStream(samples, close)

    def stat_path(self, id: str, path: str) -> PathStat:
        _, headers = self._archive_call("HEAD", id, path)
        return path_stat(headers)

    def get_archive(self, id: str, path: str) -> tuple[Stream, PathStat]:
        chunks, close, headers = self._archive_stream(id, path)
        return _streams.ClosableStream(chunks, close), path_stat(headers)

    def put_archive(self, id: str, path: str, data: bytes, *, copy_uid_gid: bool = False) -> None:
        self._archive_call("PUT", id, path, data=data, copy_uid_gid=copy_uid_gid)

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
        body: dict[str, Any] = {
            "Cmd": list(cmd), "AttachStdin": stdin, "AttachStdout": True, "AttachStderr": True,
            "Tty": tty, "Privileged": privileged,
        }
        if env:
            body["Env"] = list(env)
        if user:
            body["User"] = user
        if workdir:
            body["WorkingDir"] = workdir
        raw = self._json_call("POST", f"/containers/{id}/exec", body=body, resource=f"container:{id}")
        return str(raw["Id"])

    def exec_start(self, exec_id: str, *, tty: bool) -> Attachment:
        return self._hijack(f"/exec/{exec_id}/start", params={}, body={"Detach": False, "Tty": tty}, tty=tty)

    def exec_start_detached(self, exec_id: str) -> None:
        self._json_call("POST", f"/exec/{exec_id}/start", body={"Detach": True, "Tty": False})

    def exec_inspect(self, exec_id: str) -> ExecState:
        raw = self._json_call("GET", f"/exec/{exec_id}/json") or {}
        code = raw.get("ExitCode")
        return ExecState(running=bool(raw.get("Running")), exit_code=None if code is None else int(code),
                         pid=int(raw.get("Pid", 0) or 0))

    def exec_resize(self, exec_id: str, *, height: int, width: int) -> None:
        self._json_call("POST", f"/exec/{exec_id}/resize", params={"h": height, "w": width})

    def attach_container(self, id: str, *, stdin: bool, logs: bool = False, detach_keys: str = "") -> Attachment:
        # only the flags that are set: this engine answers ``logs=0`` by streaming nothing
        params: dict[str, Any] = {"stream": 1, "stdout": 1, "stderr": 1}
        if stdin:
            params["stdin"] = 1
        if logs:
            params["logs"] = 1
        if detach_keys:
            params["detachKeys"] = detach_keys
        tty = bool(self._json_call("GET", f"/containers/{id}/json", resource=f"container:{id}")["Config"]
                   .get("Tty"))
        return self._hijack(f"/containers/{id}/attach", params=params, body=None, tty=tty)

    def resize_container(self, id: str, *, height: int, width: int) -> None:
        self._json_call("POST", f"/containers/{id}/resize", params={"h": height, "w": width},
                        resource=f"container:{id}")

    def list_volume_details(self, project: str) -> list[VolumeInfo]:
        raw = self._json_call("GET", "/volumes", params={"filters": {"label": [f"{PROJECT}={project}"]}})
        return [volume_info(v) for v in (raw or {}).get("Volumes") or []]

    def commit(self, id: str, *, repository: str = "", tag: str = "", comment: str = "", author: str = "",
               changes: Sequence[str] = (), pause: bool = True) -> str:
        # the docker CLI's query: every field, even empty; ``changes`` repeated; ``pause`` only to turn it off
        params: list[tuple[str, Any]] = [("container", id), ("repo", repository), ("tag", tag),
                                         ("comment", comment), ("author", author)]
        params += [("changes", change) for change in changes]
        if not pause:
            params.append(("pause", 0))
        answer = self._http.exchange("POST", "/commit", params=params).checked(f"container:{id}")
        return str(json.loads(answer.read())["Id"])

    def export(self, id: str) -> Stream:
        return self._http.stream("GET", f"/containers/{_quote(id)}/export", resource=f"container:{id}")

    # -- the primitives: every call above is one of these on the transport
    def _json_call(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
                   body: Any = None, resource: str = "", timeout: float | None = -1.0) -> Any:
        return self._http.request(method, path, params=params, body=body, timeout=timeout,
                                  resource=resource).json()

    def _byte_stream(self, path: str, *, params: Mapping[str, Any], resource: str = "") -> tuple[Iterable[bytes], Any]:
        stream = self._http.stream("GET", path, params=params, resource=resource)
        return stream, stream.close

    def _archive_stream(self, id: str, path: str) -> tuple[Iterable[bytes], Any, Mapping[str, str]]:
        stream = self._http.exchange("GET", f"/containers/{_quote(id)}/archive", params={"path": path})
        stream.checked(f"container:{id}", f"Could not find the file {path} in container {id}")
        return stream, stream.close, stream.headers

    def _archive_call(self, method: str, id: str, path: str, *, data: bytes | None = None,
                      copy_uid_gid: bool = False) -> tuple[bytes, Mapping[str, str]]:
        params: dict[str, Any] = {"path": path}
        if copy_uid_gid:
            params["copyUIDGID"] = 1
        headers = {"Content-Type": "application/x-tar"} if data is not None else {}
        stream = self._http.exchange(method, f"/containers/{_quote(id)}/archive", params=params, payload=data,
                                     headers=headers)
        stream.checked(f"container:{id}", f"Could not find the file {path} in container {id}")
        return stream.read(), stream.headers

    def _hijack(self, path: str, *, params: Mapping[str, Any], body: Any, tty: bool) -> Attachment:
        """Take over the connection of ``POST path`` (attach, exec start)."""
        payload = json.dumps(body).encode() if body is not None else None
        return SocketAttachment(self._http.hijack(path, params=params, payload=payload), tty=tty)


def _quote(value: str) -> str:
    from compose.engine._http import path_part

    return path_part(value)


def json_lines(chunks: Iterable[bytes]) -> Iterator[dict[str, Any]]:
    """Newline-delimited JSON objects, however the chunks cut them."""
    buffer = bytearray()
    for chunk in chunks:
        start = len(buffer)
        buffer += chunk
        if b"\n" not in chunk:
            continue
        end = buffer.rindex(b"\n", start)
        complete = bytes(buffer[:end])
        del buffer[: end + 1]
        for line in complete.split(b"\n"):
            if line.strip():
                yield json.loads(line)
    if buffer.strip():
        yield json.loads(bytes(buffer))


def path_stat(headers: Mapping[str, str]) -> PathStat:
    """The base64 JSON ``X-Docker-Container-Path-Stat`` header."""
    raw = next((v for k, v in headers.items() if k.lower() == "x-docker-container-path-stat"), "")
    if not raw:
        return PathStat(name="")
    data = json.loads(base64.b64decode(raw))
    return PathStat(name=str(data.get("name", "")), size=int(data.get("size", 0) or 0),
                    mode=int(data.get("mode", 0) or 0), mtime=str(data.get("mtime", "")),
                    link_target=str(data.get("linkTarget", "")))


def stats_sample(raw: Mapping[str, Any]) -> StatsSample:
    """One message of the stats stream, reduced to the figures ``docker stats`` prints."""
    cpu = raw.get("cpu_stats") or {}
    pre = raw.get("precpu_stats") or {}
    memory = raw.get("memory_stats") or {}
    details = memory.get("stats") or {}
    usage = int(memory.get("usage", 0) or 0)
    # the docker CLI subtracts the page cache: inactive_file (cgroup v2), total_inactive_file (v1)
    cache = details.get("inactive_file", details.get("total_inactive_file", 0)) or 0
    if cache < usage:
        usage -= int(cache)
    networks = raw.get("networks") or {}
    reads = writes = 0
    for entry in (raw.get("blkio_stats") or {}).get("io_service_bytes_recursive") or ():
        op = str(entry.get("op", "")).lower()
        if op == "read":
            reads += int(entry.get("value", 0) or 0)
        elif op == "write":
            writes += int(entry.get("value", 0) or 0)
    online = int(cpu.get("online_cpus", 0) or 0) or len((cpu.get("cpu_usage") or {}).get("percpu_usage") or ())
    return StatsSample(
        read=str(raw.get("read", "")),
        cpu_total=int((cpu.get("cpu_usage") or {}).get("total_usage", 0) or 0),
        pre_cpu_total=int((pre.get("cpu_usage") or {}).get("total_usage", 0) or 0),
        system_cpu=int(cpu.get("system_cpu_usage", 0) or 0),
        pre_system_cpu=int(pre.get("system_cpu_usage", 0) or 0),
        online_cpus=online,
        memory_usage=usage,
        memory_limit=int(memory.get("limit", 0) or 0),
        net_rx=sum(int(n.get("rx_bytes", 0) or 0) for n in networks.values()),
        net_tx=sum(int(n.get("tx_bytes", 0) or 0) for n in networks.values()),
        block_read=reads,
        block_write=writes,
        pids=int((raw.get("pids_stats") or {}).get("current", 0) or 0),
    )


def volume_info(raw: Mapping[str, Any]) -> VolumeInfo:
    """One volume of ``GET /volumes``."""
    return VolumeInfo(name=str(raw.get("Name", "")), driver=str(raw.get("Driver", "")),
                      scope=str(raw.get("Scope", "")), mountpoint=str(raw.get("Mountpoint", "")),
                      labels=MappingProxyType({str(k): str(v) for k, v in (raw.get("Labels") or {}).items()}))
