"""``pycompose watch [SERVICE...]``: bring the services up (unless ``--no-up``), then act on file changes
under their ``develop.watch`` paths: sync, rebuild, restart, sync+restart, sync+exec (compose/api/watch).

Exit codes: 130 after Ctrl-C (as v2); 1 when the configuration cannot be watched (a ``rebuild`` without
``build``, a relative ``target``, a named service without ``develop.watch``...) or the first ``up`` failed.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from compose._record import record
from compose.cli.options import GlobalOptions

if TYPE_CHECKING:
    from collections.abc import Callable

    from compose.api.watch.session import WatchSession
    from compose.apply.executor import Outcome
    from compose.engine.port import Engine
    from compose.model.project import Project
    from compose.plan.ops import Plan


@record
class WatchOptions:
    """``watch``'s flags (v2's: ``--no-up``, ``--prune`` on by default, ``--quiet``)."""

    services: tuple[str, ...] = ()
    no_up: bool = False
    prune: bool = True
    quiet: bool = False


Options = WatchOptions


def _bool(value: str) -> bool:
    lowered = value.lower()
    if lowered in ("1", "t", "true", "y", "yes", "on"):
        return True
    if lowered in ("0", "f", "false", "n", "no", "off"):
        return False
    raise argparse.ArgumentTypeError(f"invalid boolean value {value!r}")


def configure(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("services", nargs="*", metavar="SERVICE")
    add("--no-up", action="store_true", help="Do not build & start services before watching")
    # a Go bool flag: --prune, --prune=false
    add("--prune", nargs="?", const=True, default=True, type=_bool, metavar="BOOL",
        help="Prune dangling images on rebuild (default true)")
    add("--quiet", action="store_true", help="hide build output")


def run(o: WatchOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.loading import load, project_from_loaded
    from compose.cli.shared.plans import connect_engine

    loaded = load(g, o.services, select_services=False)
    project = project_from_loaded(loaded, o.services)
    engine = connect_engine(g)
    return watch(o, g, project, engine, up=not o.no_up)


def plan_runner(g: GlobalOptions, engine: Engine, project: str, *, quiet: bool) -> Callable[[str, Plan], Outcome]:
    """How watch runs a plan (the first ``up``, rebuilds): with the progress views of ``up``."""
    from compose.cli.shared.images import image_view
    from compose.cli.shared.plans import make_view, parallel_limit, run_plan

    limit = parallel_limit(g)

    def run_one(title: str, plan: Plan) -> Outcome:
        view = make_view(g, quiet=quiet) if title == "Running" else image_view(g, title=title, quiet=quiet)
        return run_plan(plan, engine, project, view, limit)

    return run_one


def watch(o: WatchOptions, g: GlobalOptions, project: Project, engine: Engine, *, up: bool) -> int:
    """The first ``up`` (when ``up``), then the watch session until Ctrl-C (which raises to ``run_guarded``:
    exit code 130)."""
    from compose.api.watch.rules import compile_rules
    from compose.api.watch.session import watch_up
    from compose.cli.shared.plans import engine_environ, report

    compile_rules(project, o.services)  # bad configuration: fail before anything runs
    runner = plan_runner(g, engine, project.name, quiet=o.quiet)
    if g.dry_run:
        return 0
    if up:
        result = watch_up(engine, project, o.services, run_plan=runner, quiet=o.quiet, build_env=engine_environ(g))
        if result.outcome is not None and result.failed:
            return report(result.outcome)
    _session(o, g, project, engine).run()
    return 0


def start_session(o: WatchOptions, g: GlobalOptions, project: Project, engine: Engine) -> None:
    """``up --watch``: the watch session in a background thread while ``up`` follows the containers
    (``up``'s Ctrl-C stops the stack; the process's exit ends the session)."""
    import threading

    threading.Thread(target=_session(o, g, project, engine).run, name="watch", daemon=True).start()


def _session(o: WatchOptions, g: GlobalOptions, project: Project, engine: Engine) -> WatchSession:
    from compose.api.watch.session import WatchOptions as SessionOptions
    from compose.api.watch.session import WatchSession
    from compose.cli.shared.plans import engine_environ

    options = SessionOptions(services=o.services, prune=o.prune, quiet=o.quiet, build_env=engine_environ(g))
    return WatchSession(engine, project, options, run_plan=plan_runner(g, engine, project.name, quiet=o.quiet),
                        info=_say, error=_err, output=_output)


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def _output(stream: str, data: bytes) -> None:
    out = sys.stderr if stream == "stderr" else sys.stdout
    out.buffer.write(data)
    out.flush()

