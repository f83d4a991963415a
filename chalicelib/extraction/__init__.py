"""Classifier and per-type parsers: pure functions from Textract blocks to fields with confidences."""
