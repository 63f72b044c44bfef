"""The options every command takes, typed: what the CLI hands down instead of argparse's Namespace.

``GlobalOptions`` holds the flags Docker Compose accepts before (and after) the command
name (``-f``, ``-p``, ``--profile``, ``--parallel``, ``--dry-run``...), ``EngineOptions``
the Docker CLI's connection flags v2 also takes before the command (``-H``, ``--context``,
``--tls*``). ``compose/cli/parsing.py`` builds them from the command line; each command's
own flags are a record of its own module (``UpOptions`` in ``commands/up.py``...).
Nothing here imports argparse.
"""

from __future__ import annotations

from collections.abc import Mapping

from compose._record import field, record

TLS_CACERT = "PYCOMPOSE_TLS_CACERT"
"""Where ``--tlscacert`` goes in the engine's environment mapping (the Docker CLI has no variable for it)."""
TLS_CERT = "PYCOMPOSE_TLS_CERT"
"""``--tlscert``'s key in the engine's environment mapping."""
TLS_KEY = "PYCOMPOSE_TLS_KEY"
"""``--tlskey``'s key in the engine's environment mapping."""


@record
class EngineOptions:
    """How to reach the engine: the Docker CLI's global flags (none given: the environment decides)."""

    host: str | None = None
    """``-H/--host``: DOCKER_HOST."""
    context: str | None = None
    """``--context``: DOCKER_CONTEXT."""
    tls: bool = False
    """``--tls``: DOCKER_TLS."""
    tlsverify: bool = False
    """``--tlsverify``: DOCKER_TLS_VERIFY."""
    tlscacert: str | None = None
    tlscert: str | None = None
    tlskey: str | None = None
    log_level: str | None = None
    """``--log-level``: accepted as v2 accepts it; pycompose logs nothing of its own."""

    def environ(self, base: Mapping[str, str]) -> dict[str, str]:
        """``base`` (the process environment) with these flags on top, as ``compose.engine.fast.engine_for``
        reads it: DOCKER_HOST, DOCKER_CONTEXT, DOCKER_TLS, DOCKER_TLS_VERIFY, and PYCOMPOSE_TLS_CACERT,
        PYCOMPOSE_TLS_CERT, PYCOMPOSE_TLS_KEY for the certificate flags."""
        out = dict(base)
        if self.host is not None:
            out["DOCKER_HOST"] = self.host
        if self.context is not None:
            out["DOCKER_CONTEXT"] = self.context
        if self.tls:
            out["DOCKER_TLS"] = "1"
        if self.tlsverify:
            out["DOCKER_TLS_VERIFY"] = "1"
        for key, value in ((TLS_CACERT, self.tlscacert), (TLS_CERT, self.tlscert), (TLS_KEY, self.tlskey)):
            if value is not None:
                out[key] = value
        return out


@record
class GlobalOptions:
    """The global flags (``pycompose [OPTIONS] COMMAND``), and which command line they came from."""

    files: tuple[str, ...] = ()
    """``-f``: compose files in order (``-`` reads stdin); empty: COMPOSE_FILE or discovery."""
    project_name: str | None = None
    project_directory: str | None = None
    env_files: tuple[str, ...] | None = None
    """``--env-file``; None: the project directory's ``.env``."""
    profiles: tuple[str, ...] = ()
    parallel: int | None = None
    """``--parallel``; None: COMPOSE_PARALLEL_LIMIT, else unlimited."""
    progress: str | None = None
    ansi: str | None = None
    dry_run: bool = False
    compatibility: bool = False
    all_resources: bool = False
    engine: EngineOptions = field(default_factory=EngineOptions)
    command: str = ""
    """The command's name (``up``); ``create`` and ``scale`` run ``up`` under their own name."""
    command_line: tuple[str, ...] = ()
    """The arguments as given (the key of ``up``'s no-op memo)."""
