"""The survey of the territory: questions, options with percentages, open answers."""

from __future__ import annotations

from django.db import models

from cruscotto.core.models import SourcedModel


class Survey(SourcedModel):
    """The survey of the territory of one monitoring year: each year's report runs its own."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="surveys")
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=300)
    # The year the report monitors (its document's reference year); `year` is when the
    # survey ran (April 2025 for the monitoring of 2024).
    monitoring_year = models.PositiveSmallIntegerField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    platform = models.CharField(max_length=80, blank=True)  # "LimeSurvey"
    invited_mayors = models.PositiveIntegerField(null=True, blank=True)  # "i 312 Sindaci"
    # The report's own text about the survey, paragraph by paragraph: its introduction
    # and its comments on the results, each {"line", "text", "after_questions", "section"}:
    # after_questions is how many questions were printed before it, section 0 the
    # introduction before the first section.
    prose = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = "indagine"
        verbose_name_plural = "indagini"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "monitoring_year", "key"], name="unique_survey_key"
            )
        ]

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(SourcedModel):
    class Dimension(models.TextChoices):
        NONE = "", "—"
        TARGET = "target", "target"
        ROLE = "ruolo", "ruolo"
        ORGANISATION_TYPE = "tipo_organizzazione", "tipo di organizzazione"
        ZONA_OMOGENEA = "zona_omogenea", "zona omogenea"
        AGE = "eta", "età"
        GENDER = "genere", "genere"
        EDUCATION = "titolo_di_studio", "titolo di studio"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    key = models.CharField(max_length=20)  # "d01" in reading order
    position = models.PositiveIntegerField()
    section = models.PositiveSmallIntegerField()
    section_title = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    base = models.PositiveIntegerField(null=True, blank=True)  # "Base (casi)"; None: not printed
    multiple_answers = models.BooleanField(default=False)
    is_open = models.BooleanField(default=False)
    dimension = models.CharField(max_length=30, choices=Dimension.choices, blank=True)
    respondents = models.CharField(max_length=80, blank=True)  # "Comuni": a subset was asked

    class Meta:
        verbose_name = "domanda"
        verbose_name_plural = "domande"
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="unique_question_key")
        ]

    def __str__(self) -> str:
        return self.text[:80]


class SurveyOption(SourcedModel):
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField()
    label = models.CharField(max_length=300)
    as_printed = models.CharField(max_length=40, blank=True)  # "45%", "-"
    percent = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "opzione"
        verbose_name_plural = "opzioni"
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="unique_option_position")
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.as_printed}"


class OpenAnswer(SourcedModel):
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.CASCADE, related_name="open_answers"
    )
    position = models.PositiveIntegerField()
    text = models.TextField()

    class Meta:
        verbose_name = "risposta aperta"
        verbose_name_plural = "risposte aperte"
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="unique_answer_position")
        ]

    def __str__(self) -> str:
        return self.text[:80]


class OpenAnswerLink(SourcedModel):
    """An open answer that cites a strategy or an action ("Strategia 4.1 (… 4.1.1, 4.1.2 …)")."""

    answer = models.ForeignKey(OpenAnswer, on_delete=models.CASCADE, related_name="links")
    item = models.ForeignKey(
        "plans.PlanItem", on_delete=models.CASCADE, related_name="open_answer_links"
    )

    class Meta:
        verbose_name = "citazione nella risposta"
        verbose_name_plural = "citazioni nelle risposte"
        constraints = [
            models.UniqueConstraint(fields=["answer", "item"], name="unique_open_answer_link")
        ]

    def __str__(self) -> str:
        return f"{self.answer} → {self.item}"
