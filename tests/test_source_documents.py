"""The imported documents' pages: every "riga N" a page cites opens on that line of the
document as printed, with what the importer noted there (seed 000_…, Turin's report)."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client

from cruscotto.core.models import SourceDocument, SourceText
from cruscotto.indicators.models import Indicator
from cruscotto.loaders.common import LoadResult, SilentProgress, SourceFile
from cruscotto.loaders.formats import FORMATS
from cruscotto.plans.models import Plan, PlanItem

pytestmark = pytest.mark.django_db

# The documents with their ente and diagnostics counted.
LIST_QUERIES = 1
# The document (1), the items per plan (2), the plans (3), the indicators (4), the
# diagnostics (5), the audit trail (6).
DOCUMENT_QUERIES = 6
# The document with its ente and text (1), its diagnostics (2).
TEXT_QUERIES = 2


def document_of(seeded_db: LoadResult) -> SourceDocument:
    return seeded_db.document


def lines_of(page: str) -> dict[int, str]:
    """The text page's lines by number, as a reader sees them (diagnostics apart)."""
    found = re.findall(
        r'<li id="riga-(\d+)" value="\1">(.*?)(?:<span class="source-diagnostic">.*?)?</li>',
        page,
        re.S,
    )
    return {int(number): html.unescape(text) for number, text in found}


def cited_line(page: str) -> tuple[str, int]:
    """The text address and line number of the "Fonte" paragraph of an item or indicator page."""
    source = re.search(r'<p class="text-muted small source">Fonte: (.*?)</p>', page, re.S)
    assert source is not None
    link = re.search(r'<a class="source-line" href="([^"#]+)#riga-(\d+)">riga \2', source.group(1))
    assert link is not None, source.group(1)
    return link.group(1), int(link.group(2))


def test_the_documents_are_listed_with_their_diagnostics_counted(
    seeded_db: LoadResult, client: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(LIST_QUERIES):
        page = client.get("/documenti/sorgenti/").content.decode()
    document = document_of(seeded_db)
    row = re.search(
        rf'<tr><th scope="row"><a href="/documenti/sorgenti/{document.pk}/">.*?</tr>', page, re.S
    )
    assert row is not None
    cells = [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)]
    # `cruscotto diagnostics samples/000_…`: 57 warnings and 85 notes, no error; 2912 lines;
    # the import adds 13 notes: the units the records show to be one (unit_alias_proposed)
    assert cells[:6] == [
        "Città di Torino", "<code>000_014bd498e15be787.txt</code>", "2912", "0", "57", "98",
    ]  # fmt: skip
    assert 'href="/documenti/sorgenti/"' in client.get("/").content.decode()  # in the header


def test_a_documents_page_says_what_it_fed_and_lists_its_diagnostics(
    seeded_db: LoadResult, client: Client, django_assert_num_queries: Any
) -> None:
    document = document_of(seeded_db)
    with django_assert_num_queries(DOCUMENT_QUERIES):
        page = client.get(f"/documenti/sorgenti/{document.pk}/").content.decode()
    dup = Plan.objects.get(ente__code="torino", kind=Plan.Kind.DUP)
    items = PlanItem.objects.filter(plan=dup, source_document=document).count()
    assert f'<a href="/piani/{dup.pk}/">{dup.title}</a> (Città di Torino): {items} voci' in page
    indicators = Indicator.objects.filter(source_document=document).count()
    assert indicators > 100 and f"<li>{indicators} indicatori</li>" in page
    assert "155 segnalazioni, in ordine di riga" in page  # 142 read + 13 unit_alias_proposed
    rows = re.findall(
        r'#riga-(\d+)">riga \d+<span class="visually-hidden"> del documento</span></a></th>', page
    )
    assert len(rows) == 155 and [int(r) for r in rows] == sorted(int(r) for r in rows)
    # The first: three units the programma at line 104 lists (unit_alias_proposed), then
    # activity h without a status (missing_status)
    assert rows[:4] == ["104", "104", "104", "139"]
    # A citizen reads what it means; the code, file and message are behind a disclosure.
    first = page.split('#riga-139"', 1)[1].split("</tr>", 1)[0]
    assert "<td>Un dipartimento non indica lo stato di un&#x27;attività.\n<details" in first
    assert "<summary>Dettagli tecnici</summary>" in first
    assert (
        "Codice <code>missing_status</code> · file <code>000_014bd498e15be787.txt</code>" in first
    )
    assert "<td><code>missing_status</code></td>" not in page
    assert (
        f"<code>{document.identity}</code>" in page
        and document.identity == "torino/rendiconto/2025"
    )


@pytest.mark.parametrize(
    ("key", "printed"),
    [
        ("M01", "MISSIONE 1: SERVIZI ISTITUZIONALI, GENERALI E DI GESTIONE"),
        ("M01.P01.a", "-\ta\tSociale Ambientale Economico\tDare compiuta attuazione al processo"),
        ("M12.P05.b", "1\tb\tSociale\tStrutturare un piano famiglia che organizzi e coordini"),
    ],
)
def test_an_items_source_line_opens_on_the_line_that_prints_it(
    seeded_db: LoadResult, client: Client, key: str, printed: str
) -> None:
    item = PlanItem.objects.get(plan__kind=Plan.Kind.DUP, key=key)
    text_url, number = cited_line(client.get(f"/voci/{item.pk}/").content.decode())
    assert text_url == f"/documenti/sorgenti/{document_of(seeded_db).pk}/testo/"
    assert number == item.source_line
    lines = lines_of(client.get(text_url).content.decode())
    assert lines[number].startswith(printed)


def test_an_indicators_lines_open_on_its_row(seeded_db: LoadResult, client: Client) -> None:
    indicator = Indicator.objects.get(
        source_document=document_of(seeded_db), code="a.1", source_line=148
    )
    page = client.get(f"/indicatori/{indicator.pk}/").content.decode()
    text_url, number = cited_line(page)
    assert number == 148
    assert lines_of(client.get(text_url).content.decode())[148].startswith(
        "a.1\tN° moduli predisposti per la pubblicazione\t4\t0\t0\t0"
    )
    # each measurement's row cites its line too
    assert f'href="{text_url}#riga-148">riga 148' in page.split("<tbody>", 1)[1]


def test_the_text_is_the_document_line_by_line_with_its_diagnostics(
    seeded_db: LoadResult, client: Client, django_assert_num_queries: Any
) -> None:
    document = document_of(seeded_db)
    with django_assert_num_queries(TEXT_QUERIES):
        page = client.get(f"/documenti/sorgenti/{document.pk}/testo/").content.decode()
    lines = lines_of(page)
    seed = seeded_db.document.source_text.text.split("\n")
    assert len(lines) == document.line_count == 2912 == len(seed)
    assert [lines[n] for n in (1, 139, 2912)] == [seed[0], seed[138], seed[2911]]
    line_139 = re.search(r'<li id="riga-139" value="139">.*?</li>', page, re.S)
    assert line_139 is not None and "missing_status" in line_139.group(0)
    assert "attività h, «Servizi Interni Sistemi Informativi»" in html.unescape(line_139.group(0))


def test_a_text_lost_or_never_kept_comes_back_with_the_next_import(
    seeded_db: LoadResult, rendiconto_path: Any
) -> None:
    document = document_of(seeded_db)
    SourceText.objects.filter(document=document).delete()
    source = SourceFile.read(rendiconto_path)
    result = FORMATS["rendiconto"].import_document(
        FORMATS["rendiconto"].parse(source.text), source, "test", SilentProgress()
    )
    assert (result.counts.created, result.counts.updated, result.counts.deleted) == (1, 0, 0)
    assert SourceText.objects.get(document=document).text == source.text
    again = FORMATS["rendiconto"].import_document(
        FORMATS["rendiconto"].parse(source.text), source, "test", SilentProgress()
    )
    assert again.counts.changed == 0


def test_unknown_documents_are_404(seeded_db: LoadResult, client: Client) -> None:
    for url in ["/documenti/sorgenti/999999/", "/documenti/sorgenti/999999/testo/"]:
        assert client.get(url).status_code == 404, url
