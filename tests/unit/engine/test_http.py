"""The stdlib Engine API transport against a tiny HTTP server on a unix socket (no Docker)."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

from compose.engine._http import HttpTransport, query, raise_for
from compose.errors import EngineConflict, EngineError, EngineNotFound, EngineUnavailable

Handler = Callable[[bytes], bytes | Iterable[bytes]]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, list[bytes], list[Handler]]]:
    """A unix-socket server answering each connection with the next handler's bytes."""
    path = str(tmp_path / "engine.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(8)
    requests: list[bytes] = []
    handlers: list[Handler] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(65536)
            head, _, body = data.partition(b"\r\n\r\n")
            length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                           if line.lower().startswith(b"content-length")), 0)
            while len(body) < length:
                body += conn.recv(65536)
            requests.append(head + b"\r\n\r\n" + body)
            answer = handlers.pop(0)(data)
            with contextlib.suppress(OSError):
                for piece in [answer] if isinstance(answer, bytes) else answer:
                    conn.sendall(piece)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"unix://{path}", requests, handlers
    listener.close()


def reply(status: int, body: bytes, *, chunked: bool = False, headers: str = "") -> Handler:
    def answer(_: bytes) -> bytes:
        if chunked:
            framed = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in (body[:5], body[5:]) if c) + b"0\r\n\r\n"
            return b"HTTP/1.1 %d X\r\nTransfer-Encoding: chunked\r\n%s\r\n%s" % (status, headers.encode(), framed)
        return b"HTTP/1.1 %d X\r\nContent-Length: %d\r\n%s\r\n%s" % (status, len(body), headers.encode(), body)

    return answer


def test_negotiates_the_lower_version_and_sends_json(server: tuple[str, list[bytes], list[Handler]]) -> None:
    host, requests, handlers = server
    handlers += [reply(200, b"OK", headers="Api-Version: 1.41\r\n"), reply(201, b'{"Id": "abc"}', chunked=True)]
    transport = HttpTransport(host)
    assert transport.negotiate() == "1.41"
    created = transport.request("POST", "/networks/create", body={"Name": "n"})
    assert created.status == 201 and created.json() == {"Id": "abc"}
    assert requests[0].startswith(b"GET /_ping HTTP/1.1\r\n")
    assert requests[1].startswith(b"POST /v1.41/networks/create HTTP/1.1\r\n")
    assert requests[1].endswith(b'{"Name": "n"}')


def test_a_ping_without_version_falls_back_to_version(server: tuple[str, list[bytes], list[Handler]]) -> None:
    host, requests, handlers = server
    handlers += [reply(200, b"OK"), reply(200, b'{"ApiVersion": "1.40"}')]
    assert HttpTransport(host).negotiate() == "1.40"
    assert requests[1].startswith(b"GET /version HTTP/1.1\r\n")


def test_newer_engines_are_spoken_to_in_our_newest_version(server: tuple[str, list[bytes], list[Handler]]) -> None:
    host, _, handlers = server
    handlers.append(reply(200, b"OK", headers="API-Version: 1.51\r\n"))
    assert HttpTransport(host).negotiate() == "1.47"


@pytest.mark.parametrize(
    ("status", "kind"), [(404, EngineNotFound), (409, EngineConflict), (500, EngineError)]
)
def test_errors_carry_the_engine_message(server: tuple[str, list[bytes], list[Handler]], status: int,
                                         kind: type) -> None:
    host, _, handlers = server
    handlers.append(reply(status, b'{"message": "No such container: x"}'))
    with pytest.raises(kind, match="No such container: x") as caught:
        HttpTransport(host).request("GET", "/containers/x/json")
    assert caught.value.status == status


def test_not_modified_is_accepted_when_asked(server: tuple[str, list[bytes], list[Handler]]) -> None:
    host, _, handlers = server
    handlers.append(lambda _: b"HTTP/1.1 304 Not Modified\r\n\r\n")
    assert HttpTransport(host).request("POST", "/containers/x/start", ok=(304,)).status == 304


def test_body_until_the_connection_closes(server: tuple[str, list[bytes], list[Handler]]) -> None:
    host, _, handlers = server
    handlers.append(lambda _: b"HTTP/1.0 200 OK\r\n\r\n" + json.dumps([1, 2]).encode())
    assert HttpTransport(host).request("GET", "/x").json() == [1, 2]


def test_stream_yields_chunks_and_closes_from_another_thread(
        server: tuple[str, list[bytes], list[Handler]]) -> None:
    host, _, handlers = server
    release = threading.Event()
    handlers.append(reply(200, b'{"a":1}\n{"b":2}\n', chunked=True))
    chunks = list(HttpTransport(host).stream("GET", "/events"))
    assert b"".join(chunks) == b'{"a":1}\n{"b":2}\n'

    def first_then_hang(_: bytes) -> Iterator[bytes]:
        yield b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n"
        release.wait(5)

    handlers.append(first_then_hang)
    stream = HttpTransport(host).stream("GET", "/events")
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.extend(stream))
    reader.start()
    threading.Timer(0.3, stream.close).start()
    reader.join(5)
    release.set()
    assert not reader.is_alive()
    assert got == [b"first"]


def test_no_engine_is_engine_unavailable(tmp_path: Path) -> None:
    with pytest.raises(EngineUnavailable, match="no Docker Engine answers"):
        HttpTransport(f"unix://{tmp_path}/none.sock").request("GET", "/_ping")


def test_query_encoding_and_error_without_json() -> None:
    assert query({"all": True, "filters": {"label": ["a=b"]}, "since": None}) == \
        "?all=1&filters=%7B%22label%22%3A+%5B%22a%3Db%22%5D%7D"
    with pytest.raises(EngineError, match="plain text"):
        raise_for(500, b"plain text")


def test_chunked_bodies_however_the_reads_cut_them(
        server: tuple[str, list[bytes], list[Handler]]) -> None:
    """Many small chunks, one larger than a read, bytes trickling in: the same body, linear buffers."""
    host, _, handlers = server
    payload = bytes(range(256)) * 9000  # ~2.3 MB
    pieces = [payload[:7], payload[7:100], payload[100:1_500_000], payload[1_500_000:]]
    framed = b"".join(b"%x;ext=1\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\nX-Trailer: 1\r\n\r\n"
    wire = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + framed

    def trickle(_: bytes) -> Iterator[bytes]:
        for start in range(0, 3999, 3):  # the head and first chunks three bytes at a time
            yield wire[start:start + 3]
        yield wire[3999:]

    handlers.append(trickle)
    stream = HttpTransport(host).exchange("GET", "/containers/x/archive")
    assert stream.status == 200
    assert stream.read() == payload
