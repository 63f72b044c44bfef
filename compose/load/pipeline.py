"""``load_project``: compose files in, one canonical project dict out. One line per phase.

The phases are written down, with the reasons for their order, in docs/pipeline.md.
The checks (schema, cross-references) are the caller's ``checks`` (``compose.load.checks``):
this package never imports ``compose.validate``. Commands load through
``compose.graph.loading.load_model``, which passes them and adds the cycle check.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from compose.errors import InterpolationError, LoadError, Location, ValidationError
from compose.load import discovery, environment, profiles
from compose.load.checks import Checks
from compose.load.interpolate import Substituter, TemplateError, variables_in
from compose.load.layers import LayerContext, load_files
from compose.load.options import LoadedProject, LoadOptions
from compose.load.source import parse_documents
from compose.load.sourcemap import SourceMap


def load_project(options: LoadOptions, read: environment.Reader = environment.read_text, *,
                 checks: Checks) -> LoadedProject:
    """Load, merge, check (with ``checks``) and normalise the project that ``options`` describe."""
    cwd = os.path.abspath(options.cwd)
    env = _first_environment(options, cwd, read)                                    # 1. shell + ./.env
    files = discovery.config_files(options.files, env, cwd)                         # 2. -f, COMPOSE_FILE, discovery
    workdir = discovery.working_dir(options.project_directory, files, cwd)          # 3. project directory
    env, env_files = _project_environment(options, env, workdir, cwd, read)         # 4. + <project dir>/.env
    ctx = _layer_context(options, env, read, workdir, checks)
    name = _project_name(options, env, files, workdir, ctx)                         # 5. -p, env, name:, directory
    env["COMPOSE_PROJECT_NAME"] = name
    layers = load_files(files, workdir, ctx)                                        # 6. per file: parse ... merge
    if not layers.data:
        raise LoadError("empty compose file", location=Location(files[-1], 1, 1) if files else None)
    if ctx.relocated:
        layers.data = _relative_paths(layers.data, ctx.relocated, workdir)
    sources = SourceMap(layers.locations)
    data = _finalize(layers.data, options, name, workdir, env, sources)             # 7. defaults, names, paths
    data, active, disabled = _apply_profiles(data, options, env)                    # 8. profiles, named services
    data = _resolve_environments(data, options, env, cwd, read)                     # 9. env_file -> environment
    _check_project(data, sources, options, disabled, checks)                        # 10. references
    data = _select(data, options)                                                   # 11. named services, used resources
    return LoadedProject(
        name=name, working_dir=workdir, config_files=tuple(files), env_files=tuple(env_files),
        environment=env, data=data, sources=sources, profiles=tuple(sorted(active)),
        disabled_services=disabled,
        all_profiles=tuple(profiles.all_profiles({**(data.get("services") or {}), **disabled})),
        warnings=tuple(_warnings(ctx)),
    )


def _first_environment(options: LoadOptions, cwd: str, read: environment.Reader) -> dict[str, str]:
    """The shell environment plus the env files of the directory v2 looks in before it knows the files."""
    shell = dict(options.environ)
    first_dir = discovery.working_dir(options.project_directory, (), cwd)
    files = environment.default_env_files(options.env_files, shell, first_dir, cwd)
    return environment.with_env_files(shell, environment.read_env_files(files, shell, read))


def _project_environment(options: LoadOptions, env: dict[str, str], workdir: str, cwd: str,
                         read: environment.Reader) -> tuple[dict[str, str], list[str]]:
    files = environment.default_env_files(options.env_files, options.environ, workdir, cwd)
    found = environment.read_env_files(files, env, read)
    return environment.with_env_files(env, found), files


def _project_name(options: LoadOptions, env: Mapping[str, str], files: Sequence[str], workdir: str,
                  ctx: LayerContext) -> str:
    imperative = discovery.imperative_name(options.project_name, env)
    if imperative:
        return imperative
    from_files, where = _name_in_files(files, options, env, ctx)
    try:
        return discovery.project_name(None, from_files, workdir)
    except LoadError as exc:
        if where is None or from_files is None:
            raise
        raise LoadError(f"{exc.message} (name: {from_files!r})", location=where, path="name") from None


def _name_in_files(files: Sequence[str], options: LoadOptions, env: Mapping[str, str],
                   ctx: LayerContext) -> tuple[str | None, Location | None]:
    """The last top-level ``name:`` of the files, interpolated (v2 reads it before everything else),
    and where it was written."""
    found: str | None = None
    where: Location | None = None
    for path in files:
        for doc in ctx.documents(path):
            value = doc.data.get("name") if isinstance(doc.data, dict) else None
            if isinstance(value, str) and value:
                found, where = value, doc.sources.locate(("name",))
    if found is not None and options.interpolate:
        try:
            found = Substituter(env.get)(found)
        except TemplateError as exc:
            raise InterpolationError(exc.message, variable=exc.variable, location=where, path="name") from None
    return found, where


def _layer_context(options: LoadOptions, env: Mapping[str, str], read: environment.Reader,
                   workdir: str, checks: Checks) -> LayerContext:
    from compose.load.paths import resolve_paths

    home = env.get("HOME")
    relocated = set[str]()

    def relocate(data: dict[str, Any], base: str) -> dict[str, Any]:
        """Paths of another file's document: absolute, or (``--no-path-resolution``) relative to the
        project directory, as v2 writes them."""
        resolved = resolve_paths(data, base, home)
        if not options.resolve_paths:
            _collect_changed(data, resolved, relocated)
        return resolved

    def read_env(files: Sequence[str], project_env: Mapping[str, str]) -> dict[str, str]:
        return environment.read_env_files(files, project_env, read)

    return LayerContext(environment=env, read=read, relocate=relocate, read_env=read_env,
                        interpolate=options.interpolate, checks=checks, stdin=options.stdin, root_dir=workdir,
                        relocated=relocated)


def _collect_changed(before: Any, after: Any, into: set[str]) -> None:
    """The strings path resolution rewrote (to write them back relative with ``--no-path-resolution``)."""
    if isinstance(after, dict) and isinstance(before, dict):
        for k, v in after.items():
            _collect_changed(before.get(k), v, into)
    elif isinstance(after, list) and isinstance(before, list) and len(before) == len(after):
        for b, a in zip(before, after, strict=True):
            _collect_changed(b, a, into)
    elif isinstance(after, str) and after != before:
        into.add(after)


def _relative_paths(data: Any, relocated: set[str], workdir: str) -> Any:
    """Paths that came from other files' directories, written relative to the project directory (as v2)."""
    if isinstance(data, dict):
        return {k: _relative_paths(v, relocated, workdir) for k, v in data.items()}
    if isinstance(data, list):
        return [_relative_paths(v, relocated, workdir) for v in data]
    if isinstance(data, str) and data in relocated and os.path.isabs(data):
        return os.path.relpath(data, workdir)
    return data


def _finalize(data: dict[str, Any], options: LoadOptions, name: str, workdir: str,
              env: Mapping[str, str], sources: SourceMap) -> dict[str, Any]:
    from compose.load.finalize import FinalizeContext, finalize

    ctx = FinalizeContext(project_name=name, working_dir=workdir, environment=env,
                          normalize=options.normalize, resolve_paths=options.resolve_paths,
                          prune_unused=False, home_dir=env.get("HOME"), sources=sources)
    return finalize(data, ctx)


def _apply_profiles(data: dict[str, Any], options: LoadOptions, env: Mapping[str, str]
                    ) -> tuple[dict[str, Any], list[str], dict[str, Any]]:
    services: Mapping[str, Any] = data.get("services") or {}
    active = profiles.active_profiles(options.profiles, env)
    active = profiles.enable_named(services, active, options.services)
    enabled, disabled = profiles.split(services, active)
    return {**data, "services": enabled}, active, disabled


def _resolve_environments(data: dict[str, Any], options: LoadOptions, env: Mapping[str, str], cwd: str,
                          read: environment.Reader) -> dict[str, Any]:
    """Relative env file paths (``--no-path-resolution``) are read from ``cwd``, as v2 does."""
    services = data.get("services")
    if not options.resolve_environment or not isinstance(services, Mapping):
        return data
    resolved = {}
    for name, service in services.items():
        if isinstance(service, Mapping):
            service = environment.resolve_service_environment(service, env, read, workdir=cwd)
            service = environment.resolve_service_labels(service, env, read, workdir=cwd)
        resolved[name] = service
    return {**data, "services": resolved}


def _check_project(data: Mapping[str, Any], sources: SourceMap, options: LoadOptions,
                   disabled: Mapping[str, Any], checks: Checks) -> None:
    if not options.consistency or not options.interpolate:  # v2 checks nothing without interpolation
        return
    issues = checks.project(data, sources, tuple(disabled))
    if issues:
        raise ValidationError(issues)


def _select(data: dict[str, Any], options: LoadOptions) -> dict[str, Any]:
    services: Mapping[str, Any] = data.get("services") or {}
    if options.select_services and options.services:
        data = {**data, "services": profiles.select(services, options.services)}
    if options.drop_unused_resources:
        from compose.load.finalize import without_unused_resources

        data = _without_unused_models(without_unused_resources(data))
    return data


def _without_unused_models(data: dict[str, Any]) -> dict[str, Any]:
    models = data.get("models")
    if not isinstance(models, Mapping):
        return data
    used: set[str] = set()
    for service in (data.get("services") or {}).values():
        refs = service.get("models") if isinstance(service, Mapping) else None
        if isinstance(refs, Mapping | list):
            used.update(str(r) for r in refs)
    kept = {name: model for name, model in models.items() if name in used}
    out = {k: v for k, v in data.items() if k != "models"}
    if kept:
        out["models"] = kept
    return out


def referenced_variables(project: LoadedProject, stdin: str | None = None,
                         read: environment.Reader = environment.read_text) -> dict[str, tuple[str | None, bool]]:
    """Every variable the project's files refer to: name -> (default, required) (``config --variables``)."""
    found: dict[str, tuple[str | None, bool]] = {}
    for path in project.config_files:
        text = (stdin or "") if path == discovery.STDIN else read(path)
        for doc in parse_documents(text, path):
            for name, default, required in variables_in(doc.data):
                found[name] = (default, required)
    return found


def _warnings(ctx: LayerContext) -> list[str]:
    out = list(ctx.warnings)
    if ctx.substituter is not None:
        out.extend(f'The "{name}" variable is not set. Defaulting to a blank string.'
                   for name in ctx.substituter.missing)
    return out
