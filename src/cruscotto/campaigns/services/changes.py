"""What a unit's answer changed from last year, for the ufficio's review."""

from __future__ import annotations

from dataclasses import dataclass

from cruscotto.campaigns.services.todo import TodoItem

UNCHANGED = "invariato"
CHANGED = "variato"
NEW = "nuovo"  # last year gave nothing
NOT_ENTERED = "non inserito"


@dataclass(frozen=True)
class ItemChange:
    item: TodoItem
    change: str  # one of the labels above: the page prints it, not only a colour


@dataclass(frozen=True)
class Changes:
    items: list[ItemChange]
    changed: int  # entered and different from last year (new ones included)
    entered: int


def same_text(a: str, b: str) -> bool:
    """Equal but for spacing and case: "In corso" re-entered as "in  corso" is no change."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def changes_from_last_year(items: list[TodoItem]) -> Changes:
    rows = []
    for item in items:
        if not item.filled:
            change = NOT_ENTERED
        elif not item.previous.strip():
            change = NEW
        elif same_text(item.text, item.previous):
            change = UNCHANGED
        else:
            change = CHANGED
        rows.append(ItemChange(item, change))
    return Changes(
        rows,
        changed=sum(1 for row in rows if row.change in (CHANGED, NEW)),
        entered=sum(1 for row in rows if row.change != NOT_ENTERED),
    )
