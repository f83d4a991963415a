"""Subject prefixes colleges print before a course number: the child-development and education ones an ECE
transcript is made of, and the general-education ones beside them.

Used only to repair an OCR misreading that every row of a document shares ('CHOV' for CHDV on a dim photo),
which the document's own majority cannot repair. It is not a list of what is allowed: a prefix missing here is
read as printed.
"""

from __future__ import annotations

CHILD_DEVELOPMENT = frozenset({
    "CD", "CDE", "CDEV", "CDECE", "CHDV", "CHDEV", "CHLD", "CHILD", "CFS", "CSD", "ECD", "ECE", "ECEC", "ECED",
    "ECS", "EDEC", "EDUC", "EDU", "FCS", "FCSC", "HDEV", "HDFS", "HUMD", "HUSV", "HS", "CHS", "FAMS",
})

GENERAL = frozenset({
    "ACCT", "AFAM", "AJ", "ANAT", "ANTH", "ARTH", "ART", "ASL", "ASTR", "BIO", "BIOL", "BUS", "CHEM", "CHIN",
    "CIS", "COMM", "COUN", "CS", "DANC", "ECON", "ENG", "ENGL", "ENGR", "ESL", "ETHN", "FREN", "GEOG", "GEOL",
    "GERM", "HED", "HIST", "HLTH", "HUM", "JAPN", "JOUR", "KIN", "KINE", "LIBR", "LS", "MATH", "MGMT", "MICR",
    "MUS", "MUSC", "NURS", "NUTR", "PE", "PHIL", "PHOT", "PHYS", "POLS", "PSY", "PSYC", "READ", "SOC", "SOCI",
    "SPAN", "SPCH", "STAT", "THEA", "VIET",
})

KNOWN_SUBJECTS = CHILD_DEVELOPMENT | GENERAL
