"""Assemble the rows of a programma's activity table into activities.

One activity may span several rows:
- "(segue)" fragments and page-split rows: the same letter again, with the text
  repeated (or prefixed by "(segue)"), and more actions;
- department rows: only department, status, actions, codes — one more responsible
  department of the activity above (lines 139-140: Concluso for one department while
  the other has no status);
- action rows: only the actions, cut by a page break in mid-sentence;
- text rows: only a sentence of the activity text.

Actions of a fragment that start without a year continue the last entry of the same
department's log. A department already listed for the activity is merged, not
repeated: the loader keys responsibilities by (activity, department).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.text import fold_text

from ..records import ActivityRecord, LogEntryRecord, ProgrammaRecord, ResponsibilityRecord, Status
from .action_log import parse_action_log
from .activity_rows import ActivityRow, RowKind
from .departments import DepartmentDirectory
from .html_text import clean_text
from .indicator_codes import read_indicator_codes
from .vocabulary import read_impacts, read_letter, read_mandate_references, read_status

_SEGUE = "(segue)"


@dataclass
class _Draft:
    """An activity being assembled, with what is needed to attach the next rows."""

    record: ActivityRecord
    printed_texts: list[str] = field(default_factory=list)  # folded texts of its rows
    last_group: list[ResponsibilityRecord] = field(default_factory=list)  # last row's departments


class ActivityTableReader:
    """Reads the activity rows of one programma, in document order."""

    def __init__(
        self,
        programma: ProgrammaRecord,
        directory: DepartmentDirectory,
        diagnostics: list[Diagnostic],
    ) -> None:
        self.programma = programma
        self.directory = directory
        self.diagnostics = diagnostics
        self.code_lines: dict[tuple[str, str], int] = {}  # (activity key, code) → line printed
        self._current: _Draft | None = None
        self._previous_letter = ""
        self._letter_uses: dict[str, int] = {}

    def read_row(self, row: ActivityRow) -> None:
        if row.kind == RowKind.ACTIVITY:
            self._read_activity_row(row)
        elif row.kind in (RowKind.DEPARTMENT, RowKind.LOG, RowKind.TEXT):
            draft = self._current
            if draft is None:
                self._report(
                    row.line,
                    Severity.ERROR,
                    "orphan_row",
                    "riga di continuazione senza attività sopra: ignorata",
                )
                return
            draft.record.source_lines.append(row.line)
            if row.kind == RowKind.DEPARTMENT:
                self._add_codes(draft, row)
                self._add_responsibilities(draft, row, text_cell_empty=True)
            elif row.kind == RowKind.LOG:
                self._add_codes(draft, row)
                self._continue_log(draft, row)
            else:
                self._continue_text(draft, row)

    def finish(self) -> None:
        """Report what is missing once every row of the table has been read."""
        local_numbers = {line.local_number for line in self.programma.mandate_lines}
        for activity in self.programma.activities:
            self._check_activity(activity, local_numbers)

    # Activity rows

    def _read_activity_row(self, row: ActivityRow) -> None:
        letter = self._read_letter(row)
        text, segue = _read_activity_text(row.text)
        current = self._current
        if (
            current is not None
            and letter
            and letter == current.record.letter
            and _continues(current, text, segue)
        ):
            draft = current
        else:
            if segue:
                self._report(
                    row.line,
                    Severity.WARNING,
                    "segue_without_activity",
                    f"frammento «(segue)» della lettera «{letter}» non preceduto dalla stessa attività",
                )
            draft = self._open_activity(row, letter)
        self._merge_fragment(draft, row, text)

    def _read_letter(self, row: ActivityRow) -> str:
        letter, problem = read_letter(row.letter, self._previous_letter)
        if problem == "corrected":
            self._report(
                row.line,
                Severity.INFO,
                "corrected_letter",
                f"lettera DUP SeO «{row.letter}» letta come «{letter}»",
            )
        elif problem == "unreadable":
            self._report(
                row.line,
                Severity.WARNING,
                "unreadable_letter",
                f"lettera DUP SeO «{row.letter}» illeggibile",
            )
        if letter:
            self._previous_letter = letter
        return letter

    def _open_activity(self, row: ActivityRow, letter: str) -> _Draft:
        uses = self._letter_uses.get(letter, 0) + 1
        self._letter_uses[letter] = uses
        if not letter:
            key = f"#{uses}"
            if not row.letter:
                self._report(
                    row.line, Severity.WARNING, "missing_letter", "attività senza lettera DUP SeO"
                )
        elif uses > 1:
            key = f"{letter}#{uses}"
            self._report(
                row.line,
                Severity.WARNING,
                "repeated_letter",
                f"la lettera «{letter}» è già usata da un'altra attività del programma: registrata come «{key}»",
            )
        else:
            key = letter
        draft = _Draft(ActivityRecord(line=row.line, letter=letter, key=key, text=""))
        self.programma.activities.append(draft.record)
        self._current = draft
        return draft

    def _merge_fragment(self, draft: _Draft, row: ActivityRow, text: str) -> None:
        record = draft.record
        record.source_lines.append(row.line)
        self._add_references(record, row)
        self._add_impacts(record, row)
        # A cell holding only punctuation (".") is an empty cell.
        text_cell_empty = not text.strip(" .-–")
        if not text_cell_empty:
            self._add_text(draft, text, row.line)
        self._add_codes(draft, row)
        self._add_responsibilities(draft, row, text_cell_empty)

    def _add_references(self, record: ActivityRecord, row: ActivityRow) -> None:
        references = read_mandate_references(row.references)
        if references is None:
            self._report(
                row.line,
                Severity.WARNING,
                "unreadable_mandate_reference",
                f"riferimento alle linee programmatiche «{row.references}» illeggibile",
            )
            return
        if row.references and not record.mandate_line_refs_as_printed:
            record.mandate_line_refs_as_printed = row.references
        record.mandate_line_refs.extend(
            ref for ref in references if ref not in record.mandate_line_refs
        )

    def _add_impacts(self, record: ActivityRecord, row: ActivityRow) -> None:
        impacts, unknown = read_impacts(row.impacts)
        if unknown:
            self._report(
                row.line,
                Severity.WARNING,
                "unknown_impact",
                f"impatto «{' '.join(unknown).lower()}» non riconosciuto (cella «{row.impacts}»): "
                "non è tra quelli di "
                "impatto.json, registrati solo gli altri",
            )
        record.impacts.extend(impact for impact in impacts if impact not in record.impacts)

    def _add_text(self, draft: _Draft, text: str, line: int) -> None:
        record = draft.record
        draft.printed_texts.append(fold_text(text))
        if not record.text or fold_text(text).startswith(fold_text(record.text)):
            record.text = text
        elif not fold_text(record.text).startswith(fold_text(text)):
            self._report(
                line,
                Severity.INFO,
                "fragment_text_differs",
                f"il testo del frammento dell'attività {record.letter} differisce dal primo: tenuto il primo",
            )

    def _continue_text(self, draft: _Draft, row: ActivityRow) -> None:
        text = clean_text(row.text)
        draft.record.text = f"{draft.record.text}\n{text}" if draft.record.text else text
        self._report(
            row.line,
            Severity.INFO,
            "text_only_row",
            f"riga con il solo testo dell'attività: unita all'attività {draft.record.letter}",
        )

    def _add_codes(self, draft: _Draft, row: ActivityRow) -> None:
        record = draft.record
        for reading in read_indicator_codes(row.codes, record.letter):
            if reading.problem == "unreadable":
                self._report(
                    row.line,
                    Severity.WARNING,
                    "unreadable_indicator_code",
                    f"codice indicatore «{reading.as_printed}» illeggibile",
                )
                continue
            if reading.problem == "malformed":
                self._report(
                    row.line,
                    Severity.WARNING,
                    "malformed_indicator_code",
                    f"codice indicatore «{reading.as_printed}» letto come «{reading.code}»",
                )
            elif reading.problem == "corrected":
                self._report(
                    row.line,
                    Severity.INFO,
                    "corrected_indicator_code",
                    f"codice indicatore «{reading.as_printed}» letto come «{reading.code}»",
                )
            if reading.code not in record.indicator_codes:
                record.indicator_codes.append(reading.code)
                record.indicator_codes_as_printed.append(reading.as_printed)
                self.code_lines[(record.key, reading.code)] = row.line

    # Departments, statuses and actions

    def _add_responsibilities(self, draft: _Draft, row: ActivityRow, text_cell_empty: bool) -> None:
        record = draft.record
        if not row.department:
            if row.status or row.log:
                self._report(
                    row.line,
                    Severity.ERROR,
                    "missing_department",
                    f"stato o azioni dell'attività {record.letter} senza dipartimento: non caricati",
                )
            return
        cell = self.directory.read(row.department)
        self._report_department_cell(row, cell.names, cell.glued, cell.unsplit)
        status, status_as_printed = self._read_status(row)
        entries = parse_action_log(row.log, row.line, self.diagnostics)
        entries = self._take_activity_text(record, entries, status, text_cell_empty, row.line)
        group = []
        for name in cell.names:
            responsibility = next(
                (r for r in record.responsibilities if fold_text(r.department) == fold_text(name)),
                None,
            )
            if responsibility is None:
                responsibility = ResponsibilityRecord(row.line, name, status, status_as_printed)
                responsibility.log.extend(_copy_entries(entries))
                record.responsibilities.append(responsibility)
            else:
                self._merge_status(responsibility, status, status_as_printed, row.line)
                _extend_log(responsibility, _copy_entries(entries))
            group.append(responsibility)
        draft.last_group = group

    def _read_status(self, row: ActivityRow) -> tuple[Status | None, str]:
        printed = clean_text(row.status)
        status = read_status(printed)
        if printed and status is None:
            self._report(
                row.line,
                Severity.WARNING,
                "unknown_status",
                f"stato «{printed}» non riconosciuto: registrato com'è stampato, senza stato",
            )
        return status, printed

    def _take_activity_text(
        self,
        record: ActivityRecord,
        entries: list[LogEntryRecord],
        status: Status | None,
        text_cell_empty: bool,
        line: int,
    ) -> list[LogEntryRecord]:
        """Move to the activity the text that a concluded activity prints among its actions.

        The premessa says so: concluded activities pass from the column "Attività da
        conseguire" to "Azioni e attività effettuate"; their text is the part of the
        actions that comes before the first year.
        """
        if not entries or entries[0].year_from is not None:
            return entries
        lead = entries[0].text
        if text_cell_empty and not record.text and status == Status.CONCLUDED:
            record.text = lead
            self._report(
                line,
                Severity.INFO,
                "activity_text_in_log_column",
                f"attività {record.letter} conclusa: il testo è letto dalla colonna delle azioni",
            )
            return entries[1:]
        if record.text and fold_text(lead) == fold_text(record.text):
            return entries[1:]  # the activity text repeated among the actions
        return entries

    def _merge_status(
        self, responsibility: ResponsibilityRecord, status: Status | None, printed: str, line: int
    ) -> None:
        if not responsibility.status_as_printed:
            responsibility.status, responsibility.status_as_printed = status, printed
        elif printed and fold_text(printed) != fold_text(responsibility.status_as_printed):
            self._report(
                line,
                Severity.WARNING,
                "conflicting_status",
                f"«{responsibility.department}»: stato «{printed}» diverso da «{responsibility.status_as_printed}» "
                "della riga precedente; vale il primo",
            )

    def _continue_log(self, draft: _Draft, row: ActivityRow) -> None:
        entries = parse_action_log(row.log, row.line, self.diagnostics)
        if not draft.last_group:
            self._report(
                row.line,
                Severity.ERROR,
                "missing_department",
                "azioni senza dipartimento a cui attribuirle: non caricate",
            )
            return
        for responsibility in draft.last_group:
            _extend_log(responsibility, _copy_entries(entries))

    def _report_department_cell(
        self, row: ActivityRow, names: tuple[str, ...], glued: bool, unsplit: bool
    ) -> None:
        if glued:
            self._report(
                row.line,
                Severity.INFO,
                "glued_departments",
                "dipartimenti scritti di seguito, separati in: " + " | ".join(names),
            )
        if unsplit:
            self._report(
                row.line,
                Severity.WARNING,
                "unsplit_department_cell",
                f"la cella «{row.department}» sembra contenere più dipartimenti ma non si lascia "
                "separare: tenuta intera",
            )

    # Checks

    def _check_activity(self, activity: ActivityRecord, local_numbers: set[str]) -> None:
        label = activity.letter or "(senza lettera)"
        if not activity.text:
            self._report(
                activity.line,
                Severity.WARNING,
                "missing_activity_text",
                f"attività {label} senza testo",
            )
        if not activity.responsibilities:
            self._report(
                activity.line,
                Severity.WARNING,
                "activity_without_department",
                f"attività {label} senza dipartimento, stato né azioni",
            )
        for reference in activity.mandate_line_refs:
            if reference not in local_numbers:
                self._report(
                    activity.line,
                    Severity.WARNING,
                    "unknown_mandate_line_ref",
                    f"attività {label}: la linea programmatica n° {reference} non è nella tabella del programma",
                )
        for responsibility in activity.responsibilities:
            if not responsibility.status_as_printed:
                reported = bool(responsibility.log)
                self._report(
                    responsibility.line,
                    Severity.WARNING if reported else Severity.INFO,
                    "missing_status",
                    f"attività {label}, «{responsibility.department}»: nessuno stato"
                    + (" ma azioni riportate" if reported else " né azioni riportate"),
                )

    def _report(self, line: int, severity: Severity, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(line, severity, code, message))


def _read_activity_text(cell: str) -> tuple[str, bool]:
    """Return the activity text without its "(segue)" mark, and whether it had one."""
    text = clean_text(cell)
    if text.lower().startswith(_SEGUE):
        return text[len(_SEGUE) :].strip(), True
    return text, False


def _continues(draft: _Draft, text: str, segue: bool) -> bool:
    """Whether a row with the same letter is a fragment of `draft`, not a new activity."""
    if segue or not text or not draft.printed_texts:
        return True
    folded = fold_text(text)
    return any(
        folded.startswith(known) or known.startswith(folded) for known in draft.printed_texts
    )


def _extend_log(responsibility: ResponsibilityRecord, entries: list[LogEntryRecord]) -> None:
    """Add `entries`; a first entry without a year continues the last entry of the log."""
    if entries and entries[0].year_from is None and responsibility.log:
        last = responsibility.log[-1]
        last.text = f"{last.text}\n{entries[0].text}" if last.text else entries[0].text
        entries = entries[1:]
    responsibility.log.extend(entries)


def _copy_entries(entries: list[LogEntryRecord]) -> list[LogEntryRecord]:
    """Each department of a shared row gets its own entries (continuations edit them)."""
    return [
        LogEntryRecord(entry.line, entry.year_from, entry.year_to, entry.text) for entry in entries
    ]
