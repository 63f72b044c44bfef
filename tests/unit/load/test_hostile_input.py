"""Hostile input through the whole pipeline (load, validate, model): nesting depth, alias expansion and
bytes that are not UTF-8 end in a located error or a model, never in a RecursionError, a
UnicodeDecodeError traceback or a hang (tests/reliability found each of them)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from loader_support import load, services, write

from compose.errors import InterpolationError, LoadError, Location, YamlSyntaxError
from compose.load.source import MAX_DEPTH


def _nested(depth: int, indent: int) -> str:
    return "".join(" " * (indent + i) + f"k{i}:\n" for i in range(depth)) + " " * (indent + depth) + "v: 1\n"


def test_the_deepest_allowed_extension_goes_through_every_stage(tmp_path: Path) -> None:
    # services.s.x-deep is 3 levels down: 96 more mappings and the scalar make the deepest allowed path
    write(tmp_path, {"compose.yaml": "services:\n  s:\n    image: x\n    x-deep:\n" + _nested(MAX_DEPTH - 4, 6)})
    deep = services(load(tmp_path))["s"]["x-deep"]
    depth = 0
    while isinstance(deep, dict):
        deep = next(iter(deep.values()))
        depth += 1
    assert (depth, deep) == (MAX_DEPTH - 3, 1)


def test_one_level_more_is_a_syntax_error_at_its_place(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": "services:\n  s:\n    image: x\n    x-deep:\n" + _nested(MAX_DEPTH, 6)})
    with pytest.raises(YamlSyntaxError, match="nested more than") as caught:
        load(tmp_path)
    location = caught.value.location
    assert location is not None and location.file == str(tmp_path / "compose.yaml")
    assert location.line == MAX_DEPTH + 2  # the mapping of k97, the 101st level
    assert caught.value.path.startswith("services.s.x-deep.k0.k1.")


def test_an_alias_bomb_in_an_included_file_names_that_file(tmp_path: Path) -> None:
    bomb = ['x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        bomb.append(f"x-{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    bomb.append("services:\n  b:\n    image: x\n    command: *i")
    write(tmp_path, {"compose.yaml": "include: [bomb.yaml]\nservices:\n  s:\n    image: x\n",
                     "bomb.yaml": "\n".join(bomb) + "\n"})
    started = time.monotonic()
    with pytest.raises(YamlSyntaxError, match="excessive aliasing") as caught:
        load(tmp_path)
    assert time.monotonic() - started < 5
    assert caught.value.location is not None
    assert caught.value.location.file == str(tmp_path / "bomb.yaml")


@pytest.mark.parametrize("name", ["compose.yaml", "e.env", ".env", "labels.txt"])
def test_bytes_that_are_not_utf8_are_a_located_error(tmp_path: Path, name: str) -> None:
    write(tmp_path, {"compose.yaml": "services:\n  s:\n    image: x\n    env_file: e.env\n"
                                     "    label_file: labels.txt\n",
                     "e.env": "A=1\n", ".env": "B=2\n", "labels.txt": "l=1\n"})
    (tmp_path / name).write_bytes((tmp_path / name).read_bytes() + "# é".encode() + b"\xff\n")
    with pytest.raises(LoadError, match="invalid UTF-8") as caught:
        load(tmp_path)
    lines = (tmp_path / name).read_bytes().count(b"\n")
    assert caught.value.location == Location(str(tmp_path / name), lines, 4)


def test_a_text_with_lone_surrogates_is_a_syntax_error() -> None:
    """``-f -`` reads stdin with surrogateescape: invalid bytes arrive as lone surrogates, which
    libyaml refused with a UnicodeEncodeError traceback."""
    from compose.load.source import parse_documents

    with pytest.raises(YamlSyntaxError, match="invalid UTF-8") as caught:
        parse_documents("services:\n  a:\n    image: \udcff\n", "-")
    assert caught.value.location == Location("-", 3, 12)


@pytest.mark.parametrize(("name", "error", "message"), [
    ("${'}'", InterpolationError, "invalid interpolation format"),
    ("${A:?A is needed}", InterpolationError, "A is needed"),
    ("':'", LoadError, "project name must not be empty"),
])
def test_a_bad_top_level_name_is_located(tmp_path: Path, name: str, error: type[Exception], message: str) -> None:
    """Found by tests/reliability: a malformed ``name:`` escaped as a TemplateError traceback (it is
    interpolated before the rest of the file), and a name that normalises to nothing had no location."""
    write(tmp_path, {"compose.yaml": f"services:\n  s:\n    image: x\nname: {name}\n"})
    with pytest.raises(error, match=message) as caught:
        load(tmp_path)
    assert caught.value.location == Location(str(tmp_path / "compose.yaml"), 4, 1)  # type: ignore[attr-defined]
    assert caught.value.path == "name"  # type: ignore[attr-defined]


def test_an_empty_file_is_named(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": ""})
    with pytest.raises(LoadError, match="empty compose file") as caught:
        load(tmp_path)
    assert caught.value.location == Location(str(tmp_path / "compose.yaml"), 1, 1)
