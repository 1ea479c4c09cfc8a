"""Who may do what: a user's roles, each for an ente and, where it matters, its units."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cruscotto.domain.choices import RoleKind, TokenScope


class Role(models.Model):
    """One role a user holds in one ente (an amministratore may hold it for every ente).

    The roles of the monitoring cycle: the ufficio di controllo sees and validates
    everything of its ente and runs the campaigns; a referente updates the data of
    the units named here while a campaign is open; a dirigente reads the objectives
    and scorecard of the units named here; the valutatore (OIV, Nucleo) reads
    everything of the ente and validates performance scores.
    """

    # Declared in the domain, so that `cruscotto users add --help` lists them without Django.
    Kind = RoleKind

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


class ApiToken(models.Model):
    """A key with which a program uses the API as a user, with the user's permissions.

    Only the SHA-256 of the secret is stored: the secret is shown once, when created. The
    prefix (the token's first characters, stored in clear) tells tokens apart in lists
    and logs. The scope limits what the token may do on top of the user's permissions:
    a read token never writes, whatever its user may do.
    """

    # Declared in the domain, so that `cruscotto tokens create --help` lists them without Django.
    Scope = TokenScope

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True)
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)  # sha256 hex of the whole token
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The rate limit's fixed window: when it started and how many requests it counted.
    window_started_at = models.DateTimeField(null=True, blank=True)
    window_requests = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "token dell'API"
        verbose_name_plural = "token dell'API"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user}, {self.get_scope_display()})"


class ApiIdempotentRequest(models.Model):
    """A write a client may retry: the answer given to (token, Idempotency-Key), kept so
    that the same key with the same body answers the same, without writing twice."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)  # sha256 of method, path and body
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "richiesta idempotente dell'API"
        verbose_name_plural = "richieste idempotenti dell'API"
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="unique_idempotency_key")
        ]

    def __str__(self) -> str:
        return f"{self.token.prefix}… {self.key}: {self.status}"
