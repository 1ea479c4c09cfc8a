"""Which taxonomies a plan's pages, filters, dashboards and reports show.

Some taxonomies every ente shares (SDG, PNRR, the bilancio's missioni); others are an
ente's own: the thematic groups of its mandate, read from the document that prints
them, and the zones it divides its territory in. Nothing here names one ente's.
"""

from __future__ import annotations

from cruscotto.plans.models import Plan, Taxonomy

# The shared taxonomies offered as filters, in the order shown after the ente's groups.
SHARED_FILTER_TAXONOMIES = ["sdg", "pnrr_missioni", "bilancio_118"]


def mandate_groups_code(plan: Plan) -> str:
    """The code of the groups of a mandate plan: unique per ente and mandate."""
    return f"gruppi-{plan.ente.code}-{plan.kind}-{plan.code}"[:60]


def mandate_groups_of(plan: Plan) -> Taxonomy | None:
    """The thematic groups of the mandate a plan carries out (the DUP of the same period
    and ente, or the mandate plan itself), or None when no document printed them."""
    return (
        Taxonomy.objects.filter(
            kind=Taxonomy.Kind.MANDATE_GROUPS,
            plan__ente_id=plan.ente_id,
            plan__kind=Plan.Kind.MANDATO,
            plan__code=plan.code,
        )
        .order_by("pk")
        .first()
    )


def filter_order(taxonomy: Taxonomy) -> tuple[int, int] | None:
    """Where a taxonomy comes among a plan's "tag" filters, or None when it is not one:
    the mandate's groups first, then the shared ones, then the ente's zones."""
    if taxonomy.kind == Taxonomy.Kind.MANDATE_GROUPS:
        return (0, taxonomy.pk)
    if taxonomy.code in SHARED_FILTER_TAXONOMIES:
        return (1, SHARED_FILTER_TAXONOMIES.index(taxonomy.code))
    if taxonomy.kind == Taxonomy.Kind.ZONES:
        return (2, taxonomy.pk)
    return None
