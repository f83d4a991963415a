from __future__ import annotations

import pytest

from chalicelib.extraction.values import (
    clean_name,
    find_dates,
    find_misread_term,
    find_term,
    grade_from_points,
    normalise_grade,
)


@pytest.mark.parametrize("printed,iso", [
    ("March 3, 2024", "2024-03-03"), ("03/03/2024", "2024-03-03"), ("3/3/2024", "2024-03-03"),
    ("2024-03-03", "2024-03-03"), ("3 Mar 2024", "2024-03-03"), ("Sept. 30, 2021", "2021-09-30"),
])
def test_dates_are_read_however_printed(printed: str, iso: str) -> None:
    assert [d for _, d in find_dates(f"Issued: {printed}")] == [iso]


def test_impossible_dates_are_not_dates() -> None:
    assert find_dates("13/45/2020 and 02/30/2021") == []


@pytest.mark.parametrize("printed,term", [("FALL 2021", "Fall 2021"), ("2021FA", "Fall 2021"),
                                          ("SP 2015", "Spring 2015"), ("Summer Session 2020", "Summer 2020"),
                                          ("Winter Quarter 2019", "Winter 2019")])
def test_terms(printed: str, term: str | None) -> None:
    found = find_term(printed)
    assert (found[0] if found else None) == term


@pytest.mark.parametrize("row,term", [
    # What a dim photo made of Workday's 'Academic Period' cells: the year's first characters, the season, the
    # period word.
    ("D13 Fall Quaner   CHDV 204-L01 - Music and Movement", "Fall 2013"),
    ("213 Summer Session 1   CHDV 218-L01 - Play-Based Learning", "Summer 2013"),
    ("| 014 Spring Quaner   SOC 121-03", "Spring 2014"),
    ("3013 Fall Quarter   CHDV 134", "Fall 2013"),
    ("2014 Winer Quaner   CHDV 200", "Winter 2014"),
    ("D98 Fall Semester   ENGL 1A", "Fall 1998"),
    # Not a term: a code and a title with a season word, a street, a year still to come, no period word.
    ("ECE 101 Fall Prevention Practices", None),
    ("120 Spring Street", None),
    ("D13 Fall   CHDV 204", None),
    ("CHDV 204 Fall Quarter", None),
    ("D99 Winter Quarter", "Winter 1999"),
    ("D40 Winter Quarter", None),
])
def test_a_term_misread_at_the_start_of_a_row_is_read_from_what_is_left(row: str, term: str | None) -> None:
    found = find_misread_term(row)
    assert (found[0] if found else None) == term


def test_grades_and_their_ocr_lookalikes() -> None:
    assert normalise_grade("B+") == ("B+", True)
    assert normalise_grade("c") == ("C", False)
    assert normalise_grade("©") == ("C", False)
    assert normalise_grade("xyz") == (None, False)


def test_grade_points_decide_an_unreadable_grade() -> None:
    assert grade_from_points(4.0, 13.2) == "B+"
    assert grade_from_points(2.0, 0.0) == "F"
    assert grade_from_points(0.0, 0.0) is None


def test_names_keep_accents_and_drop_ocr_noise() -> None:
    assert clean_name("Zoë Ødegaard, i j") == "Zoë Ødegaard"
    assert clean_name("JOSÉ NUÑEZ") == "José Nuñez"
    assert clean_name("Nguyễn Thị Lan") == "Nguyễn Thị Lan"
