"""From lines to the fields of shared/corpus/SCHEMA.md: classify, run the type's parser, calibrate.

Parsers live with their document type in chalicelib/doctypes/; this module only assembles what they
read into the JSON the worker stores and `registry extract` prints: each field's value, its calibrated
confidence, the evidence behind it and the OCR words it came from (for the review screen to point at).
"""

from __future__ import annotations

from collections.abc import Sequence

from chalicelib import doctypes
from chalicelib.domain.json_values import JsonMapping, JsonObject, JsonValue
from chalicelib.extraction.evidence import Reading, calibrate
from chalicelib.extraction.layout import Line


def _confidence(reading: Reading, type_factor: float) -> float:
    raw = reading.raw * type_factor
    if any(ch in str(reading.value) for ch in ("\x00", "\ufffd")):
        # A character the text layer or the OCR could not name: never sure of such a value.
        raw *= 0.3
    return calibrate(raw)


def extract_fields(lines: Sequence[Line], doc_type_hint: str | None = None) -> JsonObject:
    doc_type, type_confidence = doctypes.classify(lines)
    hinted = doctypes.get(doc_type_hint)
    if doc_type is None and hinted is not None and hinted.parse is not None:
        doc_type, type_confidence = hinted.name, 0.5
    result: JsonObject = {"doc_type": doc_type}
    confidence: JsonObject = {"doc_type": type_confidence}
    spec = doctypes.get(doc_type)
    if spec is None or spec.parse is None:
        return {**result, "confidence": confidence}
    # A document that is barely one type rather than another: every field it yields is less certain.
    type_factor = 1.0 if type_confidence >= 0.75 else 0.9
    parsed = spec.parse(lines)
    evidence: JsonObject = {}
    words: JsonObject = {}
    for field_spec in spec.fields:
        name = field_spec.name
        if field_spec.kind == "rows":
            rows: list[JsonValue] = []
            row_confidence: list[float] = []
            for reading in parsed.rows.get(name, []):
                row_confidence.append(_confidence(reading, type_factor))
                rows.append({**reading.value, "confidence": row_confidence[-1], "words": list(reading.words)})
            result[name] = rows
            confidence[name] = min(row_confidence, default=0.5)
            continue
        scalar = parsed.fields.get(name)
        if scalar is None or scalar.value in (None, ""):
            result[name] = None
            confidence[name] = 0.0
            continue
        result[name] = scalar.value
        confidence[name] = _confidence(scalar, type_factor)
        evidence[name] = {k: round(v, 3) for k, v in scalar.evidence.items()}
        if scalar.words:
            words[name] = list(scalar.words)
    result["confidence"] = confidence
    result["evidence"] = evidence
    result["words"] = words
    return result


ROW_FIELDS = ("courses", "degrees")


def merge_field_sets(results: list[JsonObject]) -> JsonObject:
    """Combine extractions of different readings of one document: per field, the most confident value.

    Rows (courses, degrees) are taken whole from the reading that found the most of them, since
    mixing rows across readings could pair a code from one with a grade from another. Where two
    readings agree on a scalar, that agreement is evidence; where they disagree, the field is less sure.
    """
    if len(results) == 1:
        return results[0]
    votes: dict[str, int] = {}
    for r in results:
        if isinstance(read_as := r.get("doc_type"), str) and read_as:
            votes[read_as] = votes.get(read_as, 0) + 1
    doc_type = max(votes, key=lambda k: votes[k]) if votes else None
    same_type = [r for r in results if r.get("doc_type") == doc_type] or results
    merged: JsonObject = {"doc_type": doc_type}
    confidence: JsonObject = {"doc_type": max(_score(_object(r["confidence"]).get("doc_type", 0.0))
                                              for r in same_type)}
    names = {k for r in same_type for k in r if k not in ("confidence", "doc_type", "evidence", "words")}
    for name in sorted(names):
        if name in ROW_FIELDS:
            best = max(same_type, key=lambda r: (len(_list(r.get(name))),
                                                 sum(_score(_object(row).get("confidence", 0))
                                                     for row in _list(r.get(name)))))
        else:
            candidates = [r for r in same_type if r.get(name) not in (None, "")] or same_type
            best = max(candidates, key=lambda r: _score(_object(r["confidence"]).get(name, 0.0)))
        merged[name] = best.get(name)
        best_confidence = _object(best["confidence"])
        if name in best_confidence:
            conf = best_confidence[name]
            values = {str(r.get(name)) for r in same_type if r.get(name) not in (None, "")}
            if name not in ROW_FIELDS and len(values) > 1 and isinstance(conf, int | float):
                conf = round(conf * 0.85, 3)
            confidence[name] = conf
    merged["confidence"] = confidence
    merged["evidence"] = {k: v for r in same_type for k, v in _object(r.get("evidence")).items()}
    merged["words"] = {k: v for r in same_type for k, v in _object(r.get("words")).items()}
    return merged


# A reading's JSON as extract_fields wrote it, narrowed for use: anything else counts as absent.
def _object(value: JsonValue) -> JsonMapping:
    return value if isinstance(value, dict) else {}


def _list(value: JsonValue) -> list[JsonValue]:
    return value if isinstance(value, list) else []


def _score(value: JsonValue) -> float:
    return value if isinstance(value, int | float) else 0.0
