"""Helpers for loader tests: write a project's files, load it with LoadOptions."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from compose.graph.loading import load_checked as load_project
from compose.load.options import LoadedProject, LoadOptions


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    return root


def load(root: Path, *files: str, environ: dict[str, str] | None = None, **options: Any) -> LoadedProject:
    env = {"HOME": str(root / "home")}
    env.update(environ or {})
    return load_project(LoadOptions(files=tuple(files), environ=env, cwd=str(root), **options))


def services(project: LoadedProject) -> dict[str, Any]:
    return dict(project.data["services"])
