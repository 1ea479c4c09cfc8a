"""Match the surnames printed in a vote with the names of the attendance list.

The attendance list prints "Marco COGNO"; the vote prints "Cagno". Names are
compared folded (no case, accents or apostrophes); a name that matches no
surname exactly is matched to the one surname it closely resembles, and the
caller reports the different spelling.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from cruscotto.domain.text import fold_text

# Below this similarity two surnames are different people: "COGNO" and "Cagno"
# score 0.8, "GRECO" and "GHIO" 0.44.
_CLOSE_ENOUGH = 0.75


@dataclass(frozen=True)
class NameMatch:
    attendee: str  # the attendance name matched, "" when none
    exact: bool


def match_name(printed: str, surnames: dict[str, str]) -> NameMatch:
    """Return the attendee whose folded surname `printed` is, or closely resembles.

    `surnames` maps folded surname → attendance name. A near match is accepted
    only when exactly one surname is close enough, so a typo is never resolved
    by chance between two similar names.
    """
    folded = fold_text(printed)
    if folded in surnames:
        return NameMatch(surnames[folded], exact=True)
    scored = [(SequenceMatcher(None, folded, surname).ratio(), surname) for surname in surnames]
    close = [surname for score, surname in scored if score >= _CLOSE_ENOUGH]
    if len(close) == 1:
        return NameMatch(surnames[close[0]], exact=False)
    return NameMatch("", exact=False)


def split_surname(name: str) -> str:
    """Return the upper-case words of "Pasquale Mario MAZZA" or "Davide D'AGOSTINO"."""
    words = name.split()
    capitals = [word for word in words if word.upper() == word and any(c.isalpha() for c in word)]
    return " ".join(capitals) if capitals else words[-1] if words else ""
