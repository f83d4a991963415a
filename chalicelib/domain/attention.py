"""Problems a participant can fix themselves, found within a minute of upload.

A document that can never be verified as it is (too blurry to read, cut off, another person's name,
not the type they chose, an expired permit) should not wait days for staff to say so. These checks run
on what extraction read; each problem carries a reason in the participant's language and the two ways
forward: replace the file, or send it to staff anyway.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Any, NotRequired, TypedDict, cast


class Problem(StrEnum):
    UNREADABLE = "unreadable"
    CUT_OFF = "cut_off"
    NO_NAME = "no_name"
    NO_DATE = "no_date"
    NAME_MISMATCH = "name_mismatch"
    TYPE_MISMATCH = "type_mismatch"
    EXPIRED = "expired"


MESSAGES: dict[Problem, dict[str, str]] = {
    Problem.UNREADABLE: {
        "en": "We could not read this file: it looks too blurry or dark. Take the photo again in good light, "
              "holding the phone steady above the page, or upload a scan.",
        "es": "No pudimos leer este archivo: parece demasiado borroso u oscuro. Tome la foto de nuevo con buena "
              "luz, sosteniendo el teléfono firme sobre la página, o suba un escaneo.",
        "zh": "我們無法讀取此檔案：影像似乎太模糊或太暗。請在光線充足處重新拍攝，手機保持穩定，或上傳掃描檔。"},
    Problem.CUT_OFF: {
        "en": "Part of the page seems to be cut off. Make sure all four edges of the page are in the photo.",
        "es": "Parece que falta parte de la página. Asegúrese de que los cuatro bordes de la página estén en la foto.",
        "zh": "頁面似乎有部分被裁切。請確認照片包含頁面的四個邊緣。"},
    Problem.NO_NAME: {
        "en": "We could not find a name on this document. Upload the page that shows your name.",
        "es": "No encontramos un nombre en este documento. Suba la página que muestra su nombre.",
        "zh": "我們在此文件上找不到姓名。請上傳顯示您姓名的頁面。"},
    Problem.NO_DATE: {
        "en": "We could not find the document's date. Upload the page that shows when it was issued or completed.",
        "es": "No encontramos la fecha del documento. Suba la página que muestra cuándo se emitió o completó.",
        "zh": "我們找不到文件日期。請上傳顯示簽發或完成日期的頁面。"},
    Problem.NAME_MISMATCH: {
        "en": "The name on this document ({found}) is not the name on your profile. If it is an earlier name of "
              "yours, send it anyway and staff will check; otherwise upload your own document.",
        "es": "El nombre en este documento ({found}) no es el de su perfil. Si es un nombre anterior suyo, "
              "envíelo de todos modos y el personal lo revisará; si no, suba su propio documento.",
        "zh": "此文件上的姓名（{found}）與您個人資料上的姓名不符。"
              "若這是您以前的姓名，請仍然送出，工作人員會核對；否則請上傳您本人的文件。"},
    Problem.TYPE_MISMATCH: {
        "en": "You chose {chosen}, but this looks like {found}. Choose the right type and upload it again, or send "
              "it anyway.",
        "es": "Eligió {chosen}, pero parece ser {found}. Elija el tipo correcto y súbalo de nuevo, o envíelo de "
              "todos modos.",
        "zh": "您選擇了{chosen}，但此文件看起來是{found}。請選擇正確的類型重新上傳，或仍然送出。"},
    Problem.EXPIRED: {
        "en": "This document expired on {expires_on}. Upload your current one if you have renewed it; staff can "
              "still record an expired one if you send it anyway.",
        "es": "Este documento venció el {expires_on}. Suba el vigente si lo renovó; el personal aún puede registrar "
              "uno vencido si lo envía de todos modos.",
        "zh": "此文件已於 {expires_on} 到期。若已續期，請上傳目前有效的文件；"
              "若仍然送出，工作人員仍可記錄已到期的文件。"},
}


class AttentionMessage(TypedDict):
    """A problem as the participant reads it, with the details its message names."""
    problem: str
    message: str
    found: NotRequired[str]
    chosen: NotRequired[str]
    expires_on: NotRequired[str]


@dataclass(frozen=True, slots=True)
class Finding:
    problem: Problem
    details: tuple[tuple[str, str], ...] = ()

    def message(self, language: str) -> str:
        texts = MESSAGES[self.problem]
        return texts.get(language, texts["en"]).format(**dict(self.details))

    def as_dict(self, language: str) -> AttentionMessage:
        # The details are the ones MESSAGES name (found, chosen, expires_on), as assess() gives them.
        return cast(AttentionMessage, {"problem": self.problem.value, "message": self.message(language),
                                       **dict(self.details)})


@dataclass(frozen=True, slots=True)
class PageQuality:
    """What the OCR made of the pages: how many words, how sure, how many touch an edge of a photo."""

    words: int
    median_confidence: float  # 0..100
    edge_words: int
    photographed: bool


@dataclass(frozen=True, slots=True)
class TypeFacts:
    """What the document type says about its fields (read from the doc-type registry by the caller)."""

    display: str
    has_person_name: bool
    date_fields: tuple[str, ...]
    expires_field: str | None


def fold_name(name: str) -> str:
    """A name as letters only: case, accents and punctuation do not tell two people apart."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(ch for ch in decomposed if ch.isalpha() or ch == " ").split())


def same_person(found: str, known: list[str]) -> bool:
    """A printed name agrees with a profile name when every printed word is close to one of the profile's
    (order, accents, case, middle initials and a missing middle name do not matter)."""
    found_words = [w for w in fold_name(found).split() if len(w) > 1]
    for name in known:
        known_words = [w for w in fold_name(name).split() if len(w) > 1]
        if not found_words or not known_words:
            continue
        matched = sum(1 for w in found_words
                      if any(SequenceMatcher(None, w, k).ratio() >= 0.8 for k in known_words))
        if matched >= min(2, len(found_words)) and matched >= len(found_words) - 1:
            return True
    return False


def assess(extracted: Mapping[str, Any], *, chosen: TypeFacts | None, found: TypeFacts | None,
           chosen_name: str | None, type_confidence: float, profile_names: list[str], quality: PageQuality,
           today: date) -> list[Finding]:
    findings: list[Finding] = []
    if quality.words < 12 or (quality.median_confidence < 50 and quality.words < 60):
        return [Finding(Problem.UNREADABLE)]
    if quality.photographed and quality.edge_words >= 3:
        findings.append(Finding(Problem.CUT_OFF))
    facts = found or chosen
    if chosen is not None and found is not None and chosen_name != extracted.get("doc_type") \
            and type_confidence >= 0.75:
        findings.append(Finding(Problem.TYPE_MISMATCH, (("chosen", chosen.display), ("found", found.display))))
    if facts is None:
        return findings
    name = extracted.get("person_name")
    if facts.has_person_name and not name:
        findings.append(Finding(Problem.NO_NAME))
    elif name and profile_names and not same_person(str(name), profile_names):
        findings.append(Finding(Problem.NAME_MISMATCH, (("found", str(name)),)))
    if facts.date_fields and not any(extracted.get(f) for f in facts.date_fields) and not extracted.get("courses"):
        findings.append(Finding(Problem.NO_DATE))
    expires = extracted.get(facts.expires_field) if facts.expires_field else None
    if expires:
        try:
            if date.fromisoformat(str(expires)) < today:
                findings.append(Finding(Problem.EXPIRED, (("expires_on", str(expires)),)))
        except ValueError:
            pass
    return findings
