"""A unit's to-do list as a workbook to fill offline, and the filled workbook read back.

Prefilled with last year's values where nothing was entered yet: an indicator's row
then gives last year (`anno`) and its value, and is a value of the campaign's year only
once the referente writes that year; a year's actions left as last year's are not this
year's. A status returned is the referente's answer, even where it did not change.

Sheets: `attivita` (chiave, titolo, stato, azioni), `indicatori` (indicatore, nome,
anno, valore), `obiettivi` (obiettivo, struttura, valore), each with a last column
`versione`: the version of the row's entries when the sheet was made (for an activity,
the sum of its status's and actions' versions: versions only grow, so the sum changes
whenever either is saved). A row whose entries were saved since (in the form, by
another upload) is refused rather than overwriting them, unless every save since was an
upload of this same sheet (the referente who keeps one file, corrects and uploads it
again): the column `foglio`, after `versione`, names the download, and the saves an
upload makes name it in their reason. A row without `versione` (a sheet made by hand)
may only fill values nobody has entered yet. Reading is pure
(bytes in, rows with their sheet and line out); `upload_workbook` saves them through
`save_entry`, in one transaction: a file with any error writes nothing.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from openpyxl import load_workbook

from cruscotto.accounts.services.permissions import PermissionRefused
from cruscotto.campaigns.models import Campaign, Entry
from cruscotto.campaigns.services.entries import save_entry, status_vocabulary
from cruscotto.campaigns.services.errors import CampaignError
from cruscotto.campaigns.services.todo import UnitTodo
from cruscotto.core.models import UserEdit
from cruscotto.importers.performance_actuals import format_cell

SHEETS = {
    "attivita": ["chiave", "titolo", "stato", "azioni"],
    "indicatori": ["indicatore", "nome", "anno", "valore"],
    "obiettivi": ["obiettivo", "struttura", "valore"],
}
# After the documented columns, so sheets made to the documented ones still read.
VERSION_COLUMN = "versione"
SHEET_COLUMN = "foglio"


def template_sheets(
    todo: UnitTodo, year: int, sheet_id: str | None = None
) -> dict[str, list[list[str]]]:
    """The unit's sheets, each value prefilled with what was entered, else last year's;
    each row with its version and the download's id (`sheet_id`, a new one by default)."""
    sheet_id = sheet_id or uuid.uuid4().hex[:12]
    sheets: dict[str, list[list[str]]] = {
        name: [[*header, VERSION_COLUMN, SHEET_COLUMN]] for name, header in SHEETS.items()
    }
    activities: dict[str, list[str]] = {}
    for item in todo.items:
        value = item.text if item.filled else item.previous
        kind, _, where = item.key.partition(":")
        if kind in (Entry.Kind.STATUS, Entry.Kind.ACTIONS):
            row = activities.setdefault(where, [where, item.label, "", "", "0"])
            row[2 if kind == Entry.Kind.STATUS else 3] = value
            row[4] = str(int(row[4]) + item.version)
        elif kind == Entry.Kind.INDICATOR:
            shown_year = year if item.filled or not item.previous else year - 1
            sheets["indicatori"].append(
                [where, item.label, str(shown_year), value, str(item.version)]
            )
        elif kind == Entry.Kind.ACTUAL:
            objective, _, unit = where.rpartition("|")
            sheets["obiettivi"].append([objective, unit, value, str(item.version)])
    sheets["attivita"].extend(activities.values())
    for rows in sheets.values():
        for row in rows[1:]:
            row.append(sheet_id)
    return sheets


@dataclass(frozen=True)
class SheetValue:
    sheet: str
    line: int
    entry_key: str
    text: str
    # The row's version when the sheet was made (None: the row gives none) and the
    # entries it sums (an activity's row: its status and actions).
    version: int | None = None
    row_keys: tuple[str, ...] = ()
    sheet_id: str = ""  # the download the row comes from ("" when the sheet names none)


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
        extra = {
            cell.lower(): column
            for column, cell in enumerate(rows[0])
            if column >= len(header) and cell.lower() in (VERSION_COLUMN, SHEET_COLUMN)
        }
        version_at, sheet_at = extra.get(VERSION_COLUMN), extra.get(SHEET_COLUMN)
        for line, row in enumerate(rows[1:], start=2):
            cells = dict(zip(header, row + [""] * len(header), strict=False))
            if not any(cells.values()):
                continue
            version_text = (
                row[version_at] if version_at is not None and version_at < len(row) else ""
            )
            version = read_version(version_text, name, line, errors)
            found = sheet_values(name, line, cells, year, errors)
            keys = tuple(value.entry_key for value in found)
            if name == "attivita" and cells["chiave"]:
                keys = tuple(
                    f"{kind}:{cells['chiave']}" for kind in (Entry.Kind.STATUS, Entry.Kind.ACTIONS)
                )
            sheet_id = row[sheet_at] if sheet_at is not None and sheet_at < len(row) else ""
            values.extend(
                replace(value, version=version, row_keys=keys, sheet_id=sheet_id) for value in found
            )
    if not set(SHEETS) & set(workbook.sheetnames):
        errors.append(f"nessuno dei fogli {', '.join(SHEETS)} nel file")
    return ReadWorkbook(values, errors)


def read_version(text: str, sheet: str, line: int, errors: list[str]) -> int | None:
    if not text:
        return None
    try:
        version = int(text)
    except ValueError:
        version = -1
    if version < 0:
        errors.append(
            f"foglio {sheet}, riga {line}: versione «{text}» non valida: "
            "lasciare quella del foglio scaricato"
        )
        return None
    return version


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


def saved_since_by_sheet(
    value: SheetValue, now: int, entry_ids: list[int], campaign: Campaign
) -> bool:
    """Whether every save of the row's entries since the sheet's version came from uploads
    of this same sheet. Each save raises one entry's version by one, so they are the
    latest `now - version` version changes of those entries."""
    assert value.version is not None
    if now < value.version:
        return False
    latest = UserEdit.objects.filter(
        model=Entry._meta.label_lower, object_id__in=entry_ids, field="version"
    ).order_by("-at", "-id")[: now - value.version]
    reason = f"{campaign.edit_reason}, {sheet_reason(value.sheet_id)}"
    return all(edit.reason == reason for edit in latest)


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
    read_versions = dict(versions)  # as stored before this upload saves anything
    texts = dict(Entry.objects.filter(campaign=campaign).values_list("key", "text"))
    ids = dict(Entry.objects.filter(campaign=campaign).values_list("key", "pk"))
    entered_by = {
        key: name or "altri"
        for key, name in Entry.objects.filter(
            campaign=campaign, entered_at__isnull=False
        ).values_list("key", "entered_by__username")
    }
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
            stale = stale_row(value, read_versions, entered_by, ids, campaign)
            if stale:
                result.lines.append(f"{where}: {stale}")
                result.errors += 1
                continue
            try:
                save_entry(
                    user,
                    campaign,
                    value.entry_key,
                    value.text,
                    versions[value.entry_key],
                    vocabulary,
                    via=sheet_reason(value.sheet_id),
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


def sheet_reason(sheet_id: str) -> str:
    return f"foglio {sheet_id}" if sheet_id else "foglio"


def stale_row(
    value: SheetValue,
    versions: dict[str, int],
    entered_by: dict[str, str],
    ids: dict[str, int],
    campaign: Campaign,
) -> str:
    """Why the row's value would overwrite a save made after the sheet was downloaded
    ("" when it would not)."""
    keys = [key for key in value.row_keys if key in versions] or [value.entry_key]
    who = ", ".join(sorted({entered_by[key] for key in keys if key in entered_by}))
    if value.version is None:
        if not who:
            return ""  # nothing entered yet: nothing to overwrite
        return (
            f"«{value.entry_key}»: la riga non ha la versione ({VERSION_COLUMN}) e il dato è già "
            f"stato inserito da {who}: scaricare di nuovo il foglio e ripetere la modifica"
        )
    now = sum(versions[key] for key in keys)
    if now == value.version or (
        value.sheet_id and saved_since_by_sheet(value, now, [ids[key] for key in keys], campaign)
    ):
        return ""
    return (
        f"«{value.entry_key}» è stato modificato da {who or 'altri'} dopo che il foglio è stato "
        f"scaricato (versione del foglio {value.version}, ora {now}): scaricare di nuovo il "
        "foglio e ripetere la modifica"
    )
