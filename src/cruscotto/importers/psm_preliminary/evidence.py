"""Chapter 3: how the territory implemented each strategy of the previous edition.

The chapter is prose, one block per axis. A sentence cites strategies by code
("la **strategia 1.3**", "la **strategia** … è la **3.3**"); the sentences
that follow without a code go on about the last one cited. The level of
implementation is read from the wording of the citing sentence.
"""

from __future__ import annotations

import re
from typing import Any

from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.reference import read_reference_enti, read_reference_files
from cruscotto.domain.text import fold_text

from .records import AxisRecord, EvidenceLevel, StrategyEvidenceRecord
from .text import Section, clean_inline

AXIS_HEADING = re.compile(r"^ASSE (\d) \| (.+)$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z«\"“])")
_CROSS_REFERENCE = re.compile(r"\(vd\. strategia \d\.\d\)")
_CITED = re.compile(r"\bstrategi[ae]\s+(\d\.\d)\b")
_CITED_LATER = re.compile(r"\bstrategia\b.{0,120}?\bè la (\d\.\d)\b")
_MOST = re.compile(r"maggiormente|più progettualità")
_PARTIAL = re.compile(r"parzialmente")
_NONE = re.compile(
    r"non è stata riportata alcuna|non ha (?:invece )?registrato alcuna"
    r"|non sono state segnalate azioni",
    re.IGNORECASE,
)
# "… rientrano i lavori di riapertura della linea Torino-Ceres; mentre non sono
# state segnalate azioni volte a …": a sentence that reports something and, in a
# clause of its own, that nothing was reported for the rest is mixed evidence.
_CONTRAST = re.compile(r"(?:;|\bmentre)\s*$")
_ITALIC = re.compile(r"(?<![\w*])\*([^*\n]+?)\*(?![\w*])")
_QUOTED = re.compile(r"[\"“]([^\"”]{3,80})[\"”]")
_ZONES = re.compile(r"\bzon[ae](?:\s+omogene[ae])?\s+(\d{1,2})(?:\s+e\s+(\d{1,2}))?", re.IGNORECASE)


ZonePatterns = list[tuple[int, re.Pattern[str]]]


def zone_name_patterns(ente_as_printed: str) -> ZonePatterns:
    """Return, per zone of the ente the report prints, a pattern of its names however the
    documents join their words.

    The zones are the ente's own (a reference file says whose, `"ente"`, and the enti
    file how that ente is printed): another ente's report cites only "Zona n" until its
    zones are reference data too. "Chierese-Carmagnolese", "Chierese - Carmagnolese"
    and "Chierese, Carmagnolese" are one zone. A zone whose name is the ente's city
    ("Torino", zone 1) is cited only by its number: the city is named everywhere.
    """
    patterns = []
    for zones in _zone_files_of(ente_as_printed):
        for term in zones["terms"]:
            names = [term["name"], *term.get("aliases", [])]
            if any(fold_text(name) in fold_text(ente_as_printed).split() for name in names):
                continue
            alternatives = "|".join(r"[\s,\-–]+".join(map(re.escape, n.split())) for n in names)
            patterns.append(
                (int(term["code"]), re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE))
            )
    return patterns


def _zone_files_of(ente_as_printed: str) -> list[dict[str, Any]]:
    printed = fold_text(ente_as_printed)
    if not printed:
        return []
    codes = {
        ente["code"]
        for ente in read_reference_enti()
        if printed in {fold_text(ente["name"]), *map(fold_text, ente.get("aliases", []))}
    }
    return [
        data
        for data in read_reference_files()
        if data.get("kind") == "zones" and data.get("ente") in codes
    ]


_GLOSS_PAREN = re.compile(r"^\s*\(([^)]+)\)")
_GLOSS_DASH = re.compile(r"^\s*-\s+(.+?)\s+-")
# "la strategia 1.1 per garantire … sia stata", "la 3.3, che mirava a ridisegnare …, in
# particolare", "la strategia 1.6. per lo sviluppo di …, risulta": the words after the
# code that say what the strategy was for, up to a comma, a full stop or the verb.
_GLOSS_WORDS = re.compile(
    r"^[.,]?\s+((?:per|volta a|mirata a|relativa alla|finalizzata ad?|"
    r"che (?:mirava a|prevedeva di|aveva l['’]obiettivo di))\s.+?)"
    r"(?=[,.;]|\s(?:si|sia|risulta|rientrano|emerge|non)\s|$)"
)
_PARENTHESIS = re.compile(r"\s*\([^)]*\)")
# How the report introduces what a strategy was for: its words, not the strategy's title.
_LEAD_IN = re.compile(
    r"^(?:per|volta a|mirata a|relativa alla|finalizzata ad?|"
    r"che (?:mirava a|prevedeva di|aveva l['’]obiettivo di))\s+",
    re.IGNORECASE,
)
_LEVEL_RANK = {
    EvidenceLevel.NONE_REPORTED: 0,
    EvidenceLevel.PARTIAL: 1,
    EvidenceLevel.IMPLEMENTED: 2,
    EvidenceLevel.MOST_IMPLEMENTED: 3,
}


def sentences_of(
    lines: list[tuple[int, str]], diagnostics: list[Diagnostic]
) -> list[tuple[int, str]]:
    """Return the sentences of a block with the line each starts on.

    Paragraphs run over page breaks, and a page's footnote ("<sup>1</sup> …")
    can sit in the middle of a sentence: footnotes are left out.
    """
    pieces: list[tuple[int, str]] = []
    for line, text in lines:
        if not text.strip():
            continue
        if text.lstrip().startswith("<sup>"):
            diagnostics.append(
                Diagnostic(
                    line,
                    Severity.INFO,
                    "footnote_inside_paragraph",
                    "Nota a piè di pagina in mezzo al testo: esclusa dalla lettura",
                )
            )
            continue
        pieces.append((line, text.strip()))
    sentences: list[tuple[int, str]] = []
    for line, text in pieces:
        parts = _SENTENCE_END.split(text)
        if sentences and not sentences[-1][1].rstrip().endswith((".", "!", "?")):
            sentences[-1] = (sentences[-1][0], f"{sentences[-1][1]} {parts[0]}")
            parts = parts[1:]
        sentences += [(line, part) for part in parts]
    return sentences


def cited_codes(sentence: str) -> list[str]:
    plain = _CROSS_REFERENCE.sub("", sentence.replace("**", ""))
    codes = _CITED.findall(plain) + _CITED_LATER.findall(plain)
    return list(dict.fromkeys(codes))


def level_of(sentence: str) -> EvidenceLevel:
    none = _NONE.search(sentence)
    if none and _CONTRAST.search(sentence[: none.start()]):
        return EvidenceLevel.PARTIAL
    if none:
        return EvidenceLevel.NONE_REPORTED
    if _MOST.search(sentence):
        return EvidenceLevel.MOST_IMPLEMENTED
    if _PARTIAL.search(sentence):
        return EvidenceLevel.PARTIAL
    return EvidenceLevel.IMPLEMENTED


def gloss_of(sentence: str, code: str) -> str:
    """Return the words that gloss a code where it is cited, as a title, or "" when none do.

    After the code: "(integrare …)", "- per stimolare … -", or words that say
    what the strategy was for ("per garantire …", ", che mirava a …", "volta a
    …"), a parenthesis inside them left out. Before it: "Al fine di potenziare
    …, come previsto dalla strategia 3.2". The report's lead-in ("per", "che
    mirava a") is left out: "Garantire una diffusa digitalizzazione …".
    """
    plain = sentence.replace("**", "")
    position = plain.find(code)
    if position < 0:
        return ""
    after = plain[position + len(code) :]
    gloss = (
        _GLOSS_PAREN.match(after)
        or _GLOSS_DASH.match(after)
        or _GLOSS_WORDS.match(_PARENTHESIS.sub("", after))
    )
    if gloss is None:
        gloss = re.search(
            r"(?:^|\.\s)(?:Al fine di|Per)\s+([^,.]+),\s+come previsto dall[ae]\s+strategia\s+"
            + re.escape(code)
            + r"\b",
            plain,
        )
    if gloss is None:
        return ""
    title = _LEAD_IN.sub("", clean_inline(gloss.group(1)))
    return title[:1].upper() + title[1:]


def names_cited(sentence: str) -> list[str]:
    """Return the names printed in italics or quotes that hold a capital, as project names do.

    Lower-case italics are foreign words ("*housing* sociale") and lower-case
    quotes cite an action ("scuola come centro civico"), not projects; a name
    may still begin in lower case and capitalise inside ("resiDenza-resiLlenza").
    """
    names = [clean_inline(name) for name in _ITALIC.findall(sentence.replace("**", ""))]
    names += [clean_inline(name) for name in _QUOTED.findall(sentence)]
    return [name for name in names if any(character.isupper() for character in name)]


def zones_cited(sentence: str, zone_names: ZonePatterns) -> list[int]:
    """Return the zone omogenee a sentence cites by number ("Zona 5") or by name ("del Pinerolese").

    The report mostly prints both ("nel Pinerolese (Zona 5)"), but not always: the
    food districts "del Chierese-Carmagnolese … e del Pinerolese" (003:85) are zones
    11 and 5 by their names alone.
    """
    zones: list[int] = []
    for first, second in _ZONES.findall(sentence):
        zones += [int(first)] + ([int(second)] if second else [])
    zones += [number for number, pattern in zone_names if pattern.search(sentence)]
    return zones


def parse_evidence(
    sections: list[Section], diagnostics: list[Diagnostic], zone_names: ZonePatterns
) -> tuple[list[AxisRecord], list[StrategyEvidenceRecord]]:
    """Return the axes of chapter 3 and the evidence for every strategy it cites, with the
    zones of the ente (`zone_names`) each cites."""
    axes: list[AxisRecord] = []
    evidence: dict[str, StrategyEvidenceRecord] = {}
    in_chapter = False
    for section in sections:
        if re.match(r"^\d\.\s", section.heading):
            in_chapter = section.heading.startswith("3.")
        axis = AXIS_HEADING.match(section.heading)
        if not axis or not in_chapter:
            continue
        number = int(axis.group(1))
        axes.append(AxisRecord(section.line, number, axis.group(2).strip()))
        read_axis_block(number, section, evidence, diagnostics, zone_names)
    return axes, list(evidence.values())


def read_axis_block(
    axis: int,
    section: Section,
    evidence: dict[str, StrategyEvidenceRecord],
    diagnostics: list[Diagnostic],
    zone_names: ZonePatterns,
) -> None:
    current: list[str] = []
    for line, sentence in sentences_of(section.lines, diagnostics):
        codes = cited_codes(sentence)
        if codes:
            current = codes
        for code in codes:
            record = evidence.get(code)
            if record is None:
                record = StrategyEvidenceRecord(line, code, axis, "", level_of(sentence))
                evidence[code] = record
                if not code.startswith(f"{axis}."):
                    diagnostics.append(
                        Diagnostic(
                            line,
                            Severity.WARNING,
                            "strategy_under_other_axis",
                            f"La strategia {code} è citata sotto l'asse {axis}",
                        )
                    )
            elif _LEVEL_RANK[level_of(sentence)] > _LEVEL_RANK[record.level]:
                record.level = level_of(sentence)
            record.title = record.title or gloss_of(sentence, code)
        for code in current:
            add_sentence(evidence[code], sentence, zone_names)
    if not evidence:
        diagnostics.append(
            Diagnostic(
                section.line,
                Severity.WARNING,
                "axis_without_strategies",
                f"L'asse {axis} non cita strategie",
            )
        )


def add_sentence(record: StrategyEvidenceRecord, sentence: str, zone_names: ZonePatterns) -> None:
    record.sentences.append(clean_inline(sentence))
    for name in names_cited(sentence):
        if name not in record.projects:
            record.projects.append(name)
    record.zones = sorted(set(record.zones) | set(zones_cited(sentence, zone_names)))
