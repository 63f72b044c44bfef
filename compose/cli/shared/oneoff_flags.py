"""``run``'s flags (``RunOptions``) -> ``OneOff``: ports, volumes, environment, labels, entrypoint parsed
as v2 reads them."""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterable, Mapping

from compose._record import record
from compose.errors import UsageError
from compose.model.parts import Port, ServiceVolume
from compose.plan.oneoff import OneOff


@record
class RunOptions:
    """``run``'s flags (compose/cli/commands/run.py declares them)."""

    service: str
    command: tuple[str, ...] = ()
    build: bool = False
    cap_add: tuple[str, ...] = ()
    cap_drop: tuple[str, ...] = ()
    detach: bool = False
    entrypoint: str | None = None
    env: tuple[str, ...] = ()
    env_from_file: tuple[str, ...] = ()
    interactive: bool = True
    label: tuple[str, ...] = ()
    name: str | None = None
    no_tty: bool = False
    no_deps: bool = False
    publish: tuple[str, ...] = ()
    pull: str = "policy"
    quiet: bool = False
    quiet_build: bool = False
    quiet_pull: bool = False
    remove_orphans: bool = False
    rm: bool = False
    service_ports: bool = False
    use_aliases: bool = False
    user: str | None = None
    volume: tuple[str, ...] = ()
    workdir: str | None = None


def ports(values: Iterable[str]) -> tuple[Port, ...]:
    """``-p [ip:][host:]container[/proto]``, the compose short syntax."""
    from compose.load._canon_values import parse_port
    from compose.model._convert_parts import port
    from compose.model._reader import Issues, Reader

    out: list[Port] = []
    for value in values:
        try:
            entries = parse_port(value)
        except ValueError as exc:
            raise UsageError(f"--publish {value!r}: {exc}") from None
        for entry in entries:
            parsed = port(Reader(entry, ("publish",), Issues(None)))
            if parsed is not None:
                out.append(parsed)
    return tuple(out)


def volumes(values: Iterable[str], cwd: str) -> tuple[ServiceVolume, ...]:
    """``-v [source:]target[:options]``; a relative host path is taken from the current directory."""
    from compose.load._canon_values import parse_volume
    from compose.model._convert_parts import service_volume
    from compose.model._reader import Issues, Reader

    out: list[ServiceVolume] = []
    for value in values:
        try:
            entry = parse_volume(value)
        except ValueError as exc:
            raise UsageError(f"--volume {value!r}: {exc}") from None
        source = entry.get("source")
        if entry.get("type") == "bind" and isinstance(source, str):
            entry["source"] = os.path.abspath(os.path.join(cwd, os.path.expanduser(source)))
        issues = Issues(None)
        parsed = service_volume(Reader(entry, ("volume",), issues))
        if parsed is None:
            raise UsageError(f"--volume {value!r}: " + "; ".join(i.message for i in issues.items))
        out.append(parsed)
    return tuple(out)


def environment(values: Iterable[str], files: Iterable[str], environ: Mapping[str, str]) -> dict[str, str | None]:
    """``--env-from-file`` files, then ``-e KEY=VAL`` / ``-e KEY`` (its value from our environment)."""
    from compose.load.dotenv import parse

    out: dict[str, str | None] = {}
    for path in files:
        try:
            with open(path, encoding="utf-8") as handle:
                out.update(parse(handle.read(), path, environ.get))
        except OSError as exc:
            raise UsageError(f"--env-from-file {path}: {exc.strerror}") from None
    for item in values:
        key, sep, value = item.partition("=")
        out[key] = value if sep else environ.get(key)
    return out


def labels(values: Iterable[str]) -> dict[str, str]:
    out = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep:
            raise UsageError("label must be set as KEY=VALUE")
        out[key] = value
    return out


def capabilities(values: Iterable[str]) -> tuple[str, ...]:
    """``--cap-add A,B --cap-add C``: comma-separated lists, repeatable."""
    return tuple(c.strip() for value in values for c in value.split(",") if c.strip())


def oneoff(o: RunOptions, *, tty: bool, environ: Mapping[str, str], cwd: str) -> OneOff:
    if o.service_ports and o.publish:
        raise UsageError("--service-ports and --publish are incompatible")
    try:
        entrypoint = tuple(shlex.split(o.entrypoint)) if o.entrypoint is not None else None
    except ValueError as exc:
        raise UsageError(f"--entrypoint {o.entrypoint!r}: {exc}") from None
    return OneOff(
        command=tuple(o.command) if o.command else None,
        entrypoint=entrypoint,
        environment=environment(o.env, o.env_from_file, environ),
        labels=labels(o.label),
        user=o.user,
        workdir=o.workdir,
        publish=ports(o.publish),
        service_ports=o.service_ports,
        volumes=volumes(o.volume, cwd),
        cap_add=capabilities(o.cap_add),
        cap_drop=capabilities(o.cap_drop),
        tty=tty,
        interactive=o.interactive,
        name=o.name,
        auto_remove=o.rm and o.detach,
        use_aliases=o.use_aliases,
    )
