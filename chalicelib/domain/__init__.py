"""The registry's rules as plain Python: no AWS here."""
