"""Renderers: PDF, XLSX, DOCX and JSON over domain view models. No AWS here."""
