"""The command line -> typed options: the one module where argparse's Namespace lives and dies.

``pycompose [GLOBAL OPTIONS] COMMAND [OPTIONS] [ARGS]``: a top-level parser reads the
global options and the command's name; the command's own parser (its module's
``configure``) reads the rest, where the global options are accepted too (v2 takes
``up -f x.yaml``), unless the command has a flag of the same name (``rm -f`` is
``--force``, ``run -p`` is ``--publish``). Then the Namespace becomes records:
``GlobalOptions`` and the command's ``Options`` (``options_of``), and is dropped.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from typing import Any, TypeVar

from compose.cli.options import EngineOptions, GlobalOptions
from compose.errors import UsageError

T = TypeVar("T")

__all__ = ["CommandParser", "add_engine_options", "add_global_options", "global_options", "options_of",
           "parse_command", "positive_index", "top_parser"]


class CommandParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` that remembers the option strings its command defines (``flags``), so
    that the global options added after them leave those to the command."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.flags: set[str] = set()  # before argparse's own ``-h``
        super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        self.flags.update(action.option_strings)
        return action

    def add_mutually_exclusive_group(self, **kwargs: Any) -> Any:
        return _Claiming(super().add_mutually_exclusive_group(**kwargs), self.flags)


class _Claiming:
    """A mutually exclusive group of a ``CommandParser``, whose options count as the command's."""

    def __init__(self, group: Any, flags: set[str]) -> None:
        self._group = group
        self._flags = flags

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action: argparse.Action = self._group.add_argument(*args, **kwargs)
        self._flags.update(action.option_strings)
        return action


def add_global_options(parser: argparse.ArgumentParser, *, suppress: bool = False) -> None:
    """The options Docker Compose accepts before (and after) the command name; after it
    (``suppress``), a value is only set when given, and a command's own flag of the same name wins."""

    def default(value: object) -> object:
        return argparse.SUPPRESS if suppress else value

    group = parser.add_argument_group("global options")
    taken = parser.flags if isinstance(parser, CommandParser) else set()

    def add(*names: str, **kwargs: Any) -> None:
        free = [n for n in names if n not in taken]
        if free:
            group.add_argument(*free, **kwargs)

    add("-f", "--file", dest="files", action="append", metavar="FILE", default=default(None),
        help="Compose configuration files ('-' reads stdin)")
    add("-p", "--project-name", metavar="NAME", default=default(None), help="Project name")
    add("--project-directory", metavar="DIR", default=default(None),
        help="Alternate working directory (default: the first compose file's directory)")
    add("--env-file", dest="env_files", action="append", metavar="FILE", default=default(None),
        help="Alternate environment file")
    add("--profile", dest="profiles", action="append", metavar="PROFILE", default=default(None),
        help="Profile to enable ('*' for all)")
    add("--parallel", type=int, metavar="N", default=default(None),
        help="Maximum parallelism, -1 for unlimited")
    add("--progress", choices=("auto", "tty", "plain", "json", "quiet"), default=default(None),
        help="Type of progress output")
    add("--ansi", choices=("never", "always", "auto"), default=default(None),
        help="When to print ANSI control characters")
    add("--dry-run", action="store_true", default=default(False),
        help="Show what would be done without doing it")
    add("--compatibility", action="store_true", default=default(False),
        help="Run compose in backward compatibility mode")
    add("--all-resources", action="store_true", default=default(False),
        help="Include all resources, even those not used by services")


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """The Docker CLI's connection flags that standalone Docker Compose v2 takes before the command
    (and, as v2, does not list in its help): ``-H/--host``, ``--context``, ``--tls``, ``--tlsverify``,
    ``--tlscacert``, ``--tlscert``, ``--tlskey``, ``--log-level``. (v2 has no ``-c``, ``--config``
    nor ``-l``: neither has pycompose.)"""
    add = parser.add_argument
    hidden = argparse.SUPPRESS
    add("-H", "--host", dest="engine_host", metavar="HOST", help=hidden)
    add("--context", dest="engine_context", metavar="CONTEXT", help=hidden)
    add("--tls", dest="engine_tls", action="store_true", help=hidden)
    add("--tlsverify", dest="engine_tlsverify", action="store_true", help=hidden)
    add("--tlscacert", dest="engine_tlscacert", metavar="FILE", help=hidden)
    add("--tlscert", dest="engine_tlscert", metavar="FILE", help=hidden)
    add("--tlskey", dest="engine_tlskey", metavar="FILE", help=hidden)
    add("--log-level", dest="engine_log_level", choices=("debug", "info", "warn", "error", "fatal"), help=hidden)


def top_parser(version: str, epilog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pycompose",
        description="Define and run multi-container applications with Docker.",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-v", "--version", action="version", version=version, help="Show the version and exit")
    add_global_options(parser)
    add_engine_options(parser)
    parser.add_argument("command", nargs="?", metavar="COMMAND", help="the command to run")
    parser.add_argument("args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


def global_options(values: dict[str, Any], command: str, argv: Sequence[str]) -> GlobalOptions:
    """The global options of a parsed command line (``vars`` of its namespace)."""
    engine = EngineOptions(
        host=values.get("engine_host"),
        context=values.get("engine_context"),
        tls=bool(values.get("engine_tls")),
        tlsverify=bool(values.get("engine_tlsverify")),
        tlscacert=values.get("engine_tlscacert"),
        tlscert=values.get("engine_tlscert"),
        tlskey=values.get("engine_tlskey"),
        log_level=values.get("engine_log_level"),
    )
    env_files = values.get("env_files")
    compatibility = bool(values.get("compatibility")) or \
        os.environ.get("COMPOSE_COMPATIBILITY", "").lower() in ("1", "t", "true")
    return GlobalOptions(
        files=tuple(values.get("files") or ()),
        project_name=values.get("project_name") or None,
        project_directory=values.get("project_directory") or None,
        env_files=tuple(env_files) if env_files else None,
        profiles=tuple(values.get("profiles") or ()),
        parallel=values.get("parallel"),
        progress=values.get("progress"),
        ansi=values.get("ansi"),
        dry_run=bool(values.get("dry_run")),
        compatibility=compatibility,
        all_resources=bool(values.get("all_resources")),
        engine=engine,
        command=command,
        command_line=tuple(argv),
    )


def check_supported(g: GlobalOptions) -> None:
    """Refuse the global options pycompose has no implementation of (never accepted and ignored)."""
    if g.compatibility and g.command not in ("version", "help"):
        raise UsageError("--compatibility (COMPOSE_COMPATIBILITY): Docker Compose v1's names "
                         "(project_service_1) are not supported; pycompose names containers "
                         "project-service-1 as Docker Compose v2 does")


def options_of(cls: type[T], values: dict[str, Any]) -> T:
    """A command's options record from the parsed values: each field from the value of the same name
    (lists as tuples); a field no flag sets keeps its default."""
    names: tuple[str, ...] = getattr(cls, "__match_args__", ())
    kwargs = {name: _frozen(values[name]) for name in names if name in values}
    return cls(**kwargs)


def _frozen(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def parse_command(parser: CommandParser, rest: Sequence[str], namespace: argparse.Namespace) -> dict[str, Any]:
    """Parse ``rest`` with the command's parser (the global options added, suppressed) into
    ``namespace`` (the top-level one, so that a global option given before the command stays set)."""
    add_global_options(parser, suppress=True)
    return vars(parser.parse_args(list(rest), namespace=namespace))


def positive_index(value: str) -> int:
    """``--index N``: a container number, from 1."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid index {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"invalid index {value!r}: container numbers start at 1")
    return number
