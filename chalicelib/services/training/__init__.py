"""The training module: sponsors, catalogues, events, enrolment, attendance and the hours it grants."""
