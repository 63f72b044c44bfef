"""``pycompose cp``: copy files between a service container and the local filesystem (either way).

``SERVICE:SRC DEST`` copies from the service's first container (``--index N``: that one);
``SRC SERVICE:DEST`` copies into every container of the service (``--index``: one;
``--all``: one-off ``run`` containers too). ``-`` streams a tar archive on stdin/stdout;
``-a`` keeps uid/gid; ``-L`` follows a symbolic link given as the source.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import sys
from typing import TYPE_CHECKING

from compose._record import record
from compose.cli.options import GlobalOptions
from compose.errors import UsageError


@record
class CpOptions:
    """``cp``'s flags."""

    source: str
    dest: str
    all: bool = False
    archive: bool = False
    follow_link: bool = False
    index: int | None = None


Options = CpOptions


if TYPE_CHECKING:
    from compose.cli.shared.target import Target
    from compose.plan.observed import ObservedContainer


def configure(parser: argparse.ArgumentParser) -> None:
    from compose.cli.parsing import positive_index

    add = parser.add_argument
    add("source", metavar="SRC", help="SERVICE:SRC_PATH, or a local path (- reads a tar archive from stdin)")
    add("dest", metavar="DEST", help="SERVICE:DEST_PATH, or a local path (- writes a tar archive to stdout)")
    add("--all", action="store_true", help="Include containers created by the run command")
    add("-a", "--archive", action="store_true", help="Archive mode (copy all uid/gid information)")
    add("-L", "--follow-link", action="store_true", help="Always follow symbol link in SRC_PATH")
    add("--index", type=positive_index, default=None, metavar="N",
        help="Index of the container if service has multiple replicas")


def _say(c: ObservedContainer, text: str, status: str) -> None:
    print(f" {c.name} copy {text} {status}", file=sys.stderr)


def run(o: CpOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.archives import split_target
    from compose.cli.shared.target import resolve

    src_service, src = split_target(o.source)
    dst_service, dst = split_target(o.dest)
    if (src_service is None) == (dst_service is None):
        raise UsageError("copying between containers or between local paths is not supported: "
                         "one of SRC and DEST must be SERVICE:PATH")
    target = resolve(g)
    if src_service is not None:
        target.check([src_service])
        return _from_container(o, target, src_service, src, dst, dry_run=g.dry_run)
    assert dst_service is not None
    target.check([dst_service])
    return _to_containers(o, target, src, dst_service, dst, dry_run=g.dry_run)


def _containers(o: CpOptions, target: Target, service: str) -> list[ObservedContainer]:
    from compose.cli.shared.target import CommandError

    found = [c for c in target.observed.containers
             if c.service == service and (o.all or not c.oneoff)
             and (o.index is None or (c.number == o.index and not c.oneoff))]
    if not found:
        suffix = f" #{o.index}" if o.index is not None else ""
        raise CommandError(f"no container found for service {service!r}{suffix}")
    return sorted(found, key=lambda c: (c.oneoff, c.number, c.name))


def _from_container(o: CpOptions, target: Target, service: str, src: str, dst: str, *, dry_run: bool) -> int:
    from compose.cli.shared.archives import extract

    c = _containers(o, target, service)[0]
    text = f"{c.name}:{src} to {dst}"
    if dry_run:
        return 0
    engine = target.engine
    path, name = src, None
    stat = engine.stat_path(c.id, src)
    if o.follow_link and stat.is_link:
        link = stat.link_target
        path = link if link.startswith("/") else posixpath.join(posixpath.dirname(src), link)
        name = stat.name
    _say(c, text, "Copying")
    stream, stat = engine.get_archive(c.id, path)
    try:
        if dst == "-":
            for chunk in stream:
                sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
        else:
            extract(stream, stat.name, dst, is_dir=stat.is_dir, archive=o.archive, name=name)
    finally:
        stream.close()
    _say(c, text, "Copied")
    return 0


def _to_containers(o: CpOptions, target: Target, src: str, service: str, dst: str, *, dry_run: bool) -> int:
    from compose.cli.shared.archives import pack
    from compose.errors import EngineNotFound

    containers = _containers(o, target, service)
    data = sys.stdin.buffer.read() if src == "-" else None
    for c in containers:
        text = f"{src} to {c.name}:{dst}"
        if dry_run:
            continue
        _say(c, text, "Copying")
        if data is not None:
            target.engine.put_archive(c.id, dst, data, copy_uid_gid=o.archive)
            _say(c, text, "Copied")
            continue
        try:
            existing = target.engine.stat_path(c.id, dst)
        except EngineNotFound:
            existing = None
        contents = src.endswith("/.")
        if existing is not None and existing.is_dir:
            directory, root = dst, ("" if contents else os.path.basename(os.path.abspath(src)))
        else:
            if dst.endswith("/"):
                raise UsageError(f"destination directory {dst!r} does not exist in {c.name}")
            directory, root = posixpath.dirname(dst.rstrip("/")) or "/", posixpath.basename(dst.rstrip("/"))
        archive = pack(src, root, follow_link=o.follow_link)
        target.engine.put_archive(c.id, directory, archive, copy_uid_gid=o.archive)
        _say(c, text, "Copied")
    return 0
