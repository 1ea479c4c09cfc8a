"""Objectives' texts cut by the page breaks of "Target e regole di calcolo", made whole.

Each expected text below was read in the seed: the Id table's rows (004:57-58,
70, 73-75, 83-84, 87-88, 90-91, 105-107, 121-122, 137-138, 141-142) and the
public-value matrix, which prints each objective whole (004:156-262).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cruscotto.importers.performance_plan import parse_performance_plan
from cruscotto.importers.performance_plan.records import PerformancePlanDocument

SEED = Path(__file__).resolve().parents[2] / "samples" / "004_63c10e375ed7a47e.txt"


@pytest.fixture(scope="module")
def plan() -> PerformancePlanDocument:
    return parse_performance_plan(SEED.read_text(encoding="utf-8"))


# Id: (start, end) of the whole text, as the document prints it.
WHOLE_TEXTS = {
    # 004:57 ends with the start of 12; 004:58 has only "del personale …" (matrix 004:170).
    11: ("Ringegnerizzazione del processo", "integrazione completa con PagoPA entro il 31/12/2024"),
    12: (
        "Implementazione del contratto collettivo decentrato integrativo del personale entro",
        "definite dal cronoprogramma concordato con la Direzione Generale",
    ),
    # 004:70 stops at "redazione del"; the matrix (004:185) prints the rest.
    24: (
        "Digitalizzazione dell'intero processo finalizzato",
        "di redazione del Piano integrato di Attività e Organizzazione - per la parte rischi "
        "corruttivi e trasparenza - entro il 30/11/2024",
    ),
    # 004:73-75: each row ends in the next one (matrix 004:188-190).
    27: (
        "Attuazione della exit strategy da ATIVA",
        "il mantenimento del relativo asset strategico entro il 31/12/2024",
    ),
    28: (
        "Sviluppo economico - Piattaforma sulla ricaduta investimenti",
        "entro il 30/06/2024 con mappatura di almeno n. 2 zone omogenee",
    ),
    29: ("% di riduzione dei costi all'interno del budget", "pari a 1.600.000€)."),
    # 004:83-84 (matrix 004:194); 34 keeps the Id table's own deadline and measure.
    33: (
        "Urban Digital Twin",
        "struttura organizzativa necessaria per gestirlo entro il 30/06/2024",
    ),
    34: (
        "Creazione di un magazzino/archivio in una delle 2 strutture",
        "entro 31/12/2024: % di rispetto delle scadenze concordate con la Direzione Generale",
    ),
    # 004:87-88 (matrix 004:202).
    37: ("Completamento dei lavori già avviati", "con fine lavori programmati nel 2024."),
    38: (
        "Efficientamento tempistiche di recupero coattivo delle sanzioni amministrative ambientali",
        "75% delle pratiche che si prescrivono nel 2025",
    ),
    # 004:90-91 (matrix 004:205).
    40: ("Riduzione dei tempi dei procedimenti", "conclusi entro i termini di legge."),
    41: (
        "Redistribuzione delle attività e delle funzioni attualmente in capo alla Direzione",
        "Sviluppo rurale e montano entro 30/06/2024",
    ),
    # 004:105-107 (matrix 004:221-223).
    56: ("Realizzazione di 2 progetti", "per le strutture tecniche interne all'Ente"),
    57: (
        "Assistenza tecnico-specialistica agli enti locali: % di incremento de progetti",
        "rispetto al consuntivo 2023.",
    ),
    58: (
        "Digitalizzazione delle attività legate alle concessioni: passaggio al nuovo applicativo",
        "e contestuale dismissione del vecchio",
    ),
    # 004:121-122 (matrix 004:237).
    70: ("Creazione e popolazione", "(Archivio Nazionale Opere d'Arte Ponti); entro il 30/06/2024"),
    72: (
        'Attuazione del nuovo accordo di programma "Prosecuzione degli interventi',
        "previsti dall'accordo entro il 31/12/2024",
    ),
    # 004:137-138 (matrix 004:254-255).
    88: ("Predisposizione di una procedura", "rispetto alle alle scuole monitorate - Target 100%."),
    89: (
        "Aggiornamento Documento di Valutazione dei Rischi",
        "Laboratorio prove viabilità entro il 31/07/2024",
    ),
    # 004:141-142: the Id table prints "entro il 20/11/2024" and, in 94's row, "30/11/2024";
    # both are kept (the matrix, 004:261, has only 30/11/2024: a deadline_differs warning).
    93: ("Piano Urbano della Mobilità Sostenibile", "Biciplan entro il 20/11/2024 30/11/2024"),
    94: ("Digitalizazzione dei procedimenti dei trasporti", "dematerializzati e messi on line"),
    # 004:47 "Titolo Ill", 004:156 "Titolo III": the same sentence, the matrix's spelling.
    1: ("Miglioramento della redditività dell'Ente.", "i risparmi ottenuti)"),
}


@pytest.mark.parametrize("objective_id", sorted(WHOLE_TEXTS))
def test_each_objective_has_its_whole_text(
    plan: PerformancePlanDocument, objective_id: int
) -> None:
    start, end = WHOLE_TEXTS[objective_id]
    text = plan.catalogue[objective_id].text
    assert text.startswith(start)
    assert text.endswith(end)
    assert "  " not in text


def test_no_text_starts_or_ends_with_a_neighbour(plan: PerformancePlanDocument) -> None:
    texts = {i: e.text for i, e in plan.catalogue.items()}
    assert "Titolo III aggiuntive" in texts[1] and "Ill" not in texts[1]
    # The pieces that the rows exchanged are printed once, in their own objective.
    assert sum("Prosecuzione degli" in t for t in texts.values()) == 1
    assert sum("relativo asset strategico" in t for t in texts.values()) == 1
    assert sum("mappatura di almeno n. 2 zone omogenee" in t for t in texts.values()) == 1
    assert sum("Assistenza tecnico-specialistica" in t for t in texts.values()) == 1
    assert not texts[89].startswith("-") and not texts[94].startswith("30/11/2024")


def test_every_change_of_text_is_reported_with_its_lines(plan: PerformancePlanDocument) -> None:
    repaired = [
        (d.line, d.message.split(":")[0])
        for d in plan.diagnostics if d.code == "objective_text_split_repaired"
    ]  # fmt: skip
    assert repaired == [
        (57, "obiettivo 12"), (74, "obiettivo 27"), (75, "obiettivo 28"), (84, "obiettivo 33"),
        (87, "obiettivo 38"), (90, "obiettivo 41"), (105, "obiettivo 57"), (106, "obiettivo 58"),
        (121, "obiettivo 72"), (138, "obiettivo 88"), (142, "obiettivo 93"),
    ]  # fmt: skip
    taken = {
        d.line: d.message
        for d in plan.diagnostics if d.code == "objective_text_from_value_matrix"
    }  # fmt: skip
    assert sorted(taken) == [47, 48, 70, 118, 123]  # Ids 1, 2, 24, 67, 73
    assert "«Ill» per «III»" in taken[47] and "(riga 156)" in taken[47]
    assert "solo una parte" in taken[70] and "(riga 185)" in taken[70]
    moved_27 = next(d for d in plan.diagnostics if d.line == 74 and "obiettivo 27" in d.message)
    assert "«relativo asset strategico entro il 31/12/2024»" in moved_27.message
    assert "(riga 188)" in moved_27.message
