"""Fills a DOCX template (docxtpl) with a document's data: data in, bytes out; never queries.

The template is Jinja inside Word's XML, possibly uploaded by an administrator: it runs in Jinja's
sandbox (no attribute of Python objects beyond the data given), with autoescape (a "<" or "&" in
a name cannot break the file) and every text passed through xml_text (a stored control character
cannot either)."""

from __future__ import annotations

import io
from typing import Any

from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from dangbo.core.xlsx import xml_text


def clean(value: Any) -> Any:
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, dict):
        return {key: clean(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(item) for item in value]
    return value


def environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True)


def render_document(template: bytes, context: dict[str, Any], *, author: str, title: str) -> bytes:
    document = DocxTemplate(io.BytesIO(template))
    document.render(clean(context), jinja_env=environment(), autoescape=True)
    properties = document.docx.core_properties
    properties.author = properties.last_modified_by = xml_text(author)
    properties.title = xml_text(title)
    properties.comments = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
