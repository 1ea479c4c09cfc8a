"""A unit's to-do list as a workbook to fill offline, and the filled workbook read back.

Prefilled with last year's values where nothing was entered yet: an indicator's row
then gives last year (`anno`) and its value, and is a value of the campaign's year only
once the referente writes that year; a year's actions left as last year's are not this
year's. A status returned is the referente's answer, even where it did not change.

Sheets: `attivita` (chiave, titolo, stato, azioni), `indicatori` (indicatore, nome,
anno, valore), `obiettivi` (obiettivo, struttura, valore). Reading is pure (bytes in,
rows with their sheet and line out); `upload_workbook` saves them through
`save_entry`, in one transaction: a file with any error writes nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from openpyxl import load_workbook

from cruscotto.accounts.services.permissions import PermissionRefused
from cruscotto.campaigns.models import Campaign, Entry
from cruscotto.campaigns.services.entries import save_entry, status_vocabulary
from cruscotto.campaigns.services.errors import CampaignError
from cruscotto.campaigns.services.todo import UnitTodo
from cruscotto.performance.services.actuals import format_cell

SHEETS = {
    "attivita": ["chiave", "titolo", "stato", "azioni"],
    "indicatori": ["indicatore", "nome", "anno", "valore"],
    "obiettivi": ["obiettivo", "struttura", "valore"],
}


def template_sheets(todo: UnitTodo, year: int) -> dict[str, list[list[str]]]:
    """The unit's sheets, each value prefilled with what was entered, else last year's."""
    sheets: dict[str, list[list[str]]] = {name: [header] for name, header in SHEETS.items()}
    activities: dict[str, list[str]] = {}
    for item in todo.items:
        value = item.text if item.filled else item.previous
        kind, _, where = item.key.partition(":")
        if kind in (Entry.Kind.STATUS, Entry.Kind.ACTIONS):
            row = activities.setdefault(where, [where, item.label, "", ""])
            row[2 if kind == Entry.Kind.STATUS else 3] = value
        elif kind == Entry.Kind.INDICATOR:
            shown_year = year if item.filled or not item.previous else year - 1
            sheets["indicatori"].append([where, item.label, str(shown_year), value])
        elif kind == Entry.Kind.ACTUAL:
            objective, _, unit = where.rpartition("|")
            sheets["obiettivi"].append([objective, unit, value])
    sheets["attivita"].extend(activities.values())
    return sheets


@dataclass(frozen=True)
class SheetValue:
    sheet: str
    line: int
    entry_key: str
    text: str


@dataclass
class ReadWorkbook:
    values: list[SheetValue]
    errors: list[str]


def read_workbook(data: bytes, year: int) -> ReadWorkbook:
    """The values of the esercizio `year` a filled workbook gives, by entry key, and what
    cannot be read."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is no workbook
        return ReadWorkbook([], [f"il file non è un foglio di calcolo XLSX leggibile ({error})"])
    values: list[SheetValue] = []
    errors: list[str] = []
    for name, header in SHEETS.items():
        if name not in workbook.sheetnames:
            continue
        rows = [
            ["" if cell is None else format_cell(cell).strip() for cell in row]
            for row in workbook[name].iter_rows(values_only=True)
        ]
        if not rows or [cell.lower() for cell in rows[0][: len(header)]] != header:
            errors.append(f"foglio {name}, riga 1: servono le colonne {', '.join(header)}")
            continue
        for line, row in enumerate(rows[1:], start=2):
            cells = dict(zip(header, row + [""] * len(header), strict=False))
            if not any(cells.values()):
                continue
            values.extend(sheet_values(name, line, cells, year, errors))
    if not set(SHEETS) & set(workbook.sheetnames):
        errors.append(f"nessuno dei fogli {', '.join(SHEETS)} nel file")
    return ReadWorkbook(values, errors)


def sheet_values(
    sheet: str, line: int, cells: dict[str, str], year: int, errors: list[str]
) -> list[SheetValue]:
    if sheet == "attivita":
        if not cells["chiave"]:
            errors.append(f"foglio attivita, riga {line}: chiave mancante")
            return []
        return [
            SheetValue(sheet, line, f"{kind}:{cells['chiave']}", cells[column])
            for kind, column in ((Entry.Kind.STATUS, "stato"), (Entry.Kind.ACTIONS, "azioni"))
            if cells[column]
        ]
    if sheet == "indicatori":
        if not cells["indicatore"]:
            errors.append(f"foglio indicatori, riga {line}: indicatore mancante")
            return []
        if not cells["valore"] or cells["anno"] == str(year - 1):
            return []  # nothing, or last year's value left as the template gave it
        if cells["anno"] != str(year):
            errors.append(
                f"foglio indicatori, riga {line}: anno «{cells['anno']}»: "
                f"la campagna raccoglie i valori del {year}"
            )
            return []
        return [SheetValue(sheet, line, f"indicatore:{cells['indicatore']}", cells["valore"])]
    if not cells["obiettivo"] or not cells["valore"]:
        return []
    return [
        SheetValue(
            sheet, line, f"consuntivo:{cells['obiettivo']}|{cells['struttura']}", cells["valore"]
        )
    ]


@dataclass
class UploadResult:
    lines: list[str]  # one per saved or refused value: "foglio attivita, riga 3: …"
    saved: int
    errors: int


class UploadRefused(CampaignError):
    def __init__(self, result: UploadResult):
        super().__init__(f"{result.errors} errori: nessun dato salvato")
        self.result = result


def upload_workbook(user: Any, campaign: Campaign, data: bytes) -> UploadResult:
    """Save every value of the workbook; raises UploadRefused (nothing saved) on any error."""
    read = read_workbook(data, campaign.year)
    result = UploadResult(list(read.errors), 0, len(read.errors))
    vocabulary = status_vocabulary()
    versions = dict(Entry.objects.filter(campaign=campaign).values_list("key", "version"))
    texts = dict(Entry.objects.filter(campaign=campaign).values_list("key", "text"))
    last_years = dict(
        Entry.objects.filter(
            campaign=campaign, kind=Entry.Kind.ACTIONS, entered_at__isnull=True
        ).values_list("key", "previous_text")
    )
    with transaction.atomic():
        for value in read.values:
            where = f"foglio {value.sheet}, riga {value.line}"
            if value.entry_key not in versions:
                result.lines.append(f"{where}: «{value.entry_key}» non è un dato della campagna")
                result.errors += 1
                continue
            if texts[value.entry_key] == value.text:
                continue  # unchanged: a second upload of the same file changes nothing
            if last_years.get(value.entry_key) == value.text:
                continue  # last year's actions, as the template gave them
            try:
                save_entry(
                    user,
                    campaign,
                    value.entry_key,
                    value.text,
                    versions[value.entry_key],
                    vocabulary,
                )
            except (CampaignError, PermissionRefused) as error:
                result.lines.append(f"{where}: {str(error).removeprefix('Non consentito: ')}")
                result.errors += 1
                continue
            versions[value.entry_key] += 1
            result.saved += 1
            result.lines.append(f"{where}: salvato «{value.entry_key}»")
        if result.errors:
            transaction.set_rollback(True)
    if result.errors:
        raise UploadRefused(result)
    return result
