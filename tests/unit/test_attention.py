"""What a participant is told within a minute of upload, decided from what extraction read."""

from __future__ import annotations

from datetime import date

from chalicelib.domain.attention import PageQuality, Problem, TypeFacts, assess, same_person

PERMIT = TypeFacts(display="Child Development Permit", has_person_name=True,
                   date_fields=("issued_on", "expires_on"), expires_field="expires_on")
TRANSCRIPT = TypeFacts(display="College transcript", has_person_name=True, date_fields=(), expires_field=None)
CLEAR = PageQuality(words=180, median_confidence=92, edge_words=0, photographed=True)
TODAY = date(2026, 11, 24)


def _problems(extracted: dict, *, chosen: TypeFacts | None = PERMIT, found: TypeFacts | None = PERMIT,
              chosen_name: str = "permit", names: list[str] | None = None, quality: PageQuality = CLEAR,
              type_confidence: float = 0.95) -> list[str]:
    return [f.problem.value for f in assess(extracted, chosen=chosen, found=found, chosen_name=chosen_name,
                                            type_confidence=type_confidence, profile_names=names or [],
                                            quality=quality, today=TODAY)]


def test_a_good_permit_of_the_participant_raises_nothing() -> None:
    permit = {"doc_type": "permit", "person_name": "Ana M. Reyes", "issued_on": "2024-01-02",
              "expires_on": "2029-01-02"}
    assert _problems(permit, names=["Ana Reyes"]) == []


def test_names_match_across_accents_order_case_and_middle_names() -> None:
    assert same_person("JOSÉ NUÑEZ", ["Jose Nunez"])
    assert same_person("Nuñez, José A.", ["José Antonio Nuñez"])
    assert same_person("Nguyễn Thị Lan", ["Lan Nguyen Thi"])
    assert not same_person("Hannah Hernández", ["Ana Reyes"])
    assert not same_person("Ana Garcia", ["Ana Reyes"])


def test_another_persons_expired_permit_gets_both_reasons() -> None:
    permit = {"doc_type": "permit", "person_name": "Kim Jackson", "issued_on": "2017-02-14",
              "expires_on": "2022-02-14"}
    assert _problems(permit, names=["Ana Reyes"]) == ["name_mismatch", "expired"]


def test_an_unreadable_photo_says_only_that() -> None:
    blurry = PageQuality(words=9, median_confidence=31, edge_words=0, photographed=True)
    assert _problems({"doc_type": None}, quality=blurry) == ["unreadable"]


def test_a_cut_off_photo_and_a_missing_date() -> None:
    cut = PageQuality(words=120, median_confidence=88, edge_words=5, photographed=True)
    assert _problems({"doc_type": "permit", "person_name": "Ana Reyes"}, quality=cut, names=["Ana Reyes"]) == [
        "cut_off", "no_date"]


def test_a_transcript_sent_as_a_permit_is_named_in_the_participants_language() -> None:
    findings = assess({"doc_type": "transcript", "person_name": "Ana Reyes", "courses": [{"code": "CHLD 1"}]},
                      chosen=PERMIT, found=TRANSCRIPT, chosen_name="permit", type_confidence=0.9,
                      profile_names=["Ana Reyes"], quality=CLEAR, today=TODAY)
    assert [f.problem for f in findings] == [Problem.TYPE_MISMATCH]
    assert findings[0].message("es") == ("Eligió Child Development Permit, pero parece ser College transcript. "
                                         "Elija el tipo correcto y súbalo de nuevo, o envíelo de todos modos.")
    assert "College transcript" in findings[0].message("zh")


def test_an_uncertain_type_is_not_called_a_mismatch() -> None:
    assert _problems({"doc_type": "transcript", "person_name": "Ana Reyes", "courses": [{}]}, found=TRANSCRIPT,
                     names=["Ana Reyes"], type_confidence=0.6) == []
