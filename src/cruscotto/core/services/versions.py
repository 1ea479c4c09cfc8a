"""Two people editing the same record: the second save is refused, never a silent overwrite.

A form carries the record's version as it was when the form was opened: a digest of
its stored values, so that any change in between — another user's save, an import —
makes it stale. `check_unchanged` locks the record inside the write transaction and
refuses a stale version with a message that says who changed it last.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from cruscotto.core.italian import format_date
from cruscotto.core.models import UserEdit
from cruscotto.core.services.user_edits import field_values

ModelT = TypeVar("ModelT", bound=models.Model)


class RecordChanged(ValidationError):
    """The record changed since the form was opened; the message says by whom and when."""


def record_version(instance: models.Model) -> str:
    """The version of the record as stored: a digest of its values."""
    values = json.dumps(field_values(instance), sort_keys=True, cls=DjangoJSONEncoder)
    return hashlib.sha256(values.encode()).hexdigest()[:32]


def check_unchanged(model: type[ModelT], pk: Any, version: str) -> ModelT:
    """Lock the record (until the caller's transaction ends) and return it, unless it
    changed since `version` was read: then raise RecordChanged.

    Must run inside the transaction that writes the record, so that nobody writes it
    between the check and the save.
    """
    if not transaction.get_connection(model._default_manager.db).in_atomic_block:
        raise RuntimeError("check_unchanged va chiamato dentro la transazione di scrittura")
    stored = model._default_manager.select_for_update().get(pk=pk)
    if record_version(stored) == version:
        return stored
    last = (
        UserEdit.objects.filter(model=model._meta.label_lower, object_id=pk)
        .order_by("-at", "-id")
        .first()
    )
    who = f" da {last.actor} il {format_date(last.at, with_time=True)}" if last is not None else ""
    raise RecordChanged(
        f"Salvataggio rifiutato: {model._meta.verbose_name} «{stored}» è stato modificato"
        f"{who} dopo che avete aperto il modulo. Ricaricate la pagina per vedere i valori "
        "attuali e ripetete la modifica.",
        code="record_changed",
    )
