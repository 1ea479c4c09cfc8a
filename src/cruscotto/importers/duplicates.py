"""Records that repeat a natural key: the first is kept, every repeat is a diagnostic.

The loaders synchronise records by natural key (`sync_rows`), which refuses two
records with one key; a parser therefore never returns both. A key repeats
where the document does (a page printed twice, a document pasted into itself)
or where damage made two numbers alike.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from cruscotto.domain.diagnostics import Diagnostic, Severity

RecordT = TypeVar("RecordT")


def keep_first(
    records: Iterable[RecordT],
    key: Callable[[RecordT], Hashable],
    line: Callable[[RecordT], int],
    describe: Callable[[RecordT], str],
    code: str,
    diagnostics: list[Diagnostic],
    severity: Severity = Severity.WARNING,
) -> list[RecordT]:
    """Return `records` without those whose key an earlier one has.

    Each one left out is reported as `code` at its own line, naming the line of
    the record kept ("<describe> compare già a riga N: vale la prima").
    """
    kept: list[RecordT] = []
    first_lines: dict[Hashable, int] = {}
    for record in records:
        record_key = key(record)
        if record_key in first_lines:
            diagnostics.append(
                Diagnostic(line(record), severity, code,
                           f"{describe(record)} compare già a riga {first_lines[record_key]}: "
                           "vale la prima")
            )  # fmt: skip
            continue
        first_lines[record_key] = line(record)
        kept.append(record)
    return kept
