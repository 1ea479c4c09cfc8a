"""The participatory path of a PSM edition, as its preliminary report tells it.

One page reads it all (`/psm/fase-preliminare/<plan id>/`): how the territory
was consulted, how it implemented each strategy of the previous edition (and
what became of that strategy in the new one), the needs it expressed for the
new edition with the strategies that address them, the new themes with the
axes they could go under, and the recommendations to the Ente. The links come
from `plans.Link` whatever their origin, so a link a user enters in the admin
shows here at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from cruscotto.core.models import ImportDiagnostic, SourceDocument
from cruscotto.council.models import (
    PRELIMINARY_PLAN_SUFFIX,
    ConsultationMethod,
    Recommendation,
    StrategyEvidence,
)
from cruscotto.plans.models import Link, Plan, PlanItem, Taxonomy, Term

PRELIMINARY_SUFFIX = f"-{PRELIMINARY_PLAN_SUFFIX}"


@dataclass(frozen=True)
class Zone:
    number: int
    name: str  # "" for a number the reference list does not hold


@dataclass(frozen=True)
class LinkedItem:
    """An item of another plan, and how the link to it was made."""

    item: PlanItem
    origin: str  # Link.Origin
    origin_label: str
    change_label: str = ""  # for a continued strategy: "invariata", "rinominata"


@dataclass
class EvidenceRow:
    strategy: PlanItem
    evidence: StrategyEvidence
    zones: list[Zone]
    continued_by: list[LinkedItem]  # strategies of the new edition that continue it
    serves: list[LinkedItem]  # mandate actions it serves


@dataclass
class NeedRow:
    need: PlanItem
    sub_indications: list[PlanItem]
    addressed_by: list[LinkedItem]  # strategies of the new edition


@dataclass
class ThemeRow:
    theme: PlanItem
    axes_as_printed: str
    cross_cutting: bool
    possible_axes: list[PlanItem]


@dataclass
class AxisRow:
    number: str
    title: str
    evidence: list[EvidenceRow] = field(default_factory=list)
    needs: list[NeedRow] = field(default_factory=list)


@dataclass
class RecommendationGroup:
    title: str
    recommendations: list[Recommendation]


@dataclass
class ParticipatoryPath:
    plan: Plan  # the preliminary phase of the new edition
    previous_plan: Plan | None  # the edition whose implementation the report assesses
    document: SourceDocument | None
    method: ConsultationMethod | None
    axes: list[AxisRow]
    themes: list[ThemeRow]
    recommendation_groups: list[RecommendationGroup]
    diagnostics: list[ImportDiagnostic]

    @property
    def evidence_by_level(self) -> dict[str, int]:
        """Level label → number of strategies, in the order of the levels."""
        counts = {label: 0 for _, label in StrategyEvidence.Level.choices}
        for axis in self.axes:
            for row in axis.evidence:
                counts[row.evidence.get_level_display()] += 1
        return counts


def list_preliminary_plans() -> list[Plan]:
    return list(
        Plan.objects.filter(kind=Plan.Kind.PSM, code__endswith=PRELIMINARY_SUFFIX)
        .select_related("ente")
        .order_by("ente__code", "code")
    )


def is_preliminary_plan(plan: Plan) -> bool:
    return plan.kind == Plan.Kind.PSM and plan.code.endswith(PRELIMINARY_SUFFIX)


def find_participatory_path(plan: Plan) -> Plan | None:
    """Return the preliminary phase that tells `plan`'s participatory path, or None.

    The phase itself, or, for an earlier edition, the phase whose report assessed
    how the territory implemented it.
    """
    if is_preliminary_plan(plan):
        return plan
    if plan.kind != Plan.Kind.PSM:
        return None
    assessed = StrategyEvidence.objects.filter(item__plan=plan).values("source_document_id")
    return (
        Plan.objects.filter(
            kind=Plan.Kind.PSM,
            code__endswith=PRELIMINARY_SUFFIX,
            consultation_method__source_document_id__in=assessed,
        )
        .order_by("code")
        .first()
    )


def build_participatory_path(plan: Plan) -> ParticipatoryPath:
    """Return the preliminary phase `plan` with everything the report says around it."""
    method = ConsultationMethod.objects.filter(plan=plan).first()
    items = list(
        PlanItem.objects.filter(plan=plan).select_related("theme_profile").order_by("position")
    )
    document = find_document(method, items)
    evidence = list(
        StrategyEvidence.objects.filter(source_document=document)
        .select_related("item__parent", "item__plan")
        .order_by("item__position")
        if document is not None
        else []
    )
    evidence_ids = {row.item_id for row in evidence}
    own_ids = {item.pk for item in items}
    links = list(
        Link.objects.filter(
            Q(to_item_id__in=own_ids | evidence_ids) | Q(from_item_id__in=evidence_ids)
        )
        .select_related("from_item__plan", "to_item__plan")
        .order_by("from_item__plan__code", "from_item__position", "to_item__position")
    )
    zone_names = dict(
        Term.objects.filter(
            taxonomy__kind=Taxonomy.Kind.ZONES, taxonomy__ente_id=plan.ente_id
        ).values_list("code", "name")
    )
    axes = read_axes(items, evidence, links, zone_names)
    return ParticipatoryPath(
        plan=plan,
        previous_plan=evidence[0].item.plan if evidence else None,
        document=document,
        method=method,
        axes=axes,
        themes=read_themes(items, links),
        recommendation_groups=group_recommendations(plan),
        diagnostics=list(
            ImportDiagnostic.objects.filter(document=document).order_by("position")
            if document is not None
            else []
        ),
    )


def find_document(
    method: ConsultationMethod | None, items: list[PlanItem]
) -> SourceDocument | None:
    document_id = method.source_document_id if method else None
    if document_id is None:
        document_id = next((i.source_document_id for i in items if i.source_document_id), None)
    return SourceDocument.objects.filter(pk=document_id).first() if document_id else None


def linked(link: Link, item: PlanItem) -> LinkedItem:
    return LinkedItem(
        item,
        link.origin,
        link.get_origin_display(),
        link.get_change_display() if link.change else "",
    )


def read_axes(
    items: list[PlanItem],
    evidence: list[StrategyEvidence],
    links: list[Link],
    zone_names: dict[str, str],
) -> list[AxisRow]:
    """Axes by number: the previous edition's strategies and the new edition's needs under each."""
    axes: dict[str, AxisRow] = {}
    for item in items:
        if item.level == PlanItem.Level.ASSE:
            axes[item.code] = AxisRow(item.code, item.title)
    continued_by: dict[int, list[LinkedItem]] = defaultdict(list)
    serves: dict[int, list[LinkedItem]] = defaultdict(list)
    addressed_by: dict[int, list[LinkedItem]] = defaultdict(list)
    for link in links:
        if link.kind == Link.Kind.CONTINUES:
            continued_by[link.to_item_id].append(linked(link, link.from_item))
        elif link.kind == Link.Kind.SERVES:
            serves[link.from_item_id].append(linked(link, link.to_item))
        elif link.kind == Link.Kind.ADDRESSES:
            addressed_by[link.to_item_id].append(linked(link, link.from_item))
    for row in evidence:
        strategy = row.item
        number = strategy.parent.code if strategy.parent else strategy.code.split(".")[0]
        axis = axes.setdefault(
            number, AxisRow(number, strategy.parent.title if strategy.parent else "")
        )
        axis.evidence.append(
            EvidenceRow(
                strategy,
                row,
                [Zone(n, zone_names.get(str(n), "")) for n in row.zones],
                continued_by[strategy.pk],
                serves[strategy.pk],
            )
        )
    children: dict[int, list[PlanItem]] = defaultdict(list)
    for item in items:
        if item.parent_id is not None:
            children[item.parent_id].append(item)
    by_id = {item.pk: item for item in items}
    for item in items:
        parent = by_id.get(item.parent_id) if item.parent_id else None
        if item.level == PlanItem.Level.BISOGNO and parent and parent.level == PlanItem.Level.ASSE:
            axes[parent.code].needs.append(NeedRow(item, children[item.pk], addressed_by[item.pk]))
    return sorted(axes.values(), key=lambda axis: axis.number)


def read_themes(items: list[PlanItem], links: list[Link]) -> list[ThemeRow]:
    possible: dict[int, list[PlanItem]] = defaultdict(list)
    for link in links:
        if link.kind == Link.Kind.POSSIBLE_AXIS:
            possible[link.from_item_id].append(link.to_item)
    themes = []
    for item in items:
        if item.level != PlanItem.Level.TEMA:
            continue
        profile = getattr(item, "theme_profile", None)
        themes.append(
            ThemeRow(
                item,
                profile.axes_as_printed if profile else "",
                profile.cross_cutting if profile else False,
                sorted(possible[item.pk], key=lambda axis: axis.position),
            )
        )
    return themes


def group_recommendations(plan: Plan) -> list[RecommendationGroup]:
    groups: dict[str, list[Recommendation]] = {}
    for recommendation in Recommendation.objects.filter(plan=plan).order_by("position"):
        groups.setdefault(recommendation.group, []).append(recommendation)
    return [RecommendationGroup(title, rows) for title, rows in groups.items()]
