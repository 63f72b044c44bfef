"""``pycompose build [SERVICES]``: build the images of the services with a ``build:`` section.

Builds run in parallel (``--parallel``); the TTY view shows each one's progress
(its latest log line), plain progress prints every line prefixed with the
service. A failed build names the service and prints the failing step's output;
the exit code is then 1. ``--push`` pushes what was built (``image:`` and
``build.tags``) once every build succeeded.

pycompose builds with the Docker Engine's classic builder (compose/plan/buildspec.py), so:

- ``-m/--memory`` is the classic builder's ``memory`` parameter: the limit of every step's
  container (v2, which builds with BuildKit here, ignores it with a warning; its classic
  builder sends it the same way);
- ``--print`` prints the bake file v2 prints (compose/plan/bake.py) and builds nothing;
- ``--builder`` takes the engine's own builder, by the names buildx gives it (``default``,
  the current Docker context's name); any other builder is refused, pycompose drives no buildx;
- ``--check`` (BuildKit's Dockerfile lint), ``--ssh`` (an SSH agent served over a BuildKit
  session) and ``--provenance``/``--sbom`` attestations are refused with the reason; a false
  ``--provenance``/``--sbom`` (no attestation) is accepted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping

from compose._record import record
from compose.cli.options import GlobalOptions
from compose.errors import ComposeError, UsageError

_GO_FALSE = frozenset({"0", "f", "F", "false", "FALSE", "False"})
"""The values Go's strconv.ParseBool reads as false."""


@record
class BuildOptions:
    """``build``'s flags."""

    services: tuple[str, ...] = ()
    build_arg: tuple[str, ...] = ()
    builder: str | None = None
    check: bool = False
    memory: int | None = None
    no_cache: bool = False
    print_bake: bool = False
    provenance: str | None = None
    pull: bool = False
    push: bool = False
    quiet: bool = False
    sbom: str | None = None
    ssh: str | None = None
    with_dependencies: bool = False


Options = BuildOptions


def memory_bytes(value: str) -> int:
    """``-m/--memory``: bytes, as the docker CLI's MemBytes reads them (``512m``, ``1g``, ``1073741824``)."""
    from compose.model.units import UnitError, parse_size

    try:
        size = parse_size(value)
    except UnitError:
        size = -1
    if size < 0:
        raise argparse.ArgumentTypeError(f"invalid size: {value!r}")
    return size


def configure(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("services", nargs="*", metavar="SERVICE")
    add("--build-arg", action="append", default=[], metavar="KEY=VALUE", help="Set build-time variables")
    add("--builder", metavar="NAME",
        help="Set builder to use (the engine's own: 'default' or the Docker context's name)")
    add("--check", action="store_true", help="Check build configuration (refused: needs BuildKit's lint)")
    add("-m", "--memory", type=memory_bytes, metavar="BYTES",
        help="Set memory limit for the build container (the classic builder's limit)")
    add("--no-cache", action="store_true", help="Do not use cache when building the image")
    add("--print", dest="print_bake", action="store_true", help="Print equivalent bake file (builds nothing)")
    add("--provenance", metavar="VALUE", help="Add a provenance attestation (only 'false' is accepted here)")
    add("--pull", action="store_true", help="Always attempt to pull a newer version of the image")
    add("--push", action="store_true", help="Push service images")
    add("-q", "--quiet", action="store_true", help="Don't print anything to STDOUT")
    add("--sbom", metavar="VALUE", help="Add a SBOM attestation (only 'false' is accepted here)")
    add("--ssh", metavar="ID=PATH", help="Set SSH authentications used when building service images "
        "(refused: needs a BuildKit session)")
    add("--with-dependencies", action="store_true", help="Also build dependencies (transitively)")


def run(o: BuildOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.images import build_args
    from compose.cli.shared.plans import engine_environ
    from compose.plan.bake import parse_ssh_flag

    try:
        ssh = parse_ssh_flag(o.ssh) if o.ssh is not None else None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    args = build_args(o.build_arg, os.environ)
    environ = engine_environ(g)
    check_builder(o.builder, environ)
    if o.print_bake:
        return _print(o, g, args, ssh)
    attestations = _attestations(o)
    if attestations:
        raise ComposeError(attestations_refused(attestations))
    if o.check:
        raise ComposeError(check_refused(_engine_version(g)))
    return _build(o, g, args, ssh, environ)


def _build(o: BuildOptions, g: GlobalOptions, args: Mapping[str, str | None], ssh: str | None,
           environ: Mapping[str, str]) -> int:
    from compose.cli.shared.images import image_view, show_skipped
    from compose.cli.shared.loading import load_selected
    from compose.cli.shared.plans import connect_engine, parallel_limit, report, run_plan
    from compose.plan.images import BuildOptions as Building
    from compose.plan.images import plan_build, plan_push

    project = load_selected(g, o.services, with_deps=o.with_dependencies)
    options = Building(build_args=args, no_cache=o.no_cache, pull_base=o.pull, env=dict(environ),
                       memory=o.memory or None)
    planned = plan_build(project, options)
    if ssh is not None and not planned.plan.empty:
        names = sorted({str(node.op.display or node.op.target) for node in planned.plan.nodes})
        raise ComposeError(ssh_refused(ssh, names))
    if g.dry_run:
        print(planned.plan.render(), end="")
        return 0
    if planned.plan.empty:
        return 0
    engine = connect_engine(g)
    limit = parallel_limit(g)
    view = image_view(g, title="Building", quiet=o.quiet)
    code = report(run_plan(planned.plan, engine, project.name, view, limit))
    if code or not o.push:
        return code
    pushes = plan_push(project)
    view = image_view(g, title="Pushing", quiet=o.quiet)
    show_skipped(view, pushes.skipped)
    return report(run_plan(pushes.plan, engine, project.name, view, limit))


def _print(o: BuildOptions, g: GlobalOptions, args: Mapping[str, str | None], ssh: str | None) -> int:
    """``--print``: v2's bake file on stdout, nothing built; the flags a bake file cannot carry
    (v2 passes them to ``buildx bake`` itself, or to nothing) are named on stderr."""
    from compose.cli.shared.config_format import to_json
    from compose.cli.shared.loading import load, project_from_loaded
    from compose.plan.bake import BakeOptions, bake_file

    # every service (the named ones' profiles enabled): the file has their dependencies' targets too
    project = project_from_loaded(load(g, o.services, select_services=False))
    options = BakeOptions(build_args=args, no_cache=o.no_cache, pull=o.pull, push=o.push, check=o.check,
                          ssh=(ssh,) if ssh else (), with_dependencies=o.with_dependencies)
    data = bake_file(project, o.services, options)
    outside = [flag for flag, given in (("--memory", o.memory), ("--provenance", o.provenance),
                                        ("--sbom", o.sbom), ("--builder", o.builder)) if given]
    if outside:
        print(f"WARN[0000] {', '.join(outside)}: not part of the bake file (v2 hands the builder and the "
              "attestations to `docker buildx bake` itself; bake has no memory limit); nothing was built",
              file=sys.stderr)
    if data is not None:
        sys.stdout.write(to_json(data) + "\n")
    return 0


def accepted_builders(environ: Mapping[str, str]) -> tuple[str, ...]:
    """The names buildx gives the engine's own builder: ``default``, and the current context's name."""
    from compose.engine.hosts import context_name

    return tuple(dict.fromkeys(("default", context_name(environ))))


def check_builder(flag: str | None, environ: Mapping[str, str]) -> None:
    """``--builder`` (else BUILDX_BUILDER, which v2 reads the same way): the engine's own builder only."""
    name = flag if flag is not None else environ.get("BUILDX_BUILDER") or None
    if name is None:
        return
    accepted = accepted_builders(environ)
    if name in accepted:
        return
    where = "--builder" if flag is not None else "BUILDX_BUILDER"
    raise ComposeError(
        f"{where} {name!r}: no such builder for pycompose; it builds through the Docker Engine's own builder "
        f"(buildx names it {' or '.join(repr(n) for n in accepted)}) and cannot drive another buildx "
        "builder. Build with `docker buildx bake` (`pycompose build --print` writes its file), "
        f"or use {' or '.join(repr(n) for n in accepted)}")


def _attestations(o: BuildOptions) -> list[str]:
    return [f"--{name}={value}" for name, value in (("provenance", o.provenance), ("sbom", o.sbom))
            if value is not None and value not in _GO_FALSE]


def attestations_refused(flags: list[str]) -> str:
    return (f"{' '.join(flags)}: attestations are written by BuildKit as extra manifests next to the image, "
            "which needs a BuildKit builder and an image store that keeps them (the containerd image store, "
            "or a buildx builder other than the docker driver); pycompose builds with the Docker Engine's "
            "classic builder, which makes none. Docker Compose v2 fails here too (\"Attestation is not "
            "supported for the docker driver\"). Drop the flag or pass false, or build with "
            "`docker buildx build --provenance/--sbom` on such a builder")


def check_refused(engine: str) -> str:
    where = f" (this engine: Docker Engine {engine})" if engine else ""
    return ("--check runs the Dockerfile frontend's lint rules (BuildKit's `lint` call: BuildKit 0.15, "
            f"Dockerfile syntax 1.8, and later); pycompose builds with the Docker Engine's classic builder{where}, "
            "which has no lint, and has no BuildKit session to ask the engine's built-in BuildKit (Engine 20.10 "
            "bundles BuildKit 0.8, older than lint). Use `docker buildx build --check` with a recent BuildKit; "
            "`pycompose build --print --check` prints the bake file v2 would lint with")


def ssh_refused(ssh: str, services: list[str]) -> str:
    return (f"--ssh {ssh}: forwarding an SSH agent or keys into a build (for service(s) {', '.join(services)}) "
            "needs a BuildKit session, through which the client serves them to the builder (the engine's "
            "/session endpoint); pycompose builds with the Docker Engine's classic builder and has no BuildKit "
            "session. Build these images with `docker buildx build --ssh ...` and run pycompose with --no-build")


def _engine_version(g: GlobalOptions) -> str:
    """The engine's version for the --check message; "" when it cannot be asked."""
    from compose.cli.shared.plans import connect_engine
    from compose.engine.info import engine_version

    try:
        engine = connect_engine(g)
        try:
            return engine_version(engine)
        finally:
            engine.close()
    except ComposeError:
        return ""
