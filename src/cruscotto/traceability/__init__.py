"""Traceability across plans: derived links, the chain of an item, coverage reports (services only)."""
