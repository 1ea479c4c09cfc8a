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
        terms_by_code = {}
        for position, term in enumerate(data["terms"]):
            terms_by_code[term["code"]], _ = term_model.objects.update_or_create(
                taxonomy=taxonomy,
                code=term["code"],
                defaults={
                    "name": term["name"],
                    "description": term.get("description", ""),
                    "aliases": term.get("aliases", []),
                    "position": position,
                },
            )
        for term in data["terms"]:
            if term.get("parent"):
                child = terms_by_code[term["code"]]
                child.parent = terms_by_code[term["parent"]]
                child.save(update_fields=["parent"])
