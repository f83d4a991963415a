"""Parsers on layouts the dev corpus does not have: other labels, other column orders, other sentences."""

from __future__ import annotations

import re

from chalicelib.extraction.layout import Cell, Line
from chalicelib.reading.fields import extract_fields


def lines(text: str, confidence: float = 0.99) -> list[Line]:
    """Lines as OCR would give them: cells split where the text has a wide gap (3+ spaces), placed where they
    stand in the text (120 characters to the page width)."""
    out = []
    for n, raw in enumerate(t for t in text.strip("\n").splitlines() if t.strip()):
        cells = tuple(Cell(text=m[0], left=m.start() / 120, right=m.end() / 120, confidence=confidence)
                      for m in re.finditer(r"\S+(?: {1,2}\S+)*", raw))
        out.append(Line(page=1, top=n / 60, cells=cells))
    return out


def test_permit_with_other_labels_and_a_valid_range() -> None:
    fields = extract_fields(lines("""
        CALIFORNIA COMMISSION ON TEACHER CREDENTIALING
        Child Development Permit - Master Teacher
        Holder:   Rosa M. Delgado
        Permit No.   CD-88123456
        Valid from 01/15/2021 through 01/15/2026
        Printed on 03/02/2025
    """))
    assert fields["doc_type"] == "permit"
    assert fields["permit_title"] == "Child Development Master Teacher Permit"
    assert fields["document_number"] == "CD88123456"
    assert (fields["issued_on"], fields["expires_on"]) == ("2021-01-15", "2026-01-15")
    assert fields["person_name"] == "Rosa M. Delgado"


def test_training_certificate_written_as_a_sentence() -> None:
    fields = extract_fields(lines("""
        CERTIFICATE OF ATTENDANCE
        This is to certify that
        Tomás Herrera
        attended 6 clock hours of professional development on March 5, 2022
        Title:   Supporting Dual Language Learners
        Presented by:   Riverside County Office of Education
        Competency Area:   Dual-Language Development
        Printed 04/01/2022
    """))
    assert fields["doc_type"] == "training_certificate"
    assert fields["hours"] == 6.0
    assert fields["completed_on"] == "2022-03-05"
    assert fields["sponsor"] == "Riverside County Office of Education"
    assert fields["competency_area"] == "Dual-Language Development"
    assert fields["training_title"] == "Supporting Dual Language Learners"
    assert fields["person_name"] == "Tomás Herrera"


def test_transcript_with_grade_before_units_and_compact_terms() -> None:
    fields = extract_fields(lines("""
        Cabrillo College
        Unofficial Academic Transcript
        Student Name:   Lan Nguyen
        Term     Course      Title                             Grade   Units
        2019FA   CD-10A      Child Growth and Development      A       3.0
        2019FA   ENGL-1A     College Composition               C-      4.0
        2020SP   CD 12       Observation and Assessment        D       3.0
        GPA 2.8
    """))
    assert fields["doc_type"] == "transcript"
    assert fields["institution"] == "Cabrillo College"
    courses = [(c["term"], c["code"], c["title"], c["units"], c["grade"]) for c in fields["courses"]]
    assert courses == [("Fall 2019", "CD 10A", "Child Growth and Development", 3.0, "A"),
                       ("Fall 2019", "ENGL 1A", "College Composition", 4.0, "C-"),
                       ("Spring 2020", "CD 12", "Observation and Assessment", 3.0, "D")]


def test_cda_with_date_of_award_and_expiry_date() -> None:
    fields = extract_fields(lines("""
        Council for Professional Recognition
        Child Development Associate (CDA) National Credential
        awarded to
        Aisha Bello
        CDA Number:   612450987
        Setting:   Preschool
        Date of Award:   June 3, 2023
        Expiry Date:   June 3, 2026
    """))
    assert fields["doc_type"] == "cda_credential"
    assert (fields["credential_id"], fields["setting"]) == ("612450987", "Preschool")
    assert (fields["issued_on"], fields["expires_on"]) == ("2023-06-03", "2026-06-03")
    assert fields["person_name"] == "Aisha Bello"


def test_terms_in_two_columns_are_read_left_column_first() -> None:
    fields = extract_fields(lines("""
        Foothill College   Academic Record
        Student:   Lan Nguyen
        Course      Title                        Units   Grd      Course      Title                      Units   Grd
        FALL 2019                                                 SPRING 2020
        CD 10A      Child Growth                 3.0     A        CD 12       Observation                3.0     B
        ENGL 1A     College Composition          4.0     C-       MATH 10     Statistics                 4.0     B+
    """))
    courses = [(c["term"], c["code"], c["title"], c["units"], c["grade"]) for c in fields["courses"]]
    assert courses == [("Fall 2019", "CD 10A", "Child Growth", 3.0, "A"),
                       ("Fall 2019", "ENGL 1A", "College Composition", 4.0, "C-"),
                       ("Spring 2020", "CD 12", "Observation", 3.0, "B"),
                       ("Spring 2020", "MATH 10", "Statistics", 4.0, "B+")]


def test_a_subject_misread_by_one_letter_takes_the_documents_own_spelling() -> None:
    fields = extract_fields(lines("""
        Cabrillo College   Transcript
        Student:   Lan Nguyen
        Term     Course      Title                             Units   Grade
        2019FA   CHLD 10     Child Growth and Development      3.0     A
        2019FA   CHLD 11     Child, Family and Community       3.0     B
        2019FA   CHLD 12     Observation and Assessment        3.0     B
        2020SP   CHLO 14     Health, Safety and Nutrition      3.0     C
    """))
    assert [c["code"] for c in fields["courses"]] == ["CHLD 10", "CHLD 11", "CHLD 12", "CHLD 14"]
    assert fields["courses"][3]["confidence"] < 0.95


ALL_MISREAD = """
    Grossmont College   Academic Record
    Student:   Ana Ruiz
    Term     Course      Title                             Units   Grade
    2019FA   {subject} 101    Child Growth and Development      3.0     A
    2019FA   {subject} 110    Child, Family and Community       3.0     B
    2020SP   {subject} 125    Observation and Assessment        3.0     B
    2020SP   ENGL 120    College Composition               3.0     C
"""


def test_a_subject_every_row_misreads_alike_takes_the_known_prefix_and_is_not_sure() -> None:
    """A dim photo turns every CHDV into CHOV: the rows agree with each other, so only the prefixes colleges
    use can say it is CHDV. A printed prefix that is no lookalike of a known one, and text a PDF carries (read
    as printed, confidence 0.99), stay as they are."""
    photo = extract_fields(lines(ALL_MISREAD.format(subject="CHOV"), confidence=0.82))
    assert [c["code"] for c in photo["courses"]] == ["CHDV 101", "CHDV 110", "CHDV 125", "ENGL 120"]
    assert all(c["confidence"] < 0.95 for c in photo["courses"][:3])
    as_printed = extract_fields(lines(ALL_MISREAD.format(subject="CHOV")))
    assert [c["code"] for c in as_printed["courses"]][:3] == ["CHOV 101", "CHOV 110", "CHOV 125"]
    unknown = extract_fields(lines(ALL_MISREAD.format(subject="XQZW"), confidence=0.82))
    assert [c["code"] for c in unknown["courses"]][:3] == ["XQZW 101", "XQZW 110", "XQZW 125"]


def test_a_misreading_on_more_rows_than_the_right_spelling_still_takes_the_known_prefix() -> None:
    mostly_misread = ALL_MISREAD.replace("{subject} 101", "CHLD 101").format(subject="CHLO")
    photo = extract_fields(lines(mostly_misread, confidence=0.82))
    assert [c["code"] for c in photo["courses"]] == ["CHLD 101", "CHLD 110", "CHLD 125", "ENGL 120"]


def test_rows_whose_term_cell_ocr_misread_get_that_term_and_are_not_sure() -> None:
    fields = extract_fields(lines("""
        Los Angeles Trade-Technical College   Academic Record
        Student:   Siobhan Hernandez
        Academic Period         Course Section                              Credits   Grade
        2013 Fall Quarter       CHDV 204-L01 - Music and Movement           4.00      B+
        D13 Fall Quaner         CHDV 134-L01 - Language Development         5.00      A-
        214 Winer Quarter       CHDV 126-01 - Observation & Assessment      4.00      B-
        2014 Winter Quarter     MATH 152-03 - Elementary Statistics         4.00      C+
    """, confidence=0.85))
    rows = [(c["term"], c["code"], c["units"]) for c in fields["courses"]]
    assert rows == [("Fall 2013", "CHDV 204", 4.0), ("Fall 2013", "CHDV 134", 5.0),
                    ("Winter 2014", "CHDV 126", 4.0), ("Winter 2014", "MATH 152", 4.0)]
    assert all(c["confidence"] < 0.95 for c in fields["courses"][1:3])


def test_a_known_subject_ocr_set_in_lower_case_is_still_a_course_and_not_sure() -> None:
    """S, O and C have the same shape in both cases: a photo's OCR reads SOC 259 as 'soc 259'."""
    fields = extract_fields(lines("""
        University of California, Davis   Academic Transcript
        2021 Spring Semester
        Course      Description                      Attempted   Earned   Grade   Points
        ECS 143     ADULT SUPERVISION AND MENTORING   3.000       3.000    B-      8.100
        soc 259     INTRODUCTION TO SOCIOLOGY         3.000       3.000    B       9.000
        sec 12      NOT A SUBJECT ANYWHERE            3.000       3.000    B       9.000
    """, confidence=0.9))
    courses = {c["code"]: c for c in fields["courses"]}
    assert set(courses) == {"ECS 143", "SOC 259"}
    assert (courses["SOC 259"]["title"], courses["SOC 259"]["units"], courses["SOC 259"]["grade"]) == \
        ("INTRODUCTION TO SOCIOLOGY", 3.0, "B")
    assert courses["SOC 259"]["confidence"] < 0.95


SEMESTER_BLOCKS = """
    Mt. San Antonio College   Student Academic Transcript
    Student Name:   Wei Ramirez
    Subject Course   Level   Title                                   Grade   Credit Hours   Quality Points
    Spring Semester 2013
    ECE 191   UG   Administration Il: Personnel and Leadership   A   3.000   12.00
    ECE 1178   UG   Children with Special Needs   B   3.000   9.00
    Term GPA 3.50   Attempted Hours 6.00
    {lost}
    SPAN 215   UG   Elementary Spanish ll   B-   4.000   10.80
    Term GPA 2.70   Attempted Hours 4.00
    Fall Semester 2013
    ECE 129   UG   Positive Guidance and Discipline   B   3.000   9.00
"""


def test_rows_after_a_lost_term_heading_get_the_one_term_between_and_are_not_sure() -> None:
    """OCR lost 'Summer Semester 2013': its rows are not Spring's (that term ended with its GPA line)."""
    fields = extract_fields(lines(SEMESTER_BLOCKS.format(lost="")))
    courses = {c["code"]: c for c in fields["courses"]}
    assert courses["SPAN 215"]["term"] == "Summer 2013"
    assert courses["SPAN 215"]["confidence"] < 0.95
    assert courses["ECE 191"]["term"] == "Spring 2013" and courses["ECE 129"]["term"] == "Fall 2013"
    read = extract_fields(lines(SEMESTER_BLOCKS.format(lost="Summer Semester 2013")))
    assert {c["code"]: c["term"] for c in read["courses"]}["SPAN 215"] == "Summer 2013"


def test_rows_that_fit_no_single_term_are_kept_without_a_term_rather_than_given_the_last_one() -> None:
    """Neither dropped (staff would type the row) nor given Spring 2013 (wrong and sure): kept, term unknown."""
    text = SEMESTER_BLOCKS.format(lost="").replace("Fall Semester 2013", "Fall Semester 2014")
    courses = {c["code"]: c for c in extract_fields(lines(text))["courses"]}
    assert courses["SPAN 215"]["term"] is None
    assert courses["SPAN 215"]["confidence"] < 0.95
    assert (courses["SPAN 215"]["title"], courses["SPAN 215"]["units"]) == ("Elementary Spanish II", 4.0)
    assert courses["ECE 191"]["term"] == "Spring 2013"


def test_roman_numerals_and_a_final_b_read_as_8_are_repaired_but_not_sure() -> None:
    courses = {c["code"]: c for c in extract_fields(lines(SEMESTER_BLOCKS.format(lost="")))["courses"]}
    assert courses["ECE 191"]["title"] == "Administration II: Personnel and Leadership"
    assert courses["SPAN 215"]["title"] == "Elementary Spanish II"
    assert "ECE 117B" in courses and courses["ECE 117B"]["confidence"] < 0.95


def test_a_college_that_numbers_courses_with_four_digits_keeps_them() -> None:
    fields = extract_fields(lines("""
        Sierra College   Transcript
        Student:   Lan Nguyen
        Term     Course      Title                             Units   Grade
        2019FA   ECE 1008    Child Growth and Development      3.0     A
        2019FA   ECE 1010    Child, Family and Community       3.0     B
        2020SP   ECE 1020    Observation and Assessment        3.0     B
    """))
    assert [c["code"] for c in fields["courses"]] == ["ECE 1008", "ECE 1010", "ECE 1020"]


def test_a_gpa_line_printed_under_its_term_heading_does_not_end_the_term() -> None:
    fields = extract_fields(lines("""
        Sierra College   Transcript
        Student:   Lan Nguyen
        Course      Title                             Units   Grade
        FALL 2021
        Term GPA 3.50   Attempted Hours 6.00
        CD 10       Child Growth and Development      3.0     A
        CD 11       Child, Family and Community       3.0     B
        SPRING 2022
        Term GPA 3.00   Attempted Hours 3.00
        CD 12       Observation and Assessment        3.0     B
    """))
    assert [(c["term"], c["code"]) for c in fields["courses"]] == [
        ("Fall 2021", "CD 10"), ("Fall 2021", "CD 11"), ("Spring 2022", "CD 12")]
