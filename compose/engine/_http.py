"""Talking HTTP to the Engine with the standard library (unix socket or tcp, optional TLS).

Importing docker-py costs ~250 ms here (requests, urllib3), more than a whole no-op
``up`` of Docker Compose v2, and even ``http.client`` pulls in the email package, so
this is HTTP/1.1 on a plain socket: a fresh connection per call (``Connection:
close``; connecting to a unix socket costs microseconds), JSON in and out, bodies
sized, chunked or read to the end, and streams (events, logs) on their own
connection that another thread can shut down. Hosts only docker-py can reach (``ssh://``, named pipes) are
served by DockerEngine itself (compose/engine/fast.py ``engine_for``).
Every failure is an ``EngineError``: 404 ``EngineNotFound``, 409 ``EngineConflict``,
no answer ``EngineUnavailable``.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence

from compose._record import record
from compose.errors import EngineConflict, EngineError, EngineNotFound, EngineUnavailable

TYPE_CHECKING = False  # typing and urllib.parse (~11 ms here) are not needed to replay a no-op up's calls
if TYPE_CHECKING:
    import socket
    import ssl
    from typing import IO, Any

DEFAULT_HOST = "unix:///var/run/docker.sock"
HEADERS = {"Host": "docker", "User-Agent": "pycompose", "Connection": "close"}
MAX_API_VERSION = "1.47"
"""The newest Engine API this code speaks (the translation knows features up to it)."""


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


def raise_for(status: int, body: bytes, resource: str = "") -> None:
    """The ``EngineError`` of an error response (the engine's JSON ``message`` when it sent one)."""
    try:
        message = str(json.loads(body).get("message", "")) if body else ""
    except (ValueError, AttributeError):
        message = body.decode("utf-8", errors="replace").strip()
    message = message or f"the engine answered HTTP {status}"
    if status == 404:
        raise EngineNotFound(message, status=status, resource=resource)
    if status == 409:
        raise EngineConflict(message, status=status, resource=resource)
    raise EngineError(message, status=status, resource=resource)


class _Connection:
    """One HTTP/1.1 exchange on a socket (``Connection: close``): request out, status and body in."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self._buffer = b""
        self._eof = False

    def _fill(self) -> bool:
        data = self.sock.recv(65536)
        if not data:
            self._eof = True
            return False
        self._buffer += data
        return True

    def _line(self) -> bytes:
        while b"\r\n" not in self._buffer:
            if not self._fill():
                raise ConnectionError("the engine closed the connection mid-response")
        line, _, self._buffer = self._buffer.partition(b"\r\n")
        return line

    def _exactly(self, size: int) -> bytes:
        while len(self._buffer) < size:
            if not self._fill():
                raise ConnectionError("the engine closed the connection mid-response")
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def send(self, method: str, url: str, headers: Mapping[str, str], payload: bytes | None) -> None:
        lines = [f"{method} {url} HTTP/1.1", *(f"{k}: {v}" for k, v in headers.items())]
        if payload is not None:
            lines.append(f"Content-Length: {len(payload)}")
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (payload or b""))

    def send_file(self, method: str, url: str, headers: Mapping[str, str], upload: IO[bytes] | None,
                  size: int) -> None:
        """A request whose body is read from ``upload`` (a build context) as it is sent."""
        lines = [f"{method} {url} HTTP/1.1", *(f"{k}: {v}" for k, v in headers.items()),
                 f"Content-Length: {size if upload is not None else 0}"]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        while upload is not None and (block := upload.read(65536)):
            self.sock.sendall(block)

    def head(self) -> tuple[int, dict[str, str]]:
        status_line = self._line().decode("latin-1")
        parts = status_line.split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/"):
            raise ConnectionError(f"not an HTTP response: {status_line!r}")
        headers: dict[str, str] = {}
        while True:
            line = self._line()
            if not line:
                break
            key, _, value = line.decode("latin-1").partition(":")
            headers[key.strip().lower()] = value.strip()
        return int(parts[1]), headers

    def body(self, status: int, headers: Mapping[str, str]) -> Iterator[bytes]:
        """The body as it arrives: chunked, sized, or up to the end of the connection."""
        if status in (204, 304) or 100 <= status < 200:
            return
        if headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int(self._line().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    return
                yield self._exactly(size)
                self._exactly(2)
        elif "content-length" in headers:
            remaining = int(headers["content-length"])
            while remaining > 0:
                if not self._buffer and not self._fill():
                    raise ConnectionError("the engine closed the connection mid-response")
                data, self._buffer = self._buffer[:remaining], self._buffer[remaining:]
                remaining -= len(data)
                yield data
        else:
            while True:
                if self._buffer:
                    data, self._buffer = self._buffer, b""
                    yield data
                if self._eof or not self._fill():
                    return

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()


class HttpTransport:
    """The Engine API over ``unix://`` or ``tcp://`` (``https`` with a TLS context)."""

    def __init__(self, host: str, *, tls: ssl.SSLContext | None = None, timeout: float = 120.0) -> None:
        self.host = host
        self._tls = tls
        self._timeout = timeout
        from urllib.parse import urlsplit

        parts = urlsplit(host)
        self._scheme = parts.scheme
        if parts.scheme == "unix":
            self._socket_path = parts.path or (parts.netloc and "/" + parts.netloc) or "/var/run/docker.sock"
        elif parts.scheme in ("tcp", "http", "https"):
            self._address = (parts.hostname or "localhost", parts.port or (2376 if tls else 2375))
        else:
            raise EngineUnavailable(f"unsupported Docker host {host!r}")
        self.api_version = MAX_API_VERSION
        self.tap: list[tuple[str, int, bytes]] | None = None
        """When a list: every ``request`` is noted in it, (url, status, body) (compose/engine/snapshot.py)."""

    @property
    def socket_path(self) -> str | None:
        """The engine's unix socket, None for a tcp host."""
        return self._socket_path if self._scheme == "unix" else None

    def _connect(self, timeout: float | None) -> _Connection:
        if self._scheme == "unix":
            import socket

            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            sock.connect(self._socket_path)
        else:
            import socket

            sock = socket.create_connection(self._address, timeout=timeout)
            if self._tls is not None:
                sock = self._tls.wrap_socket(sock, server_hostname=self._address[0])
        return _Connection(sock)

    def negotiate(self) -> str:
        """Ask the engine its API version (the call that proves it answers); use min(its, ours).

        The ``Api-Version`` header of ``/_ping``, as the docker CLI reads it (~1 ms here; ``/version``
        asks containerd too, ~10 ms); ``/version``'s body when a ping does not say.
        """
        status, headers, _ = self._roundtrip("GET", "/_ping", None, None, "application/json", self._timeout)
        server = headers.get("api-version", "") if status < 400 else ""
        if not server:
            response = self.request("GET", "/version", versioned=False)
            server = str((response.json() or {}).get("ApiVersion", "1.24"))
        self.api_version = min(server, MAX_API_VERSION, key=_version_key)
        return self.api_version

    def _url(self, path: str, params: Mapping[str, Any] | None, versioned: bool) -> str:
        prefix = f"/v{self.api_version}" if versioned else ""
        return prefix + path + query(params)

    def _exchange(self, method: str, url: str, body: Any, data: bytes | None, content_type: str,
                  timeout: float | None) -> tuple[_Connection, int, dict[str, str]]:
        payload = data if data is not None else (json.dumps(body).encode() if body is not None else None)
        headers = dict(HEADERS)
        if payload is not None:
            headers["Content-Type"] = content_type
        try:
            connection = self._connect(timeout)
        except OSError as exc:
            raise EngineUnavailable(f"no Docker Engine answers at {self.host} ({exc}); start one, "
                                    "e.g. scripts/ensure-engine") from exc
        try:
            connection.send(method, url, headers, payload)
            status, response_headers = connection.head()
        except OSError as exc:
            connection.close()
            raise EngineUnavailable(f"lost the connection to the Docker Engine: {exc}") from exc
        return connection, status, response_headers

    def request(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
                body: Any = None, data: bytes | None = None, content_type: str = "application/json",
                timeout: float | None = -1.0, ok: tuple[int, ...] = (), versioned: bool = True,
                resource: str = "") -> Response:
        """One call; ``timeout`` None waits forever (wait, stop), -1 is the default."""
        limit = self._timeout if timeout == -1.0 else timeout
        url = self._url(path, params, versioned)
        status, _, payload = self._roundtrip(method, url, body, data, content_type, limit)
        if self.tap is not None:
            self.tap.append((url, status, payload))
        if status >= 400 and status not in ok:
            raise_for(status, payload, resource)
        return Response(status, payload)

    def _roundtrip(self, method: str, url: str, body: Any, data: bytes | None, content_type: str,
                   timeout: float | None) -> tuple[int, dict[str, str], bytes]:
        """Status, headers and the whole body of one call."""
        connection, status, headers = self._exchange(method, url, body, data, content_type, timeout)
        try:
            payload = b"".join(connection.body(status, headers))
        except OSError as exc:
            raise EngineUnavailable(f"lost the connection to the Docker Engine: {exc}") from exc
        finally:
            connection.close()
        return status, headers, payload

    def stream(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
               body: Any = None, resource: str = "") -> _Stream:
        """A response read as it comes (events, logs, pull progress); no timeout."""
        connection, status, headers = self._exchange(method, self._url(path, params, True), body, None,
                                                     "application/json", None)
        if status >= 400:
            payload = b"".join(connection.body(status, headers))
            connection.close()
            raise_for(status, payload, resource)
        return _Stream(connection, connection.body(status, headers))

    def send_stream(self, method: str, path: str, *,
                    params: Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None,
                    headers: Mapping[str, str] | None = None, upload: IO[bytes] | None = None, size: int = 0,
                    content_type: str = "application/x-tar", resource: str = "") -> _Stream:
        """A streamed response to a request with extra headers and perhaps a file body (builds, pushes)."""
        sent = {**HEADERS, **(headers or {})}
        if upload is not None:
            sent["Content-Type"] = content_type
        try:
            connection = self._connect(None)
        except OSError as exc:
            raise EngineUnavailable(f"no Docker Engine answers at {self.host} ({exc})") from exc
        try:
            connection.send_file(method, self._url(path, None, True) + query(params), sent, upload, size)
            status, response_headers = connection.head()
        except OSError as exc:
            connection.close()
            raise EngineUnavailable(f"lost the connection to the Docker Engine: {exc}") from exc
        if status >= 400:
            payload = b"".join(connection.body(status, response_headers))
            connection.close()
            raise_for(status, payload, resource)
        return _Stream(connection, connection.body(status, response_headers))

    def close(self) -> None:
        pass


class _Stream:
    """Chunks of a streamed response; ``close()`` from another thread ends a blocked read."""

    def __init__(self, connection: _Connection, chunks: Iterator[bytes]) -> None:
        self._connection = connection
        self._chunks = chunks
        self._closed = False

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._chunks
        except (OSError, ValueError) as exc:
            if not self._closed:
                raise EngineUnavailable(f"lost the engine's stream: {exc}") from exc
        finally:
            self._connection.close()

    def close(self) -> None:
        self._closed = True
        with contextlib.suppress(OSError):
            import socket

            self._connection.sock.shutdown(socket.SHUT_RDWR)


def _version_key(version: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in version.split("."))
    except ValueError:
        return (0,)


def tls_context(env: Mapping[str, str]) -> ssl.SSLContext | None:
    """DOCKER_TLS_VERIFY / DOCKER_CERT_PATH as the docker CLI reads them; None without TLS."""
    if env.get("DOCKER_TLS_VERIFY", "") in ("", "0") and not env.get("DOCKER_CERT_PATH"):
        return None
    import ssl

    certs = env.get("DOCKER_CERT_PATH") or os.path.join(os.path.expanduser("~"), ".docker")
    verify = env.get("DOCKER_TLS_VERIFY", "") not in ("", "0")
    context = ssl.create_default_context(cafile=os.path.join(certs, "ca.pem") if verify else None)
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    cert, key = os.path.join(certs, "cert.pem"), os.path.join(certs, "key.pem")
    if os.path.exists(cert) and os.path.exists(key):
        context.load_cert_chain(cert, key)
    return context
