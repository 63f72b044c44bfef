"""Score canonical() + finalize() on the simple part of the conformance corpus.

A corpus case is "simple" when it has one compose file, v2 accepted it, and
the file needs none of the loader's other stages (no interpolation, extends,
include, env_file, label_file, profiles). For those cases
``finalize(canonical(parse(text)))`` must equal v2's printed output.
Run as a script for a report: ``python tests/unit/load/corpus_support.py [-v] [GLOB]``.
"""

from __future__ import annotations

import fnmatch
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

CORPUS = os.environ.get("CONFORMANCE_CORPUS", "/work/shared/corpus") + "/visible"
CASE_DIR = "${CASE_DIR}"
HOME = "${HOME}"
_PARENT_DIR = "/tmp/corpus-parent-e1f7"
_CASE_DIR = _PARENT_DIR + "/case"
_HOME_DIR = "/tmp/corpus-home-c3a9"
_SKIP_WORDS = ("$", "extends", "include", "env_file", "label_file", "profiles")


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    main: str
    text: str
    env: dict[str, str]
    expected: dict[str, Any]


def simple_cases(pattern: str = "*") -> Iterator[Case]:
    if not os.path.isdir(CORPUS):
        return
    for name in sorted(os.listdir(CORPUS)):
        if not fnmatch.fnmatch(name, pattern):
            continue
        path = os.path.join(CORPUS, name)
        with open(os.path.join(path, "case.json")) as f:
            case = json.load(f)
        with open(os.path.join(path, "expected.json")) as f:
            expected = json.load(f)
        if not isinstance(case["main"], str) or expected["exit_code"] != 0:
            continue
        with open(os.path.join(path, case["main"])) as f:
            text = f.read()
        if any(word in text for word in _SKIP_WORDS):
            continue
        yield Case(name, path, case["main"], text, dict(case.get("env") or {}), expected["output"])


def parse(text: str) -> dict[str, Any]:
    from compose.load.source import parse_documents

    docs = parse_documents(text, "compose.yaml")
    data = docs[0].data if docs else {}
    return data if isinstance(data, dict) else {}


def render(case: Case) -> dict[str, Any]:
    from compose.load.canonical import canonical
    from compose.load.finalize import FinalizeContext, finalize, json_document

    data = canonical(parse(case.text))
    data.pop("version", None)
    try:  # the loader's unicity pass sits between merge and finalize in the real pipeline
        from compose.load.merge import enforce_unique

        data = enforce_unique(data)
    except ImportError:
        pass
    env = {"HOME": _HOME_DIR, **case.env}
    workdir = os.path.normpath(os.path.join(_CASE_DIR, os.path.dirname(case.main)))
    ctx = FinalizeContext(project_name="corpus", working_dir=workdir, environment=env, home_dir=_HOME_DIR)
    text = json.dumps(json_document(finalize(data, ctx)))
    text = text.replace(_CASE_DIR, CASE_DIR).replace(_HOME_DIR, HOME).replace(_PARENT_DIR, CASE_DIR + "/..")
    out: dict[str, Any] = json.loads(text)
    return out


def diff(a: Any, b: Any, path: str = "") -> list[str]:
    """Differences between two documents, strict about scalar types, ignoring mapping order."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[str] = []
        for k in sorted(set(a) | set(b)):
            if k not in a:
                out.append(f"{path}.{k}: missing (expected {json.dumps(b[k])[:80]})")
            elif k not in b:
                out.append(f"{path}.{k}: unexpected {json.dumps(a[k])[:80]}")
            else:
                out.extend(diff(a[k], b[k], f"{path}.{k}"))
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: list of {len(a)} != {len(b)}: {json.dumps(a)[:120]} vs {json.dumps(b)[:120]}"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in diff(x, y, f"{path}[{i}]")]
    if type(a) is not type(b) or a != b:
        return [f"{path}: {json.dumps(a)[:100]} != {json.dumps(b)[:100]}"]
    return []


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    pattern = next((a for a in argv if not a.startswith("-")), "*")
    total = ok = 0
    for case in simple_cases(pattern):
        total += 1
        try:
            got = render(case)
        except Exception as exc:  # a report, not a test: show every failure
            print(f"FAIL {case.name}: {type(exc).__name__}: {exc}")
            continue
        problems = diff(got, case.expected)
        if problems:
            print(f"FAIL {case.name}")
            for p in problems[: 20 if verbose else 4]:
                print("    " + p)
        else:
            ok += 1
    print(f"simple corpus cases: {ok}/{total} equal")
    return 0 if ok == total else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
