"""Audit trail: every change to plan data writes one entry in the same transaction."""

from __future__ import annotations

from django.db import models


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        DOCUMENT_IMPORTED = "document_imported", "Documento importato"
        RECORD_EDITED = "record_edited", "Dato modificato da un utente"
        RECORD_DELETED = "record_deleted", "Dato eliminato da un utente"
        ROLE_GRANTED = "role_granted", "Ruolo assegnato"
        CAMPAIGN = "campaign", "Campagna di monitoraggio"
        API_TOKEN = "api_token", "Token dell'API"

    at = models.DateTimeField()
    actor = models.CharField(max_length=150)  # user name, or "cli:<login>" for the command line
    action = models.CharField(max_length=40, choices=Action.choices)
    document = models.ForeignKey(
        "core.SourceDocument", on_delete=models.SET_NULL, null=True, blank=True
    )
    summary = models.TextField()
    details = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "voce di audit"
        verbose_name_plural = "registro di audit"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor}: {self.summary}"
