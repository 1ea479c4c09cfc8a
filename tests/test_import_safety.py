"""Imports that cannot destroy: dry runs, the removal guard, forced formats, counts by model."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cruscotto.cli import main
from cruscotto.core.models import AuditEntry, SourceDocument
from cruscotto.core.models.documents import SourcedModel
from cruscotto.importers.rendiconto import parse_rendiconto
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.loaders.common import ImportFailed, LoadResult, SilentProgress, SourceFile
from cruscotto.loaders.formats import FORMATS, detect_format
from cruscotto.loaders.removals import sourced_models
from cruscotto.loaders.signatures import missing_parts
from cruscotto.plans.models import PlanItem
from cruscotto.search.models import SearchEntry
from cruscotto.search.services import refresh_search_index, search

pytestmark = pytest.mark.django_db

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"
RENDICONTO_SEED = SAMPLES_DIR / "000_014bd498e15be787.txt"
Dump = Callable[[], dict[str, list[tuple[object, ...]]]]

SEEDS = {
    "rendiconto": SAMPLES_DIR / "000_014bd498e15be787.txt",
    "psm-monitoraggio": SAMPLES_DIR / "001_c8fc3c27ab7903b2.txt",
    "consiglio": SAMPLES_DIR / "002_a40a8705e1971a15.txt",
    "psm-preliminare": SAMPLES_DIR / "003_cb1b0797773d428b.txt",
    "performance": SAMPLES_DIR / "004_63c10e375ed7a47e.txt",
}
WIDE = {"COLUMNS": "250"}  # rich wraps at the terminal's width


def run_import(*args: str) -> Result:
    return CliRunner().invoke(main, ["import", "--max-diagnostics", "0", *args], env=WIDE)


def truncated_rendiconto(tmp_path: Path, share: float = 0.1) -> Path:
    """The seed cut after `share` of its lines, under the seed's name: a truncated export."""
    lines = RENDICONTO_SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / RENDICONTO_SEED.name
    path.write_text("".join(lines[: int(len(lines) * share)]), encoding="utf-8")
    return path


def without_indicator_i1(tmp_path: Path) -> Path:
    """A corrected seed that no longer prints the public-value indicator i.1 of M01.P01."""
    text = RENDICONTO_SEED.read_text(encoding="utf-8")
    path = tmp_path / RENDICONTO_SEED.name
    path.write_text(text.replace("i.1\tN° campagne\t-\t1\t15\t21\t", ""), encoding="utf-8")
    return path


def records_of(document: SourceDocument) -> int:
    return sum(
        model._default_manager.filter(source_document=document).count()
        for model in sourced_models()
    )


def test_the_sourced_models_are_every_model_that_keeps_its_document() -> None:
    assert {model._meta.label for model in sourced_models()} >= {
        "plans.PlanItem", "plans.LogEntry", "indicators.Indicator", "indicators.Measurement",
    }  # fmt: skip
    assert all(issubclass(model, SourcedModel) for model in sourced_models())


def test_a_revision_counts_what_it_removes_by_model_cascades_included(
    seeded_db: LoadResult, tmp_path: Path
) -> None:
    indicator = Indicator.objects.get(key="M01.P01/vp/i.1")
    values = Measurement.objects.filter(indicator=indicator).count()
    assert values == 4  # 2023-2026, "-" for 2022 is not a value
    source = SourceFile.read(without_indicator_i1(tmp_path))
    result = FORMATS["rendiconto"].import_document(
        parse_rendiconto(source.text), source, "test", SilentProgress()
    )
    by_model = result.counts.as_json()
    assert by_model["indicators.Indicator"]["deleted"] == 1  # the others move up one position
    assert by_model["indicators.Measurement"] == {"deleted": values}  # by cascade
    assert by_model["core.SourceDocument"] == {"updated": 1}  # its hash
    assert by_model["core.SourceText"] == {"updated": 1}
    assert result.counts.deleted == sum(c.get("deleted", 0) for c in by_model.values())
    assert result.counts.deleted >= 1 + values
    audit = AuditEntry.objects.filter(document=result.document).latest("id")
    assert audit.details["by_model"] == by_model
    assert audit.details["deleted"] == result.counts.deleted
    assert f"indicators.Measurement: {values} eliminati" in audit.summary


def test_the_cli_prints_the_counts_by_model(seeded_db: LoadResult, tmp_path: Path) -> None:
    result = run_import(str(without_indicator_i1(tmp_path)))
    assert result.exit_code == 0, result.output
    # The diagnostics after the removed row move up one position (ImportDiagnostic updates).
    assert "Database: 1 creati, 1.024 aggiornati, 5 eliminati." in result.output
    assert "  indicators.Indicator: 871 aggiornati, 1 eliminati\n" in result.output
    assert "  indicators.Measurement: 4 eliminati\n" in result.output
    assert "  core.SourceDocument: 1 aggiornati\n" in result.output


def test_a_dry_run_prints_what_it_would_do_and_writes_nothing(
    seeded_db: LoadResult, tmp_path: Path, dump_tables: Dump
) -> None:
    before = dump_tables()
    result = run_import("--dry-run", str(without_indicator_i1(tmp_path)))
    assert result.exit_code == 0, result.output
    assert "Prova (--dry-run), nulla è stato scritto:" in result.output
    assert "indicators.Measurement: 4 eliminati" in result.output
    # The records it would remove, by model, as a reader knows them.
    assert "Da eliminare, indicators.Indicator (1):" in result.output
    assert "M01.P01/vp/i.1 i.1 «N° campagne» (riga " in result.output
    assert "Da eliminare, indicators.Measurement (4):" in result.output
    assert dump_tables() == before


def test_a_dry_run_of_a_first_import_counts_what_it_would_create(
    empty_db: None, dump_tables: Dump
) -> None:
    before = dump_tables()
    result = run_import("--dry-run", str(RENDICONTO_SEED))
    assert result.exit_code == 0, result.output
    assert "plans.PlanItem: 644 creati" in result.output
    assert "Da eliminare" not in result.output
    assert dump_tables() == before
    assert not PlanItem.objects.exists()


def test_a_truncated_revision_is_refused_unless_removals_are_allowed(
    seeded_db: LoadResult, tmp_path: Path, dump_tables: Dump
) -> None:
    document = SourceDocument.objects.get(identity="torino/rendiconto/2025")
    held = records_of(document)
    truncated = truncated_rendiconto(tmp_path)
    before = dump_tables()
    refused = run_import(str(truncated))
    assert refused.exit_code == 1, refused.output
    assert isinstance(refused.exception, SystemExit)  # a message, not a traceback
    match = re.search(
        r"rimuoverebbe ([\d.]+) dei ([\d.]+) record di torino/rendiconto/2025: (.*?); "
        r"usare --allow-removals",
        refused.output,
    )
    assert match, refused.output
    removed = int(match.group(1).replace(".", ""))
    assert int(match.group(2).replace(".", "")) == held
    assert held / 5 < removed <= held
    assert "plans.PlanItem" in match.group(3) and "indicators.Measurement" in match.group(3)
    assert "nessuna modifica al database" in refused.output
    assert dump_tables() == before
    # A dry run says what it would remove and that the import would be refused.
    dry = run_import("--dry-run", str(truncated))
    assert dry.exit_code == 1
    assert "Da eliminare, plans.PlanItem" in dry.output
    assert f"l'importazione sarebbe rifiutata: rimuoverebbe {match.group(1)} dei" in dry.output
    assert dump_tables() == before
    # Asked for, the removals happen, and the document keeps what the cut file says.
    allowed = run_import("--allow-removals", str(truncated))
    assert allowed.exit_code == 0, allowed.output
    assert records_of(document) < held - removed + held // 10


def test_a_revision_removing_a_fifth_or_less_is_not_refused(
    seeded_db: LoadResult, tmp_path: Path
) -> None:
    result = run_import(str(without_indicator_i1(tmp_path)))
    assert result.exit_code == 0, result.output


def test_a_format_forced_on_another_document_is_refused_unparsed(
    empty_db: None, monkeypatch: pytest.MonkeyPatch, dump_tables: Dump
) -> None:
    """Every format forced on every other seed: exit 1, naming the format and what is missing."""
    parsed: list[str] = []
    for name, fmt in list(FORMATS.items()):

        def record_parse(text: str, name: str = name) -> None:
            parsed.append(name)

        monkeypatch.setitem(FORMATS, name, dataclasses.replace(fmt, parse=record_parse))
    before = dump_tables()
    for forced, fmt in FORMATS.items():
        for seed_format, seed in SEEDS.items():
            if seed_format == forced:
                continue
            result = run_import("--format", forced, str(seed))
            assert result.exit_code == 1, (forced, seed.name, result.output)
            assert isinstance(result.exception, SystemExit)
            missing = missing_parts(fmt.signature, seed.read_text(encoding="utf-8"))
            assert missing, (forced, seed.name)
            assert (
                f"{seed}: non è un documento di formato «{forced}» ({fmt.description}): "
                f"manca {'; manca '.join(missing)}"
            ) in result.output.replace("\n", "")
    assert parsed == []
    assert dump_tables() == before


@pytest.mark.parametrize("seed_format", sorted(SEEDS))
def test_the_signature_parts_answer_as_the_detectors(seed_format: str) -> None:
    """On every seed, whole and cut to its first lines: no part missing exactly when it looks like."""
    text = SEEDS[seed_format].read_text(encoding="utf-8")
    assert detect_format(text) is FORMATS[seed_format]
    variants = [text, text[:2_000], text[len(text) // 2 :], "\n".join(text.splitlines()[:40])]
    for variant in variants:
        for fmt in FORMATS.values():
            assert fmt.looks_like(variant) == (not missing_parts(fmt.signature, variant)), (
                fmt.name, seed_format,
            )  # fmt: skip
    own = FORMATS[seed_format]
    assert missing_parts(own.signature, text) == []
    assert missing_parts(own.signature, "") == [part.description for part in own.signature]


def test_a_file_with_a_nul_byte_is_refused_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "con_nul.txt"
    path.write_bytes(b"RELAZIONE\nriga due\nriga\x00 tre\n")
    with pytest.raises(ImportFailed, match=r"con_nul.txt:3: il file contiene un carattere NUL"):
        SourceFile.read(path)


def test_the_index_refreshed_for_the_document_is_the_index_rebuilt_whole(
    seeded_db: LoadResult, tmp_path: Path
) -> None:
    """An import refreshes its plans' entries only; a full rebuild then finds nothing to do."""
    other = SourceFile.read(SEEDS["psm-monitoraggio"])
    FORMATS["psm-monitoraggio"].import_document(
        FORMATS["psm-monitoraggio"].parse(other.text), other, "test", SilentProgress()
    )
    removed = Indicator.objects.get(key="M01.P01/vp/i.1").pk
    text = without_indicator_i1(tmp_path).read_text(encoding="utf-8")
    (tmp_path / RENDICONTO_SEED.name).write_text(
        text.replace("Dare compiuta attuazione", "Dare piena attuazione"), encoding="utf-8"
    )
    source = SourceFile.read(tmp_path / RENDICONTO_SEED.name)
    result = FORMATS["rendiconto"].import_document(
        parse_rendiconto(source.text), source, "test", SilentProgress()
    )
    assert result.counts.changed
    assert not SearchEntry.objects.filter(kind="indicator", object_id=removed).exists()
    assert any("piena attuazione" in r.entry.title.lower() for r in search("piena attuazione"))
    assert refresh_search_index().changed == 0
