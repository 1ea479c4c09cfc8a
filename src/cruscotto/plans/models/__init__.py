from cruscotto.plans.models.plan import Link, LinkRejection, Plan, PlanItem
from cruscotto.plans.models.responsibility import LogEntry, Responsibility, StatusReport
from cruscotto.plans.models.taxonomy import ItemTag, LinkTag, Taxonomy, Term

__all__ = [
    "ItemTag",
    "Link",
    "LinkRejection",
    "LinkTag",
    "LogEntry",
    "Plan",
    "PlanItem",
    "Responsibility",
    "StatusReport",
    "Taxonomy",
    "Term",
]
