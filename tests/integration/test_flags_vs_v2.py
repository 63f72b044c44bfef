"""Every command and flag of Docker Compose v2 (read from its own ``--help``) against pycompose's.

Issue 15's done-when: the list of what v2 has and pycompose lacks is empty. It is (since
commit, export and volumes came, 2026-12-07): ``test_no_v2_flag_is_missing`` prints any gap that
opens, and ``test_nothing_missing_beyond_the_known_list`` (with ``KNOWN_MISSING`` empty) says the same.

v2's commands come from ``docker-compose --help`` (Commands and Management Commands; a
management command's subcommands, ``bridge convert``, from its own help), its flags from each
command's help (cobra: ``  -d, --detach   ...``); pycompose's flags from ``pycompose CMD --help``
(argparse: ``  -d, --detach``, ``  -f FILE, --file FILE``). Flags either hides from its help are
out of the comparison on both sides.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pytest
from stack_support import oracle_path

pytestmark = pytest.mark.oracle

ROOT = Path(__file__).resolve().parents[2]
GLOBAL = "(global)"

# v2's flag lines: "  -d, --detach   help", "      --dry-run   help" (cobra prints the flag at column 2 or 6)
_V2_FLAG = re.compile(r"^ {2,6}(?:(-[A-Za-z0-9]), )?(--[A-Za-z0-9][\w-]*)")
# argparse's: "  -d, --detach", "  -f FILE, --file FILE", "  --ansi {never,always,auto}"
_OUR_FLAG_LINE = re.compile(r"^ {2}(-{1,2}[A-Za-z0-9].*?)(?: {2,}|$)")
_OUR_FLAG = re.compile(r"(?:^|, )(--?[A-Za-z0-9][\w-]*)")

# What was missing when this test was written (2026-12-07), command -> flags; a test keeps new
# gaps out of it. Remove entries as flags are added.
KNOWN_MISSING: dict[str, tuple[str, ...]] = {
}


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPOSE_")}
    env.update({"PYCOMPOSE_NO_MEMO": "1", "NO_COLOR": "1", "COLUMNS": "200"})
    return env


def _help(argv: list[str]) -> tuple[int, str]:
    done = subprocess.run([*argv, "--help"], capture_output=True, text=True, timeout=60, check=False,
                          stdin=subprocess.DEVNULL, env=_environment(), cwd=ROOT)
    return done.returncode, done.stdout + done.stderr


def _section(text: str, title: str) -> list[str]:
    """The first words of the lines of a cobra help section (``Commands:``...)."""
    names: list[str] = []
    lines = iter(text.splitlines())
    for line in lines:
        if line.strip() == title:
            break
    for line in lines:
        if not line.startswith("  ") or not line.strip():
            break
        names.append(line.split()[0])
    return names


def v2_commands() -> list[str]:
    """v2's commands, a management command's subcommands as ``bridge convert``."""
    _, text = _help([oracle_path()])
    commands = _section(text, "Commands:")
    for group in _section(text, "Management Commands:"):
        _, sub = _help([oracle_path(), group])
        commands.extend(f"{group} {name}" for name in _section(sub, "Commands:"))
    return commands


def v2_flags(text: str) -> set[str]:
    flags: set[str] = set()
    for line in text.splitlines():
        m = _V2_FLAG.match(line)
        if m:
            flags.update(f for f in m.groups() if f)
    flags.discard("--help")
    return flags


def our_flags(text: str) -> set[str]:
    flags: set[str] = set()
    for line in text.splitlines():
        m = _OUR_FLAG_LINE.match(line)
        if m:
            flags.update(_OUR_FLAG.findall(m.group(1)))
    flags.discard("-h")
    flags.discard("--help")
    return flags


@cache
def missing() -> dict[str, tuple[str, ...]]:
    """Command -> the flags v2 has and pycompose lacks; a command pycompose lacks maps to ``("*",)``."""
    ours = [sys.executable, "-m", "compose"]
    commands = [GLOBAL, *v2_commands()]

    def compare(command: str) -> tuple[str, tuple[str, ...]]:
        words = [] if command == GLOBAL else command.split()
        _, theirs = _help([oracle_path(), *words])
        code, mine = _help([*ours, *words])
        if code != 0 and ("unknown command" in mine or "invalid choice" in mine):
            return command, ("*",)
        lacking = v2_flags(theirs) - our_flags(mine)
        return command, tuple(sorted(lacking, key=lambda f: (f.lstrip("-").lower(), f)))

    with ThreadPoolExecutor(8) as pool:
        found = dict(pool.map(compare, commands))
    return {c: flags for c, flags in found.items() if flags}


def report(gaps: dict[str, tuple[str, ...]]) -> str:
    flags = sum(len(f) for f in gaps.values() if f != ("*",))
    commands = [c for c, f in gaps.items() if f == ("*",)]
    lines = [f"{len(commands)} commands and {flags} flags of Docker Compose v2 missing from pycompose:"]
    lines += [f"  {c}: {'(the command)' if f == ('*',) else ' '.join(f)}" for c, f in gaps.items()]
    return "\n".join(lines)


def test_the_parsers_read_both_helps() -> None:
    """The comparison means something: it reads v2's and our flags of a command both have."""
    _, theirs = _help([oracle_path(), "up"])
    _, mine = _help([sys.executable, "-m", "compose", "up"])
    assert {"-d", "--detach", "--wait", "--build"} <= v2_flags(theirs)
    assert {"-d", "--detach", "--wait", "--build", "-f", "--file"} <= our_flags(mine)
    assert {"up", "down", "ps", "config", "bridge convert"} <= set(v2_commands())


def test_no_v2_flag_is_missing() -> None:
    gaps = missing()
    print(report(gaps))
    assert not gaps, report(gaps)


def test_nothing_missing_beyond_the_known_list() -> None:
    """No gap that was not there when the list was taken (a flag lost, a command renamed)."""
    gaps = missing()
    new = {c: tuple(f for f in flags if f not in KNOWN_MISSING.get(c, ()) and KNOWN_MISSING.get(c) != ("*",))
           for c, flags in gaps.items()}
    new = {c: f for c, f in new.items() if f}
    assert not new, report(new)
