"""Long lists come in pages: `?pagina=1&per_pagina=100`; the answer says the total."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema

Row = TypeVar("Row")

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


class Pagination(Schema):
    pagina: int = Field(1, ge=1, description="la pagina, dalla prima (1)")
    per_pagina: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="quanti risultati per pagina"
    )


def paginate(rows: Sequence[Any] | QuerySet[Any], pagination: Pagination) -> dict[str, Any]:
    """The page asked for, with the total: a queryset is counted and sliced in the database."""
    total = rows.count() if isinstance(rows, QuerySet) else len(rows)
    start = (pagination.pagina - 1) * pagination.per_pagina
    return {
        "totale": total,
        "pagina": pagination.pagina,
        "per_pagina": pagination.per_pagina,
        "risultati": list(rows[start : start + pagination.per_pagina]),
    }
