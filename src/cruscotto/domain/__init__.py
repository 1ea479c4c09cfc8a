"""Pure domain types and constants shared by the parsers and the services.

Django-free and free of every other Cruscotto package (an import-linter contract in
pyproject.toml says so): rule kinds, score bands, weights, diagnostics, format names,
the spreadsheet template. A parser and a service meet here instead of importing each other.
"""
