"""``pycompose publish [OPTIONS] REPOSITORY[:TAG]``: push the compose application as an OCI artifact.

What Docker Compose v2 does (pkg/compose/publish.go), in its order:

1. the project, every profile enabled; a local ``include`` is refused (an artifact carries no
   files beside the compose files);
2. checks: services with ``build:`` and no ``image:`` are refused; unless ``-y``: bind mounts
   and credentials found in the files are shown and must be confirmed, and ``environment`` /
   ``env_file`` are refused without ``--with-env`` (with it, shown and confirmed);
3. the services' built images are pushed (failures are warnings, as v2 ignores them);
4. the artifact (compose/plan/publish.py) is pushed to the registry through its HTTP API
   (compose/engine/artifact.py): the files, their ``extends`` files, the env files with
   ``--with-env``, ``image-digests.yaml`` with ``--resolve-image-digests`` (or ``--app``);
   ``--oci-version 1.0|1.1`` forces a manifest format (default: 1.1, falling back to 1.0);
5. ``--app``: each service's image is copied into the repository, and an index of them, whose
   subject is the artifact, is pushed by digest.

``--dry-run`` does all the checks and pushes nothing. Differences from v2: a registry the engine
counts as insecure (127.0.0.0/8, its ``--insecure-registry`` list) is reached over plain HTTP
when it does not speak TLS, as the engine does (v2 needs its test variable
``__TEST__INSECURE__REGISTRY__`` for that); the credential scan looks for well-known token
shapes and password-like keys (v2 uses DefangLabs' secret-detector, with more detectors).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from compose._record import record
from compose.cli.options import GlobalOptions
from compose.errors import ComposeError, UsageError

__all__ = ["Options", "PublishOptions", "configure", "confirm", "run"]

if TYPE_CHECKING:
    from compose.engine.engine import ApiEngine
    from compose.load.options import LoadedProject
    from compose.model.project import Project
    from compose.plan.publish import Descriptor
    from compose.present.progress import View


@record
class PublishOptions:
    """``publish``'s flags."""

    repository: str = ""
    app: bool = False
    oci_version: str = ""
    resolve_image_digests: bool = False
    with_env: bool = False
    yes: bool = False


Options = PublishOptions


def configure(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("repository", metavar="REPOSITORY[:TAG]", help="where to publish (registry/repository[:tag])")
    add("--app", action="store_true", help="Published compose application (includes referenced images)")
    add("--oci-version", default="", metavar="VERSION",
        help="OCI image/artifact specification version: 1.0 or 1.1 (automatically determined by default)")
    add("--resolve-image-digests", action="store_true", help="Pin image tags to digests")
    add("--with-env", action="store_true", help="Include environment variables in the published OCI artifact")
    add("-y", "--yes", action="store_true", help='Assume "yes" as answer to all prompts')


def run(o: PublishOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.loading import load, project_from_loaded
    from compose.engine.registry import parse_registry_ref
    from compose.plan.publish import OCI_VERSIONS

    if o.oci_version and o.oci_version not in OCI_VERSIONS:
        raise UsageError(f"unsupported OCI version: {o.oci_version} (use {' or '.join(OCI_VERSIONS)})")
    try:
        target = parse_registry_ref(o.repository)
    except ValueError as exc:
        raise UsageError(f"{o.repository}: {exc}") from None
    if target.digest:
        raise UsageError(f"{o.repository}: publish takes REPOSITORY[:TAG], not a digest")
    loaded = load(g, profiles=("*",))
    _refuse_local_includes(loaded.config_files)
    project = project_from_loaded(loaded)
    env_files = _env_files(g)
    if not _checks(project, loaded, o, env_files):
        return 0
    engine = None if g.dry_run else _engine(g)
    try:
        if engine is not None:
            _push_images(project, engine, g)
        layers = _layers(project, loaded, o, engine)
        view = _view(g)
        try:
            _publish(g, o, target, project, layers, engine, view)
        finally:
            view.close()
    finally:
        if engine is not None:
            engine.close()
    return 0


def _engine(g: GlobalOptions) -> ApiEngine:
    from compose.cli.shared.plans import connect_engine

    return connect_engine(g)


# -- checks ---------------------------------------------------------------------------------


def _refuse_local_includes(files: Sequence[str]) -> None:
    import yaml

    for path in files:
        try:
            with open(path, encoding="utf-8") as f:
                data = yaml.safe_load(f)
        except (OSError, yaml.YAMLError):
            continue
        entries = data.get("include") if isinstance(data, Mapping) else None
        for entry in entries or ():
            paths = entry.get("path") if isinstance(entry, Mapping) else entry
            for item in [paths] if isinstance(paths, str) else (paths or ()):
                if not _remote(str(item)):
                    raise ComposeError("cannot publish compose file with local includes")


def _remote(path: str) -> bool:
    return path.startswith(("oci://", "git@", "git://")) or ("://" in path and ".git" in path) \
        or path.startswith("github.com/")


def _env_files(g: GlobalOptions) -> dict[str, tuple[str, ...]]:
    """Each service's ``env_file`` paths: the loader folds them into ``environment`` (as v2's does), so
    they are read from the project loaded without that step."""
    from compose.cli.shared.loading import load_options, project_from_loaded
    from compose.graph.loading import load_checked

    unresolved = project_from_loaded(load_checked(load_options(g, profiles=("*",), resolve_environment=False)))
    return {name: tuple(e.path for e in s.env_file) for name, s in unresolved.services.items() if s.env_file}


def _checks(project: Project, loaded: LoadedProject, o: PublishOptions, env_files: Mapping[str, Sequence[str]]) -> bool:
    """v2's preChecks: False when the user declined (nothing published, exit 0)."""
    from compose.plan.publish import bind_mounts, build_only, environment_findings, sensitive_findings

    only = build_only(project)
    if only:
        raise ComposeError("your Compose stack cannot be published as it only contains a build section for "
                           "service(s):\n" + "".join(f'- "{name}"\n' for name in only))
    if o.yes:
        return True
    mounts = bind_mounts(project)
    if mounts:
        text = ("you are about to publish bind mounts declaration within your OCI artifact.\n"
                "only the bind mount declarations will be added to the OCI artifact (not content)\n"
                "please double check that you are not mounting potential user's sensitive directories or data\n")
        text += "".join(f"{name}\n" + "".join(f"{m}\n" for m in found) for name, found in mounts.items())
        if not confirm(text + "Are you ok to publish these bind mount declarations?"):
            return False
    findings = sensitive_findings(_scanned(project, loaded, env_files))
    if findings:
        text = ("you are about to publish sensitive data within your OCI artifact.\n"
                "please double check that you are not leaking sensitive data\n")
        text += "".join(f'{f.kind}\n"{f.key}": {f.value}\n' for f in findings)
        if not confirm(text + "Are you ok to publish these sensitive data?"):
            return False
    reasons, variables = environment_findings(project, env_files)
    if reasons and not o.with_env:
        raise ComposeError("".join(f"{r}\n" for r in reasons) + "To avoid leaking sensitive data, you must either "
                           "explicitly allow the sending of environment variables by using the --with-env flag,\n"
                           "or remove sensitive data from your Compose configuration")
    if variables:
        text = ("you are about to publish environment variables within your OCI artifact.\n"
                "please double check that you are not leaking sensitive data\n")
        text += "".join(f"Service/Config  {name}\n" + "".join(f"{v}\n" for v in values)
                        for name, values in variables.items())
        if not confirm(text + "Are you ok to publish these environment variables?"):
            return False
    return True


def _scanned(project: Project, loaded: LoadedProject, env_files: Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
    """What the credential scan reads: the compose files, env files, file-based configs and secrets."""
    paths = list(loaded.config_files)
    for files in env_files.values():
        paths += files
    paths += [c.file for c in (*project.configs.values(), *project.secrets.values()) if c.file]
    out = []
    for path in dict.fromkeys(paths):
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                out.append((path, f.read()))
        except OSError:
            continue
    return out


def confirm(message: str) -> bool:
    """v2's prompt: the question on stdout, an answer line from stdin; ``y``, ``1``, ``t``, ``true``
    accept (Go's ParseBool, and ``y``); anything else, or no input, declines."""
    tty = sys.stdin.isatty()
    sys.stdout.write(message + (" [y/N] " if tty else ""))
    sys.stdout.flush()
    answer = sys.stdin.readline().strip().lower()
    if not tty:
        sys.stdout.write("\n")
    return answer in ("y", "1", "t", "true")


# -- pushing --------------------------------------------------------------------------------


def _push_images(project: Project, engine: ApiEngine, g: GlobalOptions) -> None:
    """v2 pushes the services' built images first, and goes on when a push fails."""
    from compose.cli.shared.images import failures_as_warnings, image_view, show_skipped
    from compose.cli.shared.plans import parallel_limit, run_plan
    from compose.plan.images import plan_push

    pushes = plan_push(project)
    view = image_view(g, title="Pushing")
    show_skipped(view, pushes.skipped)
    if pushes.plan.empty:
        view.close()
        return
    failures_as_warnings(run_plan(pushes.plan, engine, project.name, view, parallel_limit(g)))


def _layers(project: Project, loaded: LoadedProject, o: PublishOptions, engine: ApiEngine | None) -> list[Descriptor]:
    from compose.plan.publish import compose_file_layer, env_file_layer, file_layers

    def read(path: str) -> bytes:
        try:
            with open(path, "rb") as f:
                return f.read()
        except OSError as exc:
            raise ComposeError(f"cannot read {path}: {exc.strerror}") from exc

    files = file_layers(loaded.config_files, read, loaded.working_dir, loaded.environment)
    layers = list(files.layers)
    if o.with_env:
        for path, name in files.env_files.items():
            try:
                layers.append(env_file_layer(name, read(path)))
            except ComposeError:
                continue  # v2 skips an env file it cannot read
    if o.resolve_image_digests or o.app:
        layers.append(compose_file_layer("image-digests.yaml", _digests_override(project, engine)))
    return layers


def _digests_override(project: Project, engine: ApiEngine | None) -> bytes:
    """``image-digests.yaml``: v2's override project with each service's image pinned (a dry run
    cannot ask the registry: the images are written as they are)."""
    from compose.cli.shared.config_format import to_yaml
    from compose.engine.distribution import resolve_digest
    from compose.model.imageref import docker_ref, with_digest

    services: dict[str, dict[str, str]] = {}
    for name in sorted(project.services):
        image = project.services[name].image
        if not image:
            services[name] = {}
            continue
        if engine is None:
            services[name] = {"image": image}
            continue
        qualified = docker_ref(image)
        services[name] = {"image": qualified if "@" in qualified
                          else with_digest(image, resolve_digest(engine, qualified))}
    return to_yaml({"services": services}).encode()


def _view(g: GlobalOptions) -> View:
    from compose.cli.shared.plans import make_view

    return make_view(g, title="Publishing")


def _event(view: View, repository: str, status: Any, text: str, detail: str = "") -> None:
    from compose.apply.events import Event

    view.on(Event(f"publish:{repository}", "", repository, status, text, detail))


def _publish(g: GlobalOptions, o: PublishOptions, target: Any, project: Project, layers: list[Descriptor],
             engine: ApiEngine | None, view: View) -> None:
    from compose.apply.events import Status

    _event(view, o.repository, Status.WORKING, "publishing")
    if engine is None:  # --dry-run
        _event(view, o.repository, Status.DONE, "published")
        return
    try:
        _push(g, o, target, project, layers, engine)
    except ComposeError as exc:
        _event(view, o.repository, Status.ERROR, "publishing", exc.message)
        raise
    _event(view, o.repository, Status.DONE, "published")


def _push(g: GlobalOptions, o: PublishOptions, target: Any, project: Project, layers: list[Descriptor],
          engine: ApiEngine) -> None:
    from datetime import datetime

    from compose.cli.shared.plans import engine_environ
    from compose.engine.artifact import connect_registry, copy_image, push_artifact, push_index
    from compose.engine.info import registry_config
    from compose.engine.registry import parse_registry_ref
    from compose.plan.publish import app_index

    environ = engine_environ(g)
    config = registry_config(engine)
    registry = connect_registry(target.domain, environ, config)
    created = datetime.now().astimezone().replace(microsecond=0).isoformat()
    created = created.replace("+00:00", "Z")
    manifest = push_artifact(registry, target, layers, o.oci_version, created)
    if not o.app:
        return
    registries = {target.domain: registry}
    copied = []
    for name in sorted(project.services):
        image = project.services[name].image
        if not image:
            continue
        source = parse_registry_ref(image)
        if source.domain not in registries:
            registries[source.domain] = connect_registry(source.domain, environ, config)
        copied.append(copy_image(registries[source.domain], source, registry, target.repository))
    push_index(registry, target.repository, app_index(copied, manifest))

