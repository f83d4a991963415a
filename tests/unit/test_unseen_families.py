"""The parsers on synthetic layout families they were not developed against (bench/synthetic, held_out)."""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path
from typing import Any

import pytest

from bench.synthetic.families import FAMILIES
from chalicelib.extraction.layout import Cell, Line
from chalicelib.reading.fields import extract_fields
from chalicelib.reading.pipeline import extract_file

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def _scorer() -> Any:
    if not (CORPUS / "score.py").exists():
        pytest.fail(f"shared/corpus is missing: expected {CORPUS} beside the repository")
    spec = importlib.util.spec_from_file_location("corpus_score", CORPUS / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_held_out_digital_layouts_read_right_and_nothing_sure_is_wrong() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from bench.extraction import field_outcomes

    score = _scorer()
    total = score.Tally()
    sure_and_wrong = []
    held_out = [f for f in FAMILIES if f.held_out]
    assert {f.doc_type for f in held_out} == {"transcript", "permit", "training_certificate", "cda_credential"}
    for fam in held_out:
        for n in range(2):
            pdf, truth, _ = fam.make(random.Random(f"unit-{fam.doc_type}-{fam.number}-{n}"))
            fields = extract_file(pdf).fields
            tally, _ = score.score_doc(truth, fields)
            total.merge(tally)
            sure_and_wrong += [(fam.doc_type, fam.number) for conf, right in field_outcomes(score, truth, fields)
                               if conf >= 0.95 and not right]
    assert total.prf()[2] >= 0.95, total.prf()
    assert sure_and_wrong == []


def _lines(text: str) -> list[Line]:
    out = []
    for n, raw in enumerate(t for t in text.strip("\n").splitlines() if t.strip()):
        stripped = raw.strip()
        out.append(Line(page=1, top=n / 60, cells=(Cell(stripped, 0.1, 0.1 + len(stripped) / 120, 0.99),)))
    return out


def test_a_diploma_is_its_own_type() -> None:
    fields = extract_fields(_lines("""
        PASADENA CITY COLLEGE
        The Board of Trustees, on the recommendation of the faculty, has conferred upon
        Ana María Reyes
        the degree of Associate in Arts in Child Development
        with all the rights and privileges thereto pertaining. Given on June 12, 2021.
    """))
    assert fields["doc_type"] == "degree"
    assert (fields["degree_title"], fields["major"], fields["conferred_on"]) == (
        "Associate in Arts", "Child Development", "2021-06-12")
    assert fields["institution"] == "PASADENA CITY COLLEGE"
    assert fields["person_name"] == "Ana María Reyes"


def test_what_the_generator_writes_is_what_score_py_reads(tmp_path: Path) -> None:
    from bench.synthetic.build import build

    count = build(tmp_path, "held-out", 1, ("digital",), seed=3, harsh=False)
    assert count == len([f for f in FAMILIES if f.held_out])
    truth = json.loads(next(tmp_path.glob("transcript-f4-0-digital.json")).read_text())
    assert truth["variant"] == "digital" and truth["courses"] and "_season" not in truth["courses"][0]
