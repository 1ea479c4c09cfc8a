"""The valutatore validates the scores of a year: by service, command and page; every other
role is refused and nothing changes; new actuals make the validation stale, and the
relazione sulla performance says which scores it prints are validated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from cmto_people import YEAR, CmtoPeople, ente_wide_file, load_file
from django.test import Client

from cruscotto.accounts.services.permissions import PermissionRefused
from cruscotto.cli import main
from cruscotto.core.models import AuditEntry, UserEdit
from cruscotto.performance.models import Assignment, ScoreValidation, ScoringRule
from cruscotto.performance.services.score_validation import (
    ScoresNotValidatable,
    scores_digest,
    validate_scores,
    validation_state,
)
from cruscotto.reports.services.performance import PERFORMANCE, build_performance_document


@pytest.fixture
def scored(cmto: CmtoPeople, tmp_path: Path) -> Path:
    """The year's Ente-wide values loaded: every structure has a score."""
    path = ente_wide_file(tmp_path, cmto)
    assert load_file(cmto, path) == []
    return path


def a_structure_value(cmto: CmtoPeople) -> str:
    """A line of the actuals file for one of the unit's own yes/no objectives: a new actual."""
    assignment = next(
        a
        for a in Assignment.objects.filter(plan=cmto.plan, org_unit=cmto.unit)
        .select_related("objective__scoring_rule")
        .order_by("position")
        if a.objective.scoring_rule.kind == ScoringRule.Kind.YES_NO
        and not a.objective.scoring_rule.ente_wide
    )
    return f"{assignment.objective.code};{cmto.unit.code};Si\n"


def test_the_valutatore_validates_and_the_audit_records_it(cmto: CmtoPeople, scored: Path) -> None:
    assert not validation_state(cmto.plan, YEAR).validation
    validation = validate_scores(cmto.valutatore, cmto.plan, YEAR, "  Verificati a campione. ")
    digest, count = scores_digest(cmto.plan, YEAR)
    assert (validation.validator_name, validation.digest, validation.scores, validation.note) == (
        "valutatore.cmto", digest, count, "Verificati a campione.",
    )  # fmt: skip
    assert count > len(Assignment.objects.filter(plan=cmto.plan))  # objectives, structures …
    state = validation_state(cmto.plan, YEAR)
    assert state.validated and not state.stale
    assert state.label.startswith(f"Punteggi {YEAR} validati da valutatore.cmto il ")
    # the day with the month's name: "il 4 dicembre 2026 alle 10:30"
    assert re.search(
        r"validati da valutatore\.cmto il \d{1,2} [a-z]+ \d{4} alle \d{2}:\d{2}\.$", state.label
    )
    audit = AuditEntry.objects.get(details__model="performance.scorevalidation")
    assert (audit.actor, audit.details["object_id"]) == ("valutatore.cmto", validation.pk)
    assert UserEdit.objects.filter(
        model="performance.scorevalidation", object_id=validation.pk, field="digest"
    ).exists()


@pytest.mark.parametrize(
    "who", ["ufficio", "referente", "dirigente", "valutatore_torino", "ufficio_torino", "anonymous"]
)
def test_every_other_role_is_refused_and_nothing_changes(
    cmto: CmtoPeople, scored: Path, who: str
) -> None:
    audits = AuditEntry.objects.count()
    with pytest.raises(PermissionRefused, match="solo il valutatore"):
        validate_scores(getattr(cmto, who), cmto.plan, YEAR, "")
    assert ScoreValidation.objects.count() == 0
    assert AuditEntry.objects.count() == audits


def test_without_scores_there_is_nothing_to_validate(cmto: CmtoPeople) -> None:
    with pytest.raises(ScoresNotValidatable, match="mancano i valori consuntivi"):
        validate_scores(cmto.valutatore, cmto.plan, YEAR, "")
    assert ScoreValidation.objects.count() == 0


def test_new_actuals_make_the_validation_stale_until_validated_again(
    cmto: CmtoPeople, scored: Path, tmp_path: Path
) -> None:
    validate_scores(cmto.valutatore, cmto.plan, YEAR, "")
    assert load_file(cmto, scored) == []  # the same file again: same scores, still valid
    assert validation_state(cmto.plan, YEAR).validated
    assert load_file(cmto, ente_wide_file(tmp_path, cmto, a_structure_value(cmto))) == []
    state = validation_state(cmto.plan, YEAR)
    assert state.stale and not state.validated
    assert "non più valida" in state.label and "valutatore.cmto" in state.label
    validate_scores(cmto.valutatore, cmto.plan, YEAR, "Dopo i nuovi consuntivi.")
    assert validation_state(cmto.plan, YEAR).validated
    assert ScoreValidation.objects.count() == 2  # the first one is kept, the latest counts


def test_the_command_validates_for_the_valutatore_only(cmto: CmtoPeople, scored: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["performance", "validate-scores", "--help"]).exit_code == 0
    args = ["performance", "validate-scores", "--plan", cmto.plan.code, "--year", str(YEAR)]
    refused = runner.invoke(main, [*args, "--user", cmto.ufficio.username])
    assert refused.exit_code == 1 and "solo il valutatore" in refused.output
    unknown = runner.invoke(main, [*args, "--user", "nessuno"])
    assert unknown.exit_code == 1 and "utente «nessuno» non trovato" in unknown.output
    assert ScoreValidation.objects.count() == 0
    done = runner.invoke(main, [*args, "--user", cmto.valutatore.username, "--note", "Ok"])
    assert done.exit_code == 0, done.output
    (validation,) = ScoreValidation.objects.all()
    assert (validation.validated_by, validation.note) == (cmto.valutatore, "Ok")


def page_for(user: object, cmto: CmtoPeople) -> tuple[Client, str]:
    client = Client()
    if getattr(user, "is_authenticated", False):
        client.force_login(user)  # type: ignore[arg-type]
    return client, f"/performance/{cmto.plan.pk}/"


def test_the_page_offers_validation_to_the_valutatore(cmto: CmtoPeople, scored: Path) -> None:
    client, address = page_for(cmto.valutatore, cmto)
    page = client.get(address).content.decode()
    assert "non ancora validati" in page and "Valida i punteggi</button>" in page
    response = client.post(f"{address}valida/", {"anno": YEAR, "nota": "Conforme."}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Punteggi {YEAR} validati da valutatore.cmto il " in page
    assert "Nota del valutatore: Conforme." in page


@pytest.mark.parametrize("who", ["ufficio", "dirigente"])
def test_who_reads_scores_sees_the_state_but_may_not_validate(
    cmto: CmtoPeople, scored: Path, who: str
) -> None:
    validate_scores(cmto.valutatore, cmto.plan, YEAR, "")
    client, address = page_for(getattr(cmto, who), cmto)
    page = client.get(address).content.decode()
    assert f"Punteggi {YEAR} validati da valutatore.cmto" in page
    assert "Valida i punteggi</button>" not in page
    assert client.post(f"{address}valida/", {"anno": YEAR}).status_code == 403
    assert ScoreValidation.objects.count() == 1


@pytest.mark.parametrize("who", ["anonymous", "referente", "valutatore_torino"])
def test_who_does_not_read_scores_sees_no_state_and_is_refused(
    cmto: CmtoPeople, scored: Path, who: str
) -> None:
    client, address = page_for(getattr(cmto, who), cmto)
    page = client.get(address).content.decode()
    assert "validati" not in page and "Valida i punteggi" not in page
    assert client.post(f"{address}valida/", {"anno": YEAR}).status_code == 403
    assert ScoreValidation.objects.count() == 0


def test_the_relazione_states_whether_its_scores_are_validated(
    cmto: CmtoPeople, scored: Path, tmp_path: Path
) -> None:
    def printed() -> str:
        return str(PERFORMANCE.formats["html"].render(build_performance_document("cmto", YEAR)))

    assert f"Punteggi {YEAR} non ancora validati dal valutatore" in printed()
    validate_scores(cmto.valutatore, cmto.plan, YEAR, "")
    document = build_performance_document("cmto", YEAR)
    assert document.scores_validated
    assert f"Punteggi {YEAR} validati da valutatore.cmto il " in printed()
    load_file(cmto, ente_wide_file(tmp_path, cmto, a_structure_value(cmto)))
    assert "Validazione dei punteggi 2024 non più valida" in printed()
    assert not build_performance_document("cmto", YEAR).scores_validated
