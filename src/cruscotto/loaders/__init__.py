"""Loaders: write a parsed document into the database in one transaction."""
