"""Reading a document: from a file's bytes (or OCR blocks) to its typed fields, by classifying its lines and
running its type's parser. Above `extraction` (lines, values, evidence) and `doctypes` (one parser per type),
so neither of those ever imports this."""
