"""Blocking streams of the Engine API (events, logs) that another thread can close."""

from __future__ import annotations

import contextlib
import json
import struct
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from compose.engine import _parse
from compose.engine.port import EngineEvent, LogLine

_HEADER = 8
_STREAMS = {0: "stdout", 1: "stdout", 2: "stderr"}


class ClosableStream:
    """Iterates ``items`` until exhausted or ``close()``d; errors after a close end the iteration quietly."""

    def __init__(self, items: Iterable[Any], closer: Callable[[], None]) -> None:
        self._items = items
        self._closer = closer
        self._closed = threading.Event()

    def __iter__(self) -> Iterator[Any]:
        try:
            yield from self._items
        except Exception:
            if not self._closed.is_set():
                raise

    def close(self) -> None:
        if self._closed.is_set():
            return
        self._closed.set()
        with contextlib.suppress(Exception):  # the socket may already be gone
            self._closer()


def events(chunks: Iterable[bytes]) -> Iterator[EngineEvent]:
    """``GET /events`` is a stream of JSON objects, one per line (chunk boundaries are arbitrary)."""
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
                yield _parse.event(json.loads(line))
    if buffer.strip():
        yield _parse.event(json.loads(bytes(buffer)))


def frames(chunks: Iterable[bytes], *, tty: bool) -> Iterator[tuple[str, bytes]]:
    """The payloads of a multiplexed log stream (8-byte header per frame), or raw bytes of a TTY."""
    if tty:
        for chunk in chunks:
            yield "stdout", chunk
        return
    buffer = bytearray()  # consumed from the front: linear however large the frames
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= _HEADER:
            kind, size = struct.unpack_from(">BxxxL", buffer)
            if len(buffer) < _HEADER + size:
                break
            payload = bytes(buffer[_HEADER : _HEADER + size])
            del buffer[: _HEADER + size]
            yield _STREAMS.get(kind, "stdout"), payload


def lines(framed: Iterable[tuple[str, bytes]], *, timestamps: bool) -> Iterator[LogLine]:
    """Split frames into lines, per stream; a last line without newline is still yielded."""
    pending: dict[str, bytes] = {}
    for stream, data in framed:
        text = pending.pop(stream, b"") + data
        *complete, rest = text.split(b"\n")
        if rest:
            pending[stream] = rest
        for raw in complete:
            yield _line(stream, raw, timestamps)
    for stream, raw in pending.items():
        yield _line(stream, raw, timestamps)


def _line(stream: str, raw: bytes, timestamps: bool) -> LogLine:
    text = raw.decode("utf-8", errors="replace").rstrip("\r")
    if timestamps:
        stamp, _, rest = text.partition(" ")
        return LogLine(stream=stream, text=rest, timestamp=stamp)
    return LogLine(stream=stream, text=text)
