"""Italian words for the codes the performance data carries (weights' provenance, diagnostics).

The codes stay in the database and in the columns scripts read; every page,
report and command shows a reader these labels instead.
"""

from __future__ import annotations

from django.db.models import TextChoices

from cruscotto.core.diagnostic_codes import describe_diagnostic
from cruscotto.performance.models import Assignment, ScoringRule

# Short, for a table cell: "15 (letto)".
WEIGHT_SOURCE_LABELS: dict[str, str] = {
    Assignment.WeightSource.READ: "letto",
    Assignment.WeightSource.COMPLETED: "completato",
    Assignment.WeightSource.INFERRED: "dedotto",
    Assignment.WeightSource.UNKNOWN: "non noto",
}
# For a count: "pesi letti: 89", in the order of the provenance.
WEIGHT_SOURCE_COUNT_LABELS: dict[str, str] = {
    Assignment.WeightSource.READ: "pesi letti",
    Assignment.WeightSource.COMPLETED: "pesi completati",
    Assignment.WeightSource.INFERRED: "pesi dedotti",
    Assignment.WeightSource.UNKNOWN: "pesi non noti",
}

# What each diagnostic of the piano della performance and of its actual values means.
DIAGNOSTIC_LABELS: dict[str, str] = {
    "ente_not_found": "ente non indicato",
    "ente_name_cut": "nome dell'ente tagliato",
    "ente_matched_by_prefix": "ente riconosciuto dall'inizio del nome",
    "ente_created": "ente nuovo, da confermare",
    "structure_code_normalised": "codice di struttura corretto",
    "structure_code_missing": "riga senza codice di struttura",
    "structure_name_cut": "nome della struttura tagliato",
    "manager_missing": "dirigente non indicato",
    "total_missing": "totale dei pesi non leggibile",
    "objective_not_matched": "testo senza obiettivo corrispondente",
    "ambiguous_objective_text": "testo attribuibile a due obiettivi",
    "numbers_without_objective": "numeri senza obiettivo",
    "too_many_objectives": "troppi obiettivi nella riga",
    "printed_id_mismatch": "Id stampato diverso dall'obiettivo",
    "printed_id_truncated": "Id stampato troncato",
    "weight_glued_to_text": "peso incollato al testo",
    "implausible_weight": "peso non plausibile",
    "conflicting_weights": "più pesi nella stessa cella",
    "weight_unknown": "peso non noto",
    "weight_inferred": "peso dedotto dal totale",
    "common_objective_missing": "obiettivi comuni mancanti",
    "weights_do_not_sum": "i pesi non raggiungono il totale",
    "weights_exceed_total": "i pesi superano il totale",
    "duplicate_objective_id": "Id ripetuto",
    "continued_row": "riga continuata",
    "objective_only_in_value_matrix": "obiettivo solo nella matrice del valore pubblico",
    "objective_missing_from_value_matrix": "obiettivo assente dalla matrice del valore pubblico",
    "objective_type_unknown": "tipo di obiettivo non riconosciuto",
    "catalogue_text_differs": "testi diversi nelle due tabelle",
    "objective_text_split_repaired": "testo spezzato tra due righe, ricomposto",
    "objective_text_from_value_matrix": "testo preso dalla matrice del valore pubblico",
    "assignment_from_catalogue": "assegnazione ricavata dalle altre tabelle",
    "assignment_missing_from_matrix": "assegnazione assente dalla matrice",
    "unknown_structure_code": "struttura sconosciuta",
    "target_missing": "target mancante",
    "rule_count_mismatch": "regole e target non corrispondono",
    "rule_not_parseable": "regola di calcolo non interpretabile",
    "rule_bands_gap": "fasce non contigue",
    "rule_bands_overlap": "fasce sovrapposte",
    "rule_bands_not_monotone": "fasce non monotone",
    "rule_leftover_text": "testo della regola non interpretato",
    "deadline_differs": "scadenze diverse",
    "impossible_date": "data impossibile",
    "implausible_date": "data non plausibile",
    "actuals_empty": "file dei consuntivi vuoto",
    "actuals_header": "intestazione dei consuntivi non valida",
    "actuals_objective": "obiettivo non leggibile",
    "actuals_value": "valore non leggibile",
    "actuals_unknown_objective": "obiettivo sconosciuto",
    "actuals_unknown_structure": "struttura sconosciuta",
    "actuals_structure_missing": "struttura mancante",
    "actuals_ente_wide_per_structure": "obiettivo di Ente indicato per struttura",
    "actuals_duplicate": "valore ripetuto",
}


def diagnostic_label(code: str) -> str:
    """The diagnostic in a few Italian words; a code without a short label reads as the
    sentence of the registry of every code (core.diagnostic_codes)."""
    return DIAGNOSTIC_LABELS.get(code) or describe_diagnostic(code)


def weight_source_label(source: str) -> str:
    return WEIGHT_SOURCE_LABELS.get(source) or readable_code(source)


def readable_code(code: str) -> str:
    """A code no label names yet, made readable rather than hidden: "new_kind" → "new kind"."""
    return code.replace("_", " ").strip() or "non indicato"


def choice_label(choices: type[TextChoices], code: str) -> str:
    """The Italian label Django's `choices` give `code`, or the code made readable."""
    return str(dict(choices.choices).get(code, readable_code(code)))


def slot_label(slot: str) -> str:
    """ "individuale_3" → "Obiettivo individuale 3" (the slot kind's label and its number)."""
    kind, _, number = slot.partition("_")
    if kind not in Assignment.SlotKind.values:
        return readable_code(slot)
    return f"{choice_label(Assignment.SlotKind, kind)} {number}".strip()


def rule_kind_label(kind: str) -> str:
    """ "bands" → "fasce", "yes_no" → "Sì/No"."""
    return choice_label(ScoringRule.Kind, kind) if kind else ""


def polarity_label(polarity: str) -> str:
    return choice_label(ScoringRule.Polarity, polarity) if polarity else ""
