"""Published documents as stored files: built once per data version, then served as they are."""

from __future__ import annotations

from django.db import models


class PublishedFile(models.Model):
    """One document (a kind, for an ente and a year, in a format) built from one data version.

    The row is also the build's job: the web request that finds no file for the current
    data version adds a row `queued`, the worker (`cruscotto documents worker`) builds it
    and records its progress here, which the page "in preparazione" shows.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "In coda"
        BUILDING = "building", "In preparazione"
        READY = "ready", "Pronto"
        FAILED = "failed", "Non riuscito"

    kind = models.CharField(max_length=60)  # ReportKind.name: "controllo-strategico"
    ente_code = models.CharField(max_length=60)
    year = models.PositiveSmallIntegerField()
    format = models.CharField(max_length=10)
    # What the data were when the build was asked for (publishing.data_version).
    data_version = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    message = models.CharField(max_length=200, blank=True, default="")  # the step under way
    error = models.TextField(blank=True, default="")
    # Relative to publishing.published_dir(), so that moving var/ moves the files.
    file_name = models.CharField(max_length=300, blank=True, default="")
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, default="")
    requested_at = models.DateTimeField()
    # The last sign of life of the build: a `building` row untouched for long was left
    # by a worker that died, and is queued again.
    updated_at = models.DateTimeField()
    built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "documento pubblicato"
        verbose_name_plural = "documenti pubblicati"
        constraints = [
            # One build per document and data version: asking twice enqueues once.
            models.UniqueConstraint(
                fields=["kind", "ente_code", "year", "format", "data_version"],
                name="published_file_once_per_data_version",
            )
        ]
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self) -> str:
        return (
            f"{self.kind}-{self.ente_code}-{self.year}.{self.format} ({self.get_status_display()})"
        )
