"""The web pages: one small static app (no build step) served by the API itself."""
