"""Helpers for the validation tests: compose text in, issues out."""

from __future__ import annotations

import textwrap
from typing import Any

from compose.errors import Issue
from compose.load.source import parse_documents
from compose.load.sourcemap import SourceMap
from compose.validate.schema import validate_document

FILE = "compose.yaml"


def document(text: str) -> tuple[Any, SourceMap]:
    """The plain tree and source map of one compose document (the loader's YAML reading)."""
    docs = parse_documents(textwrap.dedent(text), FILE)
    assert len(docs) == 1
    return docs[0].data, docs[0].sources


def service_doc(snippet: str) -> str:
    """A document whose service ``web`` holds ``snippet``'s keys (and ``image: nginx`` unless it sets one)."""
    body = textwrap.dedent(snippet).strip("\n")
    image = "" if body.startswith("image:") or "\nimage:" in body else "image: nginx\n"
    return "services:\n  web:\n" + textwrap.indent(image + body, " " * 4) + "\n"


def schema_issues(text: str) -> list[Issue]:
    data, sources = document(text)
    return validate_document(data, sources)
