"""Identity, authorisation, field encryption and signing."""
