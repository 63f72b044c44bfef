"""What up, down and ps share: the project as a model, the engine, running a plan with a view."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from compose.load.options import LoadedProject
from compose.model.frozen import FrozenMap
from compose.model.project import Project


def project_from_loaded(loaded: LoadedProject, services: Iterable[str] = (), *, with_deps: bool = True) -> Project:
    """The model of a loaded project (loaded with ``select_services=False``), restricted to ``services``.

    Services left out (by profile, or not named) stay known as ``disabled``, so that they are
    not taken for orphans.
    """
    from compose.model.convert import build_project
    from compose.model.service import Service

    project = build_project(
        loaded.data,
        working_dir=loaded.working_dir,
        config_files=loaded.config_files,
        env_files=loaded.env_files,
        environment=loaded.environment,
        sources=loaded.sources,
    )
    if loaded.disabled_services:
        by_profile = {name: Service(name=name) for name in loaded.disabled_services}
        project = dataclasses.replace(project, disabled=FrozenMap({**by_profile, **project.disabled}))
    return project.with_services(tuple(services), with_deps=with_deps)
