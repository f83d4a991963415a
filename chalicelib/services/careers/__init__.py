"""Careers and the state: permit pathways, the job board, stipends and the national workforce dataset."""
