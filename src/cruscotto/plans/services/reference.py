"""Reference taxonomies shipped with the code (SDG, PNRR, D.Lgs. 118/2011 …)."""

from __future__ import annotations

from typing import Any

from cruscotto.domain.reference import read_reference_files


def sync_reference_taxonomies(
    taxonomy_model: Any, term_model: Any, ente_model: Any | None = None
) -> None:
    """Create or update the reference taxonomies and their terms.

    Takes the model classes as arguments so that a data migration can pass its
    historical models. A file may name the ente whose taxonomy it is (`"ente"`, its
    code) and its kind (`"kind"`); migrations written before taxonomies had an ente
    pass no `ente_model`, and those keys are left for the later migration that does.
    A taxonomy of an ente the database does not hold is not created.
    """
    for data in read_reference_files():
        defaults = {"name": data["name"], "source": data.get("source", ""), "is_reference": True}
        if ente_model is not None:
            ente = None
            if data.get("ente"):
                ente = ente_model.objects.filter(code=data["ente"]).first()
                if ente is None:
                    continue
            defaults |= {"kind": data.get("kind", "general"), "ente": ente}
        taxonomy, _ = taxonomy_model.objects.update_or_create(code=data["code"], defaults=defaults)
        sync_terms(term_model, taxonomy, data["terms"])


TERM_FIELDS = ("name", "description", "aliases", "position")


def sync_terms(term_model: Any, taxonomy: Any, terms: list[dict[str, Any]]) -> None:
    """Make the taxonomy's terms those of its file: the missing created, the changed updated,
    in a few statements (a new database creates hundreds of terms as it migrates)."""
    held = {term.code: term for term in term_model.objects.filter(taxonomy=taxonomy)}
    created, changed = [], []
    terms_by_code = {}
    for position, term in enumerate(terms):
        values = {
            "name": term["name"],
            "description": term.get("description", ""),
            "aliases": term.get("aliases", []),
            "position": position,
        }
        row = held.get(term["code"])
        if row is None:
            row = term_model(taxonomy=taxonomy, code=term["code"], **values)
            created.append(row)
        elif any(getattr(row, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(row, field, value)
            changed.append(row)
        terms_by_code[term["code"]] = row
    term_model.objects.bulk_create(created)
    term_model.objects.bulk_update(changed, TERM_FIELDS)
    moved = []
    for term in terms:
        if term.get("parent"):
            child, parent = terms_by_code[term["code"]], terms_by_code[term["parent"]]
            if child.parent_id != parent.pk:
                child.parent = parent
                moved.append(child)
    term_model.objects.bulk_update(moved, ["parent"])
