"""Read-side queries over plan trees, shared by the web pages, the API and reports.

Every function here runs a fixed number of queries whatever the size of the
plan: pages built on them stay fast as data grows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import QueryDict

from cruscotto.core.models import Ente, OrgUnit, SourceDocument
from cruscotto.domain.text import ascii_int
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.plans.models import (
    ItemTag,
    Link,
    LogEntry,
    Plan,
    PlanItem,
    Responsibility,
    StatusReport,
    Term,
)
from cruscotto.plans.services.facets import FacetedResult, facet_items, load_plan_facts
from cruscotto.plans.services.taxonomies import filter_order


@dataclass
class TreeNode:
    item: PlanItem
    children: list[TreeNode] = field(default_factory=list)
    child_count: int = 0  # children in the plan, also when `children` is cut by a depth limit


@dataclass(frozen=True)
class ItemFilters:
    """The filters of the plan browser, as they travel in the URL's query string."""

    status: str = ""  # Term code of the "stato" taxonomy, e.g. "concluso"
    org_unit: int | None = None
    impact: str = ""  # Term code of the "impatto" taxonomy
    tag: str = ""  # "taxonomy:code", e.g. "sdg:11"
    year: int | None = None
    level: str = ""
    # More "taxonomy:code" values, each of its own facet: a missione and a group together.
    more_tags: tuple[str, ...] = ()
    line: int | None = None  # a mandate line the items refer to (its id)

    @classmethod
    def from_query(cls, query: QueryDict | Mapping[str, str]) -> ItemFilters:
        """Read the filters from a query string; values that make no sense are ignored, and
        a repeated parameter counts once, except `tag` (one per facet)."""
        tags = query.getlist("tag") if isinstance(query, QueryDict) else [query.get("tag", "")]
        tags = list(dict.fromkeys(_clean(tag) for tag in tags if ":" in tag))[:MAX_TAGS]
        return cls(
            status=_clean(query.get("stato", "")),
            org_unit=_positive_int(query.get("struttura", "")),
            impact=_clean(query.get("impatto", "")),
            tag=tags[0] if tags else "",
            year=_positive_int(query.get("anno", "")),
            level=_clean(query.get("livello", "")),
            more_tags=tuple(tags[1:]),
            line=_positive_int(query.get("linea", "")),
        )

    @property
    def tags(self) -> tuple[str, ...]:
        return (self.tag, *self.more_tags) if self.tag else self.more_tags

    @property
    def active(self) -> bool:
        return any([self.status, self.org_unit, self.impact, self.tags, self.year, self.line])

    def as_query(self) -> list[tuple[str, str]]:
        """The filters as query parameters, for the links that keep them."""
        query = [
            ("stato", self.status),
            ("struttura", str(self.org_unit or "")),
            ("impatto", self.impact),
            *(("tag", tag) for tag in self.tags),
            ("linea", str(self.line or "")),
            ("anno", str(self.year or "")),
            ("livello", self.level),
        ]
        return [(key, value) for key, value in query if value]

    def query_string(self) -> str:
        return urlencode(self.as_query())


# Longer values name nothing: no code of a term, status or level is this long.
MAX_FILTER_LENGTH = 80
MAX_TAGS = 10


def _clean(text: str) -> str:
    return text.strip()[:MAX_FILTER_LENGTH]


def _positive_int(text: str) -> int | None:
    return ascii_int(text)


def list_plans(enti: QuerySet[Ente] | None = None) -> list[Plan]:
    """Return every plan with its ente and item count, ordered for display; given `enti`
    (a page of them), only their plans, so that only their items are counted."""
    plans = Plan.objects.all() if enti is None else Plan.objects.filter(ente__in=enti.values("pk"))
    return list(
        plans.select_related("ente")
        .annotate(item_count=Count("items"))
        .order_by("ente__name", "kind", "code")
    )


def enti_with_plans() -> QuerySet[Ente]:
    """The enti that have a plan (unordered: each page of enti says its order)."""
    return Ente.objects.filter(Exists(Plan.objects.filter(ente=OuterRef("pk"))))


def enti_with_plans_by_name() -> QuerySet[Ente]:
    """The enti that have a plan, in the order the home page lists them."""
    return enti_with_plans().order_by("name", "code")


def _with_responsibilities(queryset: QuerySet[PlanItem]) -> QuerySet[PlanItem]:
    return queryset.prefetch_related(
        Prefetch(
            "responsibilities",
            queryset=Responsibility.objects.filter(role=Responsibility.Role.RESPONSIBLE)
            .select_related("org_unit", "status")
            .order_by("position"),
            to_attr="responsible_units",
        )
    )


def build_plan_tree(plan: Plan, max_depth: int | None = None) -> list[TreeNode]:
    """Return the roots of `plan`'s item tree, down to `max_depth` levels.

    Responsibilities are prefetched only for a whole tree: a shallow one is a
    table of contents, and must stay fast for plans of thousands of items.
    """
    items = PlanItem.objects.filter(plan=plan).order_by("position")
    if max_depth is None:
        items = _with_responsibilities(items)
    else:
        # Only the items within `max_depth` levels: an item at depth d has no
        # grandparent of order d, so "parent__parent__…__isnull" selects them.
        within_depth = Q()
        for depth in range(1, max_depth + 1):
            within_depth |= Q(**{"__".join(["parent"] * depth) + "__isnull": True})
        items = (
            items.filter(within_depth)
            .only("id", "parent_id", "plan_id", "level", "code", "title", "position")
            .annotate(children_in_plan=Count("children"))
        )
    nodes = {item.pk: TreeNode(item) for item in items}
    roots: list[TreeNode] = []
    for node in nodes.values():
        parent = nodes.get(node.item.parent_id) if node.item.parent_id else None
        if parent:
            parent.children.append(node)
            parent.child_count += 1
        else:
            roots.append(node)
        node.child_count = getattr(node.item, "children_in_plan", node.child_count)
    if max_depth is not None:
        _prune(roots, max_depth)
    return roots


def _prune(nodes: list[TreeNode], depth: int) -> None:
    for node in nodes:
        if depth <= 1:
            node.children = []
        else:
            _prune(node.children, depth - 1)


def filter_items(plan: Plan, filters: ItemFilters) -> list[PlanItem]:
    """Return the plan's items that pass every filter, with their parents and units prefetched.

    A tag matches an item tagged with it or linked to an item tagged with it: an
    activity belongs to "La Città della prossimità" through the mandate lines it
    refers to. SDGs and PNRR missions are those the programma's own row prints
    beside the line (see OCCURRENCE_TAXONOMIES), not those of other programmi. A
    missione or programma of the bilancio matches every item under it (see
    facets.py, which decides and counts).
    """
    return items_in_order(facet_items(load_plan_facts(plan), filters).item_ids)


def items_in_order(item_ids: Sequence[int]) -> list[PlanItem]:
    """The items `item_ids` names, in that order, with their parents and units prefetched."""
    found = _with_responsibilities(
        PlanItem.objects.filter(pk__in=list(item_ids)).select_related("parent__parent")
    ).in_bulk()
    return [found[pk] for pk in item_ids if pk in found]


def browse_plan(plan: Plan, filters: ItemFilters) -> FacetedResult:
    """The plan's facets with their counts, and the ids of the items the filters find."""
    return facet_items(load_plan_facts(plan), filters)


@dataclass
class FilterChoices:
    statuses: list[Term]
    org_units: list[OrgUnit]
    impacts: list[Term]
    tags: list[tuple[str, list[Term]]]  # (taxonomy name, terms used in the plan)
    years: list[int]


def list_filter_choices(plan: Plan) -> FilterChoices:
    """Return the values each filter can take in `plan` (only those that occur)."""
    responsibilities = Responsibility.objects.filter(
        item__plan=plan, role=Responsibility.Role.RESPONSIBLE
    )
    statuses = Term.objects.filter(
        pk__in=responsibilities.exclude(status=None).values("status_id")
    ).order_by("position")
    org_units = OrgUnit.objects.filter(pk__in=responsibilities.values("org_unit_id")).order_by(
        "name"
    )
    used_terms = ItemTag.objects.filter(
        Q(item__plan=plan) | Q(item__links_in__from_item__plan=plan)
    ).values("term_id")
    terms = list(
        Term.objects.filter(pk__in=used_terms)
        .select_related("taxonomy")
        .order_by("taxonomy__code", "position", "code")
    )
    impacts = [term for term in terms if term.taxonomy.code == "impatto"]
    by_taxonomy: dict[int, list[Term]] = {}
    for term in terms:
        if filter_order(term.taxonomy) is not None:
            by_taxonomy.setdefault(term.taxonomy_id, []).append(term)
    tags = [
        (taxonomy_terms[0].taxonomy.name, taxonomy_terms)
        for taxonomy_terms in sorted(
            by_taxonomy.values(), key=lambda same: filter_order(same[0].taxonomy) or (9, 0)
        )
    ]
    spans = (
        LogEntry.objects.filter(responsibility__item__plan=plan, year_from__isnull=False)
        .values_list("year_from", "year_to")
        .order_by()  # the model's ordering would join in other tables and defeat DISTINCT
        .distinct()
    )
    years = sorted(
        {year for start, end in spans if start for year in range(start, (end or start) + 1)}
    )
    return FilterChoices(list(statuses), list(org_units), impacts, tags, years)


@dataclass
class ItemDetail:
    item: PlanItem
    ancestors: list[PlanItem]  # outermost first
    children: list[PlanItem]
    responsibilities: list[Responsibility]  # with their log prefetched
    involved_units: list[Responsibility]
    tags: list[ItemTag]
    links_out: list[Link]
    links_in: list[Link]
    indicators: list[Indicator]  # with their measurements prefetched
    year: int | None  # the esercizio shown: None for the latest reported
    years: list[int]  # the esercizi reported for the item, oldest first
    # The latest edition of the item's document that no longer prints it, if any.
    absent_from: SourceDocument | None


def get_item_detail(item_id: int, year: int | None = None) -> ItemDetail:
    """Return everything the item page shows, as of the esercizio `year` (the latest
    reported when None); raises PlanItem.DoesNotExist."""
    item = PlanItem.objects.select_related("plan__ente", "source_document").get(pk=item_id)
    ancestors: list[PlanItem] = []
    parent_id = item.parent_id
    while parent_id is not None:  # plans are a few levels deep: one query per level
        parent = PlanItem.objects.only("id", "parent_id", "level", "code", "title", "plan_id").get(
            pk=parent_id
        )
        ancestors.insert(0, parent)
        parent_id = parent.parent_id
    responsibilities: list[Responsibility] = list(
        item.responsibilities.select_related("org_unit", "status")
        .prefetch_related(
            Prefetch(
                "log",
                queryset=LogEntry.objects.as_of(year).order_by("position"),
                to_attr="log_list",
            ),
            Prefetch(
                "status_reports",
                queryset=StatusReport.objects.select_related("status").order_by("year"),
                to_attr="status_history",
            ),
        )
        .order_by("role", "position")
    )
    if year is not None:
        for responsibility in responsibilities:
            reported = [r for r in responsibility.status_history if r.year <= year]  # type: ignore[attr-defined]
            responsibility.status = reported[-1].status if reported else None
            responsibility.status_as_printed = reported[-1].status_as_printed if reported else ""
    editions = list(
        SourceDocument.objects.filter(
            statements__model=PlanItem._meta.label_lower,
            statements__object_id=item.pk,
            reference_year__isnull=False,
        )
        .annotate(
            # The latest edition of the same series, when later than this one.
            later_edition=Subquery(
                SourceDocument.objects.filter(
                    ente=OuterRef("ente"),
                    format=OuterRef("format"),
                    reference_year__gt=OuterRef("reference_year"),
                )
                .order_by("-reference_year")
                .values("pk")[:1]
            )
        )
        .order_by("reference_year")
    )
    return ItemDetail(
        item=item,
        ancestors=ancestors,
        children=list(
            _with_responsibilities(item.children.order_by("position"))  # type: ignore[arg-type]
        ),
        responsibilities=[r for r in responsibilities if r.role == Responsibility.Role.RESPONSIBLE],
        involved_units=[r for r in responsibilities if r.role == Responsibility.Role.INVOLVED],
        tags=list(item.tags.select_related("term__taxonomy").order_by("term__taxonomy__code")),
        links_out=list(item.links_out.select_related("to_item__plan")),
        links_in=list(item.links_in.select_related("from_item__plan")),
        indicators=list(
            item.indicators.prefetch_related(
                Prefetch(
                    "measurements",
                    queryset=Measurement.objects.as_of(year).order_by("series", "year"),
                    to_attr="measurement_list",
                )
            ).order_by("position")
        ),
        year=year,
        years=[year for document in editions if (year := document.reference_year) is not None],
        absent_from=latest_edition_without(editions),
    )


def latest_edition_without(editions: Sequence[SourceDocument]) -> SourceDocument | None:
    """The latest edition of the series of documents that printed an item, when it no longer
    prints it (`editions`: the documents stating the item, oldest first, annotated with the
    series' `later_edition`): the activity a later rendiconto dropped is kept, and said absent."""
    if not editions or editions[-1].later_edition is None:  # type: ignore[attr-defined]
        return None
    return SourceDocument.objects.get(pk=editions[-1].later_edition)  # type: ignore[attr-defined]
