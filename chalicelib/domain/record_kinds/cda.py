"""A Child Development Associate (CDA) credential."""

from chalicelib.domain.record_kinds import RecordKind, joined, text

RECORD_KIND = RecordKind(
    name="cda", label={"en": "CDA credential", "es": "Credencial CDA", "zh": "CDA 證書"}, order=4,
    summary=lambda d: joined(f"CDA {text(d.get('credential_id'))}", d.get("setting"), d.get("expires_on")))
