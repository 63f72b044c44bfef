"""The Engine port's calls for the everyday commands (exec, attach, top, stats, cp, pause...), on the Engine API.

A mixin of ``DockerEngine``: every method goes through the four primitives at the
bottom (``_json_call``, ``_byte_stream``, ``_archive_call``, ``_hijack``), the only
lines that know how DockerEngine reaches the engine. Hijacked connections
(attach, exec) are plain sockets: ``SocketAttachment`` reads the multiplexed
frames (compose.engine._streams.frames) and writes stdin, with a half-close for EOF.
"""

from __future__ import annotations

import base64
import contextlib
import json
import socket
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from compose.engine import _parse, _streams
from compose.engine._http import raise_for
from compose.engine.port import Attachment, ExecState, PathStat, ProcessList, StatsSample, Stream
from compose.errors import EngineConflict, EngineError, EngineNotFound, EngineUnavailable
from compose.model.labels import PROJECT
from compose.plan.observed import ObservedContainer, ObservedNetwork, ObservedVolume

if TYPE_CHECKING:
    from compose.engine._http import HttpTransport, _Connection


class SocketAttachment:
    """A hijacked Engine API connection: multiplexed output in, raw stdin out."""

    def __init__(self, sock: socket.socket, *, tty: bool, initial: bytes = b"", keep: object = None) -> None:
        sock.settimeout(None)  # a session lasts as long as the process: no client-side timeout
        self._sock = sock
        self._tty = tty
        self._initial = initial
        self._keep = keep  # the HTTP response owning the socket must outlive it
        self._closed = False

    @property
    def tty(self) -> bool:
        return self._tty

    def _chunks(self) -> Iterator[bytes]:
        if self._initial:
            yield self._initial
        while True:
            try:
                data = self._sock.recv(65536)
            except OSError:
                if self._closed:
                    return
                raise
            if not data:
                return
            yield data

    def output(self) -> Iterator[tuple[str, bytes]]:
        return _streams.frames(self._chunks(), tty=self._tty)

    def write(self, data: bytes) -> None:
        self._sock.sendall(data)

    def close_input(self) -> None:
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_WR)

    def close(self) -> None:
        self._closed = True
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self._sock.close()


class EngineCommands:
    """DockerEngine's methods for issue 5's commands (see the Engine port for their contracts)."""

    _raw: Any

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

    # -- the primitives: how DockerEngine reaches the engine. FastEngine has a standard-library
    # transport (``_http``); DockerEngine itself the docker SDK's low-level client (``_raw``).
    def _json_call(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
                   body: Any = None, resource: str = "", timeout: float | None = -1.0) -> Any:
        http = getattr(self, "_http", None)
        if http is not None:
            return http.request(method, path, params=params, body=body, timeout=timeout, resource=resource).json()
        from compose.engine.docker import map_docker_errors

        kwargs: dict[str, Any] = {"params": _sdk_params(params)}
        if timeout != -1.0:
            kwargs["timeout"] = timeout
        url = self._raw._url(_escape(path))
        with map_docker_errors(resource):
            if method == "GET":
                response = self._raw._get(url, **kwargs)
            elif body is not None:
                response = self._raw._post_json(url, data=body, **kwargs)
            else:
                response = self._raw._post(url, **kwargs)
            self._raw._raise_for_status(response)
        try:
            return response.json() if response.content else None
        except ValueError:
            return None

    def _byte_stream(self, path: str, *, params: Mapping[str, Any],
                     resource: str = "") -> tuple[Iterable[bytes], Callable[[], None]]:
        http = getattr(self, "_http", None)
        if http is not None:
            stream = http.stream("GET", path, params=params, resource=resource)
            return stream, stream.close
        from compose.engine.docker import _closer, map_docker_errors

        with map_docker_errors(resource):
            response = self._raw._get(self._raw._url(_escape(path)), params=_sdk_params(params), stream=True,
                                      timeout=None)
            self._raw._raise_for_status(response)
        return _chunks(response, resource), _closer(response)

    def _exchange(self, method: str, path: str, params: Mapping[str, Any], *, data: bytes | None = None,
                  headers: Mapping[str, str] | None = None, resource: str = "") -> _Exchange:
        """A request whose answer's headers matter (archives)."""
        http: HttpTransport | None = getattr(self, "_http", None)
        if http is not None:
            connection, status, answer = _open(http, method, path, params, data=data, headers=headers)
            return _Exchange(status, answer, connection.body(status, answer) if method != "HEAD" else iter(()),
                             connection.close, resource)
        from compose.engine.docker import map_docker_errors

        url = self._raw._url(_escape(path))
        with map_docker_errors(resource):
            response = self._raw.request(method, url, params=_sdk_params(params), data=data,
                                         headers=dict(headers or {}), stream=True, timeout=None)
        return _Exchange(int(response.status_code), {k.lower(): v for k, v in response.headers.items()},
                         _chunks(response, resource), response.close, resource)

    def _archive_stream(self, id: str, path: str) -> tuple[Iterable[bytes], Callable[[], None], Mapping[str, str]]:
        exchange = self._exchange("GET", f"/containers/{id}/archive", {"path": path}, resource=f"container:{id}")
        exchange.check(f"Could not find the file {path} in container {id}")
        return exchange.chunks(), exchange.close, exchange.headers

    def _archive_call(self, method: str, id: str, path: str, *, data: bytes | None = None,
                      copy_uid_gid: bool = False) -> tuple[bytes, Mapping[str, str]]:
        params: dict[str, Any] = {"path": path}
        if copy_uid_gid:
            params["copyUIDGID"] = 1
        headers = {"Content-Type": "application/x-tar"} if data is not None else {}
        exchange = self._exchange(method, f"/containers/{id}/archive", params, data=data, headers=headers,
                                  resource=f"container:{id}")
        try:
            exchange.check(f"Could not find the file {path} in container {id}")
            return b"".join(exchange.chunks()) if method != "HEAD" else b"", exchange.headers
        finally:
            exchange.close()

    def _hijack(self, path: str, *, params: Mapping[str, Any], body: Any, tty: bool) -> Attachment:
        """Take over the connection of ``POST path`` (attach, exec start)."""
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Connection": "Upgrade", "Upgrade": "tcp"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        http: HttpTransport | None = getattr(self, "_http", None)
        if http is None:
            return self._hijack_sdk(path, params=params, data=data, headers=headers, tty=tty)
        connection, status, answer = _open(http, "POST", path, params, data=data, headers=headers)
        if status >= 300 and status != 101:
            payload = b"".join(connection.body(status, answer))
            connection.close()
            raise_for(status, payload)
        # what the engine sent right after its answer's head is already the stream
        return SocketAttachment(connection.sock, tty=tty, initial=connection._buffer)

    def _hijack_sdk(self, path: str, *, params: Mapping[str, Any], data: bytes | None,
                    headers: Mapping[str, str], tty: bool) -> Attachment:
        from compose.engine.docker import map_docker_errors

        url = self._raw._url(_escape(path))
        with map_docker_errors():
            response = self._raw._post(url, params=_sdk_params(params), data=data, headers=dict(headers),
                                       stream=True)
            self._raw._raise_for_status(response)
            sock = self._raw._get_raw_response_socket(response)
        return SocketAttachment(getattr(sock, "_sock", sock), tty=tty, keep=(response, sock))


class _Exchange:
    """One HTTP exchange whose status, headers (lower-case names) and body chunks are read separately."""

    def __init__(self, status: int, headers: Mapping[str, str], chunks: Iterator[bytes],
                 close: Callable[[], None], resource: str) -> None:
        self.status = status
        self.headers = headers
        self._chunks = chunks
        self.close = close
        self._resource = resource

    def check(self, not_found: str) -> None:
        """Raise the ``EngineError`` of a failed exchange (and close it)."""
        if self.status < 400:
            return
        body = b"".join(self._chunks)
        self.close()
        message = _message(body) or (not_found if self.status == 404 else f"the engine answered HTTP {self.status}")
        kind = EngineNotFound if self.status == 404 else EngineConflict if self.status == 409 else EngineError
        raise kind(message, status=self.status, resource=self._resource)

    def chunks(self) -> Iterator[bytes]:
        return self._chunks


def _open(http: HttpTransport, method: str, path: str, params: Mapping[str, Any], *, data: bytes | None,
          headers: Mapping[str, str] | None) -> tuple[_Connection, int, dict[str, str]]:
    """Send one request on a connection of its own; the connection, the status and the headers."""
    from compose.engine._http import query

    try:
        connection = http._connect(None)
    except OSError as exc:
        raise EngineUnavailable(f"no Docker Engine answers at {http.host} ({exc})") from exc
    try:
        sent = {"Host": "docker", "User-Agent": "pycompose", **(headers or {})}
        if data is not None:
            sent.setdefault("Content-Type", "application/x-tar")
        connection.send(method, f"/v{http.api_version}{path}{query(params)}", sent, data if data is not None
                        else (b"" if method in ("POST", "PUT") else None))
        status, answer = connection.head()
    except OSError as exc:
        connection.close()
        raise EngineUnavailable(f"lost the connection to the Docker Engine: {exc}") from exc
    return connection, status, answer


def _message(body: bytes) -> str:
    try:
        return str(json.loads(body).get("message", "")) if body else ""
    except (ValueError, AttributeError):
        return body.decode("utf-8", errors="replace").strip()


def _escape(path: str) -> str:
    """docker-py's ``_url`` formats its argument: braces of a literal path must be doubled."""
    return path.replace("{", "{{").replace("}", "}}")


def _sdk_params(params: Mapping[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in (params or {}).items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = int(value)
        elif isinstance(value, Mapping):
            value = json.dumps({k: list(v) for k, v in value.items()})
        out[key] = value
    return out


def _chunks(response: Any, resource: str) -> Iterator[bytes]:
    from compose.engine.docker import map_docker_errors

    with map_docker_errors(resource):
        yield from response.iter_content(chunk_size=None)


def json_lines(chunks: Iterable[bytes]) -> Iterator[dict[str, Any]]:
    """Newline-delimited JSON objects, however the chunks cut them."""
    buffer = b""
    for chunk in chunks:
        buffer += chunk
        *complete, buffer = buffer.split(b"\n")
        for line in complete:
            if line.strip():
                yield json.loads(line)
    if buffer.strip():
        yield json.loads(buffer)


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
