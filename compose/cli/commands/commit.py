"""``pycompose commit SERVICE [REPOSITORY[:TAG]]``: a new image from a service container's changes.

The container is the service's first listed one (``--index N``: number N), as v2 picks it
(compose/cli/shared/replica.py). ``REPOSITORY[:TAG]`` is checked and normalised as the docker
CLI does (``latest`` when no tag; ``docker.io/library/`` dropped) before ``POST /commit``.
``-p/--pause`` is a Go bool flag: ``-p``, ``--pause=false``, ``-p=0``.
"""

from __future__ import annotations

import argparse
import re

from compose._record import record
from compose.cli.options import GlobalOptions


@record
class CommitOptions:
    """``commit``'s flags."""

    service: str
    reference: str = ""
    author: str = ""
    change: tuple[str, ...] = ()
    index: int = 0
    message: str = ""
    pause: bool = True


Options = CommitOptions

_TRUE = ("1", "t", "T", "TRUE", "true", "True")
_FALSE = ("0", "f", "F", "FALSE", "false", "False")


def go_bool_flag(parser: argparse.ArgumentParser, short: str, long: str, *, dest: str, default: bool,
                 help: str) -> None:
    """A Go (pflag) bool flag: alone it is true; a value only after ``=`` (``--pause=false``), so
    ``-p web`` leaves ``web`` to the positionals. The ``=`` spellings are hidden flags of their own."""
    parser.add_argument(short, long, dest=dest, action="store_true", default=default, help=help)
    for spelling in (*_TRUE, *_FALSE):
        parser.add_argument(f"{short}={spelling}", f"{long}={spelling}", dest=dest, action="store_const",
                            const=spelling in _TRUE, help=argparse.SUPPRESS)


def configure(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("service", metavar="SERVICE", help="The service")
    add("reference", nargs="?", default="", metavar="REPOSITORY[:TAG]", help="The new image's name and tag")
    add("-a", "--author", default="", help='Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")')
    add("-c", "--change", action="append", default=[], metavar="CHANGE",
        help="Apply Dockerfile instruction to the created image")
    add("--index", type=int, default=0, metavar="N", help="index of the container if service has multiple replicas.")
    add("-m", "--message", default="", help="Commit message")
    go_bool_flag(parser, "-p", "--pause", dest="pause", default=True,
                 help="Pause container during commit (default true)")


def run(o: CommitOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.replica import daemon_errors, listed_container, progress_line

    engine, c = listed_container(g, o.service, o.index)
    text = f"Commit {c.name}"
    progress_line(g, c.name, text, "Committing")
    if g.dry_run:
        progress_line(g, c.name, text, "Committed")
        return 0
    repository, tag = reference_parts(o.reference) if o.reference else ("", "")
    with daemon_errors():
        image_id = engine.commit(c.id, repository=repository, tag=tag, comment=o.message, author=o.author,
                                 changes=o.change, pause=o.pause)
    progress_line(g, c.name, text, f"Committed as {image_id}")
    return 0


# distribution/reference's grammar (regexp.go), which the docker CLI checks a commit's reference with
_PATH = r"[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*"
_DOMAIN_PART = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = rf"(?:{_DOMAIN_PART}(?:\.{_DOMAIN_PART})*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}"
_REFERENCE = re.compile(rf"((?:{_DOMAIN}/)?{_PATH}(?:/{_PATH})*)(?::({_TAG}))?(?:@({_DIGEST}))?")
_HEX_ID = re.compile(r"[a-f0-9]{64}")


def reference_parts(ref: str) -> tuple[str, str]:
    """(repository, tag) of ``REPOSITORY[:TAG]`` as the docker CLI sends them to ``/commit``, or its error."""
    from compose.cli.shared.target import CommandError

    if _HEX_ID.fullmatch(ref):
        raise CommandError(f"invalid repository name ({ref}), cannot specify 64-byte hexadecimal strings")
    domain, remainder = _split_domain(ref)
    remote = remainder.split(":", 1)[0]
    if remote.lower() != remote:
        raise CommandError(f"invalid reference format: repository name ({remote}) must be lowercase")
    whole = f"{domain}/{remainder}"
    found = _REFERENCE.fullmatch(whole)
    if found is None:
        if _REFERENCE.fullmatch(whole.lower()):
            raise CommandError("invalid reference format: repository name must be lowercase")
        raise CommandError("invalid reference format")
    name, tag, digest = found.group(1), found.group(2), found.group(3)
    if len(name) - len(domain) - 1 > 255:
        raise CommandError("repository name must not be more than 255 characters")
    if digest:
        raise CommandError("refusing to create a tag with a digest reference")
    path = name[len(domain) + 1:]
    if domain == "docker.io":
        short = path.removeprefix("library/")
        return (short if "/" not in short else path), tag or "latest"
    return name, tag or "latest"


def _split_domain(name: str) -> tuple[str, str]:
    """distribution/reference's splitDockerDomain: ``docker.io`` unless the first part looks like a host."""
    first, slash, rest = name.partition("/")
    if not slash:
        return "docker.io", "library/" + name
    if first == "index.docker.io":
        domain, remainder = "docker.io", rest
    elif first == "localhost" or any(ch in first for ch in ".:") or first.lower() != first:
        domain, remainder = first, rest
    else:
        domain, remainder = "docker.io", name
    if domain == "docker.io" and "/" not in remainder:
        remainder = "library/" + remainder
    return domain, remainder
