"""Synthetic registry documents of many layout families, with truth in shared/corpus/SCHEMA.md's shape.

The dev corpus has two layouts per type; extraction must hold up on layouts nobody tuned it to. Each
family here is a different way a registrar, the Commission, a training agency or the Council might print
the same facts. Families are split once: DEVELOPMENT families are the ones parsers may be looked at
against; HELD_OUT families are only scored and used to fit the confidence calibration.
"""
