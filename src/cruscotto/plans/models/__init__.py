from cruscotto.plans.models.plan import Link, Plan, PlanItem
from cruscotto.plans.models.responsibility import LogEntry, Responsibility
from cruscotto.plans.models.taxonomy import ItemTag, Taxonomy, Term

__all__ = [
    "ItemTag",
    "Link",
    "LogEntry",
    "Plan",
    "PlanItem",
    "Responsibility",
    "Taxonomy",
    "Term",
]
