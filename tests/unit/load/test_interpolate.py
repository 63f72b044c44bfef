"""${VAR} substitution edge cases (checked against Docker Compose v2) and the casts after it."""

from __future__ import annotations

from typing import Any

import pytest

from compose.errors import InterpolationError, Location
from compose.load.interpolate import Substituter, TemplateError, interpolate, substitute, variables_in
from compose.load.source import parse_documents

ENV = {"A": "va", "E": "", "NUM": "8080"}


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("plain", "plain"),
        ("$A", "va"),
        ("${A}", "va"),
        ("x${A}y$A-", "xvay" + "va-"),
        ("$$A", "$A"),
        ("$$$A", "$va"),
        ("echo $1", "echo $1"),
        ("echo $", "echo $"),
        ("$é", "$é"),
        ("${UNSET}", ""),
        ("${A:-d}", "va"),
        ("${E:-d}", "d"),
        ("${E-d}", ""),
        ("${UNSET-d}", "d"),
        ("${A:+alt}", "alt"),
        ("${E:+alt}", ""),
        ("${E+alt}", "alt"),
        ("${UNSET+alt}", ""),
        ("${A?}", "va"),
        ("${E?}", ""),
        ("${A:-a:b}", "va"),
        ("${UNSET:-${A}}", "va"),
        ("${UNSET:-${UNSET2:-deep}}", "deep"),
        ("${A-${B:-nest}}", "va"),
        ("${A:-x}}", "va}"),
        ("${A:-{}", "va"),
        ("$A{B}", "va{B}"),
        ("${_1}", ""),
    ],
)
def test_substitute(template: str, expected: str) -> None:
    assert substitute(template, ENV.get) == expected


@pytest.mark.parametrize("template", ["a ${} b", "${a.b}", "${A:=x}", "${A/x/y}", "${ A}", "${A", "x ${A:-${B"])
def test_invalid_templates(template: str) -> None:
    with pytest.raises(TemplateError, match="invalid interpolation format"):
        substitute(template, ENV.get)


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("${UNSET:?must set}", "required variable UNSET is missing a value: must set"),
        ("${UNSET?}", "required variable UNSET is missing a value"),
        ("${E:?empty not ok}", "required variable E is missing a value: empty not ok"),
        ("${UNSET:?${A} msg}", "required variable UNSET is missing a value: va msg"),
        ("${A:-${UNSET:?inner}}", "required variable UNSET is missing a value: inner"),
    ],
)
def test_required_variables(template: str, message: str) -> None:
    with pytest.raises(TemplateError) as exc:
        substitute(template, ENV.get)
    assert exc.value.message == message


def test_substituter_records_used_and_missing() -> None:
    s = Substituter(ENV.get)
    s("$A ${NOPE} ${NOPE} ${E:-x}")
    assert s.missing == ["NOPE"]
    assert {"A", "NOPE", "E"} <= s.used


def _doc(text: str) -> tuple[Any, Any]:
    doc = parse_documents(text, "c.yaml")[0]
    return doc.data, doc.sources


def test_only_values_are_substituted_and_casts_apply() -> None:
    data, sources = _doc(
        "services:\n  a:\n    labels:\n      $A: $A\n    privileged: 'yes'\n    scale: '${NUM}'\n"
        "    ports:\n      - target: '80'\n        published: '${NUM}'\n"
        "networks:\n  n:\n    external: 'true'\n"
    )
    out = interpolate(data, Substituter(ENV.get), sources)
    svc = out["services"]["a"]
    assert svc["labels"] == {"$A": "va"}
    assert svc["privileged"] is True
    assert svc["scale"] == 8080
    assert svc["ports"] == [{"target": 80, "published": "8080"}]
    assert out["networks"]["n"]["external"] is True


def test_error_names_variable_location_and_path() -> None:
    data, sources = _doc("services:\n  a:\n    image: busybox\n    environment:\n      X: ${NEED:?set NEED}\n")
    with pytest.raises(InterpolationError) as exc:
        interpolate(data, Substituter(ENV.get), sources)
    err = exc.value
    assert err.variable == "NEED"
    assert err.location == Location("c.yaml", 5, 7)
    assert err.path == "services.a.environment.X"
    assert "set NEED" in err.message


def test_failed_cast_is_an_error() -> None:
    data, sources = _doc("services:\n  a:\n    privileged: ${A}\n")
    with pytest.raises(InterpolationError, match="invalid boolean: va"):
        interpolate(data, Substituter(ENV.get), sources)


def test_variables_in_lists_defaults_and_required() -> None:
    found = {name: (default, required) for name, default, required in
             variables_in({"a": ["${X:-dx}", "$Y"], "b": {"c": "${Z:?msg} ${W-${V}}"}})}
    assert found == {"X": ("dx", False), "Y": (None, False), "Z": (None, True), "W": ("${V}", False),
                     "V": (None, False)}
