"""``pycompose bridge convert``: hand the compose model to transformation images (v2's Compose Bridge).

v2 (pkg/bridge) prepares the model and runs each transformation image (``-t``, default
``docker/compose-bridge-kubernetes``), which turns it into Kubernetes manifests, a Helm
chart, or anything its templates say:

1. each service's image is made present (pulled when missing) and named in the model
   (``image``, ``<project>-<service>`` for a built one), and its ``expose`` gets the ports
   the image exposes and the ``ports`` targets; file and environment secrets and configs get
   their ``content``;
2. the output directory (``-o``, default ``out``) is emptied and created;
3. each transformation runs once, as the calling user, with the model at ``/in/compose.yaml``,
   the output directory at ``/out`` and ``--templates`` at ``/templates``; its output is
   shown, and a failing transformation's exit code is the command's.

A transformation image that is neither local nor pullable (offline, Docker Hub's
``docker/compose-bridge-kubernetes`` is not) fails before anything runs, with the engine's
reason. Differences from v2: the model is written to a private temporary directory (v2 writes
``compose.yaml`` into the system's temporary directory and mounts all of it); v2's
``bridge transformations list|create`` are not implemented.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from compose._record import record
from compose.cli.options import GlobalOptions
from compose.errors import ComposeError, UsageError

if TYPE_CHECKING:
    from compose.engine.engine import ApiEngine
    from compose.load.options import LoadedProject

DEFAULT_TRANSFORMATION = "docker/compose-bridge-kubernetes"


@record
class BridgeOptions:
    """``bridge``'s subcommand and its flags."""

    bridge_command: str | None = None
    output: str = "out"
    templates: str | None = None
    transformation: tuple[str, ...] = ()


Options = BridgeOptions


def configure(parser: argparse.ArgumentParser) -> None:
    from compose.cli.parsing import CommandParser, add_global_options

    commands = parser.add_subparsers(dest="bridge_command", metavar="COMMAND", parser_class=CommandParser)
    convert = commands.add_parser(
        "convert", help="Convert compose files to Kubernetes manifests, Helm charts, or another model",
        description="Convert compose files to Kubernetes manifests, Helm charts, or another model")
    add = convert.add_argument
    add("-o", "--output", default="out", metavar="DIR",
        help='The output directory for the Kubernetes resources (default "out")')
    add("--templates", metavar="DIR", help="Directory containing transformation templates")
    add("-t", "--transformation", action="append", default=[], metavar="IMAGE",
        help=f"Transformation to apply to compose model (default: {DEFAULT_TRANSFORMATION})")
    add_global_options(convert, suppress=True)


def run(o: BridgeOptions, g: GlobalOptions) -> int:
    if o.bridge_command != "convert":
        raise UsageError("bridge: a command is required: convert (see 'pycompose bridge --help')")
    return convert(o, g)


def convert(o: BridgeOptions, g: GlobalOptions) -> int:
    import tempfile

    from compose.cli.shared.loading import load
    from compose.cli.shared.plans import connect_engine
    from compose.engine.bridge import pull_missing, run_transformation

    transformations = o.transformation or (DEFAULT_TRANSFORMATION,)
    loaded = load(g)
    if g.dry_run:  # the model is checked (loaded); nothing is pulled, written or run
        for image in transformations:
            print(f"DRY-RUN MODE - would run transformation {image} into {os.path.abspath(o.output)}",
                  file=sys.stderr)
        return 0
    engine = connect_engine(g)
    try:
        model = _model(loaded, engine)
        output = os.path.abspath(o.output)
        _fresh_directory(output)
        with tempfile.TemporaryDirectory(prefix="pycompose-bridge-") as directory:
            from compose.cli.shared.config_format import to_yaml, yaml_view

            path = os.path.join(directory, "compose.yaml")
            with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as f:
                f.write(to_yaml(yaml_view(model)))
            binds = [f"{directory}:/in", f"{output}:/out"]
            if o.templates:
                binds.append(f"{os.path.abspath(o.templates)}:/templates")
            user = str(os.getuid()) if hasattr(os, "getuid") else None
            for image in transformations:
                pull_missing(engine, image, "transformation image", _progress)
                code = run_transformation(engine, image, binds=binds, user=user, out=_write)
                if code:
                    print(f"transformation {image} exited with code {code}", file=sys.stderr)
                    return code
    finally:
        engine.close()
    return 0


def _model(loaded: LoadedProject, engine: ApiEngine) -> dict[str, Any]:
    """v2's LoadAdditionalResources: images named (and present), ports exposed, secrets' content."""
    from compose.engine.bridge import pull_missing

    data: dict[str, Any] = dict(loaded.data)
    services: dict[str, Any] = {}
    for name, raw in (data.get("services") or {}).items():
        service = dict(raw)
        image = str(service.get("image") or f"{loaded.name}-{name}")
        config = pull_missing(engine, image, f"service {name!r}: image", _progress)
        exposed = {str(p) for p in service.get("expose") or ()}
        exposed |= {str(port).split("/")[0] for port in (config.get("ExposedPorts") or {})}
        exposed |= {str(port["target"]) for port in service.get("ports") or () if isinstance(port, Mapping)
                    and port.get("target") is not None}
        service["image"] = image
        if exposed:
            service["expose"] = sorted(exposed, key=lambda p: (len(p), p))
        services[name] = service
    data["services"] = services
    for kind in ("secrets", "configs"):
        objects = data.get(kind)
        if isinstance(objects, Mapping):
            data[kind] = {key: _with_content(value) for key, value in objects.items()}
    return data


def _with_content(value: Any) -> Any:
    if not isinstance(value, Mapping) or value.get("external"):
        return value
    out = dict(value)
    if out.get("environment"):
        out["content"] = os.environ.get(str(out["environment"]), "")
    elif out.get("file"):
        try:
            with open(str(out["file"]), encoding="utf-8") as f:
                out["content"] = f.read()
        except OSError as exc:
            raise ComposeError(f"cannot read {out['file']}: {exc.strerror}") from exc
    return out


def _fresh_directory(path: str) -> None:
    """v2 empties the output directory before converting (its RemoveAll), then creates it."""
    import shutil

    try:
        if os.path.islink(path) or os.path.isfile(path):
            os.remove(path)
        elif os.path.isdir(path):
            shutil.rmtree(path)
        os.makedirs(path, mode=0o744, exist_ok=True)
    except OSError as exc:
        raise ComposeError(f"cannot create output folder: {exc}") from exc


def _progress(line: str) -> None:
    print(line, file=sys.stdout, flush=True)


def _write(stream: str, data: bytes) -> None:
    target = sys.stderr if stream == "stderr" else sys.stdout
    target.flush()
    target.buffer.write(data)
    target.buffer.flush()
