"""A plan's items filtered and counted by facet: what each filter value would give.

The plan page, its CSV and XLSX download and the ente's home page read one `PlanFacts`:
a fixed handful of queries loads, for every item of the plan, what the filters ask of it
(its departments and their statuses, its terms, the mandate lines it refers to, the years
of its log). Filtering and counting are then set operations, so the number of queries
grows neither with the options offered nor with the items found, and the filter values
a URL carries never reach the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from cruscotto.core.models import OrgUnit
from cruscotto.plans.models import (
    ItemTag,
    Link,
    Plan,
    PlanItem,
    Responsibility,
    Taxonomy,
    Term,
)
from cruscotto.plans.services.taxonomies import (
    CLASSIFICATION_TAXONOMIES,
    OCCURRENCE_TAXONOMIES,
    filter_order,
    term_level_label,
)

# Levels that only group the items that carry the work: not listed among filtered items.
GROUPING_LEVELS = {PlanItem.Level.MISSIONE, PlanItem.Level.PROGRAMMA}
# Levels an item refers to when the filter "linea" lists it.
LINE_LEVELS = {PlanItem.Level.LINEA}


@dataclass(frozen=True)
class ResponsibilityFact:
    org_unit_id: int
    role: str
    status_id: int | None


@dataclass
class PlanFacts:
    """What the filters ask of each item of one plan, loaded in a fixed number of queries."""

    plan: Plan
    levels: dict[int, str] = field(default_factory=dict)  # item → level
    parents: dict[int, int | None] = field(default_factory=dict)  # item → parent
    positions: dict[int, int] = field(default_factory=dict)
    responsibilities: dict[int, list[ResponsibilityFact]] = field(default_factory=dict)
    terms: dict[int, Term] = field(default_factory=dict)  # with their taxonomy
    term_items: dict[int, set[int]] = field(default_factory=dict)  # term → items it matches
    lines: dict[int, PlanItem] = field(default_factory=dict)  # lines the plan's items refer to
    line_items: dict[int, set[int]] = field(default_factory=dict)
    year_items: dict[int, set[int]] = field(default_factory=dict)
    org_units: dict[int, OrgUnit] = field(default_factory=dict)
    _terms_by_value: dict[str, Term] | None = None

    @property
    def has_responsibilities(self) -> bool:
        return bool(self.responsibilities)

    def term_by_value(self, value: str) -> Term | None:
        """The term a "taxonomy:code" value names, among those the plan's items carry."""
        if self._terms_by_value is None:  # the terms are all read by load_plan_facts
            self._terms_by_value = {
                f"{term.taxonomy.code}:{term.code}": term for term in self.terms.values()
            }
        return self._terms_by_value.get(value)

    def term_depth(self, term: Term) -> int:
        depth, parent_id = 0, term.parent_id
        while parent_id is not None and depth < 10:
            depth += 1
            parent = self.terms.get(parent_id)
            parent_id = parent.parent_id if parent else None
        return depth


# The fields of a term and of its parent, read beside each tag: the terms come with the
# rows that use them instead of in a query of their own.
TERM_FIELDS = (
    "id",
    "code",
    "name",
    "position",
    "parent_id",
    "taxonomy_id",
    "taxonomy__code",
    "taxonomy__name",
    "taxonomy__kind",
    "parent__code",
    "parent__name",
    "parent__position",
    "parent__parent_id",
)


class _Terms:
    """The terms met in the rows read, built from their fields (see TERM_FIELDS)."""

    def __init__(self) -> None:
        self.terms: dict[int, Term] = {}
        self.taxonomies: dict[int, Taxonomy] = {}

    def add(self, values: Sequence[Any]) -> int | None:
        """Keep the term (and its parent) whose TERM_FIELDS are `values`; return its id."""
        pk, code, name, position, parent_id, taxonomy_id, taxonomy_code, taxonomy_name = values[:8]
        if pk is None:
            return None
        taxonomy = self.taxonomies.get(taxonomy_id)
        if taxonomy is None:
            taxonomy = Taxonomy(
                pk=taxonomy_id, code=taxonomy_code, name=taxonomy_name, kind=values[8]
            )
            self.taxonomies[taxonomy_id] = taxonomy
        if pk not in self.terms:
            self.terms[pk] = Term(
                pk=pk,
                code=code,
                name=name,
                position=position,
                parent_id=parent_id,
                taxonomy=taxonomy,
            )
        if parent_id is not None and parent_id not in self.terms:
            parent_code, parent_name, parent_position, grandparent_id = values[9:13]
            self.terms[parent_id] = Term(
                pk=parent_id,
                code=parent_code,
                name=parent_name,
                position=parent_position,
                parent_id=grandparent_id,
                taxonomy=taxonomy,
            )
        return int(pk)


def load_plan_facts(plan: Plan) -> PlanFacts:
    """Read what every filter asks of the plan's items: four queries, whatever the plan."""
    facts = PlanFacts(plan)
    terms = _Terms()
    matches: dict[int, set[int]] = defaultdict(set)  # term → items it matches
    classified: dict[int, list[int]] = defaultdict(list)  # item → its classification terms
    for row in PlanItem.objects.filter(plan=plan).values_list(
        "pk", "parent_id", "level", "position", *(f"tags__term__{name}" for name in TERM_FIELDS)
    ):
        pk = row[0]
        facts.levels[pk], facts.parents[pk], facts.positions[pk] = row[2], row[1], row[3]
        term_id = terms.add(row[4:])
        if term_id is not None:
            matches[term_id].add(pk)
            if terms.terms[term_id].taxonomy.code in CLASSIFICATION_TAXONOMIES:
                classified[pk].append(term_id)
    seen_responsibilities: set[tuple[int, int, str]] = set()
    for row in (
        Responsibility.objects.filter(item__plan=plan)
        .order_by("item_id", "role", "position")
        .values_list(
            "item_id",
            "org_unit_id",
            "org_unit__name",
            "role",
            "log__year_from",
            "log__year_to",
            *(f"status__{name}" for name in TERM_FIELDS),
        )
        .distinct()
    ):
        item_id, unit_id, unit_name, role, year_from, year_to = row[:6]
        status_id = terms.add(row[6:])
        if (item_id, unit_id, role) not in seen_responsibilities:
            seen_responsibilities.add((item_id, unit_id, role))
            facts.responsibilities.setdefault(item_id, []).append(
                ResponsibilityFact(unit_id, role, status_id)
            )
            if unit_id not in facts.org_units:
                facts.org_units[unit_id] = OrgUnit(pk=unit_id, name=unit_name)
        if year_from is not None:
            # A log entry of one year prints no end: it covers its own year.
            for year in range(year_from, max(year_to or year_from, year_from) + 1):
                facts.year_items.setdefault(year, set()).add(item_id)
    _inherit_classification(facts, classified, matches)
    _match_through_links(facts, terms, matches)
    for term_id, items in list(matches.items()):
        parent_id, depth = terms.terms[term_id].parent_id, 0
        while parent_id is not None and depth < 10:
            matches[parent_id] |= items
            parent = terms.terms.get(parent_id)
            parent_id, depth = (parent.parent_id if parent else None), depth + 1
    facts.terms = terms.terms
    facts.term_items = {pk: items for pk, items in matches.items() if pk in terms.terms}
    return facts


def _inherit_classification(
    facts: PlanFacts, classified: dict[int, list[int]], matches: dict[int, set[int]]
) -> None:
    """An item is in the classes of its ancestors: an activity in its programma's missione."""
    for item_id in facts.levels:
        parent_id, depth = facts.parents[item_id], 0
        while parent_id is not None and depth < 20:  # plans are a few levels deep
            for term_id in classified.get(parent_id, ()):
                matches[term_id].add(item_id)
            parent_id, depth = facts.parents.get(parent_id), depth + 1


def _match_through_links(facts: PlanFacts, terms: _Terms, matches: dict[int, set[int]]) -> None:
    """An item matches the terms of the items it links to (an activity, the groups of the
    mandate lines it refers to); for the SDGs and PNRR missions, those its programma's row
    prints beside the line it refers to (OCCURRENCE_TAXONOMIES), not all the line's."""
    plan = facts.plan
    for row in ItemTag.objects.filter(item__links_in__from_item__plan=plan).values_list(
        "item__links_in__from_item_id",
        "item__links_in__kind",
        *(f"term__{name}" for name in TERM_FIELDS),
    ):
        from_id, kind = row[:2]
        term_id = terms.add(row[2:])
        if term_id is None:
            continue
        occurrence = terms.terms[term_id].taxonomy.code in OCCURRENCE_TAXONOMIES
        if not (occurrence and kind in (Link.Kind.LISTS, Link.Kind.REFERS_TO)):
            matches[term_id].add(from_id)
    stated: dict[tuple[int, int], set[int]] = defaultdict(set)  # (item, line) → terms
    referring: list[tuple[int, int]] = []
    for row in Link.objects.filter(from_item__plan=plan).values_list(
        "from_item_id",
        "to_item_id",
        "kind",
        "to_item__level",
        "to_item__code",
        "to_item__title",
        *(f"tags__term__{name}" for name in TERM_FIELDS),
    ):
        from_id, to_id, kind, level, code, title = row[:6]
        term_id = terms.add(row[6:])
        if term_id is not None:  # the programma's row prints it beside the line
            matches[term_id].add(from_id)
            stated[(from_id, to_id)].add(term_id)
        if kind == Link.Kind.REFERS_TO:
            referring.append((from_id, to_id))
        if level in LINE_LEVELS and kind in (Link.Kind.LISTS, Link.Kind.REFERS_TO):
            if to_id not in facts.lines:
                facts.lines[to_id] = PlanItem(pk=to_id, level=level, code=code, title=title)
            facts.line_items.setdefault(to_id, set()).add(from_id)
    for from_id, to_id in referring:
        for term_id in stated.get((facts.parents.get(from_id) or 0, to_id), ()):
            matches[term_id].add(from_id)


@dataclass(frozen=True)
class FacetOption:
    value: str  # as the URL carries it
    label: str
    count: int  # items of the current selection the option would give
    selected: bool


@dataclass(frozen=True)
class Facet:
    param: str  # the query parameter
    key: str  # unique among the page's facets: the form control's id
    label: str
    options: list[FacetOption]

    @property
    def selected(self) -> FacetOption | None:
        return next((option for option in self.options if option.selected), None)


@dataclass
class Dimension:
    """One way of narrowing the items: the value chosen, and what each value matches."""

    param: str
    key: str
    label: str
    values: list[tuple[str, str]]  # (value, label) offered, in display order
    match: Callable[[str], Iterable[int]]
    selected: str = ""
    # Dimensions of one group narrow together (a status and a unit: the same department's),
    # so counting one of them leaves out its partners' selections too.
    group: str = ""


@dataclass
class FacetedResult:
    item_ids: list[int]  # in the plan's order
    facets: list[Facet]
    unknown_filters: list[str]  # values no option names: "nessuna voce" rather than all


def build_dimensions(facts: PlanFacts, filters: FilterValues) -> list[Dimension]:
    """The plan's filters: status, department, impact, the taxonomies offered (the mandate's
    groups, missione, programma, SDG, PNRR, zones), mandate line, year."""
    status_code = filters.status
    unit_id = filters.org_unit
    statuses = {
        fact.status_id
        for facts_of_item in facts.responsibilities.values()
        for fact in facts_of_item
        if fact.status_id is not None and fact.role == Responsibility.Role.RESPONSIBLE
    }
    status_terms = sorted(
        (facts.terms[pk] for pk in statuses if pk in facts.terms),
        key=lambda term: (term.position, term.code),
    )

    # Which items each unit, status, and unit with status matches, indexed in one pass:
    # each option is then a look-up, however many units and activities the plan has.
    by_unit: dict[int, set[int]] = defaultdict(set)
    by_status: dict[str, set[int]] = defaultdict(set)
    by_unit_and_status: dict[tuple[int, str], set[int]] = defaultdict(set)
    for item_id, facts_of_item in facts.responsibilities.items():
        for fact in facts_of_item:
            by_unit[fact.org_unit_id].add(item_id)
            term = facts.terms.get(fact.status_id) if fact.status_id is not None else None
            if fact.role == Responsibility.Role.RESPONSIBLE and term is not None:
                by_status[term.code].add(item_id)
                by_unit_and_status[(fact.org_unit_id, term.code)].add(item_id)
    nothing: set[int] = set()

    def match_responsibility(status: str, unit: int | None) -> set[int]:
        """Items of which one department's responsibility matches both the status and the
        unit ("concluded for the Polizia Locale"), not one each."""
        if status and unit is not None:
            return by_unit_and_status.get((unit, status), nothing)
        if status:
            return by_status.get(status, nothing)
        if unit is not None:
            return by_unit.get(unit, nothing)
        return set(facts.responsibilities)

    dimensions = [
        Dimension(
            "stato",
            "stato",
            "Stato",
            [(term.code, term.name) for term in status_terms],
            lambda value: match_responsibility(value, unit_id),
            status_code,
            group="responsabilita",
        ),
        Dimension(
            "struttura",
            "struttura",
            "Struttura",
            [
                (str(unit.pk), unit.name)
                for unit in sorted(facts.org_units.values(), key=lambda unit: unit.name)
            ],
            lambda value: match_responsibility(status_code, _int_or_none(value)),
            str(unit_id or ""),
            group="responsabilita",
        ),
    ]
    by_facet: dict[tuple[str, int], list[Term]] = defaultdict(list)
    for term in facts.terms.values():
        if term.taxonomy.code == "impatto" or filter_order(term.taxonomy) is not None:
            by_facet[(term.taxonomy.code, facts.term_depth(term))].append(term)

    def match_term(value: str) -> set[int]:
        term = facts.term_by_value(value)
        return facts.term_items.get(term.pk, set()) if term else set()

    def match_impact(value: str) -> set[int]:
        return match_term(f"impatto:{value}")

    impacts = by_facet.pop(("impatto", 0), [])
    if impacts:
        impacts.sort(key=lambda term: (term.position, term.code))
        dimensions.append(
            Dimension(
                "impatto",
                "impatto",
                "Impatto",
                [(term.code, term.name) for term in impacts],
                match_impact,
                filters.impact,
            )
        )
    chosen_tags = list(filters.tags)
    for (taxonomy_code, depth), terms in sorted(
        by_facet.items(),
        key=lambda entry: (filter_order(entry[1][0].taxonomy) or (9, 0), entry[0][1]),
    ):
        terms.sort(key=lambda term: (term.position, term.code))
        taxonomy = terms[0].taxonomy
        values = [(f"{taxonomy_code}:{term.code}", _term_label(term)) for term in terms]
        offered = {value for value, _ in values}
        selected = next((tag for tag in chosen_tags if tag in offered), "")
        if selected:
            chosen_tags.remove(selected)
        dimensions.append(
            Dimension(
                "tag",
                f"tag-{taxonomy_code}-{depth}",
                term_level_label(taxonomy, depth),
                values,
                match_term,
                selected,
            )
        )
    # A tag no facet offers (a term of another taxonomy, or none): it still narrows.
    for index, tag in enumerate(chosen_tags):
        dimensions.append(Dimension("tag", f"tag-altro-{index}", "Tema", [], match_term, tag))
    if facts.lines:
        lines = sorted(facts.lines.values(), key=lambda line: (_code_order(line.code), line.pk))
        dimensions.append(
            Dimension(
                "linea",
                "linea",
                "Linea di mandato",
                [(str(line.pk), f"n° {line.code} – {line.title}"[:140]) for line in lines],
                lambda value: facts.line_items.get(_int_or_none(value) or 0, set()),
                str(filters.line or ""),
            )
        )
    dimensions.append(
        Dimension(
            "anno",
            "anno",
            "Anno",
            [(str(year), str(year)) for year in sorted(facts.year_items)],
            lambda value: facts.year_items.get(_int_or_none(value) or 0, set()),
            str(filters.year or ""),
        )
    )
    return dimensions


def _as_set(items: Iterable[int]) -> set[int] | frozenset[int]:
    return items if isinstance(items, set | frozenset) else set(items)


def _term_label(term: Term) -> str:
    if term.taxonomy.code in ("sdg", "bilancio_118"):
        return f"{term.code} – {term.name}"
    return term.name


def _code_order(code: str) -> tuple[int, str]:
    return (int(code), "") if code.isascii() and code.isdigit() else (10**6, code)


def _int_or_none(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def base_items(facts: PlanFacts, level: str) -> set[int]:
    """The items a filter chooses among: those of `level` when one is asked; else those a
    department answers for (not the missioni and programmi that group them), or every item
    of a plan without departments."""
    if level:
        return {pk for pk, item_level in facts.levels.items() if item_level == level}
    if facts.has_responsibilities:
        return {
            pk
            for pk in facts.responsibilities
            if facts.levels.get(pk) not in GROUPING_LEVELS and pk in facts.levels
        }
    return set(facts.levels)


class FilterValues(Protocol):
    """What `facet_items` reads of the filters (ItemFilters in browse.py)."""

    @property
    def status(self) -> str: ...
    @property
    def org_unit(self) -> int | None: ...
    @property
    def impact(self) -> str: ...
    @property
    def tags(self) -> tuple[str, ...]: ...
    @property
    def line(self) -> int | None: ...
    @property
    def year(self) -> int | None: ...
    @property
    def level(self) -> str: ...


def facet_items(facts: PlanFacts, filters: FilterValues) -> FacetedResult:
    """The items passing every filter, and each facet with the count each of its options would
    give with the other filters kept (options giving none are left out, unless chosen)."""
    base = base_items(facts, filters.level)
    dimensions = build_dimensions(facts, filters)
    chosen = {id(d): base & _as_set(d.match(d.selected)) for d in dimensions if d.selected}
    found = set(base)
    for narrowed in chosen.values():
        found &= narrowed
    facets = []
    for dimension in dimensions:
        others = set(base)
        for other in dimensions:
            if other.selected and not (
                other is dimension or (other.group and other.group == dimension.group)
            ):
                others &= chosen[id(other)]
        options = []
        for value, label in dimension.values:
            count = len(others & _as_set(dimension.match(value)))
            if count or value == dimension.selected:
                options.append(FacetOption(value, label, count, value == dimension.selected))
        if options:
            facets.append(Facet(dimension.param, dimension.key, dimension.label, options))
    unknown = [
        f"{d.param}={d.selected}"
        for d in dimensions
        if d.selected and d.selected not in {value for value, _ in d.values}
    ]
    return FacetedResult(
        sorted(found, key=lambda pk: (facts.positions.get(pk, 0), pk)), facets, unknown
    )
