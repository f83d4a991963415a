"""A Word resume built from the participant's employment history and verified records."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _Safe:
    """A document whose paragraphs and headings drop characters XML cannot hold (text stored before requests
    were checked for them), instead of failing the whole resume."""

    def __init__(self, document: Any) -> None:
        self._document = document

    def __getattr__(self, name: str) -> Any:
        return getattr(self._document, name)

    def add_heading(self, text: str = "", level: int = 1) -> Any:
        return self._document.add_heading(_CONTROL.sub("", text), level=level)

    def add_paragraph(self, text: str = "", style: Any = None) -> Any:
        return _SafeParagraph(self._document.add_paragraph(_CONTROL.sub("", text), style=style))


class _SafeParagraph:
    def __init__(self, paragraph: Any) -> None:
        self._paragraph = paragraph

    def __getattr__(self, name: str) -> Any:
        return getattr(self._paragraph, name)

    def add_run(self, text: str = "", style: Any = None) -> Any:
        return self._paragraph.add_run(_CONTROL.sub("", text), style=style)


def resume_docx(*, name: str, email: str | None, registry_id: str, summary: str,
                positions: Iterable[Mapping[str, Any]], degrees: Iterable[Mapping[str, Any]],
                credentials: Iterable[Mapping[str, Any]], training_hours: Any, language: str | None = None) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    from chalicelib.domain.catalogues import catalogue

    w = catalogue("reports", language)
    document = _Safe(Document())
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    # Han characters in a Traditional Chinese face (a name, a school), not whatever the reader's Word picks.
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Microsoft JhengHei")
    document.add_heading(name, level=0)
    contact = " · ".join(p for p in (email, w["resume_contact"].format(registry_id=registry_id)) if p)
    document.add_paragraph(contact)
    if summary.strip():
        document.add_heading(w["resume_summary"], level=1)
        document.add_paragraph(summary.strip())
    document.add_heading(w["resume_experience"], level=1)
    for p in positions:
        period = f"{p.get('start_date', '')[:7]} - {(p.get('end_date') or w['resume_present'])[:7]}"
        para = document.add_paragraph(style="List Bullet")
        para.add_run(f"{p.get('role')}, {p.get('program_name')}").bold = True
        para.add_run(f"  {period}")
        if p.get("age_groups"):
            para.add_run(f" · {w['resume_ages']}: {', '.join(p['age_groups'])}")
    document.add_heading(w["resume_education"], level=1)
    for d in degrees:
        document.add_paragraph(f"{d.get('title')}, {d.get('major')} — {d.get('institution')} "
                               f"({(d.get('conferred_on') or '')[:4]})", style="List Bullet")
    document.add_heading(w["resume_credentials"], level=1)
    for c in credentials:
        document.add_paragraph(f"{c['title']} ({w['expires'].lower()} {c.get('expires_on') or '—'})",
                               style="List Bullet")
    document.add_heading(w["resume_development"], level=1)
    document.add_paragraph(w["resume_training"].format(hours=training_hours))
    document.add_paragraph(w["resume_verified_note"].format(registry_id=registry_id))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
