"""Values found by their labels, wherever a layout puts them: after the label in the same cell, in the
next cell, in the cell below (a form box) or above (a line to sign on), or in a sentence."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from chalicelib.extraction.evidence import POSITION, Reading
from chalicelib.extraction.layout import Cell, Line
from chalicelib.extraction.values import clean_name, name_in_order, similar

Validator = Callable[[str], object | None]

# "Something:" after a value starts another label: the value ends there ("Mei Washington  Date of Birth: ...").
_NEXT_LABEL = re.compile(r"\s+(?:[A-Z][A-Za-z.#'/]*\s){0,3}[A-Z][A-Za-z.#'/]*\s?:")
_EDGE_NOISE = " |_-\u2013\u2014:;,*"


@dataclass(frozen=True, slots=True)
class Label:
    """A label as printed, with how much it says about the field (1.0 specific, lower generic)."""

    text: str
    weight: float = 1.0


KNOWN_LABELS: set[str] = set()


def labels(*texts: str, weight: float = 1.0) -> tuple[Label, ...]:
    KNOWN_LABELS.update(_norm(t) for t in texts)
    return tuple(Label(t, weight) for t in texts)


def is_label(text: str) -> bool:
    """A cell that is itself a label ('Date Completed', 'Presented by:') is never another label's value."""
    bare = _norm(text.split(":")[0] if text.rstrip().endswith(":") or ":" in text[:30] else text)
    return bare in KNOWN_LABELS or _norm(text) in KNOWN_LABELS


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9#]+", " ", text.lower()).strip()


def _match_label(cell_text: str, label: Label) -> tuple[str, float] | None:
    """(rest of the cell, label factor) when the cell starts with the label, else None."""
    text = cell_text.strip()
    pattern = r"\s*".join(re.escape(part) for part in label.text.split())
    m = re.match(rf"^{pattern}(?=$|[\s:#.\-|])\s*([:#.\-|]*)\s*(.*)$", text, re.I)
    if m:
        separated = bool(m[1]) or not m[2]
        if not separated and " " not in label.text:
            # A one-word label must be set off ("Date: ..." or a cell of its own): else "Date of Birth" is a
            # date label and "Training Coordinator" a training title.
            return None
        return m[2], label.weight * (1.0 if separated else 0.97)
    head, sep, rest = text.partition(":")
    if sep and len(label.text) >= 6 and similar(_norm(head), _norm(label.text)) >= 0.86:
        return rest, label.weight * 0.93
    return None


def _trim_value(text: str) -> str:
    m = _NEXT_LABEL.search(text)
    if m and m.start() > 0:
        text = text[:m.start()]
    return text.strip(_EDGE_NOISE)


def _overlaps(a: Cell, b: Cell, slack: float = 0.02) -> bool:
    """b starts under a, or a starts under b (a centred label over a wider value)."""
    return a.left - slack <= b.left <= a.right + slack or b.left - slack <= a.left <= b.right


def _near_line(lines: Sequence[Line], i: int, step: int, gap_lines: float = 3.2) -> list[Line]:
    """The lines just below (step 1) or above (step -1) line i on the same page, nearest first."""
    out: list[Line] = []
    j = i + step
    while 0 <= j < len(lines) and len(out) < 2:
        line = lines[j]
        if line.page != lines[i].page:
            break
        if abs(line.top - lines[i].top) > max(lines[i].height, 0.008) * gap_lines * (len(out) + 1):
            break
        out.append(line)
        j += step
    return out


def find_labelled(lines: Sequence[Line], candidates: Sequence[Label], validate: Validator, *,
                  below: bool = True, above: bool = False, skip: Callable[[Line], bool] | None = None
                  ) -> Reading | None:
    """The first labelled value that validates; evidence says how it was found."""
    ordered = sorted(candidates, key=lambda lab: -len(lab.text))
    for i, line in enumerate(lines):
        if skip is not None and skip(line):
            continue
        for j, cell in enumerate(line.cells):
            for label in ordered:
                matched = _match_label(cell.text, label)
                if matched is None:
                    continue
                rest, label_factor = matched
                options: list[tuple[str, Cell | None, str]] = []
                if rest.strip(_EDGE_NOISE):
                    options.append((_trim_value(rest), cell, "same_cell"))
                else:
                    if j + 1 < len(line.cells):
                        options.append((_trim_value(line.cells[j + 1].text), line.cells[j + 1], "next_cell"))
                    if below:
                        for nxt in _near_line(lines, i, 1):
                            options += [(_trim_value(c.text), c, "below") for c in nxt.cells
                                        if abs(c.left - cell.left) < 0.06 or _overlaps(cell, c)]
                    if above:
                        for prev in _near_line(lines, i, -1):
                            options += [(_trim_value(c.text), c, "above") for c in prev.cells
                                        if abs(c.left - cell.left) < 0.06]
                for text, source, position in options:
                    if not text or (position != "same_cell" and is_label(text)):
                        continue
                    value = validate(text)
                    if value is None:
                        continue
                    ocr = source.confidence if source is not None else cell.confidence
                    words = tuple(w.block_id for w in (source.words if source is not None else ()) if w.block_id)
                    return Reading(value, {"ocr": ocr, "label": label_factor, "position": POSITION[position]}, words)
                break  # a cell matches one label: the longest
    return None


# ---------------------------------------------------------------- names

NAME_LABELS = labels("Student Name", "Name of Student", "Name of Holder", "Credential Holder", "Permit Holder",
                     "Participant Name", "Educator Name", "Candidate Name", "Holder Name", "Attendee Name",
                     "Student", "Name", "Educator", "Participant", "Holder", "Candidate", "Recipient", "Attendee",
                     "Awarded to", "Employee", "Teacher", "Applicant", "Trainee")
_LEADS = re.compile(r"(certif(?:y|ies)\s+that|awards?\s+th\w+\s+certificate\s+to|awarded\s+to|presented\s+to|"
                    r"granted\s+to|issued\s+to|conferred\s+(?:up)?on|hereby\s+awards?.*\bto\b|^to$|"
                    r"recogni[sz]es)", re.I)
_NOT_NAME_WORDS = ("credential", "permit", "certificate", "council", "commission", "college", "university",
                   "completed", "setting", "child development", "date", "hours", "training", "office", "department",
                   "registry", "county", "state of", "california", "recognition", "program", "services", "center",
                   "record", "transcript", "page", "education", "inc", "associate", "awards", "certify", "renewal",
                   "verification", "instructor", "director", "coordinator", "signature", "presented", "course",
                   "number", "name", "student", "holder", "type", "status", "expires", "issued", "effective",
                   "signed", "executive", "chief", "officer", "registrar", "trainer", "visitor", "preschool",
                   "toddler", "family child care", "active", "expired", "level", "academic", "birth", "primary",
                   "institution", "undergraduate", "graduate", "major", "degree", "address", "issued to", "recipient")
_NAME_CHARS = re.compile(r"^[^\d@#/:()]{3,60}$")


def looks_like_name(text: str) -> bool:
    words = text.replace(",", " ").split()
    if not (1 < len(words) <= 5) or not _NAME_CHARS.match(text):
        return False
    lowered = f" {text.lower()} "
    if any(f" {w}" in lowered or w in lowered.split() for w in _NOT_NAME_WORDS):
        return False
    particles = {"de", "del", "la", "las", "los", "van", "von", "da", "di", "du", "le", "bin", "ibn", "y", "der"}
    for word in words:
        bare = word.strip(".'")
        if bare.lower() in particles:
            continue
        if not bare or not bare[0].isupper() or sum(ch.isalpha() for ch in bare) < max(1, len(bare) - 1):
            return False
    return True


def _name_value(text: str) -> str | None:
    text = text.strip(_EDGE_NOISE + "\u201c\u201d\"")
    candidate = clean_name(name_in_order(text))
    return candidate if looks_like_name(candidate) else None


def find_person_name(lines: Sequence[Line]) -> Reading | None:
    found = find_labelled(lines, NAME_LABELS, _name_value, below=True, above=True)
    if found:
        return found
    for line in lines:
        m = re.match(r"^\s*Dear\s+(?:(?:Mr|Ms|Mrs|Mx|Dr)\.?\s+)?([^,:;]+)", line.text, re.I)
        if m and (name := _name_value(m[1])):
            return Reading(name, {"ocr": line.confidence, "position": POSITION["sentence"]},
                           tuple(w.block_id for w in line.words if w.block_id))
    for i, line in enumerate(lines):
        m = _LEADS.search(line.text)
        if not m:
            continue
        after = line.text[m.end():].strip()
        if after and (name := _name_value(after)):
            return Reading(name, {"ocr": line.confidence, "position": POSITION["sentence"]})
        for nxt in lines[i + 1:i + 3]:
            if name := _name_value(nxt.text):
                return Reading(name, {"ocr": nxt.confidence, "position": POSITION["sentence"]},
                               tuple(w.block_id for w in nxt.words if w.block_id))
    return None
