"""Read a plan from its spreadsheet: `Workbook` in, `SpreadsheetPlan` (records + diagnostics) out.

Pure: no database. Headers are found by name (`template.py`), in any order. Every
cell that cannot be read is a diagnostic naming sheet, row and column, at the line
of the workbook's text rendering that shows the row; a record with an error is
left out, and the loader refuses a file with any error.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.reference import read_reference_files
from cruscotto.domain.spreadsheet_template import (
    INDICATORS,
    INSTRUCTIONS_SHEET,
    ITEMS,
    LEVEL_NAMES,
    PLAN,
    VALUES,
    SheetTemplate,
    sheet_template,
    yearly_header,
)
from cruscotto.domain.text import fold_text
from cruscotto.importers.cell_values import parse_cell, read_italian_number
from cruscotto.importers.records import CellValue, ValueType
from cruscotto.importers.rendiconto.vocabulary import read_status
from cruscotto.importers.spreadsheet_plan.records import (
    IndicatorRecord,
    ItemRecord,
    PerUnit,
    PlanRecord,
    SpreadsheetPlan,
    StatusRecord,
    ValueRecord,
    WeightRecord,
)
from cruscotto.importers.spreadsheet_plan.workbook import Sheet, Workbook, column_letter

PLAN_KINDS = {"DUP": "dup", "PERFORMANCE": "performance", "PIAO": "performance",
              "PIANO DELLA PERFORMANCE": "performance", "PSM": "psm",
              "PIANO STRATEGICO METROPOLITANO": "psm", "MANDATO": "mandato",
              "LINEE PROGRAMMATICHE": "mandato", "LINEE PROGRAMMATICHE DI MANDATO": "mandato"}  # fmt: skip
# A level is named by its first word ("obiettivo operativo" is an obiettivo); the words
# after it are kept as the item's level label.
LEVEL_WORDS = {"MISSIONE": "missione", "PROGRAMMA": "programma", "LINEA": "linea",
               "ATTIVITA": "attivita", "ASSE": "asse", "STRATEGIA": "strategia",
               "AZIONE": "azione", "OBIETTIVO": "obiettivo", "PROGETTO": "progetto",
               "BISOGNO": "bisogno", "TEMA": "tema", "SEZIONE": "sezione",
               "STRUTTURA": "struttura", "VOCE": "voce"}  # fmt: skip
INDICATOR_KINDS = {"VALORE PUBBLICO": "valore_pubblico", "VALORE_PUBBLICO": "valore_pubblico",
                   "RISULTATO": "risultato", "CONTESTO": "contesto", "COMUNE": "comune",
                   "INDICATORE COMUNE": "comune"}  # fmt: skip
POLARITIES = {"CRESCENTE": "higher", "PIU ALTO E MEGLIO": "higher", "HIGHER": "higher",
              "AUMENTO": "higher", "DECRESCENTE": "lower", "PIU BASSO E MEGLIO": "lower",
              "LOWER": "lower", "DIMINUZIONE": "lower"}  # fmt: skip
SLOTS = {"ENTE": "ente", "DI ENTE": "ente", "OBIETTIVO DI ENTE": "ente", "DIREZIONE": "direzione",
         "DI DIREZIONE": "direzione", "OBIETTIVO DI DIREZIONE": "direzione",
         "INDIVIDUALE": "individuale", "OBIETTIVO INDIVIDUALE": "individuale"}  # fmt: skip
VALUE_TYPES = {"NUMERO": ValueType.COUNT, "COUNT": ValueType.COUNT,
               "PERCENTUALE": ValueType.PERCENT, "PERCENT": ValueType.PERCENT,
               "EURO": ValueType.EURO, "RAPPORTO": ValueType.RATIO, "RATIO": ValueType.RATIO,
               "SI NO": ValueType.YES_NO, "YES NO": ValueType.YES_NO, "YES_NO": ValueType.YES_NO, "TESTO": ValueType.TEXT,
               "TEXT": ValueType.TEXT, "NON RILEVATO": ValueType.MISSING,
               "MISSING": ValueType.MISSING}  # fmt: skip
YES_NO_UNITS = {"SI NO", "SI O NO", "YES NO"}
NUMERIC_UNITS = {"NUMERO", "N", "PERCENTUALE", "EURO"}
NUMERIC_UNIT_SYMBOLS = {"%", "€"}
PERIOD_FIELDS = {"period_start", "period_end"}
_YEAR = re.compile(r"^\d{4}$")
_PLAIN_DECIMAL = re.compile(r"^-?\d+(?:\.\d+)?$")
_SDG = re.compile(r"^(?:SDG|GOAL|OBIETTIVO)?\s*0*(\d{1,2})$")
_PNRR = re.compile(r"^(M\d)(C\d)?$")
_BILANCIO = re.compile(r"^(?:MISSIONE\s*)?0*(\d{1,2})(?:\s*(?:[.\s/]|PROGRAMMA)\s*0*(\d{1,2}))?$")


@lru_cache(maxsize=1)
def reference_term_codes() -> dict[str, frozenset[str]]:
    """The term codes of every reference taxonomy that ships with the code, by taxonomy code.

    The one place the parser learns which tags exist: reference taxonomies are complete,
    so a code outside them is a mistake of the sheet. Other taxonomies grow on import,
    and so do the reference lists marked `"open"` (the funding programmes a document
    states, the sources it cites).
    """
    return {
        data["code"]: frozenset(term["code"] for term in data["terms"])
        for data in read_reference_files()
        if not data.get("open")
    }


class SheetReader:
    """The diagnostics of one workbook, each naming sheet, row and column."""

    def __init__(self, workbook: Workbook):
        self.workbook = workbook
        self.diagnostics: list[Diagnostic] = []

    def report(
        self, severity: Severity, code: str, sheet: str, row: int, column: str, message: str
    ) -> None:
        where = f"{sheet}, riga {row}" + (f", colonna «{column}»" if column else "")
        self.diagnostics.append(
            Diagnostic(self.workbook.line_of(sheet, row), severity, code, f"{where}: {message}")
        )

    def error(self, code: str, sheet: str, row: int, column: str, message: str) -> None:
        self.report(Severity.ERROR, code, sheet, row, column, message)

    def warning(self, code: str, sheet: str, row: int, column: str, message: str) -> None:
        self.report(Severity.WARNING, code, sheet, row, column, message)


@dataclasses.dataclass
class TableRow:
    number: int
    cells: dict[str, str]  # column key → text
    yearly: dict[str, dict[int, str]]  # yearly column key → year → text
    headers: dict[str, str]  # column key → header as written


def read_table(sheet: Sheet, template: SheetTemplate, reader: SheetReader) -> list[TableRow]:
    """The sheet's rows by column key; the header is its first row."""
    for cell_range in sheet.merged_header_ranges:
        reader.error("merged_header", sheet.name, 1, "",
                     f"intestazione su celle unite ({cell_range}): ogni colonna deve avere la sua")  # fmt: skip
    if not sheet.rows:
        reader.error("empty_sheet", sheet.name, 1, "", "il foglio è vuoto")
        return []
    by_header = {header: column for column in template.columns for header in column.headers()}
    yearly_prefixes = {fold_text(column.name): column.key for column in template.yearly}
    keys: list[tuple[str, int | None] | None] = []
    headers: dict[str, str] = {}
    for index, header in enumerate(sheet.rows[0]):
        folded = fold_text(header)
        column = by_header.get(folded)
        yearly = yearly_header(folded)
        if column is not None and column.key not in headers:
            keys.append((column.key, None))
            headers[column.key] = header
        elif column is not None:
            keys.append(None)
            reader.error("duplicate_column", sheet.name, 1, header,
                         f"la colonna ripete «{headers[column.key]}» (colonna {column_letter(index)})")  # fmt: skip
        elif yearly is not None and yearly[0] in yearly_prefixes:
            keys.append((yearly_prefixes[yearly[0]], yearly[1]))
        elif folded:
            keys.append(None)
            reader.warning("unknown_column", sheet.name, 1, header,
                           f"colonna {column_letter(index)} non prevista dal modello: ignorata")  # fmt: skip
        else:
            keys.append(None)
    for column in template.columns:
        if column.required and column.key not in headers:
            reader.error("missing_column", sheet.name, 1, column.name,
                         "colonna obbligatoria assente")  # fmt: skip
    rows = []
    for number, row in enumerate(sheet.rows[1:], start=2):
        cells: dict[str, str] = {}
        yearly_cells: dict[str, dict[int, str]] = {}
        for key, text in zip(keys, row, strict=False):
            if key is None or not text.strip():
                continue
            if key[1] is None:
                cells[key[0]] = text.strip()
            else:
                yearly_cells.setdefault(key[0], {})[key[1]] = text.strip()
        if cells or yearly_cells:
            rows.append(TableRow(number, cells, yearly_cells, headers))
    return rows


def header_of(template: SheetTemplate, key: str, row: TableRow) -> str:
    """The column's header as the sheet writes it, else as the template names it."""
    return row.headers.get(key) or next(c.name for c in template.columns if c.key == key)


def required(template: SheetTemplate, row: TableRow, reader: SheetReader, *keys: str) -> bool:
    """Whether the row fills every one of `keys`; an error for each it leaves empty."""
    complete = True
    for key in keys:
        if not row.cells.get(key):
            reader.error("empty_required_cell", template.name, row.number,
                         header_of(template, key, row), "cella obbligatoria vuota")  # fmt: skip
            complete = False
    return complete


def printed_code(row: TableRow) -> str:
    """The code as printed: its column's cell, even empty (a record printed without one);
    the code itself where the sheet has no such column."""
    return row.cells.get("printed_code", "") if "printed_code" in row.headers else row.cells["code"]


def read_year(text: str) -> int | None:
    return int(text) if _YEAR.match(text.strip()) else None


def split_list(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]


def split_per_unit(text: str) -> list[PerUnit]:
    """ "In corso" → one value for every structure (the whole cell, whatever it holds);
    "A: In corso; B: Concluso" → one value for each structure named."""
    if ":" not in text:
        return [PerUnit("", text.strip())] if text.strip() else []
    parts = []
    for part in split_list(text):
        unit, colon, value = part.rpartition(":")
        parts.append(PerUnit(unit.strip(), value.strip()) if colon else PerUnit("", part))
    return parts


# --- the sheets ----------------------------------------------------------------------------


def read_plan(sheet: Sheet, reader: SheetReader) -> PlanRecord | None:
    """The plan: a "campo | valore" list (or a header row and one row of values)."""
    by_header = {header: column for column in PLAN.columns for header in column.headers()}
    found: dict[str, tuple[str, int]] = {}  # key → (value, row)
    first = [fold_text(cell) for cell in sheet.rows[0]] if sheet.rows else []
    if sum(1 for cell in first if cell in by_header) >= 2:  # laid out as a table
        for number, row in enumerate(sheet.rows[1:2], start=2):
            for header, text in zip(first, row, strict=False):
                if header in by_header and text.strip():
                    found[by_header[header].key] = (text.strip(), number)
    else:
        for number, row in enumerate(sheet.rows, start=1):
            if not row or not row[0].strip():
                continue
            column = by_header.get(fold_text(row[0]))
            value = row[1].strip() if len(row) > 1 else ""
            if column is None:
                if fold_text(row[0]) not in {"CAMPO", "VOCE"}:
                    reader.warning("unknown_field", PLAN.name, number, row[0],
                                   "campo non previsto dal modello: ignorato")  # fmt: skip
            elif value:
                found[column.key] = (value, number)
    complete = True
    for column in PLAN.columns:
        if column.required and column.key not in found:
            reader.error("missing_plan_field", PLAN.name, 1, column.name,
                         "campo obbligatorio del piano assente o vuoto")  # fmt: skip
            complete = False
        elif column.key in PERIOD_FIELDS and column.key not in found:
            reader.warning("period_unknown", PLAN.name, 1, column.name,
                           "anno non indicato: il periodo del piano resta non noto")  # fmt: skip
    kind_text, kind_row = found.get("kind", ("", 1))
    kind = PLAN_KINDS.get(fold_text(kind_text), "")
    if kind_text and not kind:
        reader.error("unknown_plan_kind", PLAN.name, kind_row, "tipo",
                     f"«{kind_text}» non è un tipo di piano (dup, performance, psm, mandato)")  # fmt: skip
        complete = False
    years: dict[str, int | None] = {}
    for key, name in (("period_start", "anno di inizio"), ("period_end", "anno di fine")):
        text, number = found.get(key, ("", 1))
        years[key] = read_year(text)
        if text and years[key] is None:
            reader.error("bad_year", PLAN.name, number, name, f"«{text}» non è un anno")
            complete = False
    start, end = years["period_start"], years["period_end"]
    if start and end and end < start:
        reader.error("bad_period", PLAN.name, found["period_end"][1], "anno di fine",
                     f"il piano finisce ({end}) prima di cominciare ({start})")  # fmt: skip
        complete = False
    code = found.get("code", ("", 1))[0]
    if code and not re.fullmatch(r"[\w-]+", code):
        reader.error("bad_plan_code", PLAN.name, found["code"][1], "codice",
                     f"«{code}» ha spazi o segni: usare lettere, cifre, «-» e «_»")  # fmt: skip
        complete = False
    if not complete:
        return None
    return PlanRecord(
        line=reader.workbook.line_of(sheet.name, 1),
        ente=found["ente"][0],
        kind=kind,
        code=code,
        title=found["title"][0],
        period_start=start,
        period_end=end,
        edition=found.get("edition", ("", 0))[0],
    )


def read_level(text: str) -> tuple[str, str]:
    """The level of a label as written, and the label where the level's name does not say it."""
    words = fold_text(text).split()
    level = LEVEL_WORDS.get(words[0], "voce") if words else "voce"
    label = "" if fold_text(LEVEL_NAMES[level]) == fold_text(text) else text.strip()
    return level, label


def read_tags(row: TableRow, reader: SheetReader) -> list[tuple[str, str]]:
    """The item's tags, (taxonomy code, term code), from the tag columns; errors for the unknown."""
    known = reference_term_codes()
    tags: list[tuple[str, str]] = []

    def add(taxonomy: str, code: str | None, text: str, column: str) -> None:
        if code is None or (taxonomy in known and code not in known[taxonomy]):
            reader.error("unknown_tag", ITEMS.name, row.number, header_of(ITEMS, column, row),
                         f"«{text}» non è una voce della tassonomia {taxonomy}")  # fmt: skip
        elif (taxonomy, code) not in tags:
            tags.append((taxonomy, code))

    for text in split_list(row.cells.get("bilancio", "")):
        match = _BILANCIO.match(fold_text(text))
        code = None
        if match:
            code = f"{int(match.group(1)):02d}"
            if match.group(2):
                code += f".{int(match.group(2)):02d}"
        add("bilancio_118", code, text, "bilancio")
    for text in split_list(row.cells.get("sdg", "")):
        match = _SDG.match(fold_text(text))
        add("sdg", str(int(match.group(1))) if match else None, text, "sdg")
    for text in split_list(row.cells.get("pnrr", "")):
        match = _PNRR.match(fold_text(text).replace(" ", ""))
        add(
            "pnrr_missioni",
            "".join(g for g in match.groups() if g) if match else None,
            text,
            "pnrr",
        )
    for text in split_list(row.cells.get("tags", "")):
        taxonomy, colon, code = text.partition(":")
        if not colon or not taxonomy.strip() or not code.strip():
            reader.error("bad_tag", ITEMS.name, row.number, header_of(ITEMS, "tags", row),
                         f"«{text}» non è nella forma «tassonomia: codice»")  # fmt: skip
            continue
        add(taxonomy.strip(), code.strip(), text, "tags")
    return tags


def read_item(row: TableRow, reader: SheetReader) -> ItemRecord | None:
    if not required(ITEMS, row, reader, "code", "level"):
        return None
    cells = row.cells
    if not cells.get("title"):
        reader.warning("empty_title", ITEMS.name, row.number, header_of(ITEMS, "title", row),
                       "voce senza titolo")  # fmt: skip
    level, level_label = read_level(cells["level"])
    item = ItemRecord(
        line=reader.workbook.line_of(ITEMS.name, row.number),
        row=row.number,
        code=cells["code"],
        printed_code=printed_code(row),
        level=level,
        level_label=level_label,
        parent=cells.get("parent", ""),
        title=cells.get("title", ""),
        description=cells.get("description", ""),
        units=split_list(cells.get("units", "")),
        involved_units=split_list(cells.get("involved_units", "")),
        people=split_per_unit(cells.get("people", "")),
        tags=read_tags(row, reader),
    )
    slot = cells.get("slot", "")
    if slot:
        if fold_text(slot) not in SLOTS:
            reader.error("unknown_slot", ITEMS.name, row.number, header_of(ITEMS, "slot", row),
                         f"«{slot}» non è un ambito (ente, direzione, individuale)")  # fmt: skip
            return None
        item.slot = SLOTS[fold_text(slot)]
    for part in split_per_unit(cells.get("weight", "")):
        number = read_italian_number(part.text).value if part.text.isdigit() else None
        if number is None or number > 100:
            reader.error("bad_weight", ITEMS.name, row.number, header_of(ITEMS, "weight", row),
                         f"«{part.text}» non è un peso (un numero intero da 0 a 100)")  # fmt: skip
            return None
        item.weights.append(WeightRecord(part.unit, int(number), part.text))
    if item.weights and not item.units:
        reader.error("weight_without_unit", ITEMS.name, row.number, header_of(ITEMS, "weight", row),
                     "un peso senza strutture responsabili: a chi è assegnato?")  # fmt: skip
        return None
    for year, text in sorted(row.yearly.get("status", {}).items()):
        for part in split_per_unit(text):
            status = read_status(part.text)
            if status is None and part.text:
                reader.warning("unknown_status", ITEMS.name, row.number, f"stato {year}",
                               f"stato «{part.text}» non riconosciuto: tenuto come scritto, senza stato")  # fmt: skip
            item.statuses.append(StatusRecord(year, part.unit, str(status or ""), part.text))
    if item.statuses and not item.units:
        reader.error("status_without_unit", ITEMS.name, row.number, "stato",
                     "uno stato senza strutture responsabili: di chi è?")  # fmt: skip
        return None
    for field_name, entries in (("people", item.people), ("weight", item.weights),
                                ("status", item.statuses)):  # fmt: skip
        for entry in entries:
            if entry.unit and fold_text(entry.unit) not in {fold_text(u) for u in item.units}:
                reader.error("unknown_unit", ITEMS.name, row.number, field_name,
                             f"«{entry.unit}» non è tra le strutture responsabili della voce")  # fmt: skip
                return None
    return item


def check_tree(items: list[ItemRecord], reader: SheetReader) -> list[ItemRecord]:
    """The items whose codes are unique and whose parents exist, without cycles."""
    first_row: dict[str, int] = {}
    unique = []
    for item in items:
        if item.code in first_row:
            reader.error("duplicate_code", ITEMS.name, item.row, "codice",
                         f"codice «{item.code}» ripetuto (già a riga {first_row[item.code]})")  # fmt: skip
            continue
        first_row[item.code] = item.row
        unique.append(item)
    by_code = {item.code: item for item in unique}
    kept = []
    for item in unique:
        if item.parent and item.parent not in by_code:
            reader.error("missing_parent", ITEMS.name, item.row, "codice padre",
                         f"la voce padre «{item.parent}» non è nel foglio")  # fmt: skip
            continue
        seen, parent = {item.code}, item.parent
        while parent and parent not in seen:
            seen.add(parent)
            parent = by_code[parent].parent if parent in by_code else ""
        if parent:
            reader.error("parent_cycle", ITEMS.name, item.row, "codice padre",
                         f"la voce «{item.code}» finisce per contenere sé stessa")  # fmt: skip
            continue
        kept.append(item)
    return kept


def read_indicator(row: TableRow, items: set[str], reader: SheetReader) -> IndicatorRecord | None:
    if not required(INDICATORS, row, reader, "code", "name"):
        return None
    cells = row.cells
    kind_text = cells.get("kind", "")
    kind = INDICATOR_KINDS.get(fold_text(kind_text), "") if kind_text else "risultato"
    polarity_text = cells.get("polarity", "")
    polarity = POLARITIES.get(fold_text(polarity_text), "") if polarity_text else ""
    problems = []
    if not kind:
        problems.append(("kind", f"«{kind_text}» non è un tipo di indicatore "
                                 "(valore pubblico, risultato, contesto, comune)"))  # fmt: skip
    if polarity_text and not polarity:
        problems.append(
            ("polarity", f"«{polarity_text}» non è una polarità (crescente, decrescente)")
        )
    if cells.get("item") and cells["item"] not in items:
        problems.append(("item", f"la voce «{cells['item']}» non è nel foglio «voci»"))
    for key, message in problems:
        reader.error("bad_indicator_cell", INDICATORS.name, row.number,
                     header_of(INDICATORS, key, row), message)  # fmt: skip
    if problems:
        return None
    return IndicatorRecord(
        line=reader.workbook.line_of(INDICATORS.name, row.number),
        row=row.number,
        code=cells["code"],
        printed_code=printed_code(row),
        item=cells.get("item", ""),
        name=cells["name"],
        kind=kind,
        unit=cells.get("unit", ""),
        polarity=polarity,
        baseline=cells.get("baseline", ""),
        target=cells.get("target", ""),
        targets=dict(sorted(row.yearly.get("targets", {}).items())),
        formula=cells.get("formula", ""),
        source=cells.get("source", ""),
        territorial_level=cells.get("territorial_level", ""),
        table_title=cells.get("table_title", ""),
        group_path=[
            part.strip() for part in cells.get("group_path", "").split(" / ") if part.strip()
        ],
        notes=cells.get("notes", ""),
    )


def expected_value(unit: str) -> str:
    """What an indicator's unit asks of its values: "yes_no", "number" or "" (anything)."""
    folded = fold_text(unit)
    if folded in YES_NO_UNITS:
        return "yes_no"
    if folded in NUMERIC_UNITS or unit.strip() in NUMERIC_UNIT_SYMBOLS:
        return "number"
    return ""


def read_number(text: str) -> Decimal | None:
    """A number written with a decimal point (as an export writes it) or the Italian way."""
    if _PLAIN_DECIMAL.match(text):
        try:
            return Decimal(text)
        except InvalidOperation:
            return None
    negative = text.startswith("-")
    value = read_italian_number(text.lstrip("-")).value
    return -value if negative and value is not None else value


def read_value(
    row: TableRow, indicators: dict[str, IndicatorRecord], reader: SheetReader
) -> ValueRecord | None:
    if not required(VALUES, row, reader, "indicator", "year", "value"):
        return None
    cells = row.cells

    def error(key: str, message: str) -> None:
        reader.error(
            "bad_value_cell", VALUES.name, row.number, header_of(VALUES, key, row), message
        )

    indicator = indicators.get(cells["indicator"])
    year = read_year(cells["year"])
    reported_text = cells.get("reported_year", "")
    reported_year = read_year(reported_text) if reported_text else None
    cell: CellValue = parse_cell(cells["value"])
    ok = True
    if indicator is None:
        error("indicator", f"l'indicatore «{cells['indicator']}» non è nel foglio «indicatori»")
        ok = False
    if year is None:
        error("year", f"«{cells['year']}» non è un anno")
        ok = False
    if reported_text and reported_year is None:
        error("reported_year", f"«{reported_text}» non è un anno")
        ok = False
    number = None
    if cells.get("number"):
        number = read_number(cells["number"])
        if number is None:
            error("number", f"«{cells['number']}» non è un numero")
            ok = False
    if cells.get("value_type"):
        value_type = VALUE_TYPES.get(fold_text(cells["value_type"]))
        if value_type is None:
            error("value_type", f"«{cells['value_type']}» non è un tipo di valore")
            ok = False
        else:
            cell = dataclasses.replace(cell, value_type=value_type, value=number)
    elif number is not None:
        cell = dataclasses.replace(cell, value=number)
    # A value type the sheet states (as an export does) says what the value is; otherwise
    # the indicator's unit says what its values must be.
    expected = expected_value(indicator.unit) if indicator and not cells.get("value_type") else ""
    if expected == "yes_no" and cell.value_type not in (ValueType.YES_NO, ValueType.MISSING):
        error("value", f"«{cells['value']}» non è sì/no")
        ok = False
    elif expected == "number" and cell.value is None and cell.value_type != ValueType.MISSING:
        error("value", f"«{cells['value']}» non è un numero")
        ok = False
    for issue in () if cells.get("value_type") else cell.issues:
        reader.warning(issue, VALUES.name, row.number, header_of(VALUES, "value", row),
                       f"«{cells['value']}»: il numero non si legge con certezza ({issue}); "
                       "resta come scritto, senza valore")  # fmt: skip
    if not ok or indicator is None or year is None:
        return None
    return ValueRecord(
        line=reader.workbook.line_of(VALUES.name, row.number),
        row=row.number,
        indicator=indicator.code,
        year=year,
        cell=cell,
        series=cells.get("series", ""),
        reported_year=reported_year,
        number=number,
    )


def unique_by(
    records: list[IndicatorRecord] | list[ValueRecord],
    key: Callable[..., object],
    sheet: str,
    column: str,
    describe: Callable[..., str],
    reader: SheetReader,
) -> list:  # type: ignore[type-arg]
    first_row: dict[object, int] = {}
    kept = []
    for record in records:
        if key(record) in first_row:
            reader.error("duplicate_row", sheet, record.row, column,
                         f"{describe(record)} ripetuto (già a riga {first_row[key(record)]})")  # fmt: skip
            continue
        first_row[key(record)] = record.row
        kept.append(record)
    return kept


def parse_workbook(workbook: Workbook) -> SpreadsheetPlan:
    """Return the plan the workbook holds, and what could not be read."""
    reader = SheetReader(workbook)
    sheets: dict[str, Sheet] = {}
    for sheet in workbook.sheets:
        template = sheet_template(sheet.name)
        if template is None:
            if fold_text(sheet.name) != fold_text(INSTRUCTIONS_SHEET):
                reader.warning("unknown_sheet", sheet.name, 1, "",
                               "foglio non previsto dal modello: ignorato")  # fmt: skip
        elif template.name in sheets:
            reader.error("duplicate_sheet", sheet.name, 1, "",
                         f"un secondo foglio «{template.name}»")  # fmt: skip
        else:
            sheets[template.name] = sheet
    for name in (PLAN.name, ITEMS.name):
        if name not in sheets:
            reader.error("missing_sheet", name, 1, "", "foglio obbligatorio assente")
    plan = read_plan(sheets[PLAN.name], reader) if PLAN.name in sheets else None
    items: list[ItemRecord] = []
    if ITEMS.name in sheets:
        rows = read_table(sheets[ITEMS.name], ITEMS, reader)
        items = check_tree([i for row in rows if (i := read_item(row, reader))], reader)
    item_codes = {item.code for item in items}
    indicators: list[IndicatorRecord] = []
    if INDICATORS.name in sheets:
        rows = read_table(sheets[INDICATORS.name], INDICATORS, reader)
        read = [ind for row in rows if (ind := read_indicator(row, item_codes, reader))]
        indicators = unique_by(read, lambda i: i.code, INDICATORS.name, "codice",
                               lambda i: f"codice «{i.code}»", reader)  # fmt: skip
    values: list[ValueRecord] = []
    if VALUES.name in sheets:
        rows = read_table(sheets[VALUES.name], VALUES, reader)
        by_code = {indicator.code: indicator for indicator in indicators}
        read_values = [v for row in rows if (v := read_value(row, by_code, reader))]
        values = unique_by(
            read_values, lambda v: (v.indicator, v.year, v.series, v.reported_year),
            VALUES.name, "anno", lambda v: f"valore di «{v.indicator}» per il {v.year}", reader,
        )  # fmt: skip
    reader.diagnostics.sort(key=lambda diagnostic: diagnostic.line)
    return SpreadsheetPlan(plan, items, indicators, values, reader.diagnostics)
