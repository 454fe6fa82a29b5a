"""Use cases: each is one transaction and the only way data changes."""
