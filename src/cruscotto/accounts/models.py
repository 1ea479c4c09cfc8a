"""Who may do what: a user's roles, each for an ente and, where it matters, its units."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Role(models.Model):
    """One role a user holds in one ente (an amministratore may hold it for every ente).

    The roles of the monitoring cycle: the ufficio di controllo sees and validates
    everything of its ente and runs the campaigns; a referente updates the data of
    the units named here while a campaign is open; a dirigente reads the objectives
    and scorecard of the units named here; the valutatore (OIV, Nucleo) reads
    everything of the ente and validates performance scores.
    """

    class Kind(models.TextChoices):
        AMMINISTRATORE = "amministratore", "amministratore"
        UFFICIO = "ufficio", "ufficio di controllo"
        REFERENTE = "referente", "referente di unità organizzative"
        DIRIGENTE = "dirigente", "dirigente"
        VALUTATORE = "valutatore", "valutatore (OIV / Nucleo di valutazione)"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cruscotto_roles"
    )
    # Empty only for an amministratore of every ente.
    ente = models.ForeignKey(
        "core.Ente", on_delete=models.CASCADE, null=True, blank=True, related_name="roles"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    org_units = models.ManyToManyField("core.OrgUnit", blank=True, related_name="roles")

    class Meta:
        verbose_name = "ruolo"
        verbose_name_plural = "ruoli"
        constraints = [
            models.UniqueConstraint(fields=["user", "ente", "kind"], name="unique_role"),
            models.CheckConstraint(
                condition=models.Q(ente__isnull=False) | models.Q(kind="amministratore"),
                name="role_has_ente_unless_amministratore",
            ),
        ]

    def __str__(self) -> str:
        where = self.ente.name if self.ente else "tutti gli enti"
        return f"{self.user} – {self.get_kind_display()} ({where})"
