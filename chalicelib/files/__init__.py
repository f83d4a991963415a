"""Uploaded files: what they really are, and their pages as images."""
