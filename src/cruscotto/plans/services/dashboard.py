"""The dashboard of a plan: totals and distributions, each a list of (label, count)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, QuerySet

from cruscotto.core.charts import ChartKind, ChartSpec, Dataset
from cruscotto.core.italian import plural_of
from cruscotto.plans.models import ItemTag, Link, LinkTag, LogEntry, Plan, PlanItem, Responsibility
from cruscotto.plans.services.taxonomies import OCCURRENCE_TAXONOMIES, mandate_groups_of

UNKNOWN = "non indicato"


@dataclass(frozen=True)
class Distribution:
    title: str
    caption: str  # what is counted
    rows: list[tuple[str, int]]

    @property
    def total(self) -> int:
        return sum(count for _, count in self.rows)

    @property
    def chart(self) -> ChartSpec:
        """The distribution as horizontal bars, one per label (the labels are long)."""
        return ChartSpec(
            kind=ChartKind.BAR,
            title=self.title,
            labels=[label for label, _ in self.rows],
            datasets=[Dataset(self.caption, [Decimal(count) for _, count in self.rows])],
            horizontal=True,
            value_heading=f"Numero ({self.caption})",
        )


@dataclass(frozen=True)
class Dashboard:
    totals: list[tuple[str, int]]
    distributions: list[Distribution]


def _tag_distribution(plan: Plan, taxonomy: str, title: str, through_links: bool) -> Distribution:
    """Items of the plan per term; with `through_links`, an item also counts under the terms
    of the items it links to (an activity under the groups of its mandate lines), or, for the
    SDGs and PNRR missions, under those its programma's row prints beside the line."""
    fields = ("term__position", "term__code", "term__name")
    tags: QuerySet[Any]
    if through_links and taxonomy in OCCURRENCE_TAXONOMIES:
        tags = (
            LinkTag.objects.filter(
                link__kind=Link.Kind.LISTS,
                link__from_item__plan=plan,
                term__taxonomy__code=taxonomy,
                link__from_item__children__links_out__kind=Link.Kind.REFERS_TO,
                link__from_item__children__links_out__to_item=F("link__to_item"),
            )
            .values(*fields)
            .annotate(n=Count("link__from_item__children", distinct=True))
        )
    elif through_links:
        tags = (
            ItemTag.objects.filter(
                item__links_in__from_item__plan=plan,
                item__links_in__kind=Link.Kind.REFERS_TO,
                term__taxonomy__code=taxonomy,
            )
            .values(*fields)
            .annotate(n=Count("item__links_in__from_item", distinct=True))
        )
    else:
        tags = (
            ItemTag.objects.filter(item__plan=plan, term__taxonomy__code=taxonomy)
            .values(*fields)
            .annotate(n=Count("item", distinct=True))
        )
    tags = tags.order_by("term__position", "term__code")
    rows = [
        (
            f"{row['term__code']} – {row['term__name']}"
            if taxonomy == "sdg"
            else row["term__name"],
            row["n"],
        )
        for row in tags
    ]
    caption = "voci collegate" if through_links else "voci"
    return Distribution(title, caption, rows)


# A level's name in the plural, where it is not the singular's ending changed.
LEVEL_PLURALS: dict[str, str] = {
    PlanItem.Level.PROGRAMMA: "Programmi",
    PlanItem.Level.LINEA: "Linee programmatiche",
    PlanItem.Level.TEMA: "Temi",
}


def level_count_label(level: str, count: int) -> str:
    """The level's name that agrees with `count`: "1 Missione", "16 Missioni"."""
    singular = dict(PlanItem.Level.choices).get(level) or level.replace("_", " ")
    if count == 1:
        return singular
    return LEVEL_PLURALS.get(level) or plural_of(singular)


def build_dashboard(plan: Plan) -> Dashboard:
    """Return the plan's totals and distributions in a fixed, small number of queries."""
    totals = [
        (level_count_label(row["level"], row["n"]), row["n"])
        for row in PlanItem.objects.filter(plan=plan)
        .values("level")
        .annotate(n=Count("id"))
        .order_by("level")
    ]
    responsibilities = Responsibility.objects.filter(
        item__plan=plan, role=Responsibility.Role.RESPONSIBLE
    )
    statuses = Distribution(
        "Stato delle attività",
        "attività × struttura",
        [
            (row["status__name"] or UNKNOWN, row["n"])
            for row in responsibilities.values("status__name", "status__position")
            .annotate(n=Count("id"))
            .order_by("status__position")
        ],
    )
    departments = Distribution(
        "Strutture responsabili",
        "attività × struttura",
        [
            (row["org_unit__name"], row["n"])
            for row in responsibilities.values("org_unit__name")
            .annotate(n=Count("id"))
            .order_by("-n", "org_unit__name")
        ],
    )
    years = Distribution(
        "Azioni effettuate per anno",
        "voci del diario delle azioni",
        [
            (str(row["year_from"]) if row["year_from"] else UNKNOWN, row["n"])
            for row in LogEntry.objects.filter(responsibility__item__plan=plan)
            .values("year_from")
            .annotate(n=Count("id"))
            .order_by("year_from")
        ],
    )
    distributions = [
        statuses,
        _tag_distribution(plan, "impatto", "Impatto", through_links=False),
        *(
            _tag_distribution(plan, groups.code, groups.name, through_links=True)
            for groups in [mandate_groups_of(plan)]
            if groups is not None
        ),
        _tag_distribution(plan, "sdg", "Obiettivi di sviluppo sostenibile", through_links=True),
        _tag_distribution(plan, "pnrr_missioni", "Missioni PNRR", through_links=True),
        departments,
        years,
    ]
    return Dashboard(totals, [d for d in distributions if d.rows])
