"""The check of a DOCX template an administrator uploads: a Word file (a ZIP of modest size holding
word/document.xml), whose Jinja tags parse, that holds every field its document needs, and that
renders with sample data. Each refusal is a Vietnamese sentence naming what is wrong or missing.
Pure: bytes in, the list of problems out."""

from __future__ import annotations

import io
import zipfile

from jinja2 import TemplateError

from dangbo.documents.kinds import KINDS, sample_context

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_PARTS = 500


def template_problems(kind: str, content: bytes) -> list[str]:
    """Why `content` cannot be the template of `kind` (empty: it can)."""
    from docxtpl import DocxTemplate

    from dangbo.documents.render import environment, render_document

    document_kind = KINDS[kind]
    if not content:
        return ["Tệp mẫu trống."]
    if len(content) > MAX_TEMPLATE_BYTES:
        return [f"Tệp mẫu lớn hơn {MAX_TEMPLATE_BYTES // (1024 * 1024)} MB."]
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNCOMPRESSED_BYTES:
                return ["Tệp mẫu giải nén ra quá lớn."]
            if "word/document.xml" not in archive.namelist():
                return ["Tệp không phải là tài liệu Word (.docx): thiếu phần word/document.xml."]
    except (zipfile.BadZipFile, ValueError, OSError):
        return ["Tệp không phải là tài liệu Word (.docx) hợp lệ (cần tệp .docx, không phải .doc hay .pdf)."]
    try:
        template = DocxTemplate(io.BytesIO(content))
        found = template.get_undeclared_template_variables(environment())
    except TemplateError as error:
        return [f"Cú pháp trường trong mẫu không đúng: {error}."]
    except Exception:  # noqa: BLE001 - a crafted file may fail anywhere in the XML reader
        return ["Không đọc được tài liệu Word này (tệp hỏng hoặc không đúng định dạng .docx)."]
    missing = [
        f"{{{{ {name} }}}} ({label})" for name, label in document_kind.required.items() if name not in found
    ]
    if missing:
        return ["Mẫu thiếu trường: " + ", ".join(missing) + "."]
    try:
        render_document(content, sample_context(kind), author="Dangbo", title=document_kind.label)
    except TemplateError as error:
        return [f"Mẫu không điền được dữ liệu thử: {error}."]
    except Exception:  # noqa: BLE001 - as above
        return ["Mẫu không điền được dữ liệu thử (tệp hỏng hoặc trường đặt sai chỗ)."]
    return []
