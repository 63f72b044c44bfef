"""Every everyday command lists Docker Compose v2's flags with a description; unknown flags exit 2."""

from __future__ import annotations

import re

import pytest

from compose.cli.main import COMMANDS, main

# v2.40's flags of each command (``docker compose CMD --help``), long form (short where there is no long one)
V2_FLAGS = {
    "run": "--build --cap-add --cap-drop --detach --entrypoint --env --env-from-file --interactive --label --name "
           "--no-TTY --no-deps --publish --pull --quiet --quiet-build --quiet-pull --remove-orphans --rm "
           "--service-ports --use-aliases --user --volume --workdir",
    "exec": "--detach --env --index --no-tty --privileged --user --workdir",
    "logs": "--follow --index --no-color --no-log-prefix --since --tail --timestamps --until",
    "start": "",
    "stop": "--timeout",
    "restart": "--no-deps --timeout",
    "kill": "--remove-orphans --signal",
    "pause": "",
    "unpause": "",
    "rm": "--force --stop --volumes",
    "create": "--build --force-recreate --no-build --no-recreate --pull --quiet-pull --remove-orphans --scale --yes",
    "scale": "--no-deps",
    "wait": "--down-project",
    "top": "",
    "port": "--index --protocol",
    "images": "--format --quiet",
    "events": "--json --since --until",
    "ls": "--all --filter --format --quiet",
    "cp": "--all --archive --follow-link --index",
    "stats": "--all --format --no-stream --no-trunc",
    "attach": "--detach-keys --index --no-stdin --sig-proxy",
    "version": "--format --short",
}
SHORT = {"run": "-d -e -i -l -T -p -q -P -u -v -w", "exec": "-d -e -T -u -w", "logs": "-f -n -t", "stop": "-t",
         "restart": "-t", "kill": "-s", "rm": "-f -s -v", "create": "-y", "images": "-q", "ls": "-a -q",
         "cp": "-a -L", "stats": "-a", "version": "-f"}


def help_text(command: str, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    return capsys.readouterr().out


def test_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    for name in V2_FLAGS:
        assert re.search(rf"^  {name} +\S", out, re.M), f"{name} missing from pycompose --help"
    assert {c.name for c in COMMANDS} >= set(V2_FLAGS)


@pytest.mark.parametrize("command", sorted(V2_FLAGS))
def test_command_help_lists_v2_flags_with_a_description(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    text = help_text(command, capsys)
    options = text.split("options:", 1)[1].split("global options:", 1)[0]
    for flag in [*V2_FLAGS[command].split(), *SHORT.get(command, "").split()]:
        line = next((line for line in options.splitlines() if re.search(rf"(^|[ ,]){re.escape(flag)}\b", line)),
                    None)
        assert line is not None, f"{command} --help does not list {flag}"
    # every option line (or its continuation) carries a description
    entries = re.findall(r"^  (-\S.*?)(?=^  -|\Z)", options, re.M | re.S)
    for entry in entries:
        if entry.startswith("-h, --help"):
            continue
        assert re.search(r"\S {2,}\S|\n {10,}\S", entry), f"{command}: no description for {entry.split()[0]}"


@pytest.mark.parametrize("command", sorted(V2_FLAGS))
def test_unknown_flag_is_a_usage_error(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--no-such-flag", "x"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "--no-such-flag" in err or "unrecognized arguments" in err or "error:" in err


def test_command_specific_short_flags_win_over_global_ones(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_text("rm", capsys)
    assert re.search(r"-f, --force", text)
    assert re.search(r"^  --file FILE", text, re.M)  # the global -f stays reachable by its long name
