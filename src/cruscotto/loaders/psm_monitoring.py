"""Load a parsed monitoring report of a piano strategico metropolitano into the database.

The report feeds one plan of the Ente, kind "psm": assi → strategie → azioni,
the Ente's projects linked to the strategies (and, where the text allows, the
actions) they serve, the context indicators of each strategy with their value,
and the survey of the territory. Rows are synchronised by natural key, so a
second import of the same file writes nothing.

Every monitoring year is a document of its own, and keeps what it states. The
plan, its items, indicators, project profiles, links and tags are shared with
the other years' reports (and with the next edition's preliminary report, which
restates this edition): they are synchronised as this document's statements
(`DocumentLoader.sync`), so a later year rewords them and an earlier one keeps
its own wording on its statement. What only this report says is its own
(`DocumentLoader.sync_own`): the context values (reported in the monitoring
year), the survey, where each action was printed, the project paragraphs, the
front matter.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cruscotto.core.models import SourceDocument
from cruscotto.domain import formats
from cruscotto.domain.text import fold_text, short_digest
from cruscotto.importers.psm_monitoring.records import (
    ActionLinkOrigin,
    PsmMonitoringDocument,
    SurveyRecord,
)
from cruscotto.indicators.models import Indicator, Measurement
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
from cruscotto.loaders.psm_preliminary import FORMAT_NAME as PRELIMINARY_FORMAT
from cruscotto.loaders.rendiconto import cell_components_as_json
from cruscotto.monitoring.models import (
    ActionPlacement,
    OpenAnswer,
    OpenAnswerLink,
    ProjectMention,
    ProjectProfile,
    Survey,
    SurveyOption,
    SurveyQuestion,
)
from cruscotto.plans.models import ItemTag, Link, Plan, PlanItem, Taxonomy, Term
from cruscotto.plans.services.links import sync_links

FORMAT_NAME = formats.PSM_MONITORING
FUNDING_TAXONOMY = "programma_finanziamento"  # grown by imports: "Interreg Alcotra", "LIFE" …
LOAD_STEPS = 5  # progress.advance() calls made by load_psm_monitoring

# How a project → action link was read; "stated" links are printed, "derived" follow a rule.
ACTION_LINK_ORIGINS = {
    ActionLinkOrigin.ONLY_ACTION_OF_BLOCK: Link.Origin.STATED,
    ActionLinkOrigin.CITED: Link.Origin.STATED,
    ActionLinkOrigin.SAME_PNRR_MEASURE: Link.Origin.DERIVED,
}


def axis_key(number: int) -> str:
    return f"asse-{number}"


def strategy_key(code: str) -> str:
    return f"strategia-{code}"


def action_key(code: str) -> str:
    return f"azione-{code}"


def project_item_key(key: str) -> str:
    return f"progetto-{key}"


class PsmMonitoringLoader(DocumentLoader[PsmMonitoringDocument]):
    """One load of one parsed report; `run` does it all inside a transaction."""

    # The next edition's preliminary report cites this plan's axes and strategies as
    # its previous edition's: the monitoring's wording is the plan's.
    cited_by_formats = frozenset({PRELIMINARY_FORMAT})

    def run(self) -> LoadResult:
        parsed = self.parsed
        if parsed.plan_start is None or parsed.plan_end is None:
            raise ImportFailed(f"{self.source.name}: il periodo del piano non è indicato")
        if parsed.monitoring_year is None:
            # Every year's report keeps its own values and survey: one whose year is
            # unknown could only be filed under a guessed year.
            raise ImportFailed(
                f"{self.source.name}: l'anno monitorato non è indicato nel documento "
                "(«… relativa al primo anno di operatività del Piano Strategico "
                "Metropolitano 2024-2026»); vedi la diagnostica monitoring_year_not_found"
            )
        self.year: int = parsed.monitoring_year
        period = f"{parsed.plan_start}-{parsed.plan_end}"
        with transaction.atomic():
            ente = self.resolve_ente(parsed.ente, parsed.ente_line)
            self.document = register_document(
                self.source,
                f"{ente.code}/{FORMAT_NAME}/{period}/{self.year}",
                FORMAT_NAME,
                f"{parsed.title} {period}",
                ente,
                self.counts,
                # The year monitored, as the report states it: each year's report is a
                # document of its own, beside the other years'.
                reference_year=self.year,
            )
            self.sync_front_matter()
            plan = self.sync_plan(ente.pk, period)
            self.progress.advance("Assi, strategie e azioni")
            items = self.sync_plan_tree(plan)
            self.progress.advance("Progetti")
            self.sync_projects(plan, items)
            self.sync_project_tags(plan)
            self.progress.advance("Indicatori di contesto")
            self.sync_context_indicators(plan, items)
            self.progress.advance("Indagine sul territorio")
            self.sync_survey(plan, items)
            sync_diagnostics(self.document, self.diagnostics, self.counts)
            write_audit(self.document, self.actor, self.counts)
            self.progress.advance("Fatto")
        return LoadResult(self.document, self.counts, self.diagnostics, self.count_records())

    # -- helpers -------------------------------------------------------------

    def sync_plan(self, ente_id: int, period: str) -> Plan:
        plans = self.sync(
            Plan.objects.filter(ente_id=ente_id, kind=Plan.Kind.PSM, code=period),
            ["code"],
            [
                {
                    **self.sourced(1),
                    "ente_id": ente_id,
                    "kind": Plan.Kind.PSM,
                    "code": period,
                    "title": f"Piano strategico metropolitano {period}",
                    "period_start": self.parsed.plan_start,
                    "period_end": self.parsed.plan_end,
                    "edition": period,
                }
            ],
        )
        return Plan.objects.get(pk=plans[(period,)])

    def sync_plan_tree(self, plan: Plan) -> dict[str, int]:
        """Synchronise axes, strategies and actions; return every item id by key."""
        parsed = self.parsed
        axes = self.sync_items(
            plan,
            PlanItem.Level.ASSE,
            [
                self.item_row(
                    plan,
                    None,
                    PlanItem.Level.ASSE,
                    axis_key(axis.number),
                    str(axis.number),
                    axis.title,
                    axis.line,
                )  # fmt: skip
                for axis in parsed.axes
            ],
        )
        strategies = self.sync_items(
            plan,
            PlanItem.Level.STRATEGIA,
            [
                self.item_row(
                    plan,
                    axes.get(axis_key(strategy.axis_number)),
                    PlanItem.Level.STRATEGIA,
                    strategy_key(strategy.code),
                    strategy.code,
                    strategy.title or strategy.title_upper.capitalize(),
                    strategy.line,
                    strategy.description,
                )  # fmt: skip
                for strategy in parsed.strategies
            ],
        )
        actions = self.sync_items(
            plan,
            PlanItem.Level.AZIONE,
            [
                self.item_row(
                    plan,
                    strategies.get(strategy_key(action.strategy_code)),
                    PlanItem.Level.AZIONE,
                    action_key(action.code),
                    action.code,
                    action.text,
                    action.line,
                )  # fmt: skip
                for action in parsed.actions
            ],
        )
        blocks = {block.number: block for block in parsed.blocks}
        self.sync_own(
            ActionPlacement.objects.filter(action__plan=plan),
            ["action_id"],
            [
                {
                    **self.sourced(action.line),
                    "action_id": actions[action_key(action.code)],
                    "block": action.block,
                    "block_action_count": len(blocks[action.block].action_codes),
                    "block_project_count": blocks[action.block].project_count,
                }
                for action in parsed.actions
            ],
        )
        return {**axes, **strategies, **actions}

    def sync_projects(self, plan: Plan, items: dict[str, int]) -> None:
        projects = self.sync_items(
            plan,
            PlanItem.Level.PROGETTO,
            [
                self.item_row(
                    plan,
                    None,
                    PlanItem.Level.PROGETTO,
                    project_item_key(project.key),
                    "",
                    project.name,
                    project.line,
                    project.description,
                )  # fmt: skip
                for project in self.parsed.projects
            ],
        )
        profiles: list[dict[str, Any]] = []
        mentions: list[dict[str, Any]] = []
        links: dict[tuple[int, int], dict[str, Any]] = {}
        for project in self.parsed.projects:
            project_id = projects[project_item_key(project.key)]
            profiles.append(
                {
                    **self.sourced(project.line),
                    "item_id": project_id,
                    "urls": project.urls,
                    "funding_programmes": project.funding_programmes,
                    "pnrr_measures": project.pnrr_measures,
                }
            )
            for mention in project.mentions:
                strategy_id = items[strategy_key(mention.strategy_code)]
                mentions.append(
                    {
                        **self.sourced(mention.line),
                        "project_id": project_id,
                        "strategy_id": strategy_id,
                        "position": self.next_position(),
                        "text": mention.text,
                    }
                )
                links.setdefault(
                    (project_id, strategy_id),
                    self.link_row(project_id, strategy_id, Link.Origin.STATED, mention.line),
                )
                for code, origin in mention.action_codes.items():
                    action_id = items[action_key(code)]
                    links.setdefault(
                        (project_id, action_id),
                        self.link_row(
                            project_id, action_id, ACTION_LINK_ORIGINS[origin], mention.line
                        ),
                    )
        # A project's profile is restated by the next year's report; its paragraphs
        # under each strategy are this report's text.
        self.sync(ProjectProfile.objects.filter(item__plan=plan), ["item_id"], profiles)
        self.sync_own(
            ProjectMention.objects.filter(project__plan=plan), ["project_id", "position"], mentions
        )
        sync_links(
            Link.objects.filter(from_item__plan=plan, from_item__level=PlanItem.Level.PROGETTO),
            links.values(),
            self.counts,
            owner=self.document,
        )

    def sync_project_tags(self, plan: Plan) -> None:
        """Tag projects with their funding programme and, for a PNRR measure, its mission and component."""
        funding = self.ensure_funding_terms()
        pnrr = {
            term.code: term
            for term in Term.objects.filter(
                taxonomy__code="pnrr_missioni", taxonomy__is_reference=True
            )
        }
        items = dict(
            PlanItem.objects.filter(plan=plan, level=PlanItem.Level.PROGETTO).values_list(
                "key", "pk"
            )
        )
        rows: dict[tuple[int, int], dict[str, Any]] = {}
        for project in self.parsed.projects:
            item = items[project_item_key(project.key)]
            terms = [funding[name] for name in project.funding_programmes]
            for measure in project.pnrr_measures:
                mission, component = measure[:2], measure[: measure.index("I")]
                terms += [pnrr[code] for code in (mission, component) if code in pnrr]
            for term in terms:
                rows.setdefault(
                    (item, term.pk),
                    {**self.sourced(project.line), "item_id": item, "term_id": term.pk},
                )
        self.sync(
            ItemTag.objects.filter(
                item__plan=plan, term__taxonomy__code__in=[FUNDING_TAXONOMY, "pnrr_missioni"]
            ),
            ["item_id", "term_id"],
            rows.values(),
        )

    def ensure_funding_terms(self) -> dict[str, Term]:
        """Return the funding-programme terms by name, adding the ones seen for the first time."""
        taxonomy, created = Taxonomy.objects.get_or_create(
            code=FUNDING_TAXONOMY,
            defaults={"name": "Programma di finanziamento", "is_reference": False},
        )
        self.counts.count(Taxonomy, created=int(created))
        names = sorted({name for p in self.parsed.projects for name in p.funding_programmes})
        terms = {term.name: term for term in Term.objects.filter(taxonomy=taxonomy)}
        missing = [
            Term(taxonomy=taxonomy, code=fold_text(name).lower().replace(" ", "-")[:60], name=name)
            for name in names
            if name not in terms
        ]
        Term.objects.bulk_create(missing)
        self.counts.count(Term, created=len(missing))
        terms.update({term.name: term for term in Term.objects.filter(taxonomy=taxonomy)})
        return terms

    def link_row(self, source: int, target: int, origin: str, line: int) -> dict[str, Any]:
        return {
            **self.sourced(line),
            "from_item_id": source,
            "to_item_id": target,
            "kind": Link.Kind.CONTRIBUTES_TO,
            "origin": origin,
            "local_code": "",
        }

    def sync_context_indicators(self, plan: Plan, items: dict[str, int]) -> None:
        indicator_rows: list[dict[str, Any]] = []
        measurement_rows: list[tuple[str, dict[str, Any]]] = []
        used: set[str] = set()
        for record in self.parsed.context_indicators:
            key = f"contesto-{record.strategy_code}-{short_digest(fold_text(record.name + record.description))}"
            if key in used:  # the same indicator printed twice under one strategy
                key += f"-{record.line}"
            used.add(key)
            indicator_rows.append(
                {
                    **self.sourced(record.line),
                    "plan_id": plan.pk,
                    "item_id": items.get(strategy_key(record.strategy_code)),
                    "key": key,
                    "kind": Indicator.Kind.CONTEXT,
                    "code": "",
                    "name": record.name,
                    "formula": "",
                    "table_title": "",
                    "group_path": [],
                    "unit": record.unit,
                    "source": record.source,
                    "territorial_level": record.territorial_level,
                    "notes": record.description,
                    "position": self.next_position(),
                }
            )
            if record.value is not None:
                cell = record.value.cell
                measurement_rows.append(
                    (
                        key,
                        {
                            **self.sourced(record.value.line),
                            "year": record.value.year,
                            "reported_year": self.year,
                            "series": "",
                            "as_printed": cell.as_printed,
                            "value": cell.value,
                            "value_type": str(cell.value_type),
                            "qualifiers": [str(q) for q in cell.qualifiers],
                            "components": cell_components_as_json(cell),
                        },
                    )
                )
        indicators = self.sync(
            Indicator.objects.filter(plan=plan, kind=Indicator.Kind.CONTEXT),
            ["plan_id", "key"],
            indicator_rows,
        )
        # Only this document's values, reported in its monitoring year: an indicator
        # holds a yearly series, and what another year's report or another source
        # gave is not this document's to delete or rewrite.
        self.sync_own(
            Measurement.objects.filter(
                indicator__plan=plan, indicator__kind=Indicator.Kind.CONTEXT
            ),
            ["indicator_id", "year", "series", "reported_year"],
            [{**row, "indicator_id": indicators[(plan.pk, key)]} for key, row in measurement_rows],
        )

    def sync_front_matter(self) -> None:
        """Keep the report's introduction and method on the document, to print them again."""
        if self.document.front_matter != self.parsed.front_matter:
            new = not self.document.front_matter
            self.document.front_matter = self.parsed.front_matter
            self.document.save(update_fields=["front_matter"])
            self.counts.count(SourceDocument, updated=int(not new))

    def sync_survey(self, plan: Plan, items: dict[str, int]) -> None:
        """The monitoring year's survey, with its questions, options and answers: this report's own."""
        record = self.parsed.survey
        surveys = self.sync_own(
            Survey.objects.filter(plan=plan),
            ["plan_id", "monitoring_year", "key"],
            [] if record is None else [self.survey_row(plan, record)],
        )
        if record is None:
            return
        survey_id = surveys[(plan.pk, self.year, "territorio")]
        section_titles = {section.number: section.title for section in record.sections}
        question_rows = []
        for position, question in enumerate(record.questions, start=1):
            question_rows.append(
                {
                    **self.sourced(question.line),
                    "survey_id": survey_id,
                    "key": f"d{position:02d}",
                    "position": position,
                    "section": question.section,
                    "section_title": section_titles.get(question.section, ""),
                    "text": question.text,
                    "base": question.base,
                    "multiple_answers": question.multiple_answers,
                    "is_open": question.is_open,
                    "dimension": str(question.dimension),
                    "respondents": question.respondents,
                }
            )
        questions = self.sync_own(
            SurveyQuestion.objects.filter(survey_id=survey_id), ["survey_id", "key"], question_rows
        )
        option_rows = []
        answer_rows = []
        cited: list[tuple[tuple[int, int], list[str], int]] = []
        for position, question in enumerate(record.questions, start=1):
            question_id = questions[(survey_id, f"d{position:02d}")]
            for option_position, option in enumerate(question.options, start=1):
                option_rows.append(
                    {
                        **self.sourced(option.line),
                        "question_id": question_id,
                        "position": option_position,
                        "label": option.label,
                        "as_printed": option.percent_as_printed,
                        "percent": option.percent.value if option.percent else None,
                    }
                )
            for answer_position, answer in enumerate(question.open_answers, start=1):
                answer_rows.append(
                    {
                        **self.sourced(answer.line),
                        "question_id": question_id,
                        "position": answer_position,
                        "text": answer.text,
                    }
                )
                keys = [strategy_key(code) for code in answer.strategy_codes]
                keys += [action_key(code) for code in answer.action_codes]
                cited.append(((question_id, answer_position), keys, answer.line))
        self.sync_own(
            SurveyOption.objects.filter(question__survey_id=survey_id),
            ["question_id", "position"],
            option_rows,
        )
        answers = self.sync_own(
            OpenAnswer.objects.filter(question__survey_id=survey_id),
            ["question_id", "position"],
            answer_rows,
        )
        self.sync_own(
            OpenAnswerLink.objects.filter(answer__question__survey_id=survey_id),
            ["answer_id", "item_id"],
            [
                {**self.sourced(line), "answer_id": answers[answer_key], "item_id": items[key]}
                for answer_key, keys, line in cited
                for key in dict.fromkeys(keys)
                if key in items
            ],
        )

    def survey_row(self, plan: Plan, record: SurveyRecord) -> dict[str, Any]:
        return {
            **self.sourced(record.line),
            "plan_id": plan.pk,
            "monitoring_year": self.year,
            "key": "territorio",
            "title": record.title,
            "year": record.year,
            "platform": record.platform,
            "invited_mayors": record.invited_mayors,
            "prose": [
                {
                    "line": p.line,
                    "text": p.text,
                    "after_questions": p.after_questions,
                    "section": p.section,
                }
                for p in record.prose
            ],
        }

    def count_records(self) -> dict[str, int]:
        parsed = self.parsed
        survey = parsed.survey
        return {
            "assi": len(parsed.axes),
            "strategie": len(parsed.strategies),
            "azioni": len(parsed.actions),
            "progetti": len(parsed.projects),
            "indicatori di contesto": len(parsed.context_indicators),
            "domande dell'indagine": len(survey.questions) if survey else 0,
        }


def load_psm_monitoring(
    parsed: PsmMonitoringDocument,
    source: SourceFile,
    actor: str,
    progress: Progress | None = None,
    ente_code: str | None = None,
) -> LoadResult:
    """Write the parsed report into the database in one transaction and return what happened."""
    return PsmMonitoringLoader(parsed, source, actor, progress or SilentProgress(), ente_code).run()


__all__ = ["FORMAT_NAME", "LOAD_STEPS", "load_psm_monitoring"]
