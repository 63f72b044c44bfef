"""Entry point of the ``pycompose`` command.

Start-up time matters, so this module imports nothing at the top: argparse once
the command line is parsed (a repeated no-op ``up -d`` answers from its memo
before that), a command's module (and everything heavy it needs) only once that
command has been chosen. ``compose/cli/parsing.py`` turns the command line into
typed options, ``GlobalOptions`` and the command's ``Options`` record, and only
those go down to the command's ``run``. The command table below is
the single list of verbs; ``--help`` prints it without importing any of them.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # not typing's: a replayed no-op ``up`` (compose/cli/upmemo.py) needs neither it nor argparse
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence
    from typing import Any, NoReturn, Protocol

    from compose.cli.options import GlobalOptions

    class CommandModule(Protocol):
        """A command: its options record, the flags that fill it, and what it does with both."""

        Options: type[Any]

        def configure(self, parser: argparse.ArgumentParser) -> None: ...

        def run(self, options: Any, globals: GlobalOptions) -> int: ...


class Command:
    """A verb: its name, the module that implements it, its one-line summary."""

    __slots__ = ("module", "name", "summary")

    def __init__(self, name: str, module: str, summary: str) -> None:
        self.name = name
        self.module = module
        self.summary = summary


# The verbs pycompose knows, in the order `--help` lists them.
COMMANDS: tuple[Command, ...] = (
    Command("config", "compose.cli.commands.config", "Parse, resolve and render the compose file in canonical format"),
    Command("up", "compose.cli.commands.up", "Create and start containers"),
    Command("down", "compose.cli.commands.down", "Stop and remove containers, networks"),
    Command("ps", "compose.cli.commands.ps", "List containers"),
    Command("build", "compose.cli.commands.build", "Build or rebuild services"),
    Command("pull", "compose.cli.commands.pull", "Pull service images"),
    Command("push", "compose.cli.commands.push", "Push service images"),
    Command("publish", "compose.cli.commands.publish", "Publish compose application"),
    Command("start", "compose.cli.commands.start", "Start services"),
    Command("stop", "compose.cli.commands.stop", "Stop services"),
    Command("restart", "compose.cli.commands.restart", "Restart service containers"),
    Command("kill", "compose.cli.commands.kill", "Force stop service containers"),
    Command("pause", "compose.cli.commands.pause", "Pause services"),
    Command("unpause", "compose.cli.commands.unpause", "Unpause services"),
    Command("rm", "compose.cli.commands.rm", "Removes stopped service containers"),
    Command("top", "compose.cli.commands.top", "Display the running processes"),
    Command("port", "compose.cli.commands.port", "Print the public port for a port binding"),
    Command("images", "compose.cli.commands.images", "List images used by the created containers"),
    Command("events", "compose.cli.commands.events", "Receive real time events from containers"),
    Command("ls", "compose.cli.commands.ls", "List running compose projects"),
    Command("stats", "compose.cli.commands.stats",
            "Display a live stream of container(s) resource usage statistics"),
    Command("version", "compose.cli.commands.version", "Show the pycompose version information"),
    Command("exec", "compose.cli.commands.exec", "Execute a command in a running container"),
    Command("logs", "compose.cli.commands.logs", "View output from containers"),
    Command("run", "compose.cli.commands.run", "Run a one-off command on a service"),
    Command("create", "compose.cli.commands.create", "Creates containers for a service"),
    Command("scale", "compose.cli.commands.scale", "Scale services"),
    Command("wait", "compose.cli.commands.wait", "Block until containers of all (or specified) services stop."),
    Command("cp", "compose.cli.commands.cp", "Copy files/folders between a service container and the local filesystem"),
    Command("attach", "compose.cli.commands.attach",
            "Attach local standard input, output, and error streams to a service's running container"),
    Command("commit", "compose.cli.commands.commit", "Create a new image from a service container's changes"),
    Command("export", "compose.cli.commands.export", "Export a service container's filesystem as a tar archive"),
    Command("volumes", "compose.cli.commands.volumes", "List volumes"),
    Command("watch", "compose.cli.commands.watch",
            "Watch build context for service and rebuild/refresh containers when files are updated"),
    Command("bridge", "compose.cli.commands.bridge", "Convert compose files into another model"),
    Command("reap", "compose.cli.commands.reap", "Remove the stacks of crashed test runs (see 'ls --stale')"),
    Command("graph", "compose.cli.commands.graph", "Print the dependency graph (dot, mermaid, json) or its critical path"),
    Command("install-plugin", "compose.cli.commands.install_plugin", "Make `docker compose` run pycompose (a Docker CLI plugin)"),
)


def _version() -> str:
    from compose._version import __version__

    return f"pycompose version {__version__}"


def _command_list() -> str:
    width = max((len(c.name) for c in COMMANDS), default=0)
    lines = [f"  {c.name.ljust(width)}  {c.summary}" for c in COMMANDS]
    return "commands:\n" + "\n".join(lines) + "\n\nRun 'pycompose COMMAND --help' for more information on a command."


def _find(name: str) -> Command | None:
    return next((c for c in COMMANDS if c.name == name), None)


def entry() -> None:
    """The ``pycompose`` command: ``main()``, then the process ends without tearing the interpreter
    down. Freeing every module and object costs 60-100 ms after a plan run here (more than the
    first engine call takes to come), and nothing of ours needs it: files are closed when written,
    the engine's connections need no goodbye, no worker thread is left with work. Output is flushed
    first. An exception that escapes ``main`` (a bug) exits the usual way, with its traceback."""
    exit_after(main)


def exit_after(run: Callable[[], object]) -> NoReturn:
    """``run()``, then the process ends with its exit code, output flushed, without interpreter
    teardown (see ``entry``); the Docker CLI plugin's entry ends the same way."""
    import os

    try:
        code: object = run()
    except SystemExit as exc:  # argparse's errors, --help, --version
        code = exc.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: what was lost is lost either way
            code = code or 1
    os._exit(code or 0)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "up" in argv:  # a repeated no-op ``up -d`` answers from its memo, before even argparse
        from compose.cli.upmemo import recall

        code = recall(argv)
        if code is not None:
            return code
    import importlib

    from compose.cli import parsing

    top = parsing.top_parser(_version(), _command_list())
    ns = top.parse_args(argv)
    if ns.command is None:
        top.print_help()
        return 0
    command = _find(ns.command)
    if command is None:
        top.error(f"unknown command {ns.command!r}; see 'pycompose --help'")
    module: CommandModule = importlib.import_module(command.module)
    sub = parsing.CommandParser(prog=f"pycompose {command.name}", description=command.summary)
    module.configure(sub)
    rest = ns.args
    del ns.args, ns.command
    values = parsing.parse_command(sub, rest, ns)
    globals_ = parsing.global_options(values, command.name, argv)
    options = parsing.options_of(module.Options, values)
    from compose.cli.errors import run_guarded

    def run() -> int:
        parsing.check_supported(globals_)
        return module.run(options, globals_)

    return run_guarded(run)
