"""The one spreadsheet writer (core/xlsx.py): what each sheet says of its cells' looks is
what a spreadsheet program reads back, on the first row of a style and on every row after."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import load_workbook

from cruscotto.core.xlsx import Sheet, workbook_bytes


def test_every_cell_has_the_style_its_sheet_gives_it() -> None:
    records = Sheet(
        "Voci", ["Codice", "Testo", "Importo"], wrap_rows=True, column_formats={3: "#,##0.00"}
    )
    for number in range(1, 60):
        records.append(
            [f"{number:02d}", f"Attività {number}\ncon una seconda riga", Decimal(number) / 4]
        )
    typed = Sheet("Da compilare", ["Codice", "Anno"], as_text=True)
    typed.append(["01.02", "2021"])
    cover = Sheet("Premessa", freeze_header=False)
    cover.append(["Ente", "Comune di prova"])

    workbook = load_workbook(io.BytesIO(workbook_bytes([records, typed, cover])))

    sheet = workbook["Voci"]
    assert sheet.freeze_panes == "A2"
    assert [cell.font.bold for cell in sheet[1]] == [True, True, True]
    for row in sheet.iter_rows(min_row=2):
        assert [cell.font.bold for cell in row] == [False, False, False]
        assert all(cell.alignment.wrap_text and cell.alignment.vertical == "top" for cell in row)
        assert [cell.number_format for cell in row] == ["General", "General", "#,##0.00"]
    assert sheet.cell(60, 3).value == 14.75
    typed_sheet = workbook["Da compilare"]
    assert [[c.value for c in row] for row in typed_sheet.iter_rows()] == [
        ["Codice", "Anno"],
        ["01.02", "2021"],
    ]
    assert all(cell.number_format == "@" for row in typed_sheet.iter_rows() for cell in row)
    assert typed_sheet["A1"].font.bold and not typed_sheet["A2"].font.bold
    cover_sheet = workbook["Premessa"]
    assert cover_sheet.freeze_panes is None
    assert not cover_sheet["A1"].font.bold and not cover_sheet["A1"].alignment.wrap_text
