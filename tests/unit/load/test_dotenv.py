"""Env files: the spec's rules, as Docker Compose v2 reads them."""

from __future__ import annotations

import pytest

from compose.errors import EnvFileError, Location
from compose.load.dotenv import parse, parse_raw


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("VAR=VAL", "VAL"),
        ('VAR="VAL"', "VAL"),
        ("VAR='VAL'", "VAL"),
        ("VAR=VAL # comment", "VAL"),
        ("VAR=VAL# not a comment", "VAL# not a comment"),
        ('VAR="VAL # not a comment"', "VAL # not a comment"),
        ('VAR="VAL" # comment', "VAL"),
        ("VAR='$OTHER'", "$OTHER"),
        ("VAR='${OTHER}'", "${OTHER}"),
        ("VAR='Let\\'s go!'", "Let's go!"),
        ('VAR="{\\"hello\\": \\"json\\"}"', '{"hello": "json"}'),
        ('VAR="some\\tvalue"', "some\tvalue"),
        ("VAR='some\\tvalue'", "some\\tvalue"),
        ("VAR=some\\tvalue", "some\\tvalue"),
        ('VAR="a\\nb\\\\c"', "a\nb\\c"),
        ('VAR="\\$NOT"', "$NOT"),
        ("VAR=", ""),
        ("VAR=   spaced   ", "spaced"),
        ("export VAR=exported", "exported"),
        ("VAR: yamlish", "yamlish"),
    ],
)
def test_one_line(line: str, expected: str) -> None:
    assert parse(line + "\n", "e.env", {"OTHER": "o"}.get) == {"VAR": expected}


def test_comments_blank_lines_and_multi_line_values() -> None:
    text = '# a comment\n\nA=1\nB="two\nlines"\n  # indented comment\nC=3\n'
    assert parse(text) == {"A": "1", "B": "two\nlines", "C": "3"}


def test_name_without_equals_comes_from_lookup_or_is_left_out() -> None:
    assert parse("SET\nUNSET\n", "e.env", {"SET": "from-shell"}.get) == {"SET": "from-shell"}


def test_interpolation_prefers_lookup_then_earlier_lines() -> None:
    text = "A=file\nB=${A}-x\nC=${MISSING:-dflt}\nD=$$A\n"
    assert parse(text, "e.env", {"A": "shell"}.get) == {"A": "file", "B": "shell-x", "C": "dflt", "D": "$A"}
    assert parse(text)["B"] == "file-x"


def test_keys_may_hold_dots_and_dashes() -> None:
    assert parse("Q.R=1\nS-T=2\n") == {"Q.R": "1", "S-T": "2"}


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('A=1\nB="unterminated\n', "unterminated quoted value", 2),
        ("A=1\nB C=2\n", "key cannot contain a space", 2),
        ("A=1\n\nB$=2\n", "unexpected character '$'", 3),
        ("A=${X:?must be set}\n", "required variable X is missing a value: must be set", 1),
    ],
)
def test_bad_env_file_errors_carry_file_and_line(text: str, message: str, line: int) -> None:
    with pytest.raises(EnvFileError) as exc:
        parse(text, "bad.env")
    assert message in exc.value.message
    assert isinstance(exc.value.location, Location)
    assert (exc.value.location.file, exc.value.location.line) == ("bad.env", line)


def test_raw_format_takes_values_literally() -> None:
    assert parse_raw('A="quoted $x"\nB=a # b\n') == {"A": '"quoted $x"', "B": "a # b"}
