"""Every question the loader asks the filesystem: read this file; is this path a file, a directory?

A load is a function of its ``LoadOptions`` and of these answers, nothing else
(no other module under ``compose.load`` touches the filesystem: a unit test checks
it). Inside ``recording()`` each answer is noted, so that a caller can later ask
the same questions again (``answer``) and tell whether a new load would see the
same thing: ``compose/cli/upmemo.py`` uses that to skip loading on a no-op ``up``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from compose.errors import LoadError, Location

__all__ = ["Note", "answer", "exists", "isdir", "isfile", "read_text", "recording"]

Note = tuple[str, str, str]
"""(question, path, answer): ``("read", path, text)``, ``("isfile", path, "1" or "")``..."""

_notes: ContextVar[list[Note] | None] = ContextVar("compose_load_fs_notes", default=None)


@contextmanager
def recording() -> Iterator[list[Note]]:
    """Note every answer given inside the block (this thread or task only), in order."""
    notes: list[Note] = []
    token = _notes.set(notes)
    try:
        yield notes
    finally:
        _notes.reset(token)


def read_text(path: str) -> str:
    """The file's text (UTF-8); OSError as ``open`` raises it, noted too (a missing ``required: false``
    env file is an answer the load goes on with). Bytes that are not UTF-8 are a ``LoadError`` at the
    line and column of the first one (compose files, env files, label files alike)."""
    try:
        text = _read(path)
    except UnicodeDecodeError as exc:
        _note("read", path, _failed(exc))
        raise LoadError(f"invalid UTF-8 (byte 0x{exc.object[exc.start]:02x}): a compose or env file must be "
                        "UTF-8 text", location=_byte_location(path, exc.object, exc.start)) from None
    except (OSError, ValueError) as exc:
        _note("read", path, _failed(exc))
        raise
    _note("read", path, text)
    return text


def isfile(path: str) -> bool:
    return _flag("isfile", path)


def isdir(path: str) -> bool:
    return _flag("isdir", path)


def exists(path: str) -> bool:
    return _flag("exists", path)


def answer(question: str, path: str) -> str:
    """The answer ``question`` gets now, in the form ``recording`` notes it; "!" + the error's name
    when reading fails."""
    if question == "read":
        try:
            return _read(path)
        except (OSError, ValueError) as exc:
            return _failed(exc)
    return _test(question, path)


_TESTS = {"isfile": os.path.isfile, "isdir": os.path.isdir, "exists": os.path.exists}


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


def _byte_location(path: str, data: bytes, offset: int) -> Location:
    """The 1-based line and column (in characters) of byte ``offset``, all of whose bytes before are UTF-8."""
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return Location(path, data.count(b"\n", 0, offset) + 1, column)


def _failed(exc: Exception) -> str:
    return "!" + type(exc).__name__


def _test(question: str, path: str) -> str:
    return "1" if _TESTS[question](path) else ""


def _flag(question: str, path: str) -> bool:
    text = _test(question, path)
    _note(question, path, text)
    return text == "1"


def _note(question: str, path: str, value: str) -> None:
    notes = _notes.get()
    if notes is not None:
        notes.append((question, path, value))
