"""PynamoDB models and repositories over the single registry table (see docs/data-model.md)."""
