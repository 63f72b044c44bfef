"""``pycompose ps``: the project's containers as v2 lists them (table, JSON, IDs or service names)."""

from __future__ import annotations

import argparse
import re
import sys
import time

from compose._record import record
from compose.cli.options import GlobalOptions
from compose.errors import UsageError


@record
class PsOptions:
    """``ps``'s flags."""

    services: tuple[str, ...] = ()
    all: bool = False
    quiet: bool = False
    list_services: bool = False
    format: str = "table"
    status: tuple[str, ...] = ()
    filter: tuple[str, ...] = ()
    no_trunc: bool = False
    orphans: str = "true"


Options = PsOptions


STATES = ("paused", "restarting", "removing", "running", "dead", "created", "exited")


def configure(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("services", nargs="*", metavar="SERVICE")
    add("-a", "--all", action="store_true", help="Show all stopped containers")
    add("-q", "--quiet", action="store_true", help="Only display IDs")
    add("--services", dest="list_services", action="store_true", help="Display services")
    add("--format", default="table", help='Format the output: table (default), json, or a Go template ("table {{.Name}}\\t{{.State}}")')
    add("--status", action="append", default=[], choices=STATES, help="Filter services by status")
    add("--filter", action="append", default=[], metavar="status=STATUS", help="Filter by a property (status)")
    add("--no-trunc", action="store_true", help="Don't truncate output")
    add("--orphans", default="true", choices=("true", "false"), help="Include orphaned services (default true)")


def statuses(o: PsOptions) -> set[str]:
    wanted = set(o.status)
    for item in o.filter:
        key, sep, value = item.partition("=")
        if key != "status" or not sep:
            raise UsageError(f"unsupported filter {item!r}: only status=STATUS is supported")
        if value not in STATES:
            raise UsageError(f"invalid status {value!r}: one of {', '.join(STATES)}")
        wanted.add(value)
    return wanted


def run(o: PsOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.loading import project_name_and_services
    from compose.cli.shared.plans import connect_engine
    from compose.engine.observe import observe_project
    from compose.present import tables

    wanted = statuses(o)
    name, known = project_name_and_services(g, o.services)
    observed = observe_project(connect_engine(g), name)
    containers = [c for c in observed.containers if not c.oneoff or o.all]
    if o.services:
        unknown = [s for s in o.services if known is not None and s not in known]
        if unknown:
            raise UsageError(f"no such service: {unknown[0]}")
        containers = [c for c in containers if c.service in o.services]
    if o.orphans == "false" and known is not None:
        containers = [c for c in containers if c.service in known]
    if wanted:
        containers = [c for c in containers if c.state in wanted]
    elif not o.all:
        containers = [c for c in containers if c.state in ("running", "restarting", "paused", "removing")]
    containers.sort(key=lambda c: c.name)
    out = sys.stdout
    if o.quiet:
        out.write("".join(c.id + "\n" for c in containers))
    elif o.list_services:
        out.write("".join(s + "\n" for s in dict.fromkeys(c.service for c in sorted(containers, key=_by_service))))
    elif o.format.lower() == "json":
        out.write(tables.json_lines(containers, now=time.time(), truncate=not o.no_trunc))
    elif o.format.strip() in ("table", ""):
        out.write(tables.table(containers, now=time.time(), truncate=not o.no_trunc))
    else:
        from compose.errors import ComposeError
        from compose.present.gotemplate import TemplateError

        try:
            out.write(tables.templated(containers, o.format, now=time.time(), truncate=not o.no_trunc))
        except TemplateError as exc:  # v2's words: its parse errors give the line only
            text = str(exc) if "executing" in str(exc) else re.sub(r"^(template: :\d+):\d+:", r"\1:", str(exc))
            raise ComposeError(f"template parsing error: {text}") from exc
    return 0


def _by_service(c: object) -> str:
    return str(getattr(c, "service", ""))
