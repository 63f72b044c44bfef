"""pycompose as a Docker CLI plugin (``docker compose ...``) and as a standalone ``docker-compose``.

How the Docker CLI runs a plugin (docker/cli ``cli-plugins/manager`` and ``cmd/docker``, checked
with docker 20.10 and 28 by a plugin that prints its argv and environment):

- discovery: it runs ``docker-compose docker-cli-plugin-metadata`` and wants a JSON object with
  ``SchemaVersion`` ``"0.1.0"`` and a non-empty ``Vendor`` (``Version``, ``ShortDescription``,
  ``URL`` optional); anything else and the plugin is "not found";
- a run: the plugin gets the Docker CLI's *whole* command line, global flags included, in the
  order typed: ``docker -H tcp://x --context c compose -f a.yaml up`` execs
  ``docker-compose -H tcp://x --context c compose -f a.yaml up``. It sets
  ``DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND`` (the ``docker`` binary) and, docker 23+,
  ``DOCKER_CLI_PLUGIN_SOCKET`` (an abstract unix socket): when the CLI gets SIGINT/SIGTERM
  while its stdout is not a terminal it does not forward the signal, it closes that socket,
  and the plugin is expected to stop as on Ctrl-C (a second signal: SIGKILL). Nothing is
  translated into the environment: ``--config``, ``-H``... arrive only as flags.

So :func:`main` takes the Docker CLI's global flags off the front, turns them into the
environment the engine layer reads (``DOCKER_HOST``, ``DOCKER_CONTEXT``, ``DOCKER_CONFIG``,
``DOCKER_TLS``, ``DOCKER_TLS_VERIFY``, and ``compose.cli.options``' ``PYCOMPOSE_TLS_*`` for the
certificate files), drops the plugin's name (``compose``) and hands the rest to
``compose.cli.main.main``. Called without a leading ``compose`` (``docker-compose up``, as the
standalone v2 binary is) the arguments go to ``main`` as they are.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import MutableMapping, Sequence

PLUGIN_NAME = "compose"
METADATA_SUBCOMMAND = "docker-cli-plugin-metadata"
REEXEC_ENV = "DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND"
SOCKET_ENV = "DOCKER_CLI_PLUGIN_SOCKET"
VENDOR = "pycompose"
SHORT_DESCRIPTION = "Docker Compose (pycompose)"

# The Docker CLI's global flags (docker/cli cli/flags/options.go) -> what they become.
# A value flag's variable; the TLS certificate flags go where compose.cli.options puts them.
_VALUE_FLAGS: dict[str, str | None] = {
    "--config": "DOCKER_CONFIG",
    "-c": "DOCKER_CONTEXT",
    "--context": "DOCKER_CONTEXT",
    "-H": "DOCKER_HOST",
    "--host": "DOCKER_HOST",
    "-l": None,  # --log-level: pycompose logs nothing of its own
    "--log-level": None,
    "--tlscacert": "PYCOMPOSE_TLS_CACERT",
    "--tlscert": "PYCOMPOSE_TLS_CERT",
    "--tlskey": "PYCOMPOSE_TLS_KEY",
}
_BOOL_FLAGS: dict[str, str | None] = {
    "-D": None,  # --debug
    "--debug": None,
    "--tls": "DOCKER_TLS",
    "--tlsverify": "DOCKER_TLS_VERIFY",
}


class PluginUsageError(Exception):
    """A Docker CLI global flag pycompose cannot read (no value, a bad boolean)."""


def metadata() -> dict[str, str]:
    """What ``docker-compose docker-cli-plugin-metadata`` prints (docker/cli ``metadata.Metadata``)."""
    from compose._version import __version__

    version = __version__ if __version__.startswith("v") else f"v{__version__}"
    return {
        "SchemaVersion": "0.1.0",
        "Vendor": VENDOR,
        "Version": version,
        "ShortDescription": SHORT_DESCRIPTION,
    }


def _truth(flag: str, text: str) -> bool:
    lowered = text.lower()
    if lowered in ("1", "t", "true"):
        return True
    if lowered in ("0", "f", "false"):
        return False
    raise PluginUsageError(f"invalid argument {text!r} for {flag!r}: want true or false")


def split_docker_globals(argv: Sequence[str]) -> tuple[dict[str, str | None], list[str]]:
    """The Docker CLI's global flags at the front of ``argv`` as environment changes (None: remove
    the variable), and the arguments after them (starting with the plugin's name when there are
    any). ``-H x``, ``-Hx``, ``-H=x``, ``--host x``, ``--host=x``, ``--tlsverify``,
    ``--tlsverify=false`` are read as pflag reads them; ``--`` or the first word that is not a
    global flag ends them."""
    env: dict[str, str | None] = {}
    i = 0
    args = list(argv)
    while i < len(args):
        arg = args[i]
        if arg == "--" or not arg.startswith("-") or arg == "-":
            break
        name, eq, inline = arg.partition("=")
        if not eq and not arg.startswith("--") and len(arg) > 2:  # -Hvalue
            name, inline, eq = arg[:2], arg[2:], "="
        if name in _VALUE_FLAGS:
            if eq:
                value = inline
            elif i + 1 < len(args):
                i += 1
                value = args[i]
            else:
                raise PluginUsageError(f"flag needs an argument: {name}")
            key = _VALUE_FLAGS[name]
            if key is not None:
                env[key] = value
        elif name in _BOOL_FLAGS:
            on = _truth(name, inline) if eq else True
            key = _BOOL_FLAGS[name]
            if key is not None:
                env[key] = "1" if on else None
        else:
            break  # not one of the Docker CLI's: leave it, and the rest, to pycompose
        i += 1
    return env, args[i:]


def plugin_argv(argv: Sequence[str], environ: MutableMapping[str, str]) -> list[str]:
    """The arguments for ``compose.cli.main.main``, ``environ`` updated from the Docker CLI's
    global flags. In plugin form (``[docker flags] compose ARGS``) that is ``ARGS``; any other
    command line is the standalone ``docker-compose ARGS``, passed on as is."""
    try:
        env, rest = split_docker_globals(argv)
    except PluginUsageError:
        if REEXEC_ENV in environ:
            raise
        return list(argv)
    if not rest or rest[0] != PLUGIN_NAME:
        return list(argv)  # standalone: `docker-compose -f x.yaml up`, `docker-compose --help`
    for key, value in env.items():
        if value is None:
            environ.pop(key, None)
        else:
            environ[key] = value
    return rest[1:]


def watch_cli_socket(environ: MutableMapping[str, str]) -> None:
    """Connect to the Docker CLI's plugin socket (docker/cli ``socket.ConnectAndWait``): when the
    CLI closes it (it was told to stop), interrupt this process as Ctrl-C would."""
    address = environ.get(SOCKET_ENV)
    if not address:
        return
    import signal
    import socket
    import threading

    path = "\0" + address[1:] if address.startswith("@") else address
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(path)
    except OSError:
        sock.close()
        return

    def wait() -> None:
        try:
            while sock.recv(1):
                pass
        except OSError:
            pass
        os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=wait, name="docker-cli-socket", daemon=True).start()


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == [METADATA_SUBCOMMAND]:
        import json

        sys.stdout.write(json.dumps(metadata(), indent=5) + "\n")
        return 0
    try:
        rest = plugin_argv(args, os.environ)
    except PluginUsageError as exc:
        sys.stderr.write(f"{exc}\n")
        return 125  # what the Docker CLI answers a bad flag with
    if REEXEC_ENV in os.environ:
        watch_cli_socket(os.environ)
    from compose.cli.main import main as pycompose_main

    return pycompose_main(rest)


def entry() -> None:
    """The ``docker-compose`` command (and the Docker CLI plugin): :func:`main`, then the process
    ends as ``pycompose``'s does (``compose.cli.main.entry``: output flushed, no interpreter
    teardown)."""
    from compose.cli.main import exit_after

    exit_after(main)


if __name__ == "__main__":
    entry()
