"""Write a synthetic corpus in shared/corpus/dev's shape, so score.py scores it unchanged.

    .venv/bin/python -m bench.synthetic.build --out .local/synth/held-out --split held-out --per-family 3
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from bench.synthetic.families import FAMILIES, Family
from bench.synthetic.render import phone, scan, truth_for_first_page

VARIANTS = ("digital", "scan", "phone")


def families(split: str) -> list[Family]:
    return [f for f in FAMILIES if split == "all" or f.held_out == (split == "held-out")]


def build(out: Path, split: str, per_family: int, variants: tuple[str, ...], seed: int, harsh: bool) -> int:
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for fam in families(split):
        for n in range(per_family):
            rng = random.Random(f"{seed}-{fam.doc_type}-{fam.number}-{n}")
            pdf, truth, first_page_rows = fam.make(rng)
            for variant in variants:
                stem = f"{fam.doc_type}-f{fam.number}-{n}-{variant}"
                if variant == "digital":
                    data, t, suffix = pdf, dict(truth), ".pdf"
                elif variant == "scan":
                    data, t, suffix = scan(pdf, rng, harsh=harsh), dict(truth), ".pdf"
                else:
                    data, t, suffix = phone(pdf, rng, harsh=harsh), truth_for_first_page(truth, first_page_rows), ".jpg"
                for degree in t.get("degrees") or []:
                    degree.pop("_page", None)
                t.update(variant=variant, family=fam.number)
                (out / f"{stem}{suffix}").write_bytes(data)
                (out / f"{stem}.json").write_text(json.dumps(t, ensure_ascii=False, indent=1))
                written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--split", choices=("development", "held-out", "all"), default="held-out")
    parser.add_argument("--per-family", type=int, default=2)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--harsh", action="store_true", help="harsher scans and photos than dev's")
    args = parser.parse_args()
    count = build(args.out, args.split, args.per_family, tuple(args.variants.split(",")), args.seed, args.harsh)
    print(f"wrote {count} documents to {args.out}")


if __name__ == "__main__":
    main()
