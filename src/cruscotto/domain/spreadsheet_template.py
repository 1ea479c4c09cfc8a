"""The template of a plan as a spreadsheet: its sheets and columns, with their synonyms.

One definition serves the parser (which header is which column), the empty template
(`cruscotto template`), its `istruzioni` sheet and the export of a plan: a column
added here is read, written and explained alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cruscotto.domain.text import fold_text


@dataclass(frozen=True)
class Column:
    key: str  # what the parser calls it
    name: str  # the header the template prints
    required: bool
    format: str  # what the cell holds, for the istruzioni
    example: str
    synonyms: tuple[str, ...] = ()  # other headers people write for it

    def headers(self) -> set[str]:
        return {fold_text(self.name), *(fold_text(synonym) for synonym in self.synonyms)}


@dataclass(frozen=True)
class SheetTemplate:
    name: str
    purpose: str
    columns: tuple[Column, ...]
    synonyms: tuple[str, ...] = ()
    # Columns repeated once per year ("stato 2024", "target 2025"): key → header prefix.
    yearly: tuple[Column, ...] = ()

    def names(self) -> set[str]:
        return {fold_text(self.name), *(fold_text(synonym) for synonym in self.synonyms)}


# Where a cell lists several values, or a value for each structure ("Servizio A: 20; Servizio B: 10").
# How the template names each level of a plan's tree, when an item names none of its own.
LEVEL_NAMES = {"missione": "Missione", "programma": "Programma", "linea": "Linea programmatica",
               "attivita": "Attività", "asse": "Asse", "strategia": "Strategia",
               "azione": "Azione", "obiettivo": "Obiettivo", "progetto": "Progetto",
               "bisogno": "Bisogno", "tema": "Tema", "sezione": "Sezione",
               "struttura": "Struttura", "voce": "Voce"}  # fmt: skip
LIST_FORMAT = "elenco separato da «;»"
PER_UNIT_FORMAT = "un valore, o «struttura: valore» per ciascuna struttura, separati da «;»"

PLAN = SheetTemplate(
    "piano",
    "Il piano: una riga per campo, il nome del campo nella prima colonna e il valore nella seconda.",
    (
        Column("ente", "ente", True, "codice o nome dell'ente (vedi `cruscotto enti`)",
               "Comune di Borgo Esempio", ("amministrazione", "codice ente", "nome ente")),
        Column("kind", "tipo", True, "dup, performance, psm o mandato", "dup",
               ("tipo di piano", "tipo piano", "tipologia")),
        Column("code", "codice", True, "identificativo del piano presso l'ente, senza spazi",
               "2025-2027", ("cod.", "cod", "id", "codice piano")),
        Column("title", "titolo", True, "testo", "DUP 2025-2027",
               ("denominazione", "nome", "titolo del piano")),
        Column("period_start", "anno di inizio", False, "anno (4 cifre)", "2025",
               ("dal", "inizio", "anno inizio", "primo anno", "periodo dal")),
        Column("period_end", "anno di fine", False, "anno (4 cifre)", "2027",
               ("al", "fine", "anno fine", "ultimo anno", "periodo al")),
        Column("edition", "edizione", False, "testo", "aggiornamento 2025", ("versione",)),
    ),
)  # fmt: skip

ITEMS = SheetTemplate(
    "voci",
    "Le voci del piano, una per riga, in un albero di qualsiasi profondità: ogni voce "
    "indica il codice della voce che la contiene.",
    (
        Column("code", "codice", True, "identificativo unico della voce nel piano", "1.2.1",
               ("cod.", "cod", "id", "codice voce", "identificativo")),
        Column("printed_code", "codice stampato", False,
               "il numero come lo stampa il documento (senza la colonna: il codice)", "a",
               ("numero", "n.", "n°", "numero stampato")),
        Column("level", "livello", True,
               "missione, programma, obiettivo strategico, obiettivo operativo, attività, asse, "
               "strategia, azione, progetto … (ogni altra dicitura è tenuta come scritta)",
               "obiettivo operativo", ("tipo voce", "tipologia", "tipo di voce")),
        Column("parent", "codice padre", False,
               "codice di un'altra voce del foglio; vuoto per le voci di primo livello", "1.2",
               ("padre", "voce padre", "cod. padre", "id padre", "codice superiore")),
        Column("title", "titolo", False, "testo (vuoto: un avviso)", "Riqualificare i parchi gioco",
               ("denominazione", "descrizione breve", "nome", "oggetto")),
        Column("description", "descrizione", False, "testo", "Sostituzione dei giochi usurati …",
               ("descrizione estesa", "descrizione lunga", "note descrittive")),
        Column("units", "strutture responsabili", False, LIST_FORMAT, "Settore Lavori pubblici",
               ("strutture", "struttura", "struttura responsabile", "unità organizzativa",
                "unita organizzative", "settore", "settori", "servizio", "direzione")),
        Column("involved_units", "strutture coinvolte", False, LIST_FORMAT, "Settore Ambiente",
               ("unità coinvolte", "altre strutture")),
        Column("people", "persone", False, PER_UNIT_FORMAT, "Mario Rossi",
               ("dirigente", "dirigenti", "referente", "responsabile")),
        Column("weight", "peso", False, "numero intero, o " + PER_UNIT_FORMAT, "20",
               ("peso %", "peso (%)", "pesatura")),
        Column("slot", "ambito", False,
               "obiettivo di ente, di direzione o individuale (per il peso; vuoto: di direzione)",
               "direzione", ("tipo obiettivo", "tipologia obiettivo")),
        Column("bilancio", "missione/programma", False,
               "codice del bilancio (D.Lgs. 118/2011): «01» o «01.02»; " + LIST_FORMAT, "09.02",
               ("missione e programma", "missione programma", "programma di bilancio",
                "classificazione di bilancio")),
        Column("sdg", "SDG", False, "numeri degli obiettivi dell'Agenda 2030; " + LIST_FORMAT,
               "11; 15", ("obiettivi agenda 2030", "agenda 2030", "goal")),
        Column("pnrr", "PNRR", False, "missione o componente: «M2» o «M2C4»; " + LIST_FORMAT,
               "M2C4", ("missione pnrr", "missioni pnrr")),
        Column("tags", "etichette", False, "«tassonomia: codice»; " + LIST_FORMAT,
               "impatto: ambientale", ("tag", "tags", "altre etichette")),
    ),
    synonyms=("obiettivi", "albero", "voci del piano"),
    yearly=(
        Column("status", "stato", False,
               "in corso, avviato, concluso …; " + PER_UNIT_FORMAT + " (una colonna per anno)",
               "In corso"),
    ),
)  # fmt: skip

INDICATORS = SheetTemplate(
    "indicatori",
    "Gli indicatori, uno per riga, ciascuno della voce che misura.",
    (
        Column("code", "codice", True, "identificativo unico dell'indicatore nel piano", "I1",
               ("cod.", "cod", "id", "codice indicatore")),
        Column("printed_code", "codice stampato", False,
               "il codice come lo stampa il documento, se diverso", "a.1", ("numero",)),
        Column("item", "voce", False, "codice della voce (foglio «voci»); vuoto: del piano",
               "1.2.1", ("codice voce", "cod. voce", "id voce")),
        Column("name", "nome", True, "testo", "Parchi gioco riqualificati",
               ("indicatore", "denominazione", "descrizione", "descrizione indicatore")),
        Column("kind", "tipo", False,
               "valore pubblico, risultato, contesto o comune (vuoto: risultato)", "risultato",
               ("tipologia", "tipo indicatore")),
        Column("unit", "unità di misura", False,
               "numero, %, €, sì/no, data, testo o altra unità (mq, km …)", "numero",
               ("unità", "unita", "u.m.", "um", "misura")),
        Column("polarity", "polarità", False, "crescente (più alto è meglio) o decrescente",
               "crescente", ("verso", "andamento atteso", "direzione attesa")),
        Column("baseline", "baseline", False, "valore come scritto", "3",
               ("valore di partenza", "valore iniziale", "base", "valore base")),
        Column("target", "target", False, "valore come scritto", "12",
               ("valore atteso", "traguardo", "target finale")),
        Column("formula", "formula", False, "testo", "N. parchi riqualificati",
               ("modalità di calcolo", "metodo di calcolo", "calcolo")),
        Column("source", "fonte", False, "testo", "Settore Lavori pubblici",
               ("fonte dei dati", "fonte dati")),
        Column("territorial_level", "livello territoriale", False, "testo", "comunale",
               ("ambito territoriale",)),
        Column("table_title", "tabella", False, "il titolo della tabella che lo stampa", "",
               ("titolo tabella",)),
        Column("group_path", "gruppo", False, "area / prodotto, separati da « / »", "",
               ("area / prodotto", "raggruppamento")),
        Column("notes", "note", False, "testo", "", ("annotazioni",)),
    ),
    yearly=(
        Column("targets", "target", False, "valore come scritto (una colonna per anno)", "12"),
    ),
)  # fmt: skip

VALUES = SheetTemplate(
    "valori",
    "I valori rilevati, uno per riga: indicatore, anno e valore come scritto.",
    (
        Column("indicator", "indicatore", True, "codice dell'indicatore (foglio «indicatori»)",
               "I1", ("codice indicatore", "cod. indicatore", "id indicatore", "codice")),
        Column("year", "anno", True, "anno (4 cifre)", "2025", ("anno di riferimento", "periodo")),
        Column("value", "valore", True,
               "come scritto: «1.234,5», «12,5%», «€ 1.200», «Sì»/«No», una data, un testo",
               "12,5%", ("valore rilevato", "dato", "valore come scritto")),
        Column("series", "serie", False, "testo, per più serie dello stesso indicatore", "",
               ("gruppo di colonne",)),
        Column("reported_year", "anno del documento", False,
               "anno del documento che dichiara il valore (vuoto: nessuno)", "",
               ("anno di rilevazione", "esercizio")),
        Column("number", "valore numerico", False,
               "il numero letto, se il valore scritto non basta a dirlo (punto decimale)", "",
               ("valore letto",)),
        Column("value_type", "tipo di valore", False,
               "numero, percentuale, euro, rapporto, sì/no, testo, non rilevato", "",
               ("tipo valore",)),
    ),
    synonyms=("misurazioni", "valori rilevati"),
)  # fmt: skip

SHEETS: tuple[SheetTemplate, ...] = (PLAN, ITEMS, INDICATORS, VALUES)
INSTRUCTIONS_SHEET = "istruzioni"

_YEARLY_HEADER = re.compile(r"^(?P<prefix>.+?)\s+(?P<year>\d{4})$")


def yearly_header(folded: str) -> tuple[str, int] | None:
    """("STATO", 2024) for a folded header "STATO 2024"; None for another header."""
    match = _YEARLY_HEADER.match(folded)
    return (match.group("prefix"), int(match.group("year"))) if match else None


def sheet_template(name: str) -> SheetTemplate | None:
    """The template sheet a sheet (or CSV file) named `name` is, by name or synonym."""
    folded = fold_text(name)
    return next((sheet for sheet in SHEETS if folded in sheet.names()), None)


def instructions_rows() -> list[list[str]]:
    """The rows of the `istruzioni` sheet: each column of each sheet explained."""
    rows = [
        ["foglio", "colonna", "obbligatoria", "formato", "esempio", "altri nomi accettati"],
    ]
    for sheet in SHEETS:
        rows.append([sheet.name, "", "", sheet.purpose, "", ", ".join(sheet.synonyms)])
        for column in sheet.columns:
            rows.append([sheet.name, column.name, "sì" if column.required else "no",
                         column.format, column.example, ", ".join(column.synonyms)])  # fmt: skip
        for column in sheet.yearly:
            rows.append([sheet.name, f"{column.name} AAAA", "no", column.format,
                         f"{column.name} 2025: {column.example}", ""])  # fmt: skip
    rows.append([])
    rows.extend(
        [[note] for note in (
            "Le intestazioni si riconoscono per nome, in qualsiasi ordine, senza badare a "
            "maiuscole e accenti. Le colonne non riconosciute sono segnalate e ignorate.",
            "Ogni cella che non si può leggere è segnalata con foglio, riga e colonna; un file "
            "con errori non viene importato (gli avvisi non lo impediscono).",
            "Invece di un file XLSX si può importare una cartella di file CSV (UTF-8, separati "
            "da «;» o «,»), uno per foglio, chiamati come i fogli: piano.csv, voci.csv …",
            "Comandi: cruscotto import FILE.xlsx [--dry-run]; cruscotto diagnostics FILE.xlsx; "
            "cruscotto export ENTE/TIPO/CODICE --format xlsx --out FILE.xlsx.",
        )]
    )  # fmt: skip
    return rows
