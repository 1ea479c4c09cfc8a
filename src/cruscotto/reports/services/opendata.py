"""Open data: a tidy CSV per indicator, a JSON export per plan, and the data dictionary.

Files carry stable identifiers built from natural keys (ente, plan, item and
indicator keys), never database ids, so that a republication after a new
import keeps every link valid.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.db.models import Prefetch

from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.indicators.services import CSV_COLUMNS, measurements_as_csv, stable_indicator_id
from cruscotto.plans.models import (
    ItemTag,
    Link,
    LinkTag,
    LogEntry,
    Plan,
    PlanItem,
    Responsibility,
)

DATA_DICTIONARY: dict[str, dict[str, str]] = {
    "indicatori/<indicator file>.csv": {
        "indicator_id": "identificativo stabile: ente:tipo piano:codice piano:chiave indicatore",
        "indicator_code": "codice dell'indicatore come stampato (es. a.1); vuoto per gli indicatori di risultato",
        "indicator_name": "nome dell'indicatore",
        "series": "gruppo di colonne nelle tabelle a doppia entrata (es. «Provvedimenti ampliativi»); vuoto altrimenti",
        "year": "anno a cui si riferisce il valore",
        "value_as_printed": "il valore esattamente come stampato nel documento",
        "value": "il valore letto come numero (punto decimale, senza separatori delle migliaia); vuoto se il documento non dà un solo numero",
        "unit": "unità di misura, se indicata",
        "value_type": "count, percent, euro, ratio, yes_no, text o missing (non rilevato: «-», «N.D.»)",
        "qualifiers": "qualificatori separati da «;»: non_disponibile, circa, maggiore_di, minore_di, pre_consuntivo, nota, parziale",
        "source_document": "file del documento da cui è tratto il valore",
        "source_line": "riga del documento da cui è tratto il valore",
    },
    "indicatori.csv": {
        "indicator_id": "identificativo stabile dell'indicatore (vedi sopra)",
        "file": "nome del file CSV con i valori dell'indicatore",
        "kind": "valore_pubblico, risultato, comune o contesto",
        "item_key": "chiave della voce di piano a cui l'indicatore è collegato",
        "name": "nome dell'indicatore",
        "values": "numero di valori nel file",
    },
    # Every field of a plan file, by its path ("items[]" is each element of the list "items"):
    # a test walks the files written and finds each path here.
    "piani/<plan>.json": {
        "plan": "il piano: identificativo, ente, tipo, codice, titolo, periodo",
        "plan.id": "identificativo stabile del piano: ente:tipo:codice (torino:dup:2021-2026)",
        "plan.ente": "nome dell'ente",
        "plan.kind": "tipo di piano: mandato, dup, psm, performance",
        "plan.code": "codice del piano: il periodo o l'edizione (2021-2026, 2024-2026)",
        "plan.title": "titolo del piano",
        "plan.period": "primo e ultimo anno del periodo del piano, [inizio, fine]",
        "items": "le voci del piano, nell'ordine in cui il documento le stampa",
        "items[].key": "chiave stabile della voce nel piano (es. M01.P02.a: Missione 1, Programma 2, attività a)",
        "items[].level": "livello: missione, programma, linea, attivita, asse, strategia, azione, obiettivo, progetto …",
        "items[].code": "codice come stampato", "items[].title": "testo della voce",
        "items[].description": "testo che accompagna la voce (descrizione di una strategia, di un progetto …); vuoto se il documento non ne dà",
        "items[].parent": "chiave della voce che la contiene; null per le voci di primo livello",
        "items[].tags": "etichette «tassonomia:codice» (sdg:11, bilancio_118:01.02, impatto:sociale …; le aree tematiche di un mandato: gruppi-<ente>-mandato-<periodo>:<numero>)",
        "items[].responsibilities": "strutture responsabili o coinvolte, con stato e azioni effettuate per anno",
        "items[].responsibilities[].org_unit": "nome della struttura (dipartimento, divisione, direzione)",
        "items[].responsibilities[].role": "responsabile (dell'attività) o coinvolta (unità organizzativa coinvolta nel programma)",
        "items[].responsibilities[].status": "stato per la struttura: avviato, in_corso, concluso; null se non stampato o non riconosciuto",
        "items[].responsibilities[].status_as_printed": "lo stato come stampato nel documento",
        "items[].responsibilities[].log": "azioni e attività effettuate, nell'ordine del documento",
        "items[].responsibilities[].log[].year_from": "anno (o primo anno) a cui l'azione si riferisce; null se non indicato",
        "items[].responsibilities[].log[].year_to": "ultimo anno, per un'azione che copre più anni («2023 - 2024»); null altrimenti",
        "items[].responsibilities[].log[].text": "testo dell'azione",
        "items[].links": "collegamenti verso voci di altri piani",
        "items[].links[].kind": "tipo: lists (il programma elenca la linea), refers_to (l'attività si riferisce alla linea), contributes_to, serves, continues, addresses, possible_axis",
        "items[].links[].plan": "identificativo stabile del piano della voce collegata (vedi plan.id)",
        "items[].links[].key": "chiave della voce collegata nel suo piano",
        "items[].links[].local_code": "numero con cui il documento stampa il collegamento (n° della linea, «Rif linee CC»)",
        "items[].links[].origin": "stated (dichiarato nel documento), derived (derivato da una regola), user (inserito da un utente)",
        "items[].links[].tags": "etichette «tassonomia:codice» della riga: SDG e PNRR che la tabella di un programma stampa accanto alla linea",
        "items[].source": "documento e riga di provenienza",
        "items[].source.document": "file del documento da cui è tratta la voce",
        "items[].source.line": "riga del documento da cui è tratta la voce",
    },
}  # fmt: skip

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def file_name_for(identifier: str) -> str:
    """A file name from a stable identifier ("torino:dup:2021-2026:M01.P01/vp/f.1")."""
    return _UNSAFE.sub("_", identifier).strip("_")


def data_dictionary() -> dict[str, Any]:
    """The data dictionary as published (`dizionario-dati.json`, `/api/v1/dizionario-dati/`):
    every file's fields with their meaning, and the columns of an indicator's CSV in order."""
    return {"columns": DATA_DICTIONARY, "indicator_csv_columns": CSV_COLUMNS}


def plan_identifier(plan: Plan) -> str:
    return f"{plan.ente.code}:{plan.kind}:{plan.code}"


def export_plan(plan: Plan) -> dict[str, Any]:
    """Return the plan as a JSON-ready dict, in six queries of plain values whatever its size.

    Plain values rather than model instances: through nested prefetches, the
    Turin DUP (1,100 items, their responsibilities, logs and links) took 0.4 s,
    most of it building instances; the JSON API serves this on every request.
    """
    items = list(
        PlanItem.objects.filter(plan=plan)
        .order_by("position", "pk")  # the id settles ties alike on every database
        .values(
            "id", "key", "level", "code", "title", "description", "parent__key",
            "source_document__file_name", "source_line",
        )
    )  # fmt: skip
    tags = grouped(
        ItemTag.objects.filter(item__plan=plan)
        .order_by("pk")
        .values_list("item_id", "term__taxonomy__code", "term__code")
    )
    logs = grouped(
        LogEntry.objects.as_of()
        .filter(responsibility__item__plan=plan)
        .order_by("responsibility_id", "position")
        .values_list("responsibility_id", "year_from", "year_to", "text")
    )
    responsibilities: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in (
        Responsibility.objects.filter(item__plan=plan)
        .order_by("item_id", "position")
        .values("id", "item_id", "org_unit__name", "role", "status__code", "status_as_printed")
    ):
        responsibilities[row["item_id"]].append(
            {
                "org_unit": row["org_unit__name"],
                "role": row["role"],
                "status": row["status__code"],
                "status_as_printed": row["status_as_printed"],
                "log": [
                    {"year_from": year_from, "year_to": year_to, "text": text}
                    for year_from, year_to, text in logs.get(row["id"], [])
                ],
            }
        )
    link_tags = grouped(
        LinkTag.objects.filter(link__from_item__plan=plan)
        .order_by("pk")
        .values_list("link_id", "term__taxonomy__code", "term__code")
    )
    links: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for link in (
        Link.objects.filter(from_item__plan=plan)
        .order_by("pk")
        .values(
            "id", "from_item_id", "kind", "to_item__plan__ente__code", "to_item__plan__kind",
            "to_item__plan__code", "to_item__key", "local_code", "origin",
        )
    ):  # fmt: skip
        links[link["from_item_id"]].append(
            {
                "kind": link["kind"],
                "plan": f"{link['to_item__plan__ente__code']}:{link['to_item__plan__kind']}:"
                f"{link['to_item__plan__code']}",
                "key": link["to_item__key"],
                "local_code": link["local_code"],
                "origin": link["origin"],
                # the SDG and PNRR cells of this occurrence (a programma's row of a line)
                "tags": sorted(
                    f"{taxonomy}:{code}" for taxonomy, code in link_tags.get(link["id"], [])
                ),
            }
        )
    return {
        "plan": {
            "id": plan_identifier(plan),
            "ente": plan.ente.name,
            "kind": plan.kind,
            "code": plan.code,
            "title": plan.title,
            "period": [plan.period_start, plan.period_end],
        },
        "items": [
            {
                "key": item["key"],
                "level": item["level"],
                "code": item["code"],
                "title": item["title"],
                "description": item["description"],
                "parent": item["parent__key"],
                "tags": sorted(f"{taxonomy}:{code}" for taxonomy, code in tags.get(item["id"], [])),
                "responsibilities": responsibilities.get(item["id"], []),
                "links": links.get(item["id"], []),
                "source": {
                    "document": item["source_document__file_name"],
                    "line": item["source_line"],
                },
            }
            for item in items
        ],
    }


def grouped(rows: Iterable[tuple[Any, ...]]) -> dict[Any, list[tuple[Any, ...]]]:
    """(key, *values) rows → {key: [values, …]}, in the rows' order."""
    found: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
    for key, *values in rows:
        found[key].append(tuple(values))
    return found


def write_open_data(out: Path, advance: Callable[[str], None] = lambda _: None) -> dict[str, int]:
    """Write the open data of every plan under `out`; return how many files of each kind."""
    (out / "indicatori").mkdir(parents=True, exist_ok=True)
    (out / "piani").mkdir(parents=True, exist_ok=True)
    plans = list(Plan.objects.select_related("ente").order_by("ente__code", "kind", "code"))
    written: set[Path] = set()
    for plan in plans:
        advance(f"Piano {plan.title[:40]}")
        path = out / "piani" / f"{file_name_for(plan_identifier(plan))}.json"
        written.add(path)
        path.write_text(
            json.dumps(export_plan(plan), ensure_ascii=False, indent=2), encoding="utf-8"
        )
    advance("Indicatori")
    indicators = list(
        Indicator.objects.select_related("plan__ente", "item")
        .prefetch_related(
            Prefetch(
                "measurements",
                # The values as the latest report states them (each report keeps its own).
                queryset=Measurement.objects.as_of()
                .select_related("source_document")
                .order_by("series", "year"),
            )
        )
        # By the plan's natural key, not its id: the index reads the same whatever order
        # the documents were imported in.
        .order_by("plan__ente__code", "plan__kind", "plan__code", "position", "key")
    )
    index_rows: list[list[str]] = []
    for indicator in indicators:
        identifier = stable_indicator_id(indicator)
        name = f"{file_name_for(identifier)}.csv"
        (out / "indicatori" / name).write_text(measurements_as_csv(indicator), encoding="utf-8")
        written.add(out / "indicatori" / name)
        index_rows.append(
            [
                identifier,
                name,
                indicator.kind,
                indicator.item.key if indicator.item else "",
                indicator.name,
                str(len(indicator.measurements.all())),
            ]
        )
    _write_index(out / "indicatori.csv", index_rows)
    # A republication into the same folder drops the files of plans and indicators the
    # database no longer has: left there, they would still be served as current.
    for stale in [*(out / "piani").glob("*.json"), *(out / "indicatori").glob("*.csv")]:
        if stale not in written:
            stale.unlink()
    (out / "dizionario-dati.json").write_text(
        json.dumps(data_dictionary(), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    counts: dict[str, int] = defaultdict(int)
    counts["piani"] = len(plans)
    counts["indicatori"] = len(indicators)
    return dict(counts)


def _write_index(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(list(DATA_DICTIONARY["indicatori.csv"]))
        writer.writerows(rows)
