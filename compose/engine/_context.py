"""The build context as the tar archive the Engine's ``/build`` endpoint reads.

As the docker CLI sends it: every file below the context directory that
.dockerignore does not exclude (the Dockerfile and .dockerignore always go,
so the engine can read them), symlinks as links (never followed), owner
0:0, permission bits and modification times kept. A Dockerfile outside the
context, or a ``dockerfile_inline``, is added under a generated name, which
is returned so the request can name it. The archive is spooled to a
temporary file (in memory while it is small).
"""

from __future__ import annotations

import hashlib
import os
import stat
import tarfile
import tempfile
from collections.abc import Iterator
from typing import IO

from compose._record import record
from compose.engine._dockerignore import IgnoreRules, parse_dockerignore
from compose.errors import ComposeError

__all__ = ["ContextArchive", "context_archive", "context_files"]

_SPOOL_IN_MEMORY = 32 * 1024 * 1024


@record
class ContextArchive:
    file: IO[bytes]
    """The tar archive, positioned at its start."""
    dockerfile: str
    """The Dockerfile's path inside the archive."""
    size: int


def context_archive(context: str, *, dockerfile: str | None = None, inline: str | None = None) -> ContextArchive:
    """The archive of directory ``context``; ``dockerfile`` is relative to it (or absolute), ``inline``
    a Dockerfile's text that replaces it."""
    if not os.path.isdir(context):
        raise ComposeError(f"build context {context} is not a directory")
    name, outside = _dockerfile_entry(context, dockerfile, inline)
    rules = IgnoreRules(_read_ignore(context, name))
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY)  # noqa: SIM115 (returned to the caller)
    with tarfile.open(fileobj=spool, mode="w", format=tarfile.PAX_FORMAT) as tar:
        sent = set()
        for rel in context_files(context, rules, keep=(name, ".dockerignore")):
            _add(tar, os.path.join(context, rel), rel)
            sent.add(rel)
        if outside is not None:
            _add_bytes(tar, name, outside)
        elif name not in sent and os.path.isfile(os.path.join(context, name)):
            _add(tar, os.path.join(context, name), name)  # in a directory .dockerignore leaves out
    size = spool.tell()
    spool.seek(0)
    return ContextArchive(spool, name, size)


def _dockerfile_entry(context: str, dockerfile: str | None, inline: str | None) -> tuple[str, bytes | None]:
    """(name in the archive, content to add when it is not a file of the context)."""
    if inline is not None:
        data = inline.encode()
        return f".dockerfile.{hashlib.sha256(data).hexdigest()[:20]}", data
    path = dockerfile or "Dockerfile"
    full = os.path.normpath(path if os.path.isabs(path) else os.path.join(context, path))
    rel = os.path.relpath(full, context)
    if not rel.startswith(".." + os.sep) and rel != "..":
        return rel.replace(os.sep, "/"), None
    try:
        with open(full, "rb") as f:
            data = f.read()
    except OSError as exc:
        raise ComposeError(f"cannot read Dockerfile {full}: {exc.strerror}") from exc
    return f".dockerfile.{hashlib.sha256(data).hexdigest()[:20]}", data


def _read_ignore(context: str, dockerfile: str) -> list[str]:
    """``<Dockerfile>.dockerignore`` next to the Dockerfile wins over the context's .dockerignore."""
    for candidate in (os.path.join(context, dockerfile + ".dockerignore"), os.path.join(context, ".dockerignore")):
        try:
            with open(candidate, encoding="utf-8", errors="replace") as f:
                return parse_dockerignore(f.read())
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise ComposeError(f"cannot read {candidate}: {exc.strerror}") from exc
    return []


def context_files(context: str, rules: IgnoreRules, *, keep: tuple[str, ...] = ()) -> Iterator[str]:
    """Context-relative ``/`` paths of what is sent, directories before their content, sorted."""
    prune = not rules.has_exceptions
    for root, dirs, files in os.walk(context, topdown=True, followlinks=False):
        base = os.path.relpath(root, context)
        base = "" if base == "." else base.replace(os.sep, "/") + "/"
        dirs.sort()
        kept_dirs = []
        for d in dirs:
            rel = base + d
            if os.path.islink(os.path.join(root, d)):
                if not rules.excluded(rel):
                    yield rel
                continue
            excluded = rules.excluded(rel)
            if not excluded:
                yield rel
            if not (excluded and prune):
                kept_dirs.append(d)
        dirs[:] = kept_dirs
        for f in sorted(files):
            rel = base + f
            if rel in keep or not rules.excluded(rel):
                yield rel


def _add(tar: tarfile.TarFile, path: str, rel: str) -> None:
    try:
        info = tar.gettarinfo(path, arcname=rel)
    except OSError as exc:
        raise ComposeError(f"cannot read {path} of the build context: {exc.strerror}") from exc
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    # Whole seconds, as the docker CLI sends them: a fractional mtime needs a PAX header before the
    # entry, and BuildKit recognises an uploaded context as a tar only when its first header is plain.
    info.mtime = int(info.mtime)
    if info.isreg():
        try:
            with open(path, "rb") as f:
                tar.addfile(info, f)
        except OSError as exc:
            raise ComposeError(f"cannot read {path} of the build context: {exc.strerror}") from exc
    elif info.isdir() or info.issym() or info.islnk():
        tar.addfile(info)
    elif stat.S_ISFIFO(os.lstat(path).st_mode) or info.ischr() or info.isblk():
        return  # devices and pipes are not sent (as the CLI)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    import io

    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), 0o644  # mtime 0: the same text gives the same archive (build cache)
    tar.addfile(info, io.BytesIO(data))
