"""``pycompose volumes``: the project's volumes (by label), those the named services' containers mount.

As v2: the services' volumes are those their running containers (the engine's default list,
one-off ones included) mount; a service name is checked only when v2 reads the compose file,
that is unless ``-p`` is given without ``-f`` (``-p NAME volumes web`` works on any stack).
``-q`` prints only the names; ``--format`` takes ``table``, ``json`` or a Go template.
"""

from __future__ import annotations

import argparse
import sys

from compose._record import record
from compose.cli.options import GlobalOptions

FORMAT_HELP = ("Format output using a custom template: 'table' (default: the columns DRIVER and VOLUME NAME), "
               "'table TEMPLATE' (a table of the given Go template), 'json' (a JSON object a line), "
               "or 'TEMPLATE' (the given Go template)")


@record
class VolumesOptions:
    """``volumes``' flags."""

    services: tuple[str, ...] = ()
    format: str = "table"
    quiet: bool = False


Options = VolumesOptions


def configure(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("services", nargs="*", metavar="SERVICE", help="Only the volumes these services' containers mount")
    add("--format", default="table", help=FORMAT_HELP)
    add("-q", "--quiet", action="store_true", help="Only display volume names")


def project_name(g: GlobalOptions, services: tuple[str, ...]) -> str:
    """The project's name; ``no such service: NAME`` when v2 would read the compose file and NAME is not in it."""
    import os

    from compose.cli.shared.loading import project_name_and_services
    from compose.cli.shared.target import CommandError
    from compose.load.discovery import imperative_name

    if g.project_name and not g.files:  # v2's projectOrName: a name and no file, nothing to load
        return imperative_name(g.project_name, os.environ) or g.project_name
    name, known = project_name_and_services(g, services)
    unknown = [s for s in services if known is not None and s not in known]
    if unknown:
        raise CommandError(f"no such service: {unknown[0]}")
    return name


def run(o: VolumesOptions, g: GlobalOptions) -> int:
    import re

    from compose.cli.shared.plans import connect_engine
    from compose.errors import ComposeError
    from compose.present.gotemplate import TemplateError
    from compose.present.volumes import volumes_text

    name = project_name(g, o.services)
    engine = connect_engine(g)
    volumes = engine.list_volume_details(name)
    if o.services:
        wanted = set(o.services)
        used = {volume for c in engine.list_containers(name, all=False) if c.service in wanted
                for _, volume in c.volume_mounts}
        volumes = [v for v in volumes if v.name in used]
    volumes.sort(key=lambda v: v.name)  # v2 keeps the engine's order, which changes from one call to the next
    if o.quiet:
        sys.stdout.write("".join(v.name + "\n" for v in volumes))
        return 0
    try:
        sys.stdout.write(volumes_text(volumes, o.format))
    except TemplateError as exc:  # v2's words: its parse errors give the line only
        text = str(exc) if "executing" in str(exc) else re.sub(r"^(template: :\d+):\d+:", r"\1:", str(exc))
        raise ComposeError(f"template parsing error: {text}") from exc
    return 0
