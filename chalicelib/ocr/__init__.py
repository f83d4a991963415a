"""OCR engines. Each returns Textract-shaped block JSON so one parser serves both."""
