"""Each shape in which transcripts of unseen layouts came out empty or wrong-but-sure, pinned (issue 22).

Lines are built as OCR or a text layer gives them (`lines`: cells split at 3+ spaces, 120 characters to the
page width).
"""

from __future__ import annotations

from typing import Any

from chalicelib.extraction.evidence import SURE
from chalicelib.reading.fields import extract_fields
from tests.unit.test_parsers_unseen_layouts import lines


def courses(text: str) -> list[tuple[Any, ...]]:
    fields = extract_fields(lines(text))
    assert fields["doc_type"] == "transcript"
    return [(c["term"], c["code"], c["title"], c["units"], c["grade"]) for c in fields["courses"]]


def test_a_header_of_words_no_lexicon_lists_still_gives_every_row() -> None:
    assert courses("""
        Foothill College
        Unofficial Transcript
        Name: Mei Chen
        Period Taken    Offering     Subject Matter                  Value    Outcome
        2021 Fall       CHLD-10A     Child Growth and Development    3.00     A
        2021 Fall       ENGL 1A      Composition (Honors)            4.00     B+
        2022 Spring     CHLD 51      Infant/Toddler Care             3.00     W
    """) == [("Fall 2021", "CHLD 10A", "Child Growth and Development", 3.0, "A"),
             ("Fall 2021", "ENGL 1A", "Composition (Honors)", 4.0, "B+"),
             ("Spring 2022", "CHLD 51", "Infant/Toddler Care", 3.0, "W")]


def test_units_and_grade_printed_with_inline_labels_and_no_header() -> None:
    assert courses("""
        PACIFIC OAKS COLLEGE
        Academic Transcript
        Student: Ana Lopez
        Session: Fall 2021
        ECE 101     Child Growth & Development         Units 3     Grade B
        ECE-102     Child, Family & Community          Units: 3.0  Grade: A-
        Session: Spring 2022
        PSYC 1A     General Psychology                 Cr 4.0      Gr C
    """) == [("Fall 2021", "ECE 101", "Child Growth & Development", 3.0, "B"),
             ("Fall 2021", "ECE 102", "Child, Family & Community", 3.0, "A-"),
             ("Spring 2022", "PSYC 1A", "General Psychology", 4.0, "C")]


def test_terms_in_every_form_registrars_print() -> None:
    read = courses("""
        De Anza College
        Term: 202110 Fall 2021
        CHLD10A    Child Growth and Development           3.00   A   12.00
        FA22
        ECE 110    Math and Science for Young Children    3.00   B+  9.90
        2022-23 Spring
        ECE 120    Dual Language Learners                 2.00   A   8.00
        23/SU
        ECE 130    Adult Supervision                      2.00   B   6.00
        Autumn Quarter 2023
        ECE 140    Play-Based Learning                    4.00   A   16.00
    """)
    assert [(term, code) for term, code, *_ in read] == [
        ("Fall 2021", "CHLD 10A"), ("Fall 2022", "ECE 110"), ("Spring 2023", "ECE 120"), ("Summer 2023", "ECE 130"),
        ("Fall 2023", "ECE 140")]


def test_a_term_on_each_row_whatever_its_column() -> None:
    read = courses("""
        Riverside City College
        Course       Title                            Academic Period                                  Credits  Grade
        ECE-101-01   Child Growth and Development     2022 Spring Semester (01/18/2022-05/13/2022)     3.0      A
        ECE-104-02   Observation and Assessment       2022 Fall Semester (08/22/2022-12/16/2022)       3.0      B
    """)
    assert read == [("Spring 2022", "ECE 101", "Child Growth and Development", 3.0, "A"),
                    ("Fall 2022", "ECE 104", "Observation and Assessment", 3.0, "B")]


def test_lines_under_a_row_are_neither_courses_nor_part_of_its_title() -> None:
    read = courses("""
        Chabot College   Transcript
        FALL 2021
        Course     Title                           Units   Grade
        ECE 101    Child Growth and Development    3.0     A
                   Instructor: Smith, J.
        ECE 110    Special Topics in ECE           1.0     B
                   Topic: Outdoor Classrooms
        ECE 101    Child Growth and Development    3.0     C
                   Repeated: excluded from GPA
        Term GPA 3.00   Units Attempted 7.0   Units Earned 7.0
        Cumulative GPA 3.00   Academic Standing: Good Standing
    """)
    assert [(code, title) for _, code, title, _, _ in read] == [
        ("ECE 101", "Child Growth and Development"), ("ECE 110", "Special Topics in ECE"),
        ("ECE 101", "Child Growth and Development")]


def test_two_records_in_one_file_give_the_courses_of_both() -> None:
    read = courses("""
        San Francisco State University
        Beginning of Undergraduate Record
        2019 Fall
        Course     Description          Attempted   Earned   Grade   Points
        CAD 210    Child Development    3.00        3.00     A       12.000
        Term GPA 4.000   Term Totals 3.00 3.00 12.000
        End of Undergraduate Record
        Beginning of Graduate Record
        2022 Spring
        CAD 710    Research Methods     3.00        3.00     B       9.000
    """)
    assert read == [("Fall 2019", "CAD 210", "Child Development", 3.0, "A"),
                    ("Spring 2022", "CAD 710", "Research Methods", 3.0, "B")]


def test_the_units_are_told_from_the_points_whatever_the_column_order() -> None:
    """No header: which number is the units is learnt from grade points (units x grade value = points)."""
    read = courses("""
        Cerritos College   Academic Record
        SPRING 2020
        CD 110    Child Growth and Development    B    9.00    3.00
        CD 120    Health, Safety and Nutrition    A    8.00    2.00
        CD 130    Children with Special Needs     C    6.00    3.00
    """)
    assert [(units, grade) for *_, units, grade in read] == [(3.0, "B"), (2.0, "A"), (3.0, "C")]


def test_a_title_keeps_its_punctuation_and_one_that_lost_a_mark_is_not_sure() -> None:
    kept = extract_fields(lines("""
        Cabrillo College   Transcript
        FALL 2021
        CHLD 11    CHILD, FAMILY & COMMUNITY       3.0     A
        CHLD 12    INFANT/TODDLER CARE (LAB)       3.0     B
        CHLD 13    CHILDREN'S LITERATURE           3.0     B
    """))["courses"]
    assert [c["title"] for c in kept] == ["CHILD, FAMILY & COMMUNITY", "INFANT/TODDLER CARE (LAB)",
                                          "CHILDREN'S LITERATURE"]
    # OCR dropped the '&': the gap where it stood (and a list with no 'and') keep the row from looking sure.
    lost = extract_fields(lines("""
        Cabrillo College   Transcript
        FALL 2021
        CHLD 11    CHILD, FAMILY   COMMUNITY       3.0     A
        CHLD 14    HEALTH, SAFETY AND NUTRITION    3.0     A
    """))["courses"]
    assert lost[0]["title"] == "CHILD, FAMILY COMMUNITY" and lost[0]["confidence"] < SURE
    assert lost[1]["confidence"] >= SURE


def test_the_institution_is_the_issuer_not_a_transfer_or_external_degree_college() -> None:
    fields = extract_fields(lines("""
        UNOFFICIAL TRANSCRIPT
        External Degrees
        Associate in Arts   Cabrillo College   05/20/2018
        Transfer Credit from Foothill College
        FALL 2017
        ENGL 1A    College Composition             4.0     A
    """))
    assert fields["institution"] is None or fields["institution"] not in ("Cabrillo College", "Foothill College")
    issued = extract_fields(lines("""
        SAN JOSE STATE UNIVERSITY
        Office of the Registrar   One Washington Square, San Jose CA 95192
        Student: Lan Nguyen
        External Degrees
        Associate in Arts   Cabrillo College   05/20/2018
        FALL 2019
        CHAD 60    Child Development               3.0     A
    """))
    assert issued["institution"] == "SAN JOSE STATE UNIVERSITY"


def test_a_transcript_that_never_says_transcript_is_read_by_its_rows() -> None:
    fields = extract_fields(lines("""
        Mission College
        FA21
        ECE 1      Child Growth and Development    3.0     A
        ECE 2      Principles of Teaching          3.0     B
        ECE 3      Observation and Assessment      3.0     A-
    """))
    assert fields["doc_type"] == "transcript"
    assert len(fields["courses"]) == 3


def test_rows_without_any_term_are_kept_for_staff_and_not_sure() -> None:
    fields = extract_fields(lines("""
        Chabot College   Transcript
        Course   Title                          Units   Grade
        ECE 101  Child Growth and Development   3.0     A
        ECE 102  Observation and Assessment     3.0     B
    """))
    assert [(c["term"], c["code"]) for c in fields["courses"]] == [(None, "ECE 101"), (None, "ECE 102")]
    assert all(c["confidence"] < SURE for c in fields["courses"])


def test_a_title_ending_in_a_number_a_letter_or_a_numeral_keeps_it() -> None:
    """Each of these was read wrong and sure: the title's last word taken for the units or the grade."""
    read = courses("""
        Cabrillo College   Transcript
        FALL 2021
        SPAN 150L   Spanish for Heritage Speakers - Lvl 1   C-   4.00
        CHLD 115    MUSIC AND MOVEMENT FOR YOUNG C          B+   1.50
        KIN 2605    Yoga I                                  Units: 0.5   Grade: B
        HIST 44     United States History to 1877           Cr: 3.0   Gr: A
    """)
    assert [(title, units, grade) for _, _, title, units, grade in read] == [
        ("Spanish for Heritage Speakers - Lvl 1", 4.0, "C-"), ("MUSIC AND MOVEMENT FOR YOUNG C", 1.5, "B+"),
        ("Yoga I", 0.5, "B"), ("United States History to 1877", 3.0, "A")]


def test_a_title_printed_before_its_code_and_a_term_at_the_end_of_the_row() -> None:
    assert courses("""
        Pasadena City College   Academic Transcript
        Title                                    Course      Units   Grade   Semester
        Practicum: Field Experience              ECED 61B    3.00    W       WINTER 2015
        Marriage, Family and Intimate Relations  SOC 136     3.00    C       WINTER 2015
    """) == [("Winter 2015", "ECED 61B", "Practicum: Field Experience", 3.0, "W"),
             ("Winter 2015", "SOC 136", "Marriage, Family and Intimate Relations", 3.0, "C")]


def test_columns_of_words_beside_the_title_stop_it_however_narrow_the_gap() -> None:
    """Workday prints a delivery mode and a grading basis beside the title: where many rows start a word at the
    same place, a column starts there, not the title's next word."""
    read = courses("""
        Riverside City College   Academic Record
        FALL 2021
        CD 32 - Math and Science for Young Children   Lecture/Lab   Graded   3.00   C
        CD 52 - Music and Movement                    Seminar       Graded   3.00   B
        CD 57 - Positive Guidance and Discipline      Lecture       Graded   2.00   A-
        CD 60 - Infant Care                           Online        Graded   3.00   A
    """)
    assert [title for _, _, title, _, _ in read] == ["Math and Science for Young Children", "Music and Movement",
                                                      "Positive Guidance and Discipline", "Infant Care"]


def test_a_transfer_grade_is_a_grade_and_the_titles_last_letter_stays_in_the_title() -> None:
    read = courses("""
        Cabrillo College   Transcript
        Transfer Credit from Foothill College   Spring 2019
        KIN 139L    Yoga I                              0.5    TR
        ECE 75      Music and Movement for Young C      1.5    TR
    """)
    assert [(title, units, grade) for _, _, title, units, grade in read] == [
        ("Yoga I", 0.5, "TR"), ("Music and Movement for Young C", 1.5, "TR")]


def test_units_ocr_bent_are_told_by_the_points_and_a_division_is_not_the_issuer() -> None:
    fields = extract_fields(lines("""
        PACIFIC OAKS COLLEGE
        Academic Transcript
        College:   Education
        Course      Title                            Grade   Credit Hours   Quality Points
        FALL 2012
        EDEC 35     Creative Arts for Young Childr   A       8.000          8.000
        EDEC 36     Play-Based Learning              B       3.000          9.000
    """))
    assert fields["institution"] == "PACIFIC OAKS COLLEGE"
    creative = fields["courses"][0]
    assert (creative["units"], creative["grade"]) == (2.0, "A") and creative["confidence"] < SURE


def test_a_text_layers_ligatures_and_soft_hyphens_read_as_letters() -> None:
    from chalicelib.extraction.layout import lines_from_blocks
    from chalicelib.ocr.base import Word, blocks_for_pages

    words = [Word(text, left, 0.1, len(text) / 120, 0.012, 99.5) for text, left in (
        ("Paci\ufb01c", 0.1), ("Of\ufb01ce", 0.2), ("co\u00adoperative", 0.3))]
    [line] = lines_from_blocks(blocks_for_pages([words]))
    assert line.text == "Pacific Office cooperative"


def test_a_page_printed_in_capitals_reads_as_upright() -> None:
    """The orientation check counted only lower-case words: a Colleague transcript all in capitals was judged
    sideways, turned upside down and read as garbage."""
    from chalicelib.ocr.base import Word
    from chalicelib.ocr.local import reads_upright

    heading = ["COLLEGE", "OF", "THE", "CANYONS", "UNOFFICIAL", "TRANSCRIPT"]
    capitals = [[Word(w, 0.1, 0.1, 0.05, 0.01, 95.0) for w in heading] for _ in range(4)]
    assert reads_upright(capitals)
    upside_down = [[Word(w, 0.1, 0.1, 0.05, 0.01, 40.0) for w in ["LINOY", "9LT", "ONIYOLNEW", "NOISIAY3dNS"]]]
    assert not reads_upright(upside_down)
