"""The one transport to the Engine: HTTP/1.1 over a stream connection, pooled, streamed.

A *channel* is a byte stream to dockerd (compose/engine/_channels.py): a unix socket,
a tcp socket (perhaps TLS), or the pipes of ``ssh host -- docker system dial-stdio``.
On it a ``Connection`` speaks HTTP/1.1: a request out, the head in, the body as it
arrives (sized, chunked, or to the end). Buffers are ``bytearray``s consumed from the
front (amortised O(1) in CPython), and large bodies are read straight off the channel,
so a 64 MiB archive costs one pass. ``HttpTransport`` keeps idle keep-alive connections
in a thread-safe pool (the executor calls from worker threads) and offers: ``request``
(a whole answer), ``stream`` / ``send_stream`` / ``exchange`` (bodies as chunks), and
``hijack`` (attach, exec: the channel itself after the answer's head). Every failure is
an ``EngineError``: 404 ``EngineNotFound``, 409 ``EngineConflict``, no answer
``EngineUnavailable``. Importing this costs no ssl, subprocess or http.client.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Mapping, Sequence

from compose._record import record
from compose.engine._channels import Channel, open_channel, parse_host
from compose.errors import EngineConflict, EngineError, EngineNotFound, EngineUnavailable

TYPE_CHECKING = False  # typing and urllib.parse (~11 ms here) are not needed to replay a no-op up's calls
if TYPE_CHECKING:
    import ssl
    from typing import IO, Any

DEFAULT_HOST = "unix:///var/run/docker.sock"
HEADERS = {"Host": "docker", "User-Agent": "pycompose"}
MAX_API_VERSION = "1.47"
"""The newest Engine API this code speaks (the translation knows features up to it)."""
_READ = 1048576
_MAX_IDLE = 8


@record
class Response:
    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


def query(params: Mapping[str, Any] | Sequence[tuple[str, Any]] | None) -> str:
    """The query string; a sequence of pairs may repeat a key (``t`` of a build)."""
    if not params:
        return ""
    items = []
    for key, value in (params.items() if isinstance(params, Mapping) else params):
        if value is None:
            continue
        if isinstance(value, bool):
            value = int(value)
        elif isinstance(value, Mapping):
            value = json.dumps({k: list(v) for k, v in value.items()})
        items.append((key, str(value)))
    from urllib.parse import urlencode

    return "?" + urlencode(items) if items else ""


def path_part(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="/:@")


def raise_for(status: int, body: bytes, resource: str = "", not_found: str = "") -> None:
    """The ``EngineError`` of an error response (the engine's JSON ``message`` when it sent one)."""
    try:
        message = str(json.loads(body).get("message", "")) if body else ""
    except (ValueError, AttributeError):
        message = body.decode("utf-8", errors="replace").strip()
    message = message or (not_found if status == 404 and not_found else f"the engine answered HTTP {status}")
    if status == 404:
        raise EngineNotFound(message, status=status, resource=resource)
    if status == 409:
        raise EngineConflict(message, status=status, resource=resource)
    raise EngineError(message, status=status, resource=resource)


class Connection:
    """HTTP/1.1 on one channel: requests out, heads and bodies in; reusable while both sides keep it."""

    def __init__(self, channel: Channel) -> None:
        self.channel = channel
        self.buffer = bytearray()
        """Bytes received and not yet consumed (after a hijack: the stream's first bytes)."""
        self.reusable = True
        self.method = ""
        self.received = False
        """Whether any byte of an answer arrived (a reused connection that fails before may be retried)."""

    def _fill(self) -> None:
        data = self.channel.recv(_READ)
        if not data:
            self.reusable = False
            raise ConnectionError("the engine closed the connection mid-response")
        self.received = True
        self.buffer += data

    def _take(self, size: int) -> bytes:
        with memoryview(self.buffer) as view:  # one copy (a slice of the bytearray would be two)
            data = bytes(view[:size])
        del self.buffer[:size]
        return data

    def _line(self) -> bytes:
        start = 0
        while (end := self.buffer.find(b"\r\n", start)) < 0:
            start = max(0, len(self.buffer) - 1)
            self._fill()
        line = self._take(end)
        del self.buffer[:2]
        return line

    def _exactly(self, size: int) -> Iterator[bytes]:
        """``size`` bytes as they come: what is buffered, then straight off the channel."""
        if self.buffer:
            data = self._take(min(size, len(self.buffer)))
            size -= len(data)
            yield data
        while size > 0:
            data = self.channel.recv(min(size, _READ))
            if not data:
                self.reusable = False
                raise ConnectionError("the engine closed the connection mid-response")
            size -= len(data)
            yield data

    def _chunked(self) -> Iterator[bytes]:
        """A chunked body: the chunks already received are yielded together (one bytes object per
        read, not per chunk), a chunk larger than what arrived is read straight off the channel."""
        buffer = self.buffer
        while True:
            spans: list[tuple[int, int]] = []
            pos = 0
            while (end := buffer.find(b"\r\n", pos)) >= 0:
                size = int(bytes(buffer[pos:end]).split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    if spans:
                        yield self._gather(spans, pos)
                    else:
                        del buffer[:pos]
                    self._line()  # the zero chunk's line
                    while self._line():  # trailers, up to the empty line
                        pass
                    return
                if len(buffer) < end + 2 + size + 2:
                    break
                spans.append((end + 2, end + 2 + size))
                pos = end + 2 + size + 2
            if spans:
                yield self._gather(spans, pos)
                continue
            if end >= 0 and size > _READ:  # a large chunk: its head, then the payload as it comes
                del buffer[: end + 2]
                yield from self._exactly(size)
                while len(buffer) < 2:
                    self._fill()
                del buffer[:2]
                continue
            self._fill()

    def _gather(self, spans: list[tuple[int, int]], consumed: int) -> bytes:
        with memoryview(self.buffer) as view:
            data = b"".join([view[start:end] for start, end in spans])
        del self.buffer[:consumed]
        return data

    def send(self, method: str, url: str, headers: Mapping[str, str], payload: bytes | None = None,
             upload: IO[bytes] | None = None, size: int = 0) -> None:
        """The request; the body is ``payload``, or ``size`` bytes read from ``upload`` as they are sent."""
        self.received = False
        self.method = method
        lines = [f"{method} {url} HTTP/1.1", *(f"{k}: {v}" for k, v in headers.items())]
        if payload is not None:
            lines.append(f"Content-Length: {len(payload)}")
        elif upload is not None or method in ("POST", "PUT"):
            lines.append(f"Content-Length: {size if upload is not None else 0}")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        if payload is not None and len(payload) < 65536:
            self.channel.sendall(head + payload)
            return
        self.channel.sendall(head)
        if payload is not None:
            self.channel.sendall(payload)
        while upload is not None and (block := upload.read(_READ)):
            self.channel.sendall(block)

    def head(self) -> tuple[int, dict[str, str]]:
        status_line = self._line().decode("latin-1")
        parts = status_line.split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/"):
            self.reusable = False
            raise ConnectionError(f"not an HTTP response: {status_line!r}")
        headers: dict[str, str] = {}
        while line := self._line():
            key, _, value = line.decode("latin-1").partition(":")
            headers[key.strip().lower()] = value.strip()
        if parts[0] == "HTTP/1.0" or headers.get("connection", "").lower() == "close":
            self.reusable = False
        return int(parts[1]), headers

    def body(self, status: int, headers: Mapping[str, str]) -> Iterator[bytes]:
        """The body as it arrives: chunked, sized, or up to the end of the connection."""
        if status in (204, 304) or 100 <= status < 200 or self.method == "HEAD":
            return
        if headers.get("transfer-encoding", "").lower() == "chunked":
            yield from self._chunked()
        elif "content-length" in headers:
            yield from self._exactly(int(headers["content-length"]))
        else:
            self.reusable = False
            if self.buffer:
                yield self._take(len(self.buffer))
            while data := self.channel.recv(_READ):
                yield data

    def close(self) -> None:
        self.reusable = False
        self.channel.close()


class HttpTransport:
    """The Engine API at ``host`` (unix://, tcp://, http(s)://, ssh://), over pooled connections."""

    def __init__(self, host: str, *, tls: ssl.SSLContext | None = None, timeout: float = 120.0,
                 ssh_options: Sequence[str] = ()) -> None:
        self.host = host
        self._endpoint = parse_host(host, tls=tls is not None)
        self._tls = tls
        self._ssh_options = tuple(ssh_options)
        self._timeout = timeout
        self._idle: list[Connection] = []
        self._lock = threading.Lock()
        self.api_version = MAX_API_VERSION
        self.os_type = ""
        """The engine's ``Ostype`` (``linux``, ``windows``), from ``negotiate``'s ping; "" before."""
        self.tap: list[tuple[str, int, bytes]] | None = None
        """When a list: every ``request`` is noted in it, (url, status, body) (compose/engine/snapshot.py)."""

    @property
    def socket_path(self) -> str | None:
        """The engine's unix socket, None for another host."""
        return self._endpoint[1] if self._endpoint[0] == "unix" else None

    def _new(self, timeout: float | None) -> Connection:
        try:
            return Connection(open_channel(self._endpoint, self._tls, self._ssh_options, timeout))
        except OSError as exc:
            raise EngineUnavailable(f"no Docker Engine answers at {self.host} ({exc}); start one, "
                                    "e.g. scripts/ensure-engine") from exc

    def _pooled(self) -> Connection | None:
        with self._lock:
            while self._idle:
                connection = self._idle.pop()
                if connection.channel.idle_ok():
                    return connection
                connection.close()
        return None

    def release(self, connection: Connection) -> None:
        """Give back a connection whose answer was read to its end (closed when it cannot be reused)."""
        if connection.reusable and not connection.buffer:
            with self._lock:
                if len(self._idle) < _MAX_IDLE:
                    self._idle.append(connection)
                    return
        connection.close()

    def open(self, method: str, url: str, *, payload: bytes | None = None, headers: Mapping[str, str] | None = None,
             upload: IO[bytes] | None = None, size: int = 0,
             timeout: float | None = None) -> tuple[Connection, int, dict[str, str]]:
        """Send one request, read the answer's head: the connection (its body unread), status, headers.

        A pooled connection the engine closed meanwhile fails before any answer byte: the request is
        sent again on a new one (never a file upload, which is always sent on a new connection)."""
        sent = {**HEADERS, **(headers or {})}
        connection = self._pooled() if upload is None else None
        fresh = connection is None
        while True:
            if connection is None:
                connection = self._new(timeout)
            try:
                connection.channel.settimeout(timeout)
                connection.send(method, url, sent, payload, upload, size)
                status, answer = connection.head()
                return connection, status, answer
            except (OSError, ConnectionError) as exc:
                connection.close()
                if not fresh and not connection.received:
                    connection, fresh = None, True
                    continue
                if isinstance(exc, TimeoutError):
                    raise EngineUnavailable(f"the Docker Engine at {self.host} did not answer in time") from exc
                raise EngineUnavailable(f"lost the connection to the Docker Engine at {self.host}: {exc}") from exc

    def read_all(self, connection: Connection, status: int, headers: Mapping[str, str]) -> bytes:
        """The rest of an answer as one bytes object; the connection goes back to the pool."""
        try:
            payload = b"".join(connection.body(status, headers))
        except (OSError, ConnectionError) as exc:
            connection.close()
            raise EngineUnavailable(f"lost the connection to the Docker Engine: {exc}") from exc
        self.release(connection)
        return payload

    def negotiate(self) -> str:
        """Ask the engine its API version (the call that proves it answers); use min(its, ours).

        The ``Api-Version`` header of ``/_ping``, as the docker CLI reads it (~1 ms here; ``/version``
        asks containerd too, ~10 ms); ``/version``'s body when a ping does not say.
        """
        connection, status, headers = self.open("GET", "/_ping", timeout=self._timeout)
        self.read_all(connection, status, headers)
        server = headers.get("api-version", "") if status < 400 else ""
        self.os_type = headers.get("ostype", "") or "linux"
        if not server:
            response = self.request("GET", "/version", versioned=False)
            server = str((response.json() or {}).get("ApiVersion", "1.24"))
        self.api_version = min(server, MAX_API_VERSION, key=_version_key)
        return self.api_version

    def url(self, path: str, params: Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None,
            versioned: bool = True) -> str:
        prefix = f"/v{self.api_version}" if versioned else ""
        return prefix + path + query(params)

    def request(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
                body: Any = None, data: bytes | None = None, content_type: str = "application/json",
                timeout: float | None = -1.0, ok: tuple[int, ...] = (), versioned: bool = True,
                resource: str = "") -> Response:
        """One call, its answer read whole; ``timeout`` None waits forever (wait, stop), -1 is the default."""
        limit = self._timeout if timeout == -1.0 else timeout
        url = self.url(path, params, versioned)
        payload = data if data is not None else (json.dumps(body).encode() if body is not None else None)
        headers = {"Content-Type": content_type} if payload is not None else {}
        connection, status, answer = self.open(method, url, payload=payload, headers=headers, timeout=limit)
        content = self.read_all(connection, status, answer)
        if self.tap is not None:
            self.tap.append((url, status, content))
        if status >= 400 and status not in ok:
            raise_for(status, content, resource)
        return Response(status, content)

    def stream(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
               body: Any = None, resource: str = "") -> Stream:
        """A response read as it comes (events, logs, stats); no timeout."""
        payload = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"} if payload is not None else {}
        return self.exchange(method, path, params=params, payload=payload, headers=headers).checked(resource)

    def send_stream(self, method: str, path: str, *,
                    params: Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None,
                    headers: Mapping[str, str] | None = None, upload: IO[bytes] | None = None, size: int = 0,
                    content_type: str = "application/x-tar", resource: str = "") -> Stream:
        """A streamed response to a request with extra headers and perhaps a file body (builds, pushes)."""
        sent = dict(headers or {})
        if upload is not None:
            sent["Content-Type"] = content_type
        return self.exchange(method, path, params=params, headers=sent, upload=upload, size=size).checked(resource)

    def exchange(self, method: str, path: str, *, params: Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None,
                 payload: bytes | None = None, headers: Mapping[str, str] | None = None,
                 upload: IO[bytes] | None = None, size: int = 0) -> Stream:
        """A request whose answer's status, headers and body chunks are read separately; no timeout."""
        connection, status, answer = self.open(method, self.url(path, params), payload=payload, headers=headers,
                                               upload=upload, size=size)
        chunks = connection.body(status, answer)
        return Stream(self, connection, status, answer, chunks)

    def hijack(self, path: str, *, params: Mapping[str, Any], payload: bytes | None) -> Connection:
        """``POST path`` upgraded to a raw stream (attach, exec start): the connection, its buffer the
        stream's first bytes; it is never pooled again."""
        headers = {"Connection": "Upgrade", "Upgrade": "tcp"}
        if payload is not None:
            headers["Content-Type"] = "application/json"
        connection, status, answer = self.open("POST", self.url(path, params), payload=payload, headers=headers)
        if status >= 300 and status != 101:
            raise_for(status, self.read_all(connection, status, answer))
        connection.reusable = False
        connection.channel.settimeout(None)
        return connection

    def close(self) -> None:
        """Close the idle connections (those in use close when their answers end)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()


class Stream:
    """An answer whose body is read as chunks; ``close()`` from another thread ends a blocked read.

    Read to its end, the connection goes back to the pool; closed early, it is closed."""

    def __init__(self, transport: HttpTransport, connection: Connection, status: int, headers: Mapping[str, str],
                 chunks: Iterator[bytes]) -> None:
        self._transport = transport
        self._connection = connection
        self.status = status
        self.headers = headers
        self._chunks = chunks
        self._closed = False

    def checked(self, resource: str = "", not_found: str = "") -> Stream:
        """This stream, or the ``EngineError`` of a failed answer."""
        if self.status >= 400:
            raise_for(self.status, self._transport.read_all(self._connection, self.status, self.headers),
                      resource, not_found)
        return self

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._chunks
        except (OSError, ValueError, ConnectionError) as exc:
            self._connection.close()
            if not self._closed:
                raise EngineUnavailable(f"lost the engine's stream: {exc}") from exc
            return
        if self._closed:
            self._connection.close()
        else:
            self._transport.release(self._connection)

    def read(self) -> bytes:
        return b"".join(self)

    def close(self) -> None:
        """End the stream (from any thread): a blocked read returns, the connection is not reused."""
        if not self._closed:
            self._closed = True
            self._connection.reusable = False
            self._connection.channel.abort()


def _version_key(version: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in version.split("."))
    except ValueError:
        return (0,)
