"""Dependency cycles, found on the model's graph by ``compose.graph.loading``: the path, at file:line:col."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from compose.errors import ValidationError
from compose.graph.loading import load_checked, load_model
from compose.load.options import LoadOptions

ROWS = [
    ("self cycle", "services:\n  a: {image: x, depends_on: [a]}\n",
     "compose.yaml:2:17: services.a.depends_on.a: dependency cycle detected: a -> a"),
    ("three-service cycle",
     "services:\n  c: {image: x, depends_on: [a]}\n  a: {image: x, depends_on: [b]}\n  b: {image: x, depends_on: [c]}\n",
     "compose.yaml:3:17: services.a.depends_on.b: dependency cycle detected: a -> b -> c -> a"),
    ("through links and volumes_from",
     "services:\n  a: {image: x, links: [b]}\n  b: {image: x, volumes_from: [a]}\n",
     "compose.yaml:2:25: services.a.links[0]: dependency cycle detected: a -> b -> a"),
    ("through network_mode",
     "services:\n  a: {image: x, network_mode: 'service:b'}\n  b: {image: x, network_mode: 'service:a'}\n",
     "compose.yaml:2:17: services.a.network_mode: dependency cycle detected: a -> b -> a"),
]


def _options(tmp_path: Path, text: str, **switches: bool) -> LoadOptions:
    (tmp_path / "compose.yaml").write_text(textwrap.dedent(text))
    return LoadOptions(files=(str(tmp_path / "compose.yaml"),), environ={}, cwd=str(tmp_path), project_name="p",
                       **switches)


@pytest.mark.parametrize(("text", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_cycle_is_located(tmp_path: Path, text: str, expected: str) -> None:
    for load in (load_model, load_checked):
        with pytest.raises(ValidationError) as caught:
            load(_options(tmp_path, text))
        assert [str(i).replace(str(tmp_path) + "/", "") for i in caught.value.issues] == [expected]


def test_references_are_reported_before_cycles(tmp_path: Path) -> None:
    """As in v2: an undefined service is a consistency error; the cycle comes once the references hold."""
    text = "services:\n  a: {image: x, depends_on: [b, nope]}\n  b: {image: x, depends_on: [a]}\n"
    with pytest.raises(ValidationError, match="undefined service"):
        load_model(_options(tmp_path, text))


def test_no_consistency_skips_the_cycle(tmp_path: Path) -> None:
    text = "services:\n  a: {image: x, depends_on: [a]}\n"
    assert set(load_checked(_options(tmp_path, text, consistency=False)).services) == {"a"}


def test_load_model_gives_the_graph(tmp_path: Path) -> None:
    text = "services:\n  web: {image: x, depends_on: [db]}\n  db: {image: x}\n"
    model = load_model(_options(tmp_path, text))
    assert model.graph.start_order() == ("db", "web")
    assert model.project.name == "p"
