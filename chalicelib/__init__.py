"""ece-registry: the early-childhood-education workforce registry."""
