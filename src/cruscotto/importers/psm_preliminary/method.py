"""Chapter 2: how the territory was consulted, and which annexes the report lists."""

from __future__ import annotations

import re

from cruscotto.domain.diagnostics import Diagnostic, Severity

from .records import MethodRecord
from .text import Section, clean_inline

_METHOD = re.compile(r"metodo del \*?([^*(]+?)\*?\s*\(")
_INTERVIEWS = re.compile(r"(\d+) interviste in profondità\**\s*\(([^)]+)\)")
_ZONES = re.compile(r"rappresentanze delle (\d+) Zone Omogenee", re.IGNORECASE)
_QUESTIONNAIRE = re.compile(
    r"questionario online\**\s*somministrato \(a ([^)]+)\).*?in totale (\d+) contributi"
)
_CATEGORY_LIST = re.compile(r"\(([^()]*,[^()]*,[^()]*)\)")
# "rappresentanze di associazioni, del terzo settore, dell'imprenditoria locale":
# the items after the first leave out the noun they share.
_SHARED_HEAD = re.compile(r"^(?:di|del|dello|della|dei|degli|delle|dell['’])(?:\s|(?<=['’]))")
_ANNEX_LISTED = re.compile(r"^(?:<b>)?(ALLEGATO \d+)\s*:\s*([^<\t]+)", re.IGNORECASE)


def parse_method(
    sections: list[Section], lines: list[tuple[int, str]], diagnostics: list[Diagnostic]
) -> MethodRecord | None:
    """Return the method of chapter 2, and report the listed annexes the report does not hold."""
    section = next((s for s in sections if s.heading.startswith("2.")), None)
    listed, missing = check_annexes(sections, lines, diagnostics)
    if section is None:
        diagnostics.append(
            Diagnostic(
                1, Severity.WARNING, "method_not_found", "Capitolo sulla metodologia non trovato"
            )
        )
        return None
    text = " ".join(raw.strip() for _, raw in section.lines if raw.strip())
    method = _METHOD.search(text)
    interviews = _INTERVIEWS.search(text)
    zones = _ZONES.search(text)
    questionnaire = _QUESTIONNAIRE.search(text)
    categories = [
        category for group in _CATEGORY_LIST.findall(text) for category in categories_of(group)
    ]
    return MethodRecord(
        line=section.line,
        method=clean_inline(method.group(1)) if method else "",
        interviews=int(interviews.group(1)) if interviews else None,
        interview_format=interviews.group(2).strip() if interviews else "",
        zones_consulted=int(zones.group(1)) if zones else None,
        questionnaire_period=questionnaire.group(1).strip() if questionnaire else "",
        questionnaire_contributions=int(questionnaire.group(2)) if questionnaire else None,
        stakeholder_categories=categories,
        annexes_listed=listed,
        annexes_missing=missing,
    )


def categories_of(enumeration: str) -> list[str]:
    """Return the items of "a, b, ecc.", each with the noun an item leaves out ("del terzo settore")."""
    categories: list[str] = []
    head = ""
    for part in (part.strip() for part in enumeration.split(",")):
        if not part or part == "ecc.":
            continue
        if _SHARED_HEAD.match(part) and head:
            part = f"{head} {part}"
        else:
            head = part.split()[0]
        categories.append(part)
    return categories


def check_annexes(
    sections: list[Section], lines: list[tuple[int, str]], diagnostics: list[Diagnostic]
) -> tuple[list[str], list[str]]:
    """Return the annexes listed in the table of contents and those with no heading of their own."""
    listed: list[str] = []
    missing: list[str] = []
    headings = {section.heading.upper() for section in sections}
    for line, raw in lines:
        annex = _ANNEX_LISTED.match(raw.strip())
        if not annex:
            continue
        name = f"{annex.group(1).title()}: {clean_inline(annex.group(2)).lower()}"
        listed.append(name)
        if not any(heading.startswith(annex.group(1).upper()) for heading in headings):
            missing.append(name)
            diagnostics.append(
                Diagnostic(
                    line,
                    Severity.WARNING,
                    "annex_missing",
                    f"{annex.group(1).title()} è nel sommario ma il documento non lo contiene",
                )
            )
    return listed, missing
