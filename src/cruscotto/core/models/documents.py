"""Source documents and the provenance every imported record keeps."""

from __future__ import annotations

from django.db import models


class SourceDocument(models.Model):
    """A document that was imported: the origin of the records that point to it."""

    # A stable name for "this document", independent of the file name, so that a
    # corrected version of the same report updates its records instead of
    # duplicating them: e.g. "torino/rendiconto/2025".
    identity = models.CharField(max_length=200, unique=True)
    format = models.CharField(max_length=40)
    title = models.CharField(max_length=500)
    ente = models.ForeignKey("core.Ente", on_delete=models.PROTECT, null=True, blank=True)
    file_name = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    line_count = models.PositiveIntegerField()
    imported_at = models.DateTimeField()
    # The year the document reports on, when it states one: the PSM monitoring of
    # the "primo anno di operatività" of the PSM 2024-2026 reports on 2024.
    reference_year = models.PositiveSmallIntegerField(null=True, blank=True)
    # What the document says before its body (cover, premessa), paragraph by paragraph,
    # for the documents Cruscotto prints again (the relazione sul controllo strategico).
    front_matter = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = "documento sorgente"
        verbose_name_plural = "documenti sorgente"

    def __str__(self) -> str:
        return self.title


class SourceText(models.Model):
    """The text of an imported document as it was read.

    Kept so that every "riga N" a page cites opens on that line, as printed: a
    reader checks a figure, or a diagnostic, against the document itself.
    """

    document = models.OneToOneField(
        SourceDocument, on_delete=models.CASCADE, related_name="source_text"
    )
    text = models.TextField()

    class Meta:
        verbose_name = "testo del documento"
        verbose_name_plural = "testi dei documenti"

    def __str__(self) -> str:
        return f"Testo di {self.document}"


class SourcedModel(models.Model):
    """Mixin for records read from a document: which document, which line."""

    source_document = models.ForeignKey(
        SourceDocument, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    source_line = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        abstract = True


class ImportDiagnostic(models.Model):
    """Something the importer could not read, or read with a doubt, kept for review."""

    class Severity(models.TextChoices):
        ERROR = "error", "Errore"
        WARNING = "warning", "Avviso"
        INFO = "info", "Informazione"

    document = models.ForeignKey(
        SourceDocument, on_delete=models.CASCADE, related_name="diagnostics"
    )
    position = models.PositiveIntegerField()
    line = models.PositiveIntegerField()
    severity = models.CharField(max_length=10, choices=Severity.choices)
    code = models.CharField(max_length=80)
    message = models.TextField()

    class Meta:
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "position"], name="unique_diagnostic_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document.file_name}:{self.line}: {self.message}"
