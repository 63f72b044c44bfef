from __future__ import annotations

import pytest

from compose.model.frozen import FrozenMap, deep_freeze, thaw


def test_frozen_map_reads_like_a_dict_and_cannot_change() -> None:
    m = FrozenMap({"a": 1, "b": 2})
    assert m["a"] == 1 and len(m) == 2 and list(m) == ["a", "b"] and "b" in m
    assert m == {"b": 2, "a": 1} and m == FrozenMap([("b", 2), ("a", 1)])
    assert hash(m) == hash(FrozenMap({"b": 2, "a": 1}))
    with pytest.raises(TypeError):
        m["c"] = 3  # type: ignore[index]
    assert m.set("c", 3) == {"a": 1, "b": 2, "c": 3} and "c" not in m
    assert m.without("a") == {"b": 2}


def test_deep_freeze_and_thaw_round_trip() -> None:
    data = {"a": [1, {"b": [2]}], "c": None}
    frozen = deep_freeze(data)
    hash(frozen)
    assert thaw(frozen) == data
