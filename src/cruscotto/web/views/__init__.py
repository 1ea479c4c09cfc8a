"""The web pages: the public portal (read-only, no login) and the staff area."""
