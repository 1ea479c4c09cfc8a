"""What a PlanItem of level "progetto" needs beyond title and description, and where actions were printed."""

from __future__ import annotations

from django.db import models

from cruscotto.core.models import SourcedModel


class ProjectProfile(SourcedModel):
    """The attributes of a project that do not fit a PlanItem."""

    item = models.OneToOneField(
        "plans.PlanItem", on_delete=models.CASCADE, related_name="project_profile"
    )
    urls = models.JSONField(default=list, blank=True)
    funding_programmes = models.JSONField(default=list, blank=True)  # "Interreg Alcotra", "LIFE"
    pnrr_measures = models.JSONField(default=list, blank=True)  # "M4C1I3.3"

    class Meta:
        verbose_name = "scheda di progetto"
        verbose_name_plural = "schede di progetto"

    def __str__(self) -> str:
        return str(self.item)


class ProjectMention(SourcedModel):
    """A paragraph that presents a project under a strategy: the same project reads differently per strategy.

    The paragraphs are the report's own text: each year's monitoring keeps its own.
    """

    project = models.ForeignKey(
        "plans.PlanItem", on_delete=models.CASCADE, related_name="project_mentions"
    )
    strategy = models.ForeignKey(
        "plans.PlanItem", on_delete=models.CASCADE, related_name="strategy_project_mentions"
    )
    position = models.PositiveIntegerField()  # reading order in the document
    text = models.TextField()

    class Meta:
        verbose_name = "menzione di progetto"
        verbose_name_plural = "menzioni di progetto"
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "source_document", "position"], name="unique_project_mention"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} @ {self.strategy}"


class ActionPlacement(SourcedModel):
    """Where the report printed an action: the block of actions and the projects beside them.

    The report greys the actions with no project; the colour is lost in the text,
    so an action is known to be "grey" only when its block printed no project at
    all, and known to have a project only when a link says so. Otherwise its
    projects are among the block's, and which ones the text does not say.
    Each year's monitoring prints the action in a block of its own: one placement
    per action and document.
    """

    action = models.ForeignKey(
        "plans.PlanItem", on_delete=models.CASCADE, related_name="placements"
    )
    block = models.PositiveIntegerField()
    block_action_count = models.PositiveIntegerField()
    block_project_count = models.PositiveIntegerField()

    class Meta:
        verbose_name = "posizione dell'azione"
        verbose_name_plural = "posizioni delle azioni"
        constraints = [
            models.UniqueConstraint(
                fields=["action", "source_document"], name="unique_action_placement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} (blocco {self.block})"
