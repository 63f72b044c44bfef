"""The no-op memo: a repeated ``up -d`` that has nothing to do answers without loading the project.

Whether ``up -d`` has work is a function of its inputs: the command line, the current
directory, the environment, pycompose's own code, what the loader read from the filesystem
(``compose.load.fs`` notes every file read and every path probed), and what the engine
holds for the project (``observe``). When an ``up -d`` finds, or leaves, nothing to do, it
writes those inputs down (the environment, file contents and the engine's answers as
digests only) with what it printed. The next ``up`` with the same command line, directory,
environment and code asks the filesystem the same questions and the engine the same requests
(compose/engine/snapshot.py); when every answer is the same, the plan would be empty again, so it prints the same lines
and exits 0, without importing the loader, yaml, the model or the planner. Any difference,
or any error on the way, and the full ``up`` runs (and writes a new memo).

Not written for ``--wait``, ``--dry-run``, ``--build``, ``--pull always``, ``-f -``, services
whose pull policy is ``always`` or a refresh (daily, weekly...), when pulls or builds ran, or
for an engine not on a unix socket (docs/up.md). Memos live in
``$XDG_CACHE_HOME/pycompose/up`` (default ``~/.cache``), the newest 32 are kept;
``PYCOMPOSE_NO_MEMO=1`` turns them off.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence

from compose._record import record

TYPE_CHECKING = False  # a replay imports neither typing nor the model: what it needs is stdlib and small
if TYPE_CHECKING:
    from typing import Any

    from compose.engine.observe import Query
    from compose.engine.snapshot import Answer
    from compose.load.fs import Note
    from compose.plan.observed import ObservedState

__all__ = ["Outcome", "Recorded", "recall", "record_observation", "remember", "show"]

FORMAT = 1
KEEP = 32
_CODE_SUFFIXES = (".py", ".json", ".yaml", ".yml")


@record
class Outcome:
    """What a no-op ``up -d`` prints: warnings, then each container as Running."""

    progress: str | None
    ansi: str | None
    warnings: tuple[str, ...] = ()
    running: tuple[tuple[str, str], ...] = ()
    """(event resource, container name) of every container, in the order shown."""


def show(outcome: Outcome) -> int:
    """Print ``outcome`` as ``up -d`` does when the plan is empty (plain lines unless json, quiet or tty
    was asked for); the exit code, 0."""
    from compose.apply.events import Event, Status
    from compose.present.progress import make_view

    for warning in outcome.warnings:
        print(f"WARN[0000] {warning}", file=sys.stderr)
    mode = outcome.progress if outcome.progress in ("json", "quiet", "tty") else "plain"
    view = make_view(mode, sys.stderr, ansi=outcome.ansi, environ=os.environ, title="Running")
    try:
        for resource, name in outcome.running:
            view.on(Event(resource, "Container", name, Status.DONE, "Running"))
    finally:
        view.close()
    return 0


# -- the key ---------------------------------------------------------------------------------------

def enabled(argv: Sequence[str], environ: Mapping[str, str]) -> bool:
    return "up" in argv and "-" not in argv and not environ.get("PYCOMPOSE_NO_MEMO")


def slot(argv: Sequence[str], cwd: str) -> str:
    """The memo's file name: one memo per command line and directory (the last one written wins)."""
    return _digest(json.dumps([FORMAT, cwd, list(argv)]))


def key(argv: Sequence[str], cwd: str, environ: Mapping[str, str]) -> str:
    """The digest of the command line, directory, environment, Python and pycompose's code."""
    text = json.dumps([FORMAT, sys.version, code_fingerprint(), cwd, list(argv), sorted(environ.items())])
    return _digest(text)


def code_fingerprint() -> list[tuple[str, int, int]]:
    """(path, size, mtime) of pycompose's modules and schemas (an edited checkout is new code), and of
    the site-packages folders (a package installed, upgraded or removed there changes their mtime)."""
    import site

    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # compose/ (this is compose/cli/)
    roots = [package, os.path.join(os.path.dirname(package), "schemas")]  # an editable install's schemas/
    out: list[tuple[str, int, int]] = []
    for root in roots:
        if os.path.isdir(root):
            _walk(root, out)
    for folder in site.getsitepackages():
        with contextlib.suppress(OSError):
            out.append((folder, 0, os.stat(folder).st_mtime_ns))
    return out


def _walk(folder: str, out: list[tuple[str, int, int]]) -> None:
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    _walk(entry.path, out)
            elif entry.name.endswith(_CODE_SUFFIXES):
                st = entry.stat()
                out.append((entry.path, st.st_size, st.st_mtime_ns))


def _digest(text: str) -> str:
    try:
        from _blake2 import blake2b  # what hashlib.blake2b is, without importing OpenSSL (~5 ms)
    except ImportError:  # pragma: no cover - other Pythons
        from hashlib import blake2b
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def _folder(environ: Mapping[str, str]) -> str:
    cache = environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(cache, "pycompose", "up")


# -- recall and remember ---------------------------------------------------------------------------

def recall(argv: Sequence[str], environ: Mapping[str, str] | None = None, cwd: str | None = None) -> int | None:
    """Replay a no-op ``up -d`` when nothing it rested on changed (the exit code), else None.

    The engine is asked first (compose/engine/snapshot.py: every request sent at once), the
    key (environment, code) and the filesystem's answers are checked while it answers.
    """
    from compose.errors import ComposeError

    environ = os.environ if environ is None else environ
    if not enabled(argv, environ):
        return None
    cwd = os.getcwd() if cwd is None else cwd
    try:
        with open(os.path.join(_folder(environ), slot(argv, cwd) + ".json"), encoding="utf-8") as f:
            memo = json.load(f)
        from compose.engine import snapshot

        asked = snapshot.ask(str(memo["socket"]), [str(url) for url in memo["urls"]])
        try:
            same = memo["key"] == key(argv, cwd, environ) and _same_files(memo["files"])
            outcome = Outcome(memo["progress"], memo["ansi"], tuple(memo["warnings"]),
                              tuple((resource, name) for resource, name in memo["running"]))
            if not same or _digest(snapshot.canonical(asked.answers())) != memo["observed"]:
                return None
        finally:
            asked.close()
    except (OSError, ValueError, LookupError, TypeError, ComposeError):
        return None  # no memo, an unreadable one, or an engine that did not answer: the full up says why
    return show(outcome)


def _same_files(files: Iterable[Sequence[str]]) -> bool:
    from compose.load.fs import answer

    return all(_digest(answer(question, path)) == digest for question, path, digest in files)


@record
class Recorded:
    """An observation as the engine answered it (compose/engine/snapshot.py), and where it asked."""

    state: ObservedState
    answers: tuple[Answer, ...]
    socket: str


def record_observation(query: Query, api_version: str, environ: Mapping[str, str] | None = None) -> Recorded | None:
    """Observe ``query`` keeping the engine's answers, for ``remember``; None when the engine is not
    on a unix socket (a replay speaks to no other) or did not answer."""
    from compose.engine import snapshot
    from compose.engine.reads import transport_for
    from compose.errors import ComposeError

    transport = transport_for(os.environ if environ is None else environ)
    if transport is None or transport.socket_path is None:
        return None
    transport.api_version = api_version
    try:
        state, answers = snapshot.record(transport, query)
    except ComposeError:
        return None
    return Recorded(state, tuple(answers), transport.socket_path)


def remember(argv: Sequence[str], notes: Sequence[Note], recorded: Recorded, outcome: Outcome, *,
             environ: Mapping[str, str] | None = None, cwd: str | None = None) -> None:
    """Write the memo of a ``up -d`` (``enabled`` for ``argv``) whose plan for ``recorded.state`` was
    empty. Best effort: a cache that cannot be written is no error."""
    from compose.engine import snapshot

    environ = os.environ if environ is None else environ
    cwd = os.getcwd() if cwd is None else cwd
    memo: dict[str, Any] = {
        "key": key(argv, cwd, environ),
        "files": [[question, path, _digest(value)] for question, path, value in notes],
        "socket": recorded.socket,
        "urls": [url for url, _, _ in recorded.answers],
        "observed": _digest(snapshot.canonical(recorded.answers)),
        "progress": outcome.progress,
        "ansi": outcome.ansi,
        "warnings": list(outcome.warnings),
        "running": [list(r) for r in outcome.running],
    }
    write(_folder(environ), slot(argv, cwd), memo)


def write(folder: str, name: str, memo: Mapping[str, Any]) -> None:
    """Write ``memo`` as ``folder/name.json`` (mode 0600, atomically), keep the newest ``KEEP``;
    a cache that cannot be written is no error."""
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        path = os.path.join(folder, name + ".json")
        temporary = f"{path}.{os.getpid()}.tmp"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(memo, f)
        os.replace(temporary, path)
        _prune(folder)
    except OSError:
        pass


def _prune(folder: str) -> None:
    """Keep the newest ``KEEP`` memos."""
    with os.scandir(folder) as entries:
        memos = sorted((e for e in entries if e.name.endswith(".json")), key=lambda e: e.stat().st_mtime_ns)
    for entry in memos[:-KEEP]:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(entry.path)
