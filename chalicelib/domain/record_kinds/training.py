"""Training hours: a sponsor's event attended, or a certificate staff verified."""

from chalicelib.domain.record_kinds import RecordKind, joined, text

RECORD_KIND = RecordKind(
    name="training", label={"en": "Training", "es": "Capacitación", "zh": "培訓"}, order=5,
    summary=lambda d: joined(d.get("training_title"), f"{text(d.get('hours'))} h", d.get("completed_on")))
