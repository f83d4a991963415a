"""The embedded local cloud: moto on loopback, resources from infra/, and an SQS event pump."""
