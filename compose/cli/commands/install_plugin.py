"""``pycompose install-plugin``: make ``docker compose`` run this pycompose (a Docker CLI plugin).

It writes ``docker-compose``, a two-line shell script that execs this Python (``sys.executable``,
the venv's own when pycompose runs from one) on ``compose.cli.plugin``, into the Docker CLI's
plugin folder: ``--user`` (the default) ``$DOCKER_CONFIG/cli-plugins``, else
``~/.docker/cli-plugins``; ``--system`` ``/usr/local/lib/docker/cli-plugins``. The Docker CLI
looks in the user folder first, then ``/usr/local/lib``, ``/usr/local/libexec``, ``/usr/lib``,
``/usr/libexec`` (``docker/cli`` ``cli-plugins/manager/manager_unix.go``); Debian's and Docker's
``docker-compose-plugin`` packages put Docker Compose v2 in the ``/usr/libexec`` or ``/usr/lib``
one, which a user install shadows. A file already at the target is only replaced with
``--force``; without it the command says what is there (its ``docker-cli-plugin-metadata``).
Uninstall: remove the file.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
from collections.abc import Mapping

from compose._record import record
from compose.cli.options import GlobalOptions

PLUGIN_FILE = "docker-compose"
SYSTEM_DIR = "/usr/local/lib/docker/cli-plugins"
SEARCH_DIRS = (
    "/usr/local/lib/docker/cli-plugins",
    "/usr/local/libexec/docker/cli-plugins",
    "/usr/lib/docker/cli-plugins",
    "/usr/libexec/docker/cli-plugins",
)
"""The Docker CLI's system plugin folders, in the order it searches them (after the user's)."""
MARKER = "# pycompose Docker CLI plugin"


@record
class InstallPluginOptions:
    """``install-plugin``'s flags."""

    system: bool = False
    force: bool = False


Options = InstallPluginOptions


def configure(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--user", dest="system", action="store_false", default=False,
                       help="Install into $DOCKER_CONFIG/cli-plugins (default ~/.docker/cli-plugins) (the default)")
    where.add_argument("--system", dest="system", action="store_true", default=False,
                       help=f"Install into {SYSTEM_DIR}, for every user")
    parser.add_argument("--force", action="store_true", help="Replace a docker-compose plugin already there")


def user_dir(environ: Mapping[str, str]) -> str:
    """The user's plugin folder: ``cli-plugins`` of the Docker CLI's config folder."""
    config = environ.get("DOCKER_CONFIG") or os.path.join(os.path.expanduser("~"), ".docker")
    return os.path.join(config, "cli-plugins")


def wrapper_text(python: str | None = None) -> str:
    """The plugin: exec ``python`` (not resolved: a venv's python is a link to the base one, and only
    the link keeps the venv) on pycompose's plugin entry. ``-P``: the caller's working directory is
    not put on ``sys.path`` (a ``compose/`` folder there must not shadow pycompose). When pycompose
    is imported from a source tree that python would not find by itself, its folder goes on
    PYTHONPATH."""
    python = python or sys.executable
    # the folder holding the compose package (this is compose/cli/commands/install_plugin.py);
    # not ``import compose``: cli must not import the package's facade (scripts/layers)
    package = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    root = os.path.dirname(package)
    lines = ["#!/bin/sh", f"{MARKER} (written by `pycompose install-plugin`; remove this file to uninstall)"]
    if not _importable_from(python, root):
        lines.append(f'PYTHONPATH={shlex.quote(root)}${{PYTHONPATH:+:$PYTHONPATH}}; export PYTHONPATH')
    code = "from compose.cli.plugin import entry; entry()"
    lines.append(f'exec {shlex.quote(python)} -P -c {shlex.quote(code)} "$@"')
    return "\n".join(lines) + "\n"


def _importable_from(python: str, root: str) -> bool:
    """Whether ``python`` imports this pycompose (the package under ``root``) without help."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    try:
        out = subprocess.run(
            [python, "-P", "-c", "import compose, os; print(os.path.dirname(os.path.dirname(compose.__file__)))"],
            capture_output=True, text=True, timeout=30, cwd="/", env=env, check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0 and os.path.realpath(out.stdout.strip()) == os.path.realpath(root)


def describe(path: str) -> str:
    """What the file at ``path`` is: a Docker CLI plugin's vendor and version (its
    ``docker-cli-plugin-metadata``), pycompose's own plugin, or just a file."""
    what = "a file"
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            head = f.read(4096)
    except OSError:
        head = ""
    target = os.path.realpath(path)
    link = f" (a link to {target})" if target != os.path.abspath(path) else ""
    try:
        out = subprocess.run([path, "docker-cli-plugin-metadata"], capture_output=True, text=True,
                             timeout=15, stdin=subprocess.DEVNULL, check=False)
        meta = json.loads(out.stdout) if out.returncode == 0 else None
    except (OSError, subprocess.TimeoutExpired, ValueError):
        meta = None
    if isinstance(meta, dict) and meta.get("SchemaVersion"):
        vendor = meta.get("Vendor") or "unknown vendor"
        version = meta.get("Version") or "no version"
        desc = meta.get("ShortDescription") or "a plugin"
        what = f"{desc}, {vendor}, version {version}"
    if MARKER in head:
        what = f"pycompose's plugin ({what}) for another Python: {_exec_line(head)}"
    return f"{path}{link}: {what}"


def _exec_line(text: str) -> str:
    return next((line for line in text.splitlines() if line.startswith("exec ")), "?")


def _shadowing(target_dir: str, environ: Mapping[str, str]) -> list[str]:
    """Other docker-compose plugins, and whether the Docker CLI picks them before or after ``target_dir``."""
    order = [user_dir(environ), *SEARCH_DIRS]
    try:
        mine = order.index(target_dir)
    except ValueError:
        mine = 0
    notes = []
    for i, d in enumerate(order):
        path = os.path.join(d, PLUGIN_FILE)
        if d == target_dir or not os.path.exists(path):
            continue
        if i < mine:
            notes.append(f"warning: the Docker CLI finds {path} first: `docker compose` stays that one "
                         f"until it is removed ({describe(path)})")
        else:
            notes.append(f"note: {path} is shadowed by this one ({describe(path)})")
    return notes


def install(*, system: bool, force: bool, environ: Mapping[str, str]) -> tuple[int, list[str]]:
    """Write the plugin; the exit code and the lines to print."""
    directory = SYSTEM_DIR if system else user_dir(environ)
    path = os.path.join(directory, PLUGIN_FILE)
    text = wrapper_text()
    lines: list[str] = []
    if os.path.lexists(path):
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                same = f.read() == text
        except OSError:
            same = False
        if same and not os.path.islink(path):
            return 0, [f"pycompose is already the Docker CLI plugin at {path}", *_shadowing(directory, environ)]
        if not force:
            return 1, [f"install-plugin: a docker-compose plugin is already installed: {describe(path)}",
                       "install-plugin: --force replaces it"]
        lines.append(f"replacing {describe(path)}")
    try:
        os.makedirs(directory, exist_ok=True)
        tmp = f"{path}.pycompose-{os.getpid()}"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o755)
        os.replace(tmp, path)
    except OSError as exc:
        return 1, [*lines, f"install-plugin: cannot write {path}: {exc.strerror or exc}"]
    lines.append(f"installed {path}: `docker compose` now runs pycompose with {sys.executable}")
    return 0, [*lines, *_shadowing(directory, environ)]


def run(o: InstallPluginOptions, g: GlobalOptions) -> int:
    code, lines = install(system=o.system, force=o.force, environ=os.environ)
    stream = sys.stdout if code == 0 else sys.stderr
    for line in lines:
        (sys.stderr if line.startswith(("warning", "note")) else stream).write(line + "\n")
    return code
