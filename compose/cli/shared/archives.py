"""``cp``'s archive handling, with ``docker cp``'s rules for where things land (local files only; no engine).

From a container: the engine sends a tar whose root is the source's base name.
Into an existing directory it lands as ``DEST/<name>``; onto a missing path it is
renamed to ``DEST`` (a directory's contents when the source ends in ``/.``).
Into a container: a tar of the local source is built with the root name the
destination calls for, and extracted into the destination directory (or its parent).
"""

from __future__ import annotations

import io
import os
import tarfile
from collections.abc import Iterable

from compose.errors import UsageError


def split_target(text: str) -> tuple[str | None, str]:
    """``SERVICE:PATH`` -> (service, path); a local path (or ``-``) -> (None, path)."""
    if text == "-" or text.startswith(("/", "./", "../", "~")):
        return None, text
    service, sep, path = text.partition(":")
    if not sep or not service or "/" in service:
        return None, text
    return service, path


def _renamed(name: str, old_root: str, new_root: str | None) -> str | None:
    """``name`` with its first component ``old_root`` replaced (None: dropped, for ``/.`` copies)."""
    head, sep, rest = name.partition("/")
    if head != old_root:
        return name
    if new_root is None:
        return rest or None
    return new_root + sep + rest


def extract(chunks: Iterable[bytes], root: str, dest: str, *, is_dir: bool, archive: bool,
            name: str | None = None) -> None:
    """Unpack the engine's tar (whose top entry is ``root``) at the local ``dest`` as ``docker cp`` does.

    ``root`` is ``.`` for a ``SRC/.`` copy (the contents land in ``dest``); ``name`` is the base name
    the copy goes by in a directory when it differs from ``root`` (a followed symbolic link).
    """
    contents_only = root == "."
    if os.path.isdir(dest):
        target_dir, new_root = dest, (None if contents_only else name or root)
    else:
        if dest.endswith(("/", "/.")):
            raise UsageError(f"destination directory {dest!r} does not exist")
        parent = os.path.dirname(os.path.abspath(dest))
        if not os.path.isdir(parent):
            raise UsageError(f"destination directory {parent!r} does not exist")
        if os.path.exists(dest) and is_dir:
            raise UsageError(f"cannot copy a directory to the file {dest!r}")
        target_dir, new_root = parent, os.path.basename(os.path.abspath(dest))
        if contents_only:
            os.makedirs(dest, exist_ok=True)
            target_dir, new_root = dest, None
    with tarfile.open(fileobj=ChunkReader(chunks), mode="r|", bufsize=_BUFFER, copybufsize=_BUFFER) as tar:  # type: ignore[call-overload]
        for member in tar:
            renamed = _renamed(member.name, root, new_root)
            if renamed is None:
                continue
            member.name = renamed
            if not archive:
                member.uid, member.gid, member.uname, member.gname = os.getuid(), os.getgid(), "", ""
            tar.extract(member, target_dir, filter="fully_trusted" if archive else "tar")


_BUFFER = 1 << 20  # tarfile's defaults (10 KiB blocks, 16 KiB copies) cost a Python call per 16 KiB


class ChunkReader(io.RawIOBase):
    """The engine's chunks as a readable file, streamed: the archive is never held whole in memory."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._pending = memoryview(chunk)
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def pack(source: str, root: str, *, follow_link: bool) -> bytes:
    """A tar of the local ``source`` named ``root`` (its contents at the top when ``root`` is "")."""
    path = source[:-2] if source.endswith("/.") else source
    if not os.path.lexists(path):
        raise UsageError(f"could not find the file {source!r}")
    if follow_link:
        path = os.path.realpath(path)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        if root:
            tar.add(path, arcname=root, recursive=True)
        else:
            for child in sorted(os.listdir(path)):
                tar.add(os.path.join(path, child), arcname=child, recursive=True)
    return buffer.getvalue()
