"""One tar archive for a batch of changes: what exists is archived, what is gone is to be deleted.

Entry names are the container paths without their leading ``/`` (the archive is extracted at ``/``,
as v2 does). A changed directory brings what is below it (walked with the rule's ignore and include
decisions, which v2 skips). Directory entries that other entries of the archive lie below are left
out: the engine creates missing parents itself, and an entry for a directory the container has as a
symbolic link would fail ("cannot overwrite non-directory"; v2 retries without them).
"""

from __future__ import annotations

import io
import os
import posixpath
import tarfile
from collections.abc import Callable, Iterable

from compose._record import record
from compose.api.watch.rules import Mapping_

__all__ = ["Changes", "build_archive", "split_changes"]


@record
class Changes:
    """A batch for one service: the archive's entries (host path, name in the tar) and the deletes."""

    copy: tuple[tuple[str, str], ...] = ()
    delete: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.copy and not self.delete


def split_changes(mappings: Iterable[Mapping_], match: Callable[[str], Mapping_ | None]) -> Changes:
    """Sort a batch's mappings into entries to archive (directories walked, children through ``match``)
    and container paths to delete; deletes below another deleted path are dropped."""
    copy: dict[str, str] = {}
    delete: set[str] = set()
    for m in mappings:
        if m.container is None:
            continue
        if not os.path.lexists(m.host):
            delete.add(m.container)
            continue
        copy[m.container] = m.host
        if os.path.isdir(m.host) and not os.path.islink(m.host):
            for root, dirs, files in os.walk(m.host):
                kept = []
                for name in sorted(dirs) + sorted(files):
                    child = match(os.path.join(root, name))
                    if child is None or child.container is None:
                        continue
                    copy[child.container] = child.host
                    if name in dirs:
                        kept.append(name)
                dirs[:] = sorted(kept)
    names = sorted(copy)
    held = {posixpath.dirname(n) for n in names}
    entries = tuple((copy[n], n.lstrip("/")) for n in names
                    if not (n in held and os.path.isdir(copy[n]) and not os.path.islink(copy[n])))
    deletes = tuple(sorted(p for p in delete
                           if not any(p.startswith(q.rstrip("/") + "/") for q in delete if q != p)))
    return Changes(entries, deletes)


def build_archive(entries: Iterable[tuple[str, str]]) -> bytes:
    """The tar of ``(host path, name)`` entries: files, directories and symbolic links with their mode,
    owner and times (a file removed meanwhile is skipped)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for host, name in entries:
            try:
                info = tar.gettarinfo(host, arcname=name)
            except OSError:
                continue
            if info.isreg():
                try:
                    with open(host, "rb") as f:
                        data = f.read()
                except OSError:
                    continue
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            elif info.isdir() or info.issym():
                tar.addfile(info)
    return buffer.getvalue()
