"""YAML with positions: v2's scalar typing, duplicate keys, merge keys, !reset/!override."""

from __future__ import annotations

import time
from typing import Any

import pytest

from compose.errors import DuplicateKeyError, Location, YamlSyntaxError
from compose.load.source import MAX_DEPTH, Timestamp, go_parse_int, parse_documents, resolve_plain


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on", "on"), ("yes", "yes"), ("y", "y"), ("off", "off"), ("no", "no"),
        ("true", True), ("True", True), ("TRUE", True), ("false", False),
        ("~", None), ("null", None), ("Null", None), ("", None),
        ("017", 15), ("0o17", 15), ("0x1F", 31), ("0b101", 5), ("08", 8.0), ("1_000", 1000),
        ("+12", 12), ("-12", -12), ("-0", 0), ("12345678901234567890", 12345678901234567890),
        ("1.5", 1.5), ("1e3", 1000.0), (".5", 0.5), ("3.0", 3.0),
        ("1:20", "1:20"), ("2001-12-14x", "2001-12-14x"), ("1.2.3", "1.2.3"), ("-", "-"),
    ],
)
def test_plain_scalars_are_typed_like_v2(text: str, expected: Any) -> None:
    value = resolve_plain(text)
    assert value == expected
    assert type(value) is type(expected)


def test_go_parse_int_rejects_what_go_rejects() -> None:
    assert go_parse_int("0x") is None
    assert go_parse_int("09") is None
    assert go_parse_int("+18446744073709551615") is None
    assert go_parse_int("18446744073709551615") == 18446744073709551615


def test_quoted_and_block_scalars_stay_strings() -> None:
    doc = parse_documents('a: "017"\nb: \'true\'\nc: |\n  12\n', "f.yaml")[0]
    assert doc.data == {"a": "017", "b": "true", "c": "12\n"}


def test_locations_of_keys_and_items() -> None:
    doc = parse_documents("services:\n  web:\n    ports:\n      - 80\n      - 81\n", "c.yaml")[0]
    assert doc.sources[("services", "web", "ports")] == Location("c.yaml", 3, 5)
    assert doc.sources[("services", "web", "ports", 1)] == Location("c.yaml", 5, 9)


def test_duplicate_key_names_both_places() -> None:
    with pytest.raises(DuplicateKeyError) as exc:
        parse_documents("services:\n  a:\n    image: x\n    image: y\n", "c.yaml")
    err = exc.value
    assert err.location == Location("c.yaml", 4, 5)
    assert err.path == "services.a.image"
    assert "c.yaml:3:5" in err.message


def test_syntax_error_has_a_location() -> None:
    with pytest.raises(YamlSyntaxError) as exc:
        parse_documents("services:\n  a:\n    image: [x\n", "c.yaml")
    assert exc.value.location is not None
    assert exc.value.location.file == "c.yaml"
    assert exc.value.location.line >= 3


def test_a_control_character_is_reported_at_its_place() -> None:
    """Found by tests/reliability: libyaml's reader errors carry no mark, so a NUL byte was reported
    at 1:1 with 'in "<unicode string>", position 48'."""
    with pytest.raises(YamlSyntaxError, match="#x0000: control characters are not allowed") as exc:
        parse_documents("services:\n  a:\n    command: a\x00b\n", "c.yaml")
    assert exc.value.location == Location("c.yaml", 3, 15)
    assert "unicode string" not in str(exc.value)


@pytest.mark.parametrize("key", ["80", "true", "null", "1.5"])
def test_non_string_keys_are_errors(key: str) -> None:
    with pytest.raises(YamlSyntaxError, match=r"non-string key in services\.a\.labels"):
        parse_documents(f"services:\n  a:\n    labels:\n      {key}: x\n", "c.yaml")


def test_merge_keys_fill_in_missing_entries_first_source_wins() -> None:
    text = "x: &a {p: 1, q: 2}\ny: &b {q: 3, r: 4}\nz:\n  <<: [*a, *b]\n  p: 9\n"
    doc = parse_documents(text, "c.yaml")[0]
    assert doc.data["z"] == {"p": 9, "q": 2, "r": 4}
    assert doc.sources[("z", "p")] == Location("c.yaml", 5, 3)


def test_reset_removes_the_key_and_records_the_path() -> None:
    doc = parse_documents("services:\n  a:\n    ports: !reset []\n    image: x\n", "c.yaml")[0]
    assert doc.data == {"services": {"a": {"image": "x"}}}
    assert doc.resets == frozenset({("services", "a", "ports")})


def test_override_keeps_the_value_and_records_the_path() -> None:
    doc = parse_documents("services:\n  a:\n    ports: !override [\"80:80\"]\n", "c.yaml")[0]
    assert doc.data == {"services": {"a": {"ports": ["80:80"]}}}
    assert ("services", "a", "ports") in doc.resets


def test_several_documents_and_empty_ones() -> None:
    docs = parse_documents("a: 1\n---\n---\nb: 2\n", "c.yaml")
    assert [d.data for d in docs] == [{"a": 1}, {"b": 2}]


def test_an_alias_inside_its_own_anchor_is_a_cycle() -> None:
    with pytest.raises(YamlSyntaxError, match="cycle detected"):
        parse_documents("a: &x\n  b: *x\n", "c.yaml")


def test_v2_sees_a_dotted_sibling_key_as_inside() -> None:
    text = "services:\n  t.u: &s {image: a}\n  t: *s\n  t.other: *s\n"
    with pytest.raises(YamlSyntaxError, match=r"services\.t\.other references node at path services\.t"):
        parse_documents(text, "c.yaml")
    assert parse_documents("x: &s {a: 1}\ny: *s\nz: *s\n", "c.yaml")[0].data == {
        "x": {"a": 1}, "y": {"a": 1}, "z": {"a": 1}}


def test_a_billion_laughs_fails_fast_as_go_yaml_does() -> None:
    """Found by tests/reliability: nine levels of nine aliases each (9**9 strings) were expanded
    without bound (the CLI was still running after 20 s)."""
    lines = ['x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"x-{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    started = time.monotonic()
    with pytest.raises(YamlSyntaxError, match="excessive aliasing") as caught:
        parse_documents("\n".join(lines) + "\n", "c.yaml")
    assert time.monotonic() - started < 2
    assert caught.value.location is not None and caught.value.location.file == "c.yaml"
    assert caught.value.path.startswith("x-")


def test_moderate_aliasing_is_expanded() -> None:
    text = "x-a: &a {k: [1, 2]}\nx-b: &b [*a, *a, *a]\nx-c: [*b, *b]\n"
    data = parse_documents(text, "c.yaml")[0].data
    assert data["x-c"] == [[{"k": [1, 2]}] * 3] * 2


def test_a_node_aliased_many_times_costs_linear_time() -> None:
    """Found by tests/reliability: the alias cycle check compared each alias with every earlier place
    of its node, so 20,000 aliases of one list took more than a minute."""
    text = "x-a: &a [1]\nx-many: [" + ",".join(["*a"] * 20_000) + "]\n"
    started = time.monotonic()
    data = parse_documents(text, "c.yaml")[0].data
    assert time.monotonic() - started < 5
    assert len(data["x-many"]) == 20_000 and data["x-many"][-1] == [1]


@pytest.mark.parametrize("style", ["block", "flow"])
def test_nesting_deeper_than_the_limit_is_a_located_error(style: str) -> None:
    """Found by tests/reliability: 250 nested mappings (or 600 flow lists) ended in a RecursionError
    traceback in the later stages; libyaml's own limit is 1000 levels."""
    depth = MAX_DEPTH + 5
    if style == "block":
        text = "x:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(depth)) + " " * (depth + 1) + "v: 1\n"
    else:
        text = "x: " + "[" * depth + "]" * depth + "\n"
    with pytest.raises(YamlSyntaxError, match=f"nested more than {MAX_DEPTH} levels") as caught:
        parse_documents(text, "c.yaml")
    assert caught.value.location is not None and caught.value.location.line >= 1
    assert caught.value.path.startswith("x")
    ok = "x: " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2) + "\n"
    assert parse_documents(ok, "c.yaml")[0].data["x"] is not None


def test_explicit_tags_win_over_plain_typing() -> None:
    doc = parse_documents("a: !!str 017\nb: !!int '12'\nc: ! 017\nd: 017\n", "c.yaml")[0]
    assert doc.data == {"a": "017", "b": 12, "c": 15, "d": 15}  # v2 types "! 017" too


def test_only_yaml_1_1_directives_are_accepted() -> None:
    assert parse_documents("%YAML 1.1\n---\na: 1\n", "c.yaml")[0].data == {"a": 1}
    with pytest.raises(YamlSyntaxError, match="incompatible YAML document"):
        parse_documents("%YAML 1.2\n---\na: 1\n", "c.yaml")


@pytest.mark.parametrize(
    ("text", "rfc3339"),
    [("2001-12-14", "2001-12-14T00:00:00Z"), ("2001-1-2", "2001-01-02T00:00:00Z"),
     ("2001-12-14T21:59:43.10-05:00", "2001-12-14T21:59:43.1-05:00"),
     ("2001-12-14 21:59:43.10", "2001-12-14T21:59:43.1Z"), ("2001-12-14t01:02:03+00:00", "2001-12-14T01:02:03Z")],
)
def test_plain_timestamps_are_not_strings(text: str, rfc3339: str) -> None:
    value = resolve_plain(text)
    assert isinstance(value, Timestamp)
    assert value.rfc3339 == rfc3339


@pytest.mark.parametrize("text", ["2001-13-02", "2001-12-14x", "12001-12-14", "2001-12-14T01:02"])
def test_not_quite_timestamps_stay_strings(text: str) -> None:
    assert resolve_plain(text) == text
