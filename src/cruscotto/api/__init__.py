"""A read-only JSON API over the same services as the web pages, the CLI and the reports."""
