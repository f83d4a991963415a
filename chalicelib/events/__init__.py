"""Event handlers: thin functions that parse an SQS batch and call a service per record."""
