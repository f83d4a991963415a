"""Proves the registrar families' truth is on their pages: for a few seeds per family, every truth course's code,
title, units and grade are on one printed line of the page the row is recorded on, its term heading is printed and
names that term, degrees' title, major and date are printed, the person and institution are printed, page 1 holds
exactly the first `first_page_rows` rows, and no two characters overlap or leave the page. Reads the PDF's text
layer only (pdfplumber); runs no parser.

    .venv/bin/python -m bench.synthetic.check_registrars [--seeds 3] [--png /tmp/fam]
"""

from __future__ import annotations

import argparse
import io
import random
import re
import subprocess
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pdfplumber

from bench.synthetic import registrars
from bench.synthetic.families import FAMILIES

SEASON_CODES = {"FA": "Fall", "SP": "Spring", "SU": "Summer", "WI": "Winter"}
SEASONS = ("Winter", "Spring", "Summer", "Fall")
DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%y", "%B %d, %Y", "%b %d, %Y", "%Y-%m-%d", "%d-%b-%Y", "%d %B %Y", "%m-%d-%Y")


def label_means(label: str) -> tuple[str, int] | None:
    """The calendar term a printed term label names, read here independently of how the generator made it."""
    text = label.replace("Autumn", "Fall")
    season = next((s for s in SEASONS if s in text), None)
    if season is None:
        code = re.search(r"(\d{2,4})/?(FA|SP|SU|WI)\b", text)
        if not code:
            return None
        short = int(code[1])
        return SEASON_CODES[code[2]], short + 2000 if short < 100 else short
    academic = re.search(r"(?<![/\d])(\d{4})-(\d{2}|\d{4})(?![/\d])", text)
    if academic:
        return season, int(academic[1]) + (0 if season == "Fall" else 1)
    year = re.search(r"(?<![/\d])(\d{4})(?![/\d])", text)
    return (season, int(year[1])) if year else None


def norm(s: str) -> str:
    return " ".join(s.split())


def code_in(line: str, code: str) -> bool:
    subject, number = code.split(" ")
    return re.search(rf"(?<![A-Za-z0-9]){subject}[\s\-]*{number}(?![0-9A-Za-z])", line) is not None


def grade_in(line: str, grade: str) -> bool:
    return re.search(rf"(?<![A-Za-z+\-]){re.escape(grade)}(?![A-Za-z+\-])", line) is not None


def units_in(line: str, units: float) -> bool:
    return any(abs(float(t) - units) < 0.005 for t in re.findall(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])", line))


def parse_date(text: str) -> date | None:
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(text.title() if "-" in text and text[3:6].isalpha() else text, form).date()
        except ValueError:
            continue
    return None


def layout_problems(pdf: pdfplumber.pdf.PDF) -> list[str]:
    problems = []
    for number, page in enumerate(pdf.pages, 1):
        chars = [c for c in page.chars if c.get("upright", True) and c["text"].strip()]
        buckets: dict[tuple[int, int], list[dict[str, Any]]] = {}
        for c in chars:
            if c["x0"] < 10 or c["x1"] > page.width - 10 or c["top"] < 8 or c["bottom"] > page.height - 8:
                problems.append(f"p{number}: {c['text']!r} off the page at {c['x0']:.0f},{c['top']:.0f}")
            buckets.setdefault((int(c["x0"] // 30), int(c["top"] // 30)), []).append(c)
        for (bx, by), group in buckets.items():
            near = [c for dx in (-1, 0, 1) for dy in (-1, 0, 1) for c in buckets.get((bx + dx, by + dy), [])]
            for a in group:
                for b in near:
                    if a is b or (b["x0"], b["top"]) <= (a["x0"], a["top"]):
                        continue
                    w = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                    h = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                    smaller = min((a["x1"] - a["x0"]) * (a["bottom"] - a["top"]),
                                  (b["x1"] - b["x0"]) * (b["bottom"] - b["top"]))
                    if w > 0 and h > 0 and w * h > 0.3 * smaller:
                        problems.append(f"p{number}: {a['text']!r} overlaps {b['text']!r} at {a['x0']:.0f},"
                                        f"{a['top']:.0f}")
    return problems


def check(number: int, seed: int) -> tuple[list[str], dict[str, Any]]:
    fam = next(f for f in FAMILIES if f.doc_type == "transcript" and f.number == number)
    rng = random.Random(f"check-{number}-{seed}")
    pdf_bytes, truth, first_page_rows = fam.make(rng)
    trace = registrars.TRACE
    errors: list[str] = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
        errors += layout_problems(pdf)
        count = len(pdf.pages)
    lines = [[norm(line) for line in text.splitlines()] for text in pages]
    whole = norm(" ".join(pages))
    if truth["pages"] != count:
        errors.append(f"truth says {truth['pages']} pages, the PDF has {count}")
    keys = [(c["term"], c["code"]) for c in truth["courses"]]
    if len(set(keys)) != len(keys):
        errors.append("duplicate (term, code) in the truth")
    for item in trace["rows"]:
        t = item["truth"]
        page_lines = lines[item["page"] - 1]
        cells = [norm(c) for c in item["cells"]]
        hits = [line for line in page_lines if all(c in line for c in cells)]
        line = next((h for h in hits if code_in(h, t["code"]) and units_in(h, t["units"])
                     and grade_in(h, t["grade"])), None)
        if line is None:
            errors.append(f"row {t} not on one line of page {item['page']} (cells {cells})")
            continue
        more = [norm(m) for m in item["more"]]
        # A wrapped cell: its first line is the first of `cells`, the rest are the lines below it.
        if norm(t["title"]) not in norm(" ".join([cells[0], *more] if more else [line])):
            errors.append(f"title {t['title']!r} not printed")
        for fragment in more:
            if fragment not in page_lines[page_lines.index(line):page_lines.index(line) + 4] and not any(
                    fragment in pl for pl in page_lines):
                errors.append(f"wrapped fragment {fragment!r} not on page {item['page']}")
        before = norm(" ".join(pages[:item["page"]]))
        for part in item["label"]:
            if norm(part) not in before:
                errors.append(f"term label {part!r} not printed by page {item['page']}")
        means = label_means(" ".join(item["label"]))
        if means is None or f"{means[0]} {means[1]}" != t["term"]:
            errors.append(f"term label {item['label']} means {means}, truth says {t['term']}")
    if [r["truth"] for r in trace["rows"]] != truth["courses"]:
        errors.append("the truth's rows are not the printed rows in printed order")
    on_first = [r["page"] == 1 for r in trace["rows"]]
    if count == 1:
        if first_page_rows is not None:
            errors.append("one page but first_page_rows is set")
    else:
        if first_page_rows != sum(on_first) or any(on_first[first_page_rows or 0:]):
            errors.append(f"first_page_rows {first_page_rows} but page 1 prints {sum(on_first)} rows")
    if len(trace["degrees"]) != len(truth["degrees"]):
        errors.append("degrees in the truth and the trace differ")
    for item in trace["degrees"]:
        d = item["truth"]
        text = norm(pages[item["page"] - 1])
        for s in item["printed"]:
            if norm(s) not in text:
                errors.append(f"degree text {s!r} not on page {item['page']}")
        shown = [p.casefold() for p in item["printed"]]
        if d["title"].casefold() not in shown or d["major"].casefold() not in shown:
            errors.append(f"degree {d} title/major not the printed strings {item['printed']}")
        if parse_date(item["when"]) != date.fromisoformat(d["conferred_on"]):
            errors.append(f"degree date {item['when']!r} is not {d['conferred_on']}")
        if d["_page"] != item["page"]:
            errors.append("degree _page wrong")
    printed = trace["person"]
    if printed.casefold() not in norm(pages[0]).casefold():
        errors.append(f"person {printed!r} not on page 1")
    if "," in printed:
        last, given = printed.split(", ", 1)
        printed = f"{given} {last}"
    if printed.casefold() != truth["person_name"].casefold():
        errors.append(f"printed name {trace['person']!r} is not the truth's {truth['person_name']!r}")
    if truth["institution"].casefold() not in norm(pages[0]).casefold():
        errors.append(f"institution {truth['institution']!r} not on page 1")
    if truth["institution"] != trace["institution"]:
        errors.append("institution differs from the issuer")
    stats = {"pages": count, "rows": len(truth["courses"]), "page1": first_page_rows, "degrees": len(truth["degrees"]),
             "chars": len(whole)}
    return errors, stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--png", type=Path, help="also write seed 0 of each family as PDF and 60 dpi PNG here")
    parser.add_argument("--family", type=int, action="append")
    args = parser.parse_args()
    numbers = args.family or sorted({f.number for f in FAMILIES if f.make.__module__ == registrars.__name__})
    failed = 0
    for number in numbers:
        for seed in range(args.seeds):
            errors, stats = check(number, seed)
            failed += bool(errors)
            print(f"family {number} seed {seed}: {'OK' if not errors else 'FAIL'} {stats}")
            for e in errors[:12]:
                print("   ", e)
        if args.png:
            args.png.mkdir(parents=True, exist_ok=True)
            fam = next(f for f in FAMILIES if f.doc_type == "transcript" and f.number == number)
            pdf = fam.make(random.Random(f"check-{number}-0"))[0]
            path = args.png / f"f{number}.pdf"
            path.write_bytes(pdf)
            subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(args.png / f"f{number}")], check=True)
    print("all OK" if not failed else f"{failed} documents FAILED")
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
