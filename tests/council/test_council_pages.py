"""The council act's public pages against the seed (002_…): what a citizen reads in the
deliberation, counted by hand in the document, and what each page costs in queries."""

from __future__ import annotations

import html as html_module
import re
from typing import Any

import pytest
from django.test import Client

from cruscotto.core.diagnostic_codes import DIAGNOSTIC_CODES
from cruscotto.core.models import SourceText
from cruscotto.council.models import (
    Attendance,
    Ballot,
    CouncilAct,
    OperativePoint,
)
from cruscotto.loaders.common import LoadResult
from cruscotto.plans.models import Plan

pytestmark = pytest.mark.django_db

# The act, its session, ente, plan and document (1), the points (2), their
# ballots (3), the attendance (4), the signatures (5), the diagnostics (6).
ACT_PAGE_QUERIES = 6
# The sessions with their ente (1), their acts with their plan (2).
ACT_LIST_QUERIES = 2
# The document with its ente and text (1), its diagnostics (2).
SOURCE_TEXT_QUERIES = 2

# Lines 15 and 17 of the seed: the Sindaco metropolitano and 18 councillors.
PRESENT = [
    "Stefano LO RUSSO",
    "Alessandro SICCHIERO",
    "Andrea TRAGAIOLI",
    "Caterina GRECO",
    "Daniel CANNATI",
    "Davide D'AGOSTINO",
    "Enrico DELMIRANI",
    "Fabio GIULIVI",
    "Gianfranco GUERRINI",
    "Jacopo SUPPO",
    "Luca SALVAI",
    "Marco COGNO",
    "Nadia CONTICELLI",
    "Pasquale Mario MAZZA",
    "Roberto GHIO",
    "Rossana SCHILLACI",
    "Silvano COSTANTINO",
    "Sonia CAMBURSANO",
    "Valentina CERA",
]
# Line 23: the zone omogenee whose spokespersons attend without a vote.
ZONES = [
    ("3", "Torino Sud"),
    ("4", "Torino Nord"),
    ("5", "Pinerolese"),
    ("7", "Ciriacese-Valli di Lanzo"),
    ("9", "Eporediese"),
    ("11", "Chierese-Carmagnolese"),
]
IN_FAVOUR_1_2 = (
    "Cambursano, Cera, Cagno (nell'elenco dei presenti: Marco COGNO), Conticelli, Costantino, "
    "Greco, Guerrini, Lo Russo, Mazza, Schillaci, Sicchiero, Suppo"
)
# Lines 80-90, 100-114, 124-136: count and names of each row of the three votes.
VOTES = {
    1: {
        "present": ("19", "—"),
        "voting": ("19", "—"),
        "in_favour": ("12", IN_FAVOUR_1_2),
        "against": ("non indicato", "nessuno"),
        "abstained": ("7", "Cannati, D'Agostino, Delmirani, Ghio, Giulivi, Salvai, Tragaioli"),
        "not_voting": ("non indicato", "nessuno"),
    },
    2: {
        "present": ("19", "—"),
        "voting": ("19", "—"),
        "in_favour": ("12", IN_FAVOUR_1_2),
        "against": ("1", "D'Agostino"),
        "abstained": ("6", "Cannati, Delmirani, Ghio, Giulivi, Salvai, Tragaioli"),
        "not_voting": ("non indicato", "nessuno"),
    },
    3: {
        "present": ("18", "—"),
        "voting": ("18", "—"),
        "in_favour": ("11", IN_FAVOUR_1_2.replace("Conticelli, ", "")),
        "against": ("non indicato", "nessuno"),
        "abstained": ("7", "Cannati, D'Agostino, Delmirani, Ghio, Giulivi, Salvai, Tragaioli"),
        "not_voting": ("1", "Conticelli"),
    },
}


def text_of(fragment: str) -> str:
    """The text a reader sees in an HTML fragment: no tags, entities decoded, single-spaced."""
    seen = " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())
    return seen.replace(" ,", ",").replace(" )", ")").replace("( ", "(")


def section(page: str, element_id: str, tag: str) -> str:
    found = re.search(
        rf'<{tag}[^>]* (?:id|aria-labelledby)="{element_id}"[^>]*>(.*?)</{tag}>', page, re.DOTALL
    )
    assert found is not None, element_id
    return found.group(1)


def vote_rows(page: str, point: int) -> dict[str, tuple[str, str]]:
    article = section(page, f"punto-{point}", "article")
    rows = re.findall(
        r'<tr class="tally-(\w+)"><th scope="row">[^<]*</th>\s*<td class="text-end text-nowrap">(.*?)</td>\s*<td>(.*?)</td></tr>',
        article,
        re.DOTALL,
    )
    return {key: (text_of(count), text_of(names)) for key, count, names in rows}


def get_page(client: Client, url: str, queries: int, assert_queries: Any) -> str:
    with assert_queries(queries):
        response = client.get(url)
    assert response.status_code == 200, url
    return str(response.content.decode())


@pytest.fixture
def act(council_loaded: LoadResult) -> CouncilAct:
    return CouncilAct.objects.get(number="DEL_CONS 3")


def test_the_act_page_reads_like_the_deliberation(
    act: CouncilAct, client: Client, django_assert_num_queries: Any
) -> None:
    page = get_page(
        client, f"/consiglio/atti/{act.pk}/", ACT_PAGE_QUERIES, django_assert_num_queries
    )
    seen = text_of(page)
    # the session, lines 5-13
    seduta = text_of(section(page, "seduta", "section"))
    for printed in [
        "Adunanza II riga 13",
        "Data mercoledì 23 febbraio 2022",
        "Ora 16:00",
        "Luogo Torino, Aula Consiliare - Piazza Castello, 205 - Torino",
        "Presidenza Sindaco Metropolitano Stefano LO RUSSO",
        "Segretario Vicesegretario Generale Donata RANCATI",
        "Convocazione avviso del 17 febbraio 2022",
    ]:
        assert printed in seduta
    # the act, lines 25-28: number and subject, and the mandate lines it presents
    assert "Atto n. DEL_CONS 3" in seen
    assert (
        "Oggetto: PRESENTAZIONE LINEE PROGRAMMATICHE DI MANDATO PER IL QUINQUENNIO 2021-2026"
        in seen
    )
    plan = Plan.objects.get(ente__code="cmto", kind=Plan.Kind.MANDATO)
    assert f'<a href="/piani/{plan.pk}/">Linee programmatiche di mandato 2021-2026</a>' in page
    # attendance: 19 present in the roll call's order, no absentee, six spokespersons
    present = re.findall(r'<th scope="row">([^<]+)</th><td>', section(page, "presenti", "table"))
    assert [html_module.unescape(name) for name in present] == PRESENT
    assert "Presenti: 19" in seen
    assert "Nessun assente: l'atto non elenca consiglieri assenti." in seen
    spokespersons = re.findall(
        r'<th scope="row">(\d+)</th><td>([^<]+)</td>', section(page, "portavoce", "table")
    )
    assert spokespersons == ZONES
    # signatures, lines 144-149
    firme = text_of(section(page, "firme", "section"))
    assert "IL VICESEGRETARIO GENERALE: Donata Rancati (firmato digitalmente) riga 144" in firme
    assert "IL SINDACO METROPOLITANO: Stefano Lo Russo riga 148" in firme
    assert "Stefano Lo Russo (firmato digitalmente)" not in firme


@pytest.mark.parametrize("point", [1, 2, 3])
def test_each_point_shows_its_vote_as_printed_and_checked(
    act: CouncilAct, client: Client, point: int
) -> None:
    page = client.get(f"/consiglio/atti/{act.pk}/").content.decode()
    assert vote_rows(page, point) == VOTES[point]
    article = text_of(section(page, f"punto-{point}", "article"))
    assert f"Punto {point}: approvato" in article
    assert "Il conteggio torna." in article
    voting, cast = {1: ("19", 19), 2: ("19", 19), 3: ("18", 18)}[point]
    assert f"Votanti {voting} = favorevoli + contrari + astenuti = {cast}" in article
    not_voting = 1 if point == 3 else 0
    assert (
        f"Presenti {voting} = presenti all'appello 19 − non partecipanti al voto {not_voting}"
        in article
    )
    # "Cagno" is COGNO in the roll call: a warning at the line of the names
    cagno_line = {1: 86, 2: 106, 3: 132}[point]
    # as a sentence; the code, the file and the importer's message behind a disclosure
    assert (
        "Avviso Un nome è scritto in modo diverso nell'elenco dei presenti. Dettagli tecnici "
        "Codice voter_name_spelled_differently · file 002_a40a8705e1971a15.txt · "
        f"riga {cagno_line} Messaggio dell'importazione: Punto {point}: «Cagno» è scritto "
        f"«Marco COGNO» nell'elenco dei presenti (riga {cagno_line} del documento)" in article
    )
    text_url = f"/documenti/sorgenti/{act.source_document_id}/testo/"
    assert f'href="{text_url}#riga-{cagno_line}"' in page


def test_a_tally_that_does_not_add_up_is_shown_as_such(act: CouncilAct, client: Client) -> None:
    OperativePoint.objects.filter(act=act, number=2).update(voting=20)
    page = client.get(f"/consiglio/atti/{act.pk}/").content.decode()
    article = text_of(section(page, "punto-2", "article"))
    assert "Il conteggio non torna. Votanti 20 ≠ favorevoli + contrari + astenuti = 19" in article
    assert "Il conteggio torna." in text_of(section(page, "punto-1", "article"))


def test_the_diagnostics_are_listed_with_their_lines(act: CouncilAct, client: Client) -> None:
    page = client.get(f"/consiglio/atti/{act.pk}/").content.decode()
    # Each one as a sentence; the code, the file and the importer's message behind a disclosure.
    found = re.findall(
        r'#riga-(\d+)">riga \d+<span class="visually-hidden"> del documento</span></a></th>'
        r"<td>[^<]+</td><td>([^<]+)\n<details[^>]*><summary>Dettagli tecnici</summary>\s*"
        r'<p class="small mb-0">Codice <code>(\w+)</code> · file <code>([^<]+)</code>',
        section(page, "diagnostica", "table"),
    )
    assert {file_name for _, _, _, file_name in found} == {"002_a40a8705e1971a15.txt"}
    for _, sentence, code, _ in found:
        assert html_module.unescape(sentence) == DIAGNOSTIC_CODES[code].sentence, code
    assert html_module.unescape(found[4][1]) == (
        "Un nome è scritto in modo diverso nell'elenco dei presenti."
    )
    rows = [(line, code) for line, _, code, _ in found]
    # `cruscotto diagnostics samples/002_…`: the 17 the import reported, in line order
    assert rows == [
        ("19", "no_absentees_listed"),
        ("23", "spokesperson_names_not_printed"),
        ("25", "subject_split_around_label"),
        ("76", "tally_omitted"),
        ("86", "voter_name_spelled_differently"),
        ("106", "voter_name_spelled_differently"),
        ("120", "tally_omitted"),
        ("132", "voter_name_spelled_differently"),
        ("181", "paragraph_split_across_pages"),
        ("263", "paragraph_split_across_pages"),
        ("299", "paragraph_split_across_pages"),
        ("315", "paragraph_split_across_pages"),
        ("390", "paragraph_split_across_pages"),
        ("419", "paragraph_split_across_pages"),
        ("442", "action_split_across_pages"),
        ("461", "paragraph_split_across_pages"),
        ("467", "footnote_of_section"),
    ]


def test_the_source_lines_open_in_the_text_of_the_act(
    act: CouncilAct, client: Client, django_assert_num_queries: Any
) -> None:
    text_url = f"/documenti/sorgenti/{act.source_document_id}/testo/"
    page = get_page(client, text_url, SOURCE_TEXT_QUERIES, django_assert_num_queries)
    lines = dict(
        re.findall(
            r'<li id="riga-(\d+)" value="\1">(.*?)(?:<span class="source-diagnostic">.*?)?</li>',
            page,
        )
    )
    assert len(lines) == 468  # 467 newlines, and a last line without one
    assert lines["13"].startswith(
        "Il giorno 23 del mese di febbraio duemilaventidue alle ore 16,00"
    )
    assert html_module.unescape(lines["86"]) == (
        "(Cambursano - Cera - Cagno - Conticelli - Costantino - Greco - Guerrini - Lo Russo - "
        "Mazza - Schillaci - Sicchiero - Suppo)."
    )
    assert lines["146"] == "Donata Rancati"
    assert lines["468"].endswith("LG_Valutazione_partecipativa_28-11.pdf")
    # the diagnostic of line 86 is printed under it, the one of line 13 has none
    line_86 = re.search(r'<li id="riga-86" value="86">.*?</li>', page)
    assert line_86 is not None and "voter_name_spelled_differently" in line_86.group(0)
    assert "Un nome è scritto in modo diverso" in html_module.unescape(line_86.group(0))
    assert "source-diagnostic" not in re.search(r'<li id="riga-13".*?</li>', page).group(0)  # type: ignore[union-attr]
    # the act's own text address, from before the texts moved to the documents, still opens it
    response = client.get(f"/consiglio/atti/{act.pk}/testo/")
    assert (response.status_code, response["Location"]) == (301, text_url)


def test_an_act_imported_before_texts_were_kept_explains_how_to_get_it(
    act: CouncilAct, client: Client
) -> None:
    SourceText.objects.filter(document_id=act.source_document_id).delete()
    page = client.get(f"/consiglio/atti/{act.pk}/").content.decode()
    assert f'href="/documenti/sorgenti/{act.source_document_id}/testo/#riga-86">riga 86' in page
    text_page = client.get(f"/documenti/sorgenti/{act.source_document_id}/testo/")
    assert text_page.status_code == 200
    assert "Il testo di questo documento non è conservato" in text_page.content.decode()
    assert 'id="riga-86"' not in text_page.content.decode()


def test_the_query_count_does_not_grow_with_the_members(
    act: CouncilAct, client: Client, django_assert_num_queries: Any
) -> None:
    point = OperativePoint.objects.get(act=act, number=1)
    for number in range(1, 41):
        member = Attendance.objects.create(
            act=act,
            name=f"Consigliere ASSENTE{number}",
            role="Consigliere",
            status=Attendance.Status.ABSENT,
            position=100 + number,
        )
        Ballot.objects.create(
            point=point,
            printed_name=f"Assente{number}",
            attendance=member,
            choice=Ballot.Choice.NOT_VOTING,
            position=100 + number,
        )
    page = get_page(
        client, f"/consiglio/atti/{act.pk}/", ACT_PAGE_QUERIES, django_assert_num_queries
    )
    assert "Assenti: 40" in text_of(page)
    assert "Consigliere ASSENTE40" in page


def test_the_list_links_each_act_and_the_site_links_the_list(
    act: CouncilAct, client: Client, django_assert_num_queries: Any
) -> None:
    page = get_page(client, "/consiglio/", ACT_LIST_QUERIES, django_assert_num_queries)
    assert f'<a href="/consiglio/atti/{act.pk}/">Atto n. DEL_CONS 3</a>' in page
    assert "Adunanza II del 23 febbraio 2022" in page
    assert "Città metropolitana di Torino" in page
    home = client.get("/").content.decode()
    assert home.count('href="/consiglio/"') == 2  # the header and the list of plans
    plan = Plan.objects.get(ente__code="cmto", kind=Plan.Kind.MANDATO)
    plan_page = client.get(f"/piani/{plan.pk}/").content.decode()
    assert f'href="/consiglio/atti/{act.pk}/"' in plan_page


def test_missing_acts_are_404(council_loaded: LoadResult, client: Client) -> None:
    for url in ["/consiglio/atti/999999/", "/consiglio/atti/999999/testo/"]:
        assert client.get(url).status_code == 404, url
