"""The API tests' fixtures (api_fixtures)."""

from api_fixtures import cmto_seeds

__all__ = ["cmto_seeds"]
