"""The valutatore validates a plan's scores of a year; new actuals make the validation stale.

The validation records a digest of the scores it saw (every objective's, structure's and
manager's score with its completeness). The scores are recomputed whenever actuals
change; the validation stays as recorded, and it is stale as soon as the scores' digest
differs: the page and the relazione say so rather than print unvalidated scores as validated.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from cruscotto.accounts.services.permissions import Permission, actor_name, require_permission
from cruscotto.core.italian import format_date
from cruscotto.core.services.user_edits import record_user_edit
from cruscotto.performance.models import Score, ScoreValidation
from cruscotto.plans.models import Plan


class ScoresNotValidatable(Exception):
    """There is nothing to validate (no scores for the year); the message says why."""


def scores_digest(plan: Plan, year: int) -> tuple[str, int]:
    """The sha256 of the plan's scores of `year` and how many scores it covers."""
    rows = sorted(
        (
            level,
            objective or "",
            unit or "",
            person or 0,
            "" if score is None else str(score),
            complete,
        )
        for level, objective, unit, person, score, complete in Score.objects.filter(
            plan=plan, year=year
        ).values_list(
            "level", "objective__code", "org_unit__code", "person_id", "score", "complete"
        )
    )
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest(), len(rows)


def validate_scores(user: Any, plan: Plan, year: int, note: str = "") -> ScoreValidation:
    """Record that `user` (the ente's valutatore) validated the scores of `plan` for `year`.

    Refused (PermissionRefused) to anyone without Permission.VALIDATE_SCORES on the plan's
    ente; ScoresNotValidatable when no score has been computed for the year.
    """
    require_permission(user, Permission.VALIDATE_SCORES, plan.ente)
    with transaction.atomic():
        digest, count = scores_digest(plan, year)
        if count == 0:
            raise ScoresNotValidatable(
                f"nessun punteggio {year} da validare per «{plan.title}»: "
                "mancano i valori consuntivi dell'anno"
            )
        validation = ScoreValidation.objects.create(
            plan=plan,
            year=year,
            validated_by=user,
            validator_name=actor_name(user),
            validated_at=timezone.now(),
            digest=digest,
            scores=count,
            note=note.strip(),
        )
        record_user_edit(
            validation, {}, actor_name(user), reason=f"validazione dei punteggi {year}"
        )
    return validation


@dataclass(frozen=True)
class ValidationState:
    """Whether the scores of a year are validated: the latest validation and if it still holds."""

    year: int
    validation: ScoreValidation | None
    current: bool  # the scores are those validated

    @property
    def validated(self) -> bool:
        return self.validation is not None and self.current

    @property
    def stale(self) -> bool:
        return self.validation is not None and not self.current

    @property
    def label(self) -> str:
        """The state in words, as the page and the relazione print it."""
        if self.validation is None:
            return f"Punteggi {self.year} non ancora validati dal valutatore (OIV / Nucleo di valutazione)."
        when = format_date(self.validation.validated_at, with_time=True)
        who = f"da {self.validation.validator_name} il {when}"
        if self.current:
            return f"Punteggi {self.year} validati {who}."
        return (
            f"Validazione dei punteggi {self.year} non più valida: i punteggi sono cambiati dopo "
            f"la validazione {who} (nuovi valori consuntivi); vanno validati di nuovo."
        )


def validation_state(plan: Plan, year: int) -> ValidationState:
    """The latest validation of the plan's scores of `year` and whether it still holds."""
    validation = ScoreValidation.objects.filter(plan=plan, year=year).first()
    if validation is None:
        return ValidationState(year, None, False)
    digest, _ = scores_digest(plan, year)
    return ValidationState(year, validation, digest == validation.digest)
