"""The global options -> ``LoadOptions`` -> a loaded project (or only its name), for every command.

This is the CLI edge: it reads ``os.environ``, the current directory and stdin,
and prints the loader's warnings on stderr; the loader itself does none of that.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from compose._record import replace
from compose.cli.options import GlobalOptions
from compose.load.options import LoadedProject, LoadOptions

if TYPE_CHECKING:
    from compose.model.project import Project


def load_options(g: GlobalOptions, services: Iterable[str] = (), **overrides: Any) -> LoadOptions:
    """``LoadOptions`` from the global options (``-f``, ``-p``, ``--env-file``...).

    ``services`` are the services named on the command line (when the command takes
    service names); ``overrides`` sets any other field (``interpolate=False``...).
    """
    options = LoadOptions(
        files=g.files,
        project_name=g.project_name,
        project_directory=g.project_directory,
        env_files=g.env_files,
        profiles=g.profiles,
        services=tuple(services),
        environ=dict(os.environ),
        cwd=os.getcwd(),
        stdin=sys.stdin.read() if "-" in g.files else None,
        drop_unused_resources=not g.all_resources,  # --all-resources keeps what no service uses (as v2)
    )
    return replace(options, **overrides) if overrides else options


def load(g: GlobalOptions, services: Iterable[str] = (), **overrides: Any) -> LoadedProject:
    """The project the command line describes; the loader's warnings go to stderr."""
    from compose.graph.loading import load_checked

    project = load_checked(load_options(g, services, **overrides))
    print_warnings(project)
    return project


def print_warnings(project: LoadedProject) -> None:
    for warning in project.warnings:
        print(f"WARN[0000] {warning}", file=sys.stderr)


def project_from_loaded(loaded: LoadedProject, services: Iterable[str] = (), *, with_deps: bool = True) -> Project:
    """The model of a loaded project (loaded with ``select_services=False``), restricted to ``services``.

    Services left out (by profile, or not named) stay known as ``disabled``, so that they are
    not taken for orphans.
    """
    from compose.model.convert import project_from_loaded as convert

    return convert(loaded).with_services(tuple(services), with_deps=with_deps)


def load_or_name(g: GlobalOptions, services: Iterable[str] = ()) -> tuple[LoadedProject | None, str]:
    """The loaded project, or only its name when ``-p`` names one and there is no compose file here
    (``down -p NAME``/``ps -p NAME`` work on any stack, as in v2)."""
    from compose.errors import LoadError
    from compose.load.discovery import discover, imperative_name

    name = imperative_name(g.project_name, os.environ)
    if name and not g.files and not os.environ.get("COMPOSE_FILE"):
        try:
            discover(os.getcwd())
        except LoadError:
            return None, name
    loaded = load(g, services, select_services=False)
    return loaded, loaded.name


def project_name_and_services(g: GlobalOptions, services: Iterable[str] = ()) -> tuple[str, set[str] | None]:
    """The project's name and the services it defines (None without a compose file)."""
    loaded, name = load_or_name(g, services)
    if loaded is None:
        return name, None
    return name, {*loaded.services, *loaded.disabled_services}


def load_selected(g: GlobalOptions, services: tuple[str, ...], *, with_deps: bool) -> Project:
    """The project restricted to ``services`` (and, ``with_deps``, their dependencies)."""
    loaded = load(g, services, select_services=False)  # an unknown service name is a LoadError
    return project_from_loaded(loaded, services, with_deps=with_deps)
