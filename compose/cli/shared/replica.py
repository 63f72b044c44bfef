"""What ``commit`` and ``export`` share: the one container they act on, and their progress lines.

v2 picks it as its ``getSpecifiedContainer`` does: among the project's listed containers (the
engine's default list: running, paused, restarting; one-off ``run`` containers included), those
of the service, with container number ``--index`` when one is given (0 means any), the lowest
number first and one-off containers last.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from compose.cli.options import GlobalOptions

if TYPE_CHECKING:
    from compose.engine.port import Engine
    from compose.plan.observed import ObservedContainer


def specified_container(containers: Iterable[ObservedContainer], service: str, index: int) -> ObservedContainer:
    """The container ``commit``/``export`` act on, or v2's error (``service "web" is not running``)."""
    from compose.cli.shared.target import CommandError

    found = [c for c in containers if c.service == service and (index <= 0 or c.number == index)]
    if not found:
        raise CommandError(f'service "{service}" is not running container #{index}' if index > 0
                           else f'service "{service}" is not running')
    return sorted(found, key=lambda c: (c.oneoff, c.number, c.name))[0]


def listed_container(g: GlobalOptions, service: str, index: int) -> tuple[Engine, ObservedContainer]:
    """The engine and the container of ``service`` (``index``) in the command line's project."""
    from compose.cli.shared.loading import load_or_name
    from compose.cli.shared.plans import connect_engine

    _, name = load_or_name(g)
    engine = connect_engine(g)
    return engine, specified_container(engine.list_containers(name, all=False), service, index)


def progress_line(g: GlobalOptions, name: str, text: str, status: str) -> None:
    """One of v2's progress events on stderr, as its plain (or json, or quiet) writer shows it."""
    import json
    import os

    mode = g.progress or os.environ.get("COMPOSE_PROGRESS") or "auto"
    if mode == "quiet":
        return
    if mode == "json":
        record: dict[str, object] = {"dry-run": True} if g.dry_run else {}
        record.update({"id": name, "text": text, "status": status})
        line = json.dumps(record, separators=(",", ":"))
    else:
        line = (" DRY-RUN MODE - " if g.dry_run else "") + f" {name} {text} {status}"
    print(line, file=sys.stderr, flush=True)


@contextmanager
def daemon_errors() -> Iterator[None]:
    """An engine's refusal, in the docker CLI's words: ``Error response from daemon: MESSAGE``."""
    from compose.cli.shared.target import CommandError
    from compose.errors import EngineError, EngineUnavailable

    try:
        yield
    except EngineError as exc:
        if isinstance(exc, EngineUnavailable) or exc.status is None:
            raise
        raise CommandError(f"Error response from daemon: {exc.message}") from exc
