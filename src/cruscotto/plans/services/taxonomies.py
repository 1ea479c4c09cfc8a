"""Which taxonomies a plan's pages, filters, dashboards and reports show.

Some taxonomies every ente shares (SDG, PNRR, the bilancio's missioni); others are an
ente's own: the thematic groups of its mandate, read from the document that prints
them, and the zones it divides its territory in. Nothing here names one ente's.
"""

from __future__ import annotations

from cruscotto.plans.models import Plan, Taxonomy

# The shared taxonomies offered as filters, in the order shown after the ente's groups.
SHARED_FILTER_TAXONOMIES = ["sdg", "pnrr_missioni", "bilancio_118"]

# Taxonomies a programma's table states per row, on its "lists" link to a mandate line
# (LinkTag): another programma listing the same line may print other SDGs.
OCCURRENCE_TAXONOMIES = {"sdg", "pnrr_missioni"}

# Taxonomies that classify a plan's tree: an item is in the class of its ancestors (every
# activity of a programma is in the programma's missione). An SDG printed beside an axis
# says nothing of each of its actions: topical tags are not inherited.
CLASSIFICATION_TAXONOMIES = {"bilancio_118"}

# What the terms of a hierarchical taxonomy are called at each depth, where the taxonomy's
# name does not say it: a missione and its programmi are two filters.
TERM_LEVEL_LABELS = {
    "bilancio_118": ["Missione", "Programma"],
    "pnrr_missioni": ["Missione PNRR", "Componente PNRR"],
}


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


def term_level_label(taxonomy: Taxonomy, depth: int) -> str:
    """The name of a filter over the terms of `taxonomy` at `depth` (0 for the top terms)."""
    labels = TERM_LEVEL_LABELS.get(taxonomy.code, [])
    if depth < len(labels):
        return labels[depth]
    return taxonomy.name if depth == 0 else f"{taxonomy.name} (livello {depth + 1})"
