"""Documents and review: intake, extraction, the review queue and its decision."""
