"""``load_project``: compose files to a ``Stack``, through the CLI's loader (compose.load.pipeline)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from compose.api.owner import RunOwner
from compose.api.stack import AsyncStack, EventCallback
from compose.api.sync import Stack

__all__ = ["load_project"]

PathLike = str | os.PathLike[str]


def load_project(files: PathLike | Iterable[PathLike] = (), *, project_name: str | None = None,
                 profiles: Iterable[str] = (), env: Mapping[str, str] | None = None, inherit_env: bool = True,
                 project_directory: PathLike | None = None, env_files: Iterable[PathLike] | None = None,
                 on_event: EventCallback | None = None, parallel: int | None = None,
                 run_id: str | None = None) -> Stack:
    """Load a project as ``pycompose -f FILE... -p NAME --profile P`` would, and return its ``Stack``.

    ``files``: one path or several (later ones override earlier ones); none: COMPOSE_FILE, else
    ``compose.yaml`` & co. found from the current directory. ``env``: variables for interpolation
    (and DOCKER_HOST), on top of ``os.environ`` unless ``inherit_env=False``. ``project_name``:
    default as the CLI (COMPOSE_PROJECT_NAME, ``name:``, the directory). ``profiles``: the active
    profiles. ``on_event``: called with each progress ``Event``. ``run_id``: label everything the
    stack creates with this run and the current process (``pycompose reap`` removes the stacks of
    runs whose process is gone). Raises ``LoadError``/``ValidationError`` as ``pycompose config`` would.
    The stack's async variant is ``Stack.aio``.
    """
    stack = load_async(files, project_name=project_name, profiles=profiles, env=env, inherit_env=inherit_env,
                       project_directory=project_directory, env_files=env_files, on_event=on_event,
                       parallel=parallel, run_id=run_id)
    return Stack(stack)


def load_async(files: PathLike | Iterable[PathLike] = (), *, project_name: str | None = None,
               profiles: Iterable[str] = (), env: Mapping[str, str] | None = None, inherit_env: bool = True,
               project_directory: PathLike | None = None, env_files: Iterable[PathLike] | None = None,
               on_event: EventCallback | None = None, parallel: int | None = None,
               run_id: str | None = None) -> AsyncStack:
    """``load_project``, returning the ``AsyncStack`` itself."""
    from compose.graph.loading import load_model
    from compose.load.options import LoadOptions

    environ = {**(os.environ if inherit_env else {}), **(env or {})}
    options = LoadOptions(
        files=_paths(files),
        project_name=project_name,
        project_directory=os.fspath(project_directory) if project_directory is not None else None,
        env_files=_paths(env_files) if env_files is not None else None,
        profiles=tuple(profiles),
        environ=environ,
        cwd=os.getcwd(),
        select_services=False,
    )
    project = load_model(options).project
    owner = RunOwner.current(run_id) if run_id else None
    return AsyncStack(project, environ=environ, on_event=on_event, parallel=parallel, owner=owner)


def _paths(files: PathLike | Iterable[PathLike]) -> tuple[str, ...]:
    if isinstance(files, str | Path | os.PathLike):
        return (os.fspath(files),)
    return tuple(os.fspath(f) for f in files)
