"""Load the report of a PSM's preliminary phase into the database.

It feeds two plans of the Città metropolitana, both of kind "psm":

- the previous edition ("2021-2023"): its axes and the strategies the report
  cites, each with the implementation evidence the territory reported;
- the preliminary phase of the new edition ("2024-2026-fase-preliminare",
  edition "2024-2026"): axes, needs with their sub-indications, new themes with
  their possible axes, recommendations and the consultation method.

The new edition's own plan (assi → strategie → azioni) is the one the
monitoring report loads; the links between them are derived by
`cruscotto.traceability` after every import (see `loaders.formats`), so the
order of the imports does not matter.

The previous edition is another document's plan too: the next edition's
preliminary report restates PSM 2024-2026, whose monitoring reports stated its
strategies, actions and context indicators. Plans, axes, strategies and links
are synchronised as this document's statements (`DocumentLoader.sync`): what a
monitoring stated is neither rewritten nor deleted, this report's own wording
is kept on its statement. The evidence, themes, recommendations and method are
this report's own (`DocumentLoader.sync_own`).
"""

from __future__ import annotations

from django.db import transaction

from cruscotto.council.models import (
    PRELIMINARY_PLAN_SUFFIX,
    ConsultationMethod,
    Recommendation,
    StrategyEvidence,
    ThemeProfile,
)
from cruscotto.domain import formats
from cruscotto.importers.psm_preliminary.records import PreliminaryDocument
from cruscotto.loaders.common import (
    DocumentLoader,
    ImportFailed,
    LoadResult,
    Progress,
    SilentProgress,
    SourceFile,
    register_document,
    sync_diagnostics,
    write_audit,
)
from cruscotto.plans.models import Link, Plan, PlanItem
from cruscotto.plans.services.links import sync_links

FORMAT_NAME = formats.PSM_PRELIMINARY
LOAD_STEPS = 3  # progress.advance() calls made by load_psm_preliminary


class PreliminaryLoader(DocumentLoader[PreliminaryDocument]):
    """One load of one parsed report; `run` does it all inside a transaction."""

    def run(self) -> LoadResult:
        parsed = self.parsed
        if None in (parsed.plan_start, parsed.plan_end, parsed.previous_start, parsed.previous_end):
            raise ImportFailed(f"{self.source.name}: i periodi dei piani non sono indicati")
        period = f"{parsed.plan_start}-{parsed.plan_end}"
        with transaction.atomic():
            ente = self.resolve_ente(parsed.ente, parsed.ente_line)
            self.ente_id = ente.pk
            self.document = register_document(
                self.source,
                f"{ente.code}/{FORMAT_NAME}/{period}",
                FORMAT_NAME,
                f"{parsed.title} {period}",
                ente,
                self.counts,
            )
            self.sync_previous_edition()
            self.progress.advance("PSM precedente e attuazione delle strategie")
            plan = self.sync_preliminary_plan(period)
            self.progress.advance("Esigenze, temi e raccomandazioni")
            sync_diagnostics(self.document, self.diagnostics, self.counts)
            write_audit(self.document, self.actor, self.counts)
            self.progress.advance("Fatto")
        assert plan is not None
        return LoadResult(self.document, self.counts, self.diagnostics, self.count_records())

    # -- helpers -------------------------------------------------------------

    def sync_plan(
        self, code: str, title: str, start: int | None, end: int | None, edition: str
    ) -> Plan:
        plans = self.sync(
            Plan.objects.filter(ente_id=self.ente_id, kind=Plan.Kind.PSM, code=code),
            ["code"],
            [
                {
                    **self.sourced(1),
                    "ente_id": self.ente_id,
                    "kind": Plan.Kind.PSM,
                    "code": code,
                    "title": title,
                    "period_start": start,
                    "period_end": end,
                    "edition": edition,
                }
            ],
        )
        return Plan.objects.get(pk=plans[(code,)])

    def sync_previous_edition(self) -> None:
        parsed = self.parsed
        code = f"{parsed.previous_start}-{parsed.previous_end}"
        plan = self.sync_plan(
            code,
            f"Piano strategico metropolitano {code}",
            parsed.previous_start,
            parsed.previous_end,
            code,
        )
        self.position = 0
        axes = self.sync_items(
            plan,
            PlanItem.Level.ASSE,
            [
                self.item_row(
                    plan,
                    None,
                    PlanItem.Level.ASSE,
                    f"asse-{axis.number}",
                    str(axis.number),
                    axis.title,
                    axis.line,
                )
                for axis in parsed.previous_axes
            ],
        )
        strategies = self.sync_items(
            plan,
            PlanItem.Level.STRATEGIA,
            [
                self.item_row(
                    plan,
                    axes.get(f"asse-{record.axis}"),
                    PlanItem.Level.STRATEGIA,
                    f"strategia-{record.code}",
                    record.code,
                    record.title or f"Strategia {record.code}",
                    record.line,
                    " ".join(record.sentences),
                )
                for record in sorted(
                    parsed.evidence, key=lambda r: [int(p) for p in r.code.split(".")]
                )
            ],
        )
        self.sync_own(
            StrategyEvidence.objects.filter(item__plan=plan),
            ["item_id"],
            [
                {
                    **self.sourced(record.line),
                    "item_id": strategies[f"strategia-{record.code}"],
                    "level": str(record.level),
                    "projects": record.projects,
                    "zones": record.zones,
                    "excerpt": "\n".join(record.sentences),
                }
                for record in parsed.evidence
            ],
        )

    # -- the preliminary phase of the new edition ------------------------------

    def sync_preliminary_plan(self, period: str) -> Plan:
        parsed = self.parsed
        plan = self.sync_plan(
            f"{period}-{PRELIMINARY_PLAN_SUFFIX}",
            f"Piano strategico metropolitano {period}: fase preliminare",
            parsed.plan_start,
            parsed.plan_end,
            period,
        )
        self.position = 0
        axes = self.sync_items(
            plan,
            PlanItem.Level.ASSE,
            [
                self.item_row(
                    plan,
                    None,
                    PlanItem.Level.ASSE,
                    f"asse-{axis.number}",
                    str(axis.number),
                    axis.title,
                    axis.line,
                )
                for axis in parsed.axes
            ],
        )
        self.sync_needs(plan, axes)
        themes = self.sync_items(
            plan,
            PlanItem.Level.TEMA,
            [
                self.item_row(
                    plan,
                    None,
                    PlanItem.Level.TEMA,
                    f"tema-{theme.number}",
                    str(theme.number),
                    theme.title,
                    theme.line,
                    "\n".join(part for part in [theme.note, *theme.indications] if part),
                )
                for theme in parsed.themes
            ],
        )
        self.sync_themes(plan, themes, axes)
        self.sync_recommendations(plan)
        self.sync_method(plan)
        return plan

    def sync_needs(self, plan: Plan, axes: dict[str, int]) -> None:
        """Needs hang under their axis, sub-indications under their need; both of level "bisogno"."""
        needs = self.parsed.needs
        rows = [
            self.item_row(
                plan,
                axes.get(f"asse-{need.axis}"),
                PlanItem.Level.BISOGNO,
                f"bisogno-{need.axis}.{need.number}",
                f"{need.axis}.{need.number}",
                need.text,
                need.line,
            )
            for need in needs
        ]
        need_ids = self.sync_items(
            plan, PlanItem.Level.BISOGNO, rows, {"parent__level": PlanItem.Level.ASSE}
        )
        sub_rows = [
            self.item_row(
                plan,
                need_ids[f"bisogno-{need.axis}.{need.number}"],
                PlanItem.Level.BISOGNO,
                f"bisogno-{need.axis}.{need.number}.{sub.letter}",
                sub.letter,
                sub.text,
                sub.line,
                "\n".join(sub.details),
            )
            for need in needs
            for sub in need.sub_needs
        ]
        self.sync_items(
            plan, PlanItem.Level.BISOGNO, sub_rows, {"parent__level": PlanItem.Level.BISOGNO}
        )

    def sync_themes(self, plan: Plan, themes: dict[str, int], axes: dict[str, int]) -> None:
        parsed = self.parsed
        self.sync_own(
            ThemeProfile.objects.filter(item__plan=plan),
            ["item_id"],
            [
                {
                    **self.sourced(theme.line),
                    "item_id": themes[f"tema-{theme.number}"],
                    "cross_cutting": theme.cross_cutting,
                    "axes": theme.axes,
                    "axes_as_printed": theme.axes_as_printed,
                }
                for theme in parsed.themes
            ],
        )
        # "possibili link a assi esistenti", as printed: each axis is a possible axis of the theme
        sync_links(
            Link.objects.filter(from_item__plan=plan, from_item__level=PlanItem.Level.TEMA),
            [
                {
                    **self.sourced(theme.line),
                    "from_item_id": themes[f"tema-{theme.number}"],
                    "to_item_id": axes[f"asse-{axis}"],
                    "kind": Link.Kind.POSSIBLE_AXIS,
                    "origin": Link.Origin.STATED,
                    "local_code": "",
                }
                for theme in parsed.themes
                for axis in theme.axes
                if f"asse-{axis}" in axes
            ],
            self.counts,
            owner=self.document,
        )

    def sync_recommendations(self, plan: Plan) -> None:
        self.sync_own(
            Recommendation.objects.filter(plan=plan),
            ["plan_id", "position"],
            [
                {
                    **self.sourced(row.line),
                    "plan_id": plan.pk,
                    "position": position,
                    "group": row.group,
                    "number": row.number,
                    "need": row.need,
                    "indications": row.indications,
                }
                for position, row in enumerate(self.parsed.recommendations, start=1)
            ],
        )

    def sync_method(self, plan: Plan) -> None:
        method = self.parsed.method
        rows = []
        if method is not None:
            rows.append(
                {
                    **self.sourced(method.line),
                    "plan_id": plan.pk,
                    "method": method.method,
                    "interviews": method.interviews,
                    "zones_consulted": method.zones_consulted,
                    "interview_format": method.interview_format,
                    "questionnaire_period": method.questionnaire_period,
                    "questionnaire_contributions": method.questionnaire_contributions,
                    "stakeholder_categories": method.stakeholder_categories,
                    "annexes_listed": method.annexes_listed,
                    "annexes_missing": method.annexes_missing,
                }
            )
        self.sync_own(ConsultationMethod.objects.filter(plan=plan), ["plan_id"], rows)

    def count_records(self) -> dict[str, int]:
        parsed = self.parsed
        return {
            "strategie del piano precedente": len(parsed.evidence),
            "esigenze": len(parsed.needs),
            "sotto-indicazioni": sum(len(need.sub_needs) for need in parsed.needs),
            "temi": len(parsed.themes),
            "raccomandazioni": len(parsed.recommendations),
        }


def load_psm_preliminary(
    parsed: PreliminaryDocument,
    source: SourceFile,
    actor: str,
    progress: Progress | None = None,
    ente_code: str | None = None,
) -> LoadResult:
    """Write the parsed report into the database in one transaction and return what happened."""
    return PreliminaryLoader(parsed, source, actor, progress or SilentProgress(), ente_code).run()


__all__ = ["FORMAT_NAME", "LOAD_STEPS", "load_psm_preliminary"]
