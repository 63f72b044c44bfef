"""BuildKit's progress, as the engine streams it: the ``moby.buildkit.trace`` messages of ``/build?version=2``.

Each such message's ``aux`` is a base64-encoded protobuf ``StatusResponse`` of
BuildKit's control API (``api/services/control/control.proto``)::

    StatusResponse { repeated Vertex vertexes = 1; repeated VertexStatus statuses = 2;
                     repeated VertexLog logs = 3; repeated VertexWarning warnings = 4; }
    Vertex         { string digest = 1; repeated string inputs = 2; string name = 3; bool cached = 4;
                     Timestamp started = 5; Timestamp completed = 6; string error = 7; }
    VertexStatus   { string ID = 1; string vertex = 2; string name = 3; int64 current = 4;
                     int64 total = 5; Timestamp timestamp = 6; Timestamp started = 7;
                     Timestamp completed = 8; }
    VertexLog      { string vertex = 1; Timestamp timestamp = 2; int64 stream = 3; bytes msg = 4; }
    VertexWarning  { string vertex = 1; int64 level = 2; bytes short = 3; repeated bytes detail = 4;
                     string url = 5; ... }
    Timestamp      { int64 seconds = 1; int32 nanos = 2; }

Only these few messages are needed, so they are read here by a small decoder of the
protobuf wire format (varints and length-delimited fields; other wire types are
skipped) rather than with generated code: fields this module does not know are
ignored, as protobuf requires, so newer engines' additions do no harm.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator

from compose._record import record

__all__ = ["StatusUpdate", "TraceError", "Vertex", "VertexLog", "VertexStatus", "VertexWarning", "decode", "decode_aux"]


class TraceError(ValueError):
    """The bytes are not a ``StatusResponse`` (truncated, or not protobuf)."""


@record
class Vertex:
    digest: str
    name: str = ""
    inputs: tuple[str, ...] = ()
    cached: bool = False
    started: float | None = None
    """Seconds since the epoch; None while the vertex has not started."""
    completed: float | None = None
    error: str = ""


@record
class VertexStatus:
    """Progress of one part of a vertex: a transfer (``current``/``total`` bytes) or a named sub-step."""

    id: str
    vertex: str
    name: str = ""
    current: int = 0
    total: int = 0
    timestamp: float | None = None
    started: float | None = None
    completed: float | None = None


@record
class VertexLog:
    vertex: str
    data: bytes
    stream: int = 1
    """1 stdout, 2 stderr."""
    timestamp: float | None = None


@record
class VertexWarning:
    vertex: str
    short: str
    level: int = 0
    detail: tuple[str, ...] = ()
    url: str = ""


@record
class StatusUpdate:
    vertexes: tuple[Vertex, ...] = ()
    statuses: tuple[VertexStatus, ...] = ()
    logs: tuple[VertexLog, ...] = ()
    warnings: tuple[VertexWarning, ...] = ()


def decode_aux(aux: str) -> StatusUpdate:
    """The ``aux`` of a ``moby.buildkit.trace`` message (base64 text) -> its ``StatusUpdate``."""
    try:
        data = base64.b64decode(aux, validate=True)
    except ValueError as exc:
        raise TraceError(f"a build trace that is not base64: {exc}") from None
    return decode(data)


def decode(data: bytes) -> StatusUpdate:
    vertexes: list[Vertex] = []
    statuses: list[VertexStatus] = []
    logs: list[VertexLog] = []
    warnings: list[VertexWarning] = []
    for number, value in _fields(data):
        if not isinstance(value, bytes):
            continue
        if number == 1:
            vertexes.append(_vertex(value))
        elif number == 2:
            statuses.append(_status(value))
        elif number == 3:
            logs.append(_log(value))
        elif number == 4:
            warnings.append(_warning(value))
    return StatusUpdate(tuple(vertexes), tuple(statuses), tuple(logs), tuple(warnings))


def _vertex(data: bytes) -> Vertex:
    digest = name = error = ""
    inputs: list[str] = []
    cached = False
    started = completed = None
    for number, value in _fields(data):
        if number == 1:
            digest = _text(value)
        elif number == 2:
            inputs.append(_text(value))
        elif number == 3:
            name = _text(value)
        elif number == 4:
            cached = bool(value)
        elif number == 5:
            started = _time(value)
        elif number == 6:
            completed = _time(value)
        elif number == 7:
            error = _text(value)
    return Vertex(digest, name, tuple(inputs), cached, started, completed, error)


def _status(data: bytes) -> VertexStatus:
    texts = {1: "", 2: "", 3: ""}
    numbers = {4: 0, 5: 0}
    times: dict[int, float | None] = {6: None, 7: None, 8: None}
    for number, value in _fields(data):
        if number in texts:
            texts[number] = _text(value)
        elif number in numbers and isinstance(value, int):
            numbers[number] = _signed(value)
        elif number in times:
            times[number] = _time(value)
    return VertexStatus(texts[1], texts[2], texts[3], numbers[4], numbers[5], times[6], times[7], times[8])


def _log(data: bytes) -> VertexLog:
    vertex = ""
    msg = b""
    stream = 1
    stamp = None
    for number, value in _fields(data):
        if number == 1:
            vertex = _text(value)
        elif number == 2:
            stamp = _time(value)
        elif number == 3 and isinstance(value, int):
            stream = value
        elif number == 4 and isinstance(value, bytes):
            msg = value
    return VertexLog(vertex, msg, stream, stamp)


def _warning(data: bytes) -> VertexWarning:
    vertex = short = url = ""
    level = 0
    detail: list[str] = []
    for number, value in _fields(data):
        if number == 1:
            vertex = _text(value)
        elif number == 2 and isinstance(value, int):
            level = value
        elif number == 3:
            short = _text(value)
        elif number == 4:
            detail.append(_text(value))
        elif number == 5:
            url = _text(value)
    return VertexWarning(vertex, short, level, tuple(detail), url)


def _time(value: int | bytes) -> float | None:
    if not isinstance(value, bytes):
        return None
    seconds = nanos = 0
    for number, part in _fields(value):
        if number == 1 and isinstance(part, int):
            seconds = _signed(part)
        elif number == 2 and isinstance(part, int):
            nanos = _signed(part)
    return seconds + nanos / 1e9


def _text(value: int | bytes) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else ""


def _signed(value: int) -> int:
    """A varint read as unsigned -> the int64 it encodes (two's complement)."""
    return value - (1 << 64) if value >= 1 << 63 else value


def _fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) of each field: an int for varints, bytes for length-delimited fields;
    fixed 32/64-bit fields are skipped."""
    pos, end = 0, len(data)
    while pos < end:
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(data, pos)
            yield number, value
        elif wire == 2:
            length, pos = _varint(data, pos)
            if pos + length > end:
                raise TraceError("a build trace field runs past the message's end")
            yield number, data[pos:pos + length]
            pos += length
        elif wire == 1:
            pos += 8
        elif wire == 5:
            pos += 4
        else:
            raise TraceError(f"a build trace field of unknown wire type {wire}")
    if pos > end:
        raise TraceError("a build trace message ends inside a field")


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(data):
            raise TraceError("a build trace message ends inside a number")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            raise TraceError("a build trace number is longer than 64 bits")
