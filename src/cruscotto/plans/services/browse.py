"""Read-side queries over plan trees, shared by the web pages, the API and reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from cruscotto.plans.models import Plan, PlanItem, Responsibility


@dataclass
class TreeNode:
    item: PlanItem
    children: list[TreeNode] = field(default_factory=list)


def list_plans() -> list[Plan]:
    """Return every plan with its ente, ordered for display."""
    return list(Plan.objects.select_related("ente").order_by("ente__name", "kind", "code"))


def build_plan_tree(plan: Plan) -> list[TreeNode]:
    """Return the roots of `plan`'s item tree, with the responsibilities of each item prefetched.

    Three queries whatever the size of the plan: items, responsibilities, statuses.
    """
    items = list(
        PlanItem.objects.filter(plan=plan)
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=Responsibility.objects.select_related("org_unit", "status").order_by(
                    "position"
                ),
            )
        )
    )
    nodes = {item.pk: TreeNode(item) for item in items}
    roots: list[TreeNode] = []
    for item in items:
        node = nodes[item.pk]
        parent = nodes.get(item.parent_id) if item.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots
