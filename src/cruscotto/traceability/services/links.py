"""Links between plans derived by rules, refreshed after every import that can change them.

Each rule reads the items of the plans in the database and states which links
it makes; `refresh_derived_links` makes the links each rule owns equal to that
list (natural-key sync), so it can run after any import, in any order, and a
second run changes nothing. Links stated by a loader and links a user entered
are never touched; a user's link also binds the rules (see below).

Rules:

- `mandate_to_previous_psm`: a strategy of the PSM in force when the mandate
  began *serves* a mandate action of the same axis. The mandate reprints that
  PSM's strategies as its actions ("le linee programmatiche … seguono gli assi
  … così come sono stati concretizzati ed aggiornati nel vigente Piano
  strategico metropolitano"), adding some of its own, so each strategy serves
  at most one action and each action is served by at most one strategy.
- `psm_editions`: a strategy of a PSM edition *continues* at most one strategy
  of the previous edition, same axis, and each is continued at most once.
  Codes are renumbered between editions (2021-23's 1.3 is 2024-26's 1.2).
  A new edition that prints "ex 1.3" (or "già strategia 1.3") *states* the
  link: it is made with origin `stated`, sourced to the item that prints it,
  and the words are not asked. The link records the `change`: `kept` when the
  new title has the words the old strategy is known by (as the document that
  loaded it cites it, or as the mandate reprints it), else `renamed`.
- `needs_to_strategies`: a strategy of a PSM edition *addresses* the need of
  the same edition's preliminary phase, same axis, whose words its title and
  description share most (a need may be addressed by several strategies). A
  strategy a user linked to a need is left to the user.

One to one, best pairs first: every same-axis pair is scored by the words the
two texts share; the best-scoring pair is linked first, and each item is used
once. Two pairs with the same score competing for one item link neither (a
rule does not pick by chance). The pairs are made in passes: first on the
strategies' own words (titles); then, for the items left, on fuller texts
(descriptions). Between editions the second pass only pairs strategies that
kept their code: their code alone proves nothing, but with words in common it
is the best evidence left.

A link a user entered (origin `user`) stands: the rule makes no link with the
same key, and in a one-to-one rule both its items count as used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from cruscotto.core.services.sync import SyncCounts
from cruscotto.plans.models import Link, Plan, PlanItem
from cruscotto.plans.services.links import sync_links, user_link_keys
from cruscotto.search.services import stem_text, stem_word

# A pair is linked when at least this many stems are shared and they make at
# least this share of the shorter text: low enough for "Promuovere la sharing
# economy come fattore di sviluppo locale" ~ "promuovere la sharing economy come
# fattore di sviluppo locale", high enough that two texts sharing only
# "metropoli" and "territorio" stay apart.
MIN_SHARED_STEMS = 2
MIN_SHARE = 0.34
# Between editions titles are short and built from the same few verbs
# ("Costruire un sistema territoriale del cibo …", "Costruire un sistema di
# centri sanitari …"): two shared stems are not enough.
MIN_SHARED_EDITIONS = 3
# Between editions, a strategy that kept its code and found no match by its
# title is paired on title and description when they share this many stems:
# 2024-26's 4.1 "Migliorare ed innovare l'infrastruttura e l'offerta scolastica"
# shares none of the words of 2021-23's 4.1 "Diventare la metropoli laboratorio
# di una nuova scuola", but its description speaks of the same school buildings.
MIN_SHARED_SAME_CODE = 3
MIN_SHARE_SAME_CODE = 0.1

# Words that join, not mean: the search's stop words cover fewer.
FUNCTION_WORDS = frozenset(
    stem_word(word)
    for line in [
        "ed al ai alla alle allo agli dei delle degli dello nel nei nella nelle sul sui",
        "sulla sulle un una uno che come tra fra su lo gli sue suo sua dal dalla dall nell",
        "sull all ne non ma anche più ecc tutti tutto essere",
    ]
    for word in line.split()
)
# "(ex 1.3)", "ex strategia 1.3", "già 1.3": a new edition citing a strategy's earlier code.
EARLIER_CODE = re.compile(r"\b(?:ex|già)\s+(?:strategia\s+)?(\d+\.\d+)\b", re.IGNORECASE)


def words(text: str) -> frozenset[str]:
    """Return the stems of `text` that carry meaning."""
    return frozenset(stem for stem in stem_text(text) if stem not in FUNCTION_WORDS)


@dataclass(frozen=True)
class Candidate:
    item_id: int
    axis: str  # the code of the axis the item sits under
    code: str
    texts: tuple[frozenset[str], ...]  # its words, closest wording first, fuller texts after

    def text(self, rank: int) -> frozenset[str]:
        return self.texts[min(rank, len(self.texts) - 1)]


def axis_of(item: PlanItem, by_id: dict[int, PlanItem]) -> str:
    """Return the code of the axis an item sits under (its own code if it is an axis)."""
    current: PlanItem | None = item
    while current is not None and current.level != PlanItem.Level.ASSE:
        current = by_id.get(current.parent_id) if current.parent_id else None
    return current.code if current is not None else ""


def candidates(
    items: Iterable[PlanItem],
    by_id: dict[int, PlanItem],
    texts_of: Callable[[PlanItem], Sequence[str]],
) -> list[Candidate]:
    return [
        Candidate(
            item.pk,
            axis_of(item, by_id),
            item.code,
            tuple(words(text) for text in texts_of(item)),
        )
        for item in items
    ]


def score(source: frozenset[str], target: frozenset[str]) -> tuple[float, int]:
    """Return (share of the shorter text, stems shared)."""
    if not source or not target:
        return (0.0, 0)
    shared = len(source & target)
    return (shared / min(len(source), len(target)), shared)


def close_enough(
    scored: tuple[float, int], min_shared: int = MIN_SHARED_STEMS, min_share: float = MIN_SHARE
) -> bool:
    return scored[1] >= min_shared and scored[0] >= min_share


@dataclass(frozen=True)
class Pass:
    """One round of pairing: which texts to compare and what is close enough."""

    rank: int  # which of each candidate's texts: 0 its own words, then fuller
    same_code: bool = False
    min_shared: int = MIN_SHARED_STEMS
    min_share: float = MIN_SHARE


def one_to_one(
    sources: list[Candidate],
    targets: list[Candidate],
    passes: Sequence[Pass],
    used: Iterable[int] = (),
) -> list[tuple[int, int]]:
    """Return (source id, target id) pairs, best first, each item used once.

    `used` holds the ids already paired (by a user or a document): they take
    no part. Pairs of equal score competing for an item link neither, and the
    items they compete for are not offered to worse pairs of the same pass.
    """
    taken = set(used)
    pairs: list[tuple[int, int]] = []
    for round_ in passes:
        scored: dict[tuple[float, int], list[tuple[int, int]]] = {}
        for source in sources:
            for target in targets:
                if source.axis != target.axis or {source.item_id, target.item_id} & taken:
                    continue
                if round_.same_code and source.code != target.code:
                    continue
                value = score(source.text(round_.rank), target.text(round_.rank))
                if close_enough(value, round_.min_shared, round_.min_share):
                    scored.setdefault(value, []).append((source.item_id, target.item_id))
        blocked: set[int] = set()
        for value in sorted(scored, reverse=True):
            free = [pair for pair in scored[value] if not set(pair) & (taken | blocked)]
            ends = [end for pair in free for end in pair]
            for source_id, target_id in free:
                if ends.count(source_id) > 1 or ends.count(target_id) > 1:
                    blocked |= {source_id, target_id}
                else:
                    pairs.append((source_id, target_id))
                    taken |= {source_id, target_id}
    return pairs


def best_matches(sources: list[Candidate], targets: list[Candidate]) -> list[tuple[int, int]]:
    """Return (source id, target id) for each source's best target of the same axis, if close enough.

    Many sources may pick the same target. A tie between two targets links neither.
    """
    pairs = []
    for source in sources:
        scored = sorted(
            (
                (score(source.text(0), target.text(0)), target.item_id)
                for target in targets
                if target.axis == source.axis
            ),
            reverse=True,
        )
        scored = [(value, target_id) for value, target_id in scored if close_enough(value)]
        if scored and (len(scored) == 1 or scored[0][0] != scored[1][0]):
            pairs.append((source.item_id, scored[0][1]))
    return pairs


def items_of(plans: QuerySet[Plan]) -> dict[int, PlanItem]:
    return {item.pk: item for item in PlanItem.objects.filter(plan__in=plans)}


def strategy_text(item: PlanItem) -> str:
    """The words of a strategy: its title, or, when only its code was printed, what was said of it."""
    if item.title and not item.title.startswith("Strategia "):
        return item.title
    return item.description.split(". ")[0]


def action_text(item: PlanItem) -> str:
    return f"{item.title} {item.description}"


def plans_with(level: str) -> QuerySet[Plan]:
    return Plan.objects.filter(items__level=level).distinct()


def link_row(from_id: int, to_id: int, kind: str, **extra: Any) -> dict[str, Any]:
    return {
        "from_item_id": from_id,
        "to_item_id": to_id,
        "kind": kind,
        "origin": Link.Origin.DERIVED,
        "local_code": "",
        "change": "",
        "source_document_id": None,
        "source_line": None,
        **extra,
    }


def used_by_users(kind: str, ids: set[int]) -> set[int]:
    """Return the ids among `ids` that a user's link of `kind` already pairs."""
    return {
        end
        for from_id, to_id, link_kind in user_link_keys()
        if link_kind == kind and {from_id, to_id} <= ids
        for end in (from_id, to_id)
    }


# -- mandate ↔ the PSM in force ------------------------------------------------


def mandate_to_previous_psm() -> list[dict[str, Any]]:
    links = []
    # A mandate is paired with strategies: its ente's PSM's, or its own. Where there are
    # none (a comune has no PSM) nothing can pair, so it is skipped without a query: every
    # import runs this rule, and with 130 comuni it spent 9 s of a 14 s import on them.
    with_strategies = list(
        plans_with(PlanItem.Level.STRATEGIA).values_list("pk", "kind", "ente_id")
    )
    enti_with_psm = {ente_id for _, kind, ente_id in with_strategies if kind == Plan.Kind.PSM}
    plans_with_strategies = {pk for pk, _, _ in with_strategies}
    for mandate in plans_with(PlanItem.Level.AZIONE).filter(kind=Plan.Kind.MANDATO):
        if mandate.period_start is None:
            continue
        if mandate.ente_id not in enti_with_psm and mandate.pk not in plans_with_strategies:
            continue
        in_force = plans_with(PlanItem.Level.STRATEGIA).filter(
            kind=Plan.Kind.PSM,
            ente_id=mandate.ente_id,
            period_start__lte=mandate.period_start,
            period_end__gte=mandate.period_start,
        )
        by_id = items_of(Plan.objects.filter(Q(pk=mandate.pk) | Q(pk__in=in_force)))
        strategies = [i for i in by_id.values() if i.level == PlanItem.Level.STRATEGIA]
        actions = [
            i
            for i in by_id.values()
            if i.plan_id == mandate.pk and i.level == PlanItem.Level.AZIONE
        ]
        pairs = one_to_one(
            candidates(strategies, by_id, lambda i: [strategy_text(i)]),
            candidates(actions, by_id, lambda i: [i.title, action_text(i)]),
            [Pass(rank=0), Pass(rank=1)],
            used_by_users(Link.Kind.SERVES, set(by_id)),
        )
        links += [link_row(source, target, Link.Kind.SERVES) for source, target in pairs]
    return links


# -- one PSM edition ↔ the previous one ----------------------------------------


def edition_pairs() -> list[tuple[Plan, Plan]]:
    """Return (previous edition, edition) for every PSM edition with strategies that has one.

    The previous edition is the latest of the same ente that ended before this
    one began. A preliminary phase has needs, not strategies: it is no edition.
    """
    editions = list(
        plans_with(PlanItem.Level.STRATEGIA)
        .filter(kind=Plan.Kind.PSM)
        .select_related("ente")
        .order_by("ente_id", "period_start", "code")
    )
    pairs = []
    for plan in editions:
        earlier = [
            other
            for other in editions
            if other.ente_id == plan.ente_id
            and other.period_end is not None
            and plan.period_start is not None
            and other.period_end < plan.period_start
        ]
        if earlier:
            pairs.append((max(earlier, key=lambda other: other.period_end or 0), plan))
    return pairs


def mandate_wordings(strategy_ids: Iterable[int]) -> dict[int, list[PlanItem]]:
    """Return, per strategy, the mandate actions it serves: the mandate reprints its words."""
    found: dict[int, list[PlanItem]] = {}
    for link in Link.objects.filter(
        kind=Link.Kind.SERVES,
        from_item_id__in=list(strategy_ids),
        to_item__plan__kind=Plan.Kind.MANDATO,
    ).select_related("to_item"):
        found.setdefault(link.from_item_id, []).append(link.to_item)
    return found


def known_wordings(old: PlanItem, reprints: list[PlanItem]) -> list[str]:
    """The words an earlier edition's strategy is known by: as the mandate reprints it, as cited."""
    return [*(action.title for action in reprints), strategy_text(old)]


def change_between(old_title: str, new: PlanItem) -> str:
    """Return `kept` when the new title has the very words of the old one, else `renamed`.

    The old title is the one the mandate reprints in bold when it does (the
    report of a preliminary phase only glosses the strategies in its prose).
    Function words are not compared: "ed" for "e" is no renaming.
    """
    return Link.Change.KEPT if words(old_title) == words(new.title) else Link.Change.RENAMED


def old_title(old: PlanItem) -> str:
    """Return the title an earlier edition's strategy is compared by (see `change_between`)."""
    return known_wordings(old, mandate_wordings([old.pk]).get(old.pk, []))[0]


def edition_change(new: PlanItem, old: PlanItem) -> str:
    """Return the `change` of "`new` continues `old`": kept or renamed."""
    return change_between(old_title(old), new)


def stated_earlier_codes(item: PlanItem) -> list[str]:
    return EARLIER_CODE.findall(f"{item.title} {item.description}")


def psm_editions() -> list[dict[str, Any]]:
    """The `continues` links of every edition: stated by "ex 1.3", else derived (see the module)."""
    return [row for previous, plan in edition_pairs() for row in edition_links(previous, plan)]


def edition_links(previous: Plan, plan: Plan) -> list[dict[str, Any]]:
    by_id = items_of(Plan.objects.filter(pk__in=[plan.pk, previous.pk]))
    new = [
        i for i in by_id.values() if i.plan_id == plan.pk and i.level == PlanItem.Level.STRATEGIA
    ]
    old = [
        i
        for i in by_id.values()
        if i.plan_id == previous.pk and i.level == PlanItem.Level.STRATEGIA
    ]
    old_by_code = {item.code: item for item in old}
    reprints = mandate_wordings(item.pk for item in old)
    wordings = {item.pk: known_wordings(item, reprints.get(item.pk, [])) for item in old}
    titles = {pk: known[0] for pk, known in wordings.items()}
    fuller = {
        item.pk: [*wordings[item.pk], *(action.description for action in reprints.get(item.pk, []))]
        for item in old
    }
    stated = {
        (item.pk, old_by_code[code].pk): item
        for item in new
        for code in stated_earlier_codes(item)
        if code in old_by_code
    }
    used = used_by_users(Link.Kind.CONTINUES, set(by_id)) | {end for pair in stated for end in pair}
    derived = one_to_one(
        candidates(new, by_id, lambda i: [i.title, f"{i.title} {i.description}"]),
        candidates(old, by_id, lambda i: [" ".join(wordings[i.pk]), " ".join(fuller[i.pk])]),
        [
            Pass(rank=0, min_shared=MIN_SHARED_EDITIONS),
            Pass(
                rank=1,
                same_code=True,
                min_shared=MIN_SHARED_SAME_CODE,
                min_share=MIN_SHARE_SAME_CODE,
            ),
        ],
        used,
    )
    links = [
        link_row(
            new_id,
            old_id,
            Link.Kind.CONTINUES,
            origin=Link.Origin.STATED,
            change=change_between(titles[old_id], item),
            source_document_id=item.source_document_id,
            source_line=item.source_line,
        )
        for (new_id, old_id), item in stated.items()
    ]
    links += [
        link_row(
            new_id,
            old_id,
            Link.Kind.CONTINUES,
            change=change_between(titles[old_id], by_id[new_id]),
        )
        for new_id, old_id in derived
    ]
    return links


# -- needs of a preliminary phase ↔ the strategies of the edition ----------------


def needs_to_strategies() -> list[dict[str, Any]]:
    links = []
    phases = plans_with(PlanItem.Level.BISOGNO).filter(kind=Plan.Kind.PSM)
    for phase in phases:
        editions = (
            plans_with(PlanItem.Level.STRATEGIA)
            .filter(kind=Plan.Kind.PSM, ente_id=phase.ente_id, edition=phase.edition)
            .exclude(pk=phase.pk)
        )
        by_id = items_of(Plan.objects.filter(Q(pk=phase.pk) | Q(pk__in=editions)))
        needs = [
            i
            for i in by_id.values()
            if i.plan_id == phase.pk
            and i.level == PlanItem.Level.BISOGNO
            and i.parent_id is not None
            and by_id[i.parent_id].level == PlanItem.Level.ASSE
        ]
        decided = used_by_users(Link.Kind.ADDRESSES, set(by_id))
        strategies = [
            i for i in by_id.values() if i.level == PlanItem.Level.STRATEGIA and i.pk not in decided
        ]
        pairs = best_matches(
            candidates(strategies, by_id, lambda i: [f"{i.title} {i.description}"]),
            candidates(needs, by_id, lambda i: [i.title]),
        )
        links += [link_row(source, target, Link.Kind.ADDRESSES) for source, target in pairs]
    return links


# Each rule with the links it owns: only those are replaced when it runs (never
# a user's). They run in this order: `psm_editions` reads the mandate's
# reprints of the earlier edition, which `mandate_to_previous_psm` links first.
RULES: list[tuple[Callable[[], list[dict[str, Any]]], Q]] = [
    (
        mandate_to_previous_psm,
        Q(
            kind=Link.Kind.SERVES,
            origin=Link.Origin.DERIVED,
            from_item__level=PlanItem.Level.STRATEGIA,
            to_item__plan__kind=Plan.Kind.MANDATO,
        ),
    ),
    (
        psm_editions,
        # "ex 1.3" is read from the items by this rule, as the earlier edition
        # may be imported after the later one: its stated links are the rule's.
        Q(
            kind=Link.Kind.CONTINUES,
            origin__in=[Link.Origin.DERIVED, Link.Origin.STATED],
            from_item__level=PlanItem.Level.STRATEGIA,
            to_item__level=PlanItem.Level.STRATEGIA,
        ),
    ),
    (
        needs_to_strategies,
        Q(
            kind=Link.Kind.ADDRESSES,
            origin=Link.Origin.DERIVED,
            from_item__level=PlanItem.Level.STRATEGIA,
            to_item__level=PlanItem.Level.BISOGNO,
        ),
    ),
]


def refresh_derived_links(counts: SyncCounts) -> None:
    """Make the links of every rule match what the rule makes of the data now."""
    for rule, owned in RULES:
        rows = rule()
        unique = {(row["from_item_id"], row["to_item_id"], row["kind"]): row for row in rows}
        sync_links(Link.objects.filter(owned), list(unique.values()), counts)
