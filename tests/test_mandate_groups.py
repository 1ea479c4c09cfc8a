"""A mandate's thematic groups are the document's: how many, their names, their heading.

Turin's relazione gathers its mandate lines in "7 Città"; another comune's, made from
it with five groups of its own (`other_mandate_edition`), must read, browse, filter and
print with its five, and leave Turin's seven as they were.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from django.test import Client

from cruscotto.cli import main
from cruscotto.plans.models import Plan, PlanItem, Taxonomy
from cruscotto.plans.services.browse import ItemFilters, filter_items, list_filter_choices
from cruscotto.plans.services.dashboard import build_dashboard
from cruscotto.reports.services.exports import export_strategic_control
from rendiconto_editions import OTHER_MANDATE_GROUPS, other_mandate_edition


def import_file(path: Path) -> None:
    result = CliRunner().invoke(main, ["import", "--max-diagnostics", "0", str(path)])
    assert result.exit_code == 0, result.output


def groups_of(ente_code: str) -> Taxonomy:
    return Taxonomy.objects.get(kind=Taxonomy.Kind.MANDATE_GROUPS, ente__code=ente_code)


def test_another_mandate_reads_with_its_own_five_groups(
    empty_db: None, tmp_path: Path, rendiconto_path: Path, rendiconto_text: str
) -> None:
    import_file(rendiconto_path)
    turin_report = export_strategic_control("torino", 2025, "txt")
    other = tmp_path / "relazione-altro-comune.txt"
    other.write_text(other_mandate_edition(rendiconto_text), encoding="utf-8")

    import_file(other)

    groups = groups_of("citta-di-milano")
    assert (groups.name, groups.description) == (
        "I 5 Ambiti",
        "Le linee programmatiche sono raccolte in cinque ambiti:",
    )
    assert groups.plan == Plan.objects.get(ente__code="citta-di-milano", kind=Plan.Kind.MANDATO)
    assert [(t.code, t.name, t.description) for t in groups.terms.order_by("position")] == [
        (str(n), name[:1] + name[1:].lower(), what)
        for n, (name, what) in enumerate(OTHER_MANDATE_GROUPS, 1)
    ]
    # Every mandate line is in one of the five; Turin's seven are untouched.
    lines = PlanItem.objects.filter(plan=groups.plan, level=PlanItem.Level.LINEA)
    assert lines.count() == lines.filter(tags__term__taxonomy=groups).count() > 0
    turin = groups_of("torino")
    assert (turin.name, turin.terms.count()) == ("Le 7 Città", 7)
    assert export_strategic_control("torino", 2025, "txt") == turin_report
    # A second import changes nothing.
    before = list(groups.terms.values_list("pk", "name"))
    import_file(other)
    assert list(groups_of("citta-di-milano").terms.values_list("pk", "name")) == before


def test_pages_filters_dashboard_and_report_show_the_entes_own_groups(
    empty_db: None, tmp_path: Path, rendiconto_path: Path, rendiconto_text: str, client: Client
) -> None:
    import_file(rendiconto_path)
    other = tmp_path / "relazione-altro-comune.txt"
    other.write_text(other_mandate_edition(rendiconto_text), encoding="utf-8")
    import_file(other)
    dup = Plan.objects.get(ente__code="citta-di-milano", kind=Plan.Kind.DUP)
    groups = groups_of("citta-di-milano")

    offered = dict(list_filter_choices(dup).tags)
    assert [t.name for t in offered["I 5 Ambiti"]] == [
        name[:1] + name[1:].lower() for name, _ in OTHER_MANDATE_GROUPS
    ]
    assert "Le 7 Città" not in offered
    # The filter finds the activities of a group through their mandate lines.
    found = filter_items(dup, ItemFilters(tag=f"{groups.code}:5"))
    assert found and all(item.plan_id == dup.pk for item in found)
    distribution = next(d for d in build_dashboard(dup).distributions if d.title == "I 5 Ambiti")
    assert [label for label, _ in distribution.rows] == [
        name[:1] + name[1:].lower() for name, _ in OTHER_MANDATE_GROUPS
    ]

    html = client.get(f"/piani/{dup.pk}/?tag={groups.code}:5").content.decode()
    assert f"{len(found)} voci trovate" in html and "Milano che partecipa" in html
    assert "7 Città" not in html and "La Città della prossimità" not in html

    report = export_strategic_control("citta-di-milano", 2025, "txt").decode()
    assert "I 5 Ambiti\tn°\tTesto" in report
    assert "1. MILANO CHE CURA - salute, welfare, casa" in report
    assert "7 Città" not in report and "LA CITTÀ DELLA PROSSIMITÀ" not in report


def test_a_report_without_groups_reads_and_prints_without_them(
    empty_db: None, tmp_path: Path, rendiconto_text: str
) -> None:
    """A comune whose mandate has no groups: no taxonomy is made up, the report says so."""
    lines = [text for text in rendiconto_text.split("\n") if not re.match(r"\d\. LA CITTÀ ", text)]
    plain = tmp_path / "relazione-senza-gruppi.txt"
    plain.write_text("\n".join(lines), encoding="utf-8")
    result = CliRunner().invoke(main, ["diagnostics", str(plain)])
    assert "premessa: non trovato l'elenco numerato delle aree tematiche del mandato" in (
        result.output
    )
    assert "unknown_mandate_group" in result.output  # the tables still name them
    import_file(plain)
    assert not Taxonomy.objects.filter(kind=Taxonomy.Kind.MANDATE_GROUPS).exists()
    report = export_strategic_control("torino", 2025, "txt").decode()
    assert "Area tematica del mandato\tn°\tTesto" in report
