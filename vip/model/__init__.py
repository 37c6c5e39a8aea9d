"""The model floor: frozen Pydantic models of an edition and a partner profile, their provenance,
their cross-checks and the errors. Imports nothing of the floors above.
"""
