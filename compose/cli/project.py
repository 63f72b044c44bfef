"""The global command-line options -> ``LoadOptions`` -> a loaded project, for every command.

This is the CLI edge: it reads ``os.environ``, the current directory and stdin,
and prints the loader's warnings on stderr; the loader itself does none of that.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from compose._record import replace
from compose.load.options import LoadedProject, LoadOptions


def load_options_from_args(args: argparse.Namespace, **overrides: Any) -> LoadOptions:
    """``LoadOptions`` from the global options (``-f``, ``-p``, ``--env-file``...) in ``args``.

    ``args.services`` (when the command takes service names) are the services named on
    the command line; ``overrides`` sets any other field (``interpolate=False``...).
    """
    files = tuple(getattr(args, "files", None) or ())
    env_files = getattr(args, "env_files", None)
    options = LoadOptions(
        files=files,
        project_name=getattr(args, "project_name", None) or None,
        project_directory=getattr(args, "project_directory", None) or None,
        env_files=tuple(env_files) if env_files else None,
        profiles=tuple(getattr(args, "profiles", None) or ()),
        services=tuple(getattr(args, "services", None) or ()),
        environ=dict(os.environ),
        cwd=os.getcwd(),
        stdin=sys.stdin.read() if "-" in files else None,
    )
    return replace(options, **overrides) if overrides else options


def load_from_args(args: argparse.Namespace, **overrides: Any) -> LoadedProject:
    """The project the command line describes; the loader's warnings go to stderr."""
    from compose.load.pipeline import load_project

    project = load_project(load_options_from_args(args, **overrides))
    print_warnings(project)
    return project


def print_warnings(project: LoadedProject) -> None:
    for warning in project.warnings:
        print(f"WARN[0000] {warning}", file=sys.stderr)
