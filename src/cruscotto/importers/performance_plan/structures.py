"""Structure codes (A02, QA1, UC0 …) and the manager cell of the assignment matrix."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Codes are letters then digits; OCR reads the final zero as a capital O ("UCO").
# A space may separate letters and digits in the public-value matrix ("QA 1").
_CODE = re.compile(r"\b(A\s?[0-9O]{2}|[A-Z]{2}\s?[0-9O]{1,2})\b")
_INTERIM = re.compile(r"\(\s*\*\s*\)?|\*\s*\)")


def normalise_code(printed: str) -> str:
    """Return the structure code with spaces removed and a letter O read as zero: "UCO" → "UC0"."""
    compact = printed.replace(" ", "")
    letters = 1 if compact[0] == "A" and compact[1:].replace("O", "0").isdigit() else 2
    return compact[:letters] + compact[letters:].replace("O", "0")


def find_codes(text: str) -> list[tuple[str, str]]:
    """Return (normalised, as printed) for every structure code in `text`, in order."""
    found = []
    for match in _CODE.finditer(text):
        printed = match.group(1)
        found.append((normalise_code(printed), printed))
    return found


@dataclass(frozen=True)
class StructureHeading:
    code: str
    code_as_printed: str
    name: str
    manager: str
    manager_role: str
    interim: bool


def read_structure_heading(text: str) -> StructureHeading | None:
    """Split "Mulè Guido (*) QA7 – Strategie …" into manager, code and name.

    `text` is the manager and structure cells joined (on later pages the
    conversion cut the names across cells). Returns None without a code.
    """
    match = re.search(r"(?:^|[\s)*])((A\s?[0-9O]{2})|([A-Z]{2}[0-9O]))\s*[–—-]\s*", text)
    if match is None:
        return None
    printed = match.group(1)
    manager_part = text[: match.start(1)]
    name = " ".join(text[match.end() :].split())
    interim = bool(_INTERIM.search(manager_part))
    manager = " ".join(_INTERIM.sub(" ", manager_part).replace("*", " ").split())
    role = ""
    parts = re.split(r"\s[–-]\s", manager, maxsplit=1)
    if len(parts) == 2:  # "Segretario Generale – Formichella Giuseppe"
        role, manager = parts[0].strip(), parts[1].strip()
    return StructureHeading(normalise_code(printed), printed, name, manager, role, interim)


def join_split_cells(left: str, right: str) -> str:
    """Join two pieces of one word cut across cells, where the cut repeats a letter.

    The conversion split "Marco" into "Ma" | "arco" and "scolastica" into
    "scol" | "lastica": the repeated letter is kept once.
    """
    if left and right and left[-1] == right[0] and left[-1].isalpha():
        return left + right[1:]
    if left and right and left[-2:] == right[:2] and left[-2:].isalpha():
        return left + right[2:]
    return left + right
