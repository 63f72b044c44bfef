"""The schema against the conformance corpus (real compose files with Docker Compose v2's verdict).

- Every compose file of a case v2 accepts passes our schema: the schema never rejects what v2 accepts.
- Every file v2 rejects at its schema stage ("validating FILE: ...") is rejected by ours too.

Files that use ``$`` are left out (their values are only known after interpolation).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from compose.load.source import parse_documents
from compose.validate.schema import validate_document

CORPUS = Path(os.environ.get("CONFORMANCE_CORPUS", "/work/shared/corpus")) / "visible"


def _files() -> Iterator[tuple[str, Path, bool]]:
    """(case/file id, path, whether v2 accepts the file at its schema stage)."""
    if not CORPUS.is_dir():
        return
    for case in sorted(CORPUS.iterdir()):
        meta = json.loads((case / "case.json").read_text())
        expected = json.loads((case / "expected.json").read_text())
        mains = meta["main"] if isinstance(meta["main"], list) else [meta["main"]]
        stderr = expected.get("stderr", "")
        for main in mains:
            rejected = f"validating ${{CASE_DIR}}/{main}:" in stderr
            if (expected["exit_code"] == 0 or rejected) and "$" not in (case / main).read_text():
                yield f"{case.name}/{main}", case / main, not rejected


FILES = list(_files())


def _issues(path: Path) -> list[str]:
    text = path.read_text()
    docs = parse_documents(text, str(path))
    return [str(i) for doc in docs for i in validate_document(doc.data, doc.sources)]


@pytest.mark.skipif(not FILES, reason="conformance corpus not present")
@pytest.mark.parametrize(("path", "accepted"), [f[1:] for f in FILES], ids=[f[0] for f in FILES])
def test_corpus_file(path: Path, accepted: bool) -> None:
    issues = _issues(path)
    if accepted:
        assert issues == []
    else:
        assert issues, "Docker Compose v2 rejects this file at its schema stage"


def test_corpus_has_both_kinds() -> None:
    if not FILES:
        pytest.skip("conformance corpus not present")
    assert sum(accepted for *_, accepted in FILES) > 300
    assert sum(not accepted for *_, accepted in FILES) >= 20
