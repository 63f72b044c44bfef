"""``pycompose export SERVICE``: a service container's filesystem as a tar archive, on stdout or ``-o FILE``.

The container is picked as v2 picks it (compose/cli/shared/replica.py). As v2: a tar is not
written to a terminal; ``-o`` is checked (its directory exists; a regular file, or nothing yet)
and written atomically (a temporary file in the same directory, renamed; mode 0600); the
progress says ``Exporting`` (``Exported`` only under ``--dry-run``, v2's own quirk).
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from typing import TYPE_CHECKING

from compose._record import record
from compose.cli.options import GlobalOptions

if TYPE_CHECKING:
    from compose.engine.port import Stream


@record
class ExportOptions:
    """``export``'s flags."""

    service: str
    index: int = 0
    output: str = ""


Options = ExportOptions


def configure(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("service", metavar="SERVICE", help="The service")
    add("--index", type=int, default=0, metavar="N", help="index of the container if service has multiple replicas.")
    add("-o", "--output", default="", metavar="FILE", help="Write to a file, instead of STDOUT")


def run(o: ExportOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.replica import daemon_errors, listed_container, progress_line
    from compose.cli.shared.target import CommandError

    engine, c = listed_container(g, o.service, o.index)
    if not o.output:
        if sys.stdout.isatty():
            raise CommandError("output option is required when exporting to terminal")
    else:
        check_output_path(o.output)
    text = f"export {c.name} to {o.output}"
    progress_line(g, c.name, text, "Exporting")
    if g.dry_run:
        progress_line(g, c.name, text, "Exported")
        return 0
    with daemon_errors():
        stream = engine.export(c.id)
    try:
        if o.output:
            write_atomically(o.output, stream)
        else:
            for chunk in stream:
                sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
    finally:
        stream.close()
    return 0


def check_output_path(path: str) -> None:
    """The docker CLI's ValidateOutputPath: the directory exists; the path, if it exists, is a
    directory or a regular file (a directory fails later, when written, as in v2)."""
    from compose.cli.shared.target import CommandError

    directory = os.path.dirname(os.path.normpath(path))
    if directory and directory != "." and not os.path.exists(directory):
        raise CommandError(f'failed to export container: invalid output path: directory "{directory}" does not exist')
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISBLK(mode) or stat.S_ISCHR(mode):
        raise CommandError(f'failed to export container: invalid output path: "{path}" must be a directory '
                           "or a regular file: got a device")


def _refusal(path: str) -> str | None:
    """moby's atomicwriter: what it will not replace."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    for test, what in ((stat.S_ISREG, ""), (stat.S_ISDIR, "a directory"), (stat.S_ISLNK, "a symbolic link directly"),
                       (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device file"), (stat.S_ISBLK, "a block device file")):
        if test(mode):
            return f"cannot write to {what}" if what else None
    return f"unknown file mode {oct(mode)}"


def write_atomically(path: str, stream: Stream) -> None:
    """The stream into ``path``, which appears whole or not at all."""
    import tempfile

    from compose.cli.shared.target import CommandError

    refused = _refusal(path)
    if refused:
        raise CommandError(refused)
    absolute = os.path.abspath(path)
    fd, temporary = tempfile.mkstemp(prefix=f".tmp-{os.path.basename(absolute)}", dir=os.path.dirname(absolute))
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in stream:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, absolute)
    except BaseException:
        os.unlink(temporary)
        raise
