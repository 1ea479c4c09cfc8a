"""The API tests' fixtures (api_fixtures), and the campaign's named people.

The campaign tests' people (tests/campaigns/campaign_people.py) are shared, not copied,
so that the API is tested with the same referenti and units as the forms.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "campaigns"))

from api_fixtures import cmto_seeds  # noqa: E402
from campaign_people import campaign, people  # noqa: E402

__all__ = ["campaign", "cmto_seeds", "people"]
