"""Next year's relazione, made from the seed: what the tests of kept years import.

The seed is the rendiconto 2025. Its next edition moves the esercizio on, fills the
2026 column, concludes some activities (with a 2026 action), gives a pre-consuntivo
value its final figure, drops an activity and adds one — what the rendiconto 2026
of the same Città would do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ACTIVITY_ROW = re.compile(r"^[-\d,\s]*\t(?P<letter>[a-z]{1,2})\t")
VALUE_TABLE_HEADER = "Codice Indicatore\tIndicatori\t2022\t2023\t2024\t2025\t2026"


@dataclass
class EditionChanges:
    """What the next edition changes, by the seed's line: the tests' expectations."""

    concluded: list[int] = field(default_factory=list)  # activity rows now "Concluso"
    dropped: int = 0  # the activity row no longer printed
    added_after: int = 0  # the new activity's row follows this one
    filled: list[int] = field(default_factory=list)  # indicator rows with a 2026 value
    revised: int = 0  # the indicator row whose 2025 value changes


def next_year_edition(seed: str, concluded: int = 3, filled: int = 5) -> tuple[str, EditionChanges]:
    """Return the seed as next year's edition, and what changed."""
    lines = seed.split("\n")
    changes = EditionChanges()
    first_missione = next(i for i, line in enumerate(lines) if line.upper().startswith("MISSIONE"))
    for index, line in enumerate(lines):
        line = line.replace("gennaio 2026", "gennaio 2027")
        if index < first_missione:
            line = re.sub(r"\b2025\b", "2026", line)
        lines[index] = line
    activity_rows = [i for i, line in enumerate(lines) if ACTIVITY_ROW.match(line)]
    for index in activity_rows:
        cells = lines[index].split("\t")
        if len(changes.concluded) < concluded and len(cells) >= 7 and cells[4] == "In corso":
            cells[4] = "Concluso"
            cells[6] = cells[6] + " <p>2026 Attività conclusa nell'esercizio.</p>"
            lines[index] = "\t".join(cells)
            changes.concluded.append(index + 1)
    in_first_table = [i for i in activity_rows if i < activity_rows[0] + 40]
    letters = {ACTIVITY_ROW.match(lines[i]).group("letter"): i for i in in_first_table}  # type: ignore[union-attr]
    last_letter = max(letters, key=lambda letter: letters[letter])
    changes.dropped = letters[sorted(letters)[-2]] + 1
    changes.added_after = letters[last_letter] + 1
    header = next(i for i, line in enumerate(lines) if line.startswith(VALUE_TABLE_HEADER))
    row = header + 1
    while len(changes.filled) < filled and lines[row].count("\t") == 6:
        cells = lines[row].split("\t")
        if cells[6] == "":
            cells[6] = str(len(changes.filled) + 10)
            changes.filled.append(row + 1)
        if not changes.revised:
            cells[5] = "11"
            changes.revised = row + 1
        lines[row] = "\t".join(cells)
        row += 1
    new_row = "\t".join(
        [
            "-",
            "zz",
            "Sociale",
            "Semplificare l'accesso ai servizi di base con uno sportello unico avviato nell'esercizio",
            "Avviato",
            lines[changes.added_after - 1].split("\t")[5],
            "<p>2026 Avvio dello sportello unico.</p>",
            "",
        ]
    )
    lines.insert(changes.added_after, new_row)
    del lines[changes.dropped - 1]
    return "\n".join(lines), changes


# Another comune's mandate, gathered in five groups of its own instead of Turin's seven:
# each of Turin's groups goes to one of them, in the premessa and in every table.
OTHER_MANDATE_GROUPS = [
    ("MILANO CHE CURA", "salute, welfare, casa"),
    ("MILANO CHE SI MUOVE", "trasporti, ambiente, energia"),
    ("MILANO CHE INNOVA", "lavoro, impresa, digitale"),
    ("MILANO CHE IMPARA", "scuola, cultura, sport"),
    ("MILANO CHE PARTECIPA", "quartieri, comunità, amministrazione"),
]
_GROUP_OF_TURIN_GROUP = {1: 5, 2: 2, 3: 3, 4: 1, 5: 4, 6: 4, 7: 5}
_TURIN_GROUP_LINE = re.compile(r"^([1-7])\. LA CITTÀ .+ - .+$")


def other_mandate_edition(seed: str) -> str:
    """The Turin relazione as another comune would print it, with five mandate groups.

    The tables' first column is headed "I 5 Ambiti" and names the groups in sentence
    case ("Milano che cura"); the premessa introduces and lists them in capitals.
    """
    lines = seed.replace("TORINO", "MILANO").replace("Torino", "Milano").split("\n")
    numbers_by_printed: dict[str, int] = {}
    out: list[str] = []
    listed = False
    for text in lines:
        match = _TURIN_GROUP_LINE.match(text)
        if match:
            if not listed:
                out.append("Le linee programmatiche sono raccolte in cinque ambiti:")
                out.append("")
                out += [
                    f"{n}. {name} - {what}"
                    for n, (name, what) in enumerate(OTHER_MANDATE_GROUPS, 1)
                ]
                listed = True
            continue
        if text.startswith("Sono, inoltre, state riprese dalle linee programmatiche"):
            continue
        cells = text.split("\t")
        if cells[0] == "Le 7 Città":
            cells[0] = "I 5 Ambiti"
        elif len(cells) >= 3 and cells[0].startswith("La Città"):
            turin_number = numbers_by_printed.setdefault(
                cells[0], _turin_group_number(seed, cells[0])
            )
            name = OTHER_MANDATE_GROUPS[_GROUP_OF_TURIN_GROUP[turin_number] - 1][0]
            cells[0] = name[:1] + name[1:].lower()
        out.append("\t".join(cells))
    return "\n".join(out)


def _turin_group_number(seed: str, printed: str) -> int:
    """The number of the Turin group a table cell names (a whole name or its start)."""
    folded = printed.upper().replace("'", " ")
    for line in seed.split("\n"):
        match = _TURIN_GROUP_LINE.match(line)
        if match and line[3:].replace("'", " ").startswith(folded):
            return int(match.group(1))
    raise ValueError(printed)
