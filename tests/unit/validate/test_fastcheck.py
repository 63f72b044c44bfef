"""The compiled yes/no check answers exactly as jsonschema does on our schema."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from compose.load.source import parse_documents
from compose.load.sourcemap import SourceMap
from compose.validate.fastcheck import compile_schema
from compose.validate.schema import compose_schema, validate_document

DATA = Path(__file__).parent / "data"
SAMPLES = ("kitchen_sink.yaml", "short_forms.yaml")
VALUES: list[Any] = [
    None, 0, 1, -1, 1.5, 2.0, 101, -2000, True, False, "", "x", "c c", "0440", "x-y",
    [], ["s"], [1], [None], ["a", "a"], [{"k": "v"}], {}, {"k": "v"}, {"x-k": 1}, {"": 1},
]  # fmt: skip
KEYS = ["zzz", "x-zzz", "", "image", "target", "a b", "é", "Condition", "soft"]


def _load(name: str) -> Any:
    return parse_documents((DATA / name).read_text(), name)[0].data


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*path, index))
    return out


def _mutate(doc: Any, rng: random.Random) -> Any:
    doc = copy.deepcopy(doc)
    for _ in range(rng.choice((1, 1, 2, 3))):
        path = rng.choice(_paths(doc)[1:])
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        node = parent[path[-1]]
        roll = rng.random()
        if isinstance(node, dict) and roll < 0.3:
            node[rng.choice(KEYS)] = copy.deepcopy(rng.choice(VALUES))
        elif isinstance(parent, dict) and roll < 0.4:
            parent[rng.choice(KEYS)] = parent.pop(path[-1])
        elif isinstance(parent, dict) and roll < 0.5:
            del parent[path[-1]]
        else:
            parent[path[-1]] = copy.deepcopy(rng.choice(VALUES))
    return doc


@pytest.fixture(scope="module")
def jsonschema_valid() -> Any:
    return Draft202012Validator(dict(compose_schema())).is_valid


@pytest.mark.parametrize("sample", SAMPLES)
def test_samples_are_valid(sample: str, jsonschema_valid: Any) -> None:
    doc = _load(sample)
    assert jsonschema_valid(doc)
    assert compile_schema(compose_schema())(doc)


@pytest.mark.parametrize("sample", SAMPLES)
def test_agrees_with_jsonschema_on_mutated_documents(sample: str, jsonschema_valid: Any) -> None:
    fast = compile_schema(compose_schema())
    rng = random.Random(f"fastcheck-{sample}")
    base = _load(sample)
    invalid = 0
    for _ in range(150):
        doc = _mutate(base, rng)
        expected = jsonschema_valid(doc)
        assert fast(doc) == expected, doc
        issues = validate_document(doc, SourceMap())
        assert (not issues) == expected, issues
        invalid += not expected
    assert 40 < invalid < 150  # the mutations exercise both answers


# --- the semantics of single keywords ------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "value", "valid"),
    [
        ({"type": "integer"}, 2.0, True),
        ({"type": "integer"}, 2.5, False),
        ({"type": "integer"}, True, False),
        ({"type": "number"}, False, False),
        ({"type": ["boolean", "string"]}, True, True),
        ({"type": ["integer", "string"]}, 1.0, True),
        ({"type": "null"}, None, True),
        ({"type": "object"}, [], False),
        ({"enum": [1]}, True, False),
        ({"enum": [1]}, 1.0, True),
        ({"const": "all"}, "all", True),
        ({"uniqueItems": True}, [1, True], True),
        ({"uniqueItems": True}, [1, 1.0], False),
        ({"uniqueItems": True}, [{"a": 1}, {"a": 1}], False),
        ({"minimum": 0, "maximum": 10}, "20", True),
        ({"minimum": 0, "maximum": 10}, 11, False),
        ({"pattern": "ab"}, "xaby", True),
        ({"pattern": "^ab"}, "xab", False),
        (
            {"properties": {"a": {"type": "string"}}, "patternProperties": {"^a": {"minimum": 3}}},
            {"a": 1},
            False,
        ),
        ({"patternProperties": {"^x-": {}}, "additionalProperties": False}, {"x-a": 1}, True),
        ({"patternProperties": {"^x-": {}}, "additionalProperties": False}, {"y": 1}, False),
        ({"patternProperties": {".+": {}}, "additionalProperties": False}, {"": 1}, False),
        ({"patternProperties": {".+": {}}, "additionalProperties": False}, {"\n": 1}, False),
        ({"patternProperties": {".+": {}}, "additionalProperties": False}, {"\na": 1}, True),
        ({"required": ["a"]}, {"b": 1}, False),
        ({"required": ["a"]}, "not an object", True),
        ({"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 0}]}, -1, False),
        ({"items": {"type": "string"}}, ["a", 1], False),
    ],
)
def test_keyword(schema: dict[str, Any], value: Any, valid: bool) -> None:
    assert compile_schema(schema)(value) is valid
    assert Draft202012Validator(schema).is_valid(value) is valid


def test_recursive_reference() -> None:
    schema = {
        "$defs": {"tree": {"type": "object", "additionalProperties": {"$ref": "#/$defs/tree"}}},
        "$ref": "#/$defs/tree",
    }
    check = compile_schema(schema)
    assert check({"a": {"b": {}}})
    assert not check({"a": {"b": 1}})


def test_unsupported_keyword_is_refused() -> None:
    with pytest.raises(ValueError, match="oneOf"):
        compile_schema({"oneOf": [{"type": "string"}]})
