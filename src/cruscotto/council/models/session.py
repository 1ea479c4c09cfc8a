"""A council session, its act, who attended, how each operative point was voted, who signed."""

from __future__ import annotations

from django.db import models

from cruscotto.core.models import SourcedModel


class CouncilSession(SourcedModel):
    ente = models.ForeignKey("core.Ente", on_delete=models.CASCADE, related_name="council_sessions")
    number = models.CharField(max_length=20)  # as printed: "II"
    date = models.DateField(null=True, blank=True)
    time = models.TimeField(null=True, blank=True)
    place = models.CharField(max_length=300, blank=True)
    presiding_role = models.CharField(max_length=100, blank=True)
    presiding_officer = models.CharField(max_length=200, blank=True)
    secretary_role = models.CharField(max_length=100, blank=True)
    secretary = models.CharField(max_length=200, blank=True)
    notice_date = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "seduta del consiglio"
        verbose_name_plural = "sedute del consiglio"
        ordering = ["ente", "date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["ente", "date", "number"], name="unique_council_session"
            )
        ]

    def __str__(self) -> str:
        return f"Adunanza {self.number} del {self.date}"


class CouncilAct(SourcedModel):
    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="acts")
    number = models.CharField(max_length=40)  # "DEL_CONS 3"
    subject = models.TextField()
    # The plan the act presents or approves, when it has one (the mandate lines).
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.SET_NULL, null=True, blank=True, related_name="council_acts"
    )

    class Meta:
        verbose_name = "atto del consiglio"
        verbose_name_plural = "atti del consiglio"
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="unique_council_act")
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.subject[:80]}"


class Attendance(SourcedModel):
    class Status(models.TextChoices):
        PRESENT = "presente", "presente"
        ABSENT = "assente", "assente"
        SPOKESPERSON = "portavoce", "portavoce senza diritto di voto"

    act = models.ForeignKey(CouncilAct, on_delete=models.CASCADE, related_name="attendance")
    name = models.CharField(max_length=200)  # as printed in the attendance list
    person = models.ForeignKey(
        "core.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=100)
    status = models.CharField(max_length=20, choices=Status.choices)
    zone_number = models.PositiveSmallIntegerField(null=True, blank=True)
    zone_name = models.CharField(max_length=100, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "presenza"
        verbose_name_plural = "presenze"
        ordering = ["act", "position"]
        constraints = [
            models.UniqueConstraint(fields=["act", "name"], name="unique_attendance_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"


class OperativePoint(SourcedModel):
    """A point of the act's dispositivo, with its vote as printed; a tally not printed is null."""

    act = models.ForeignKey(CouncilAct, on_delete=models.CASCADE, related_name="points")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    vote_line = models.PositiveIntegerField(null=True, blank=True)
    present = models.PositiveSmallIntegerField(null=True, blank=True)
    voting = models.PositiveSmallIntegerField(null=True, blank=True)
    in_favour = models.PositiveSmallIntegerField(null=True, blank=True)
    against = models.PositiveSmallIntegerField(null=True, blank=True)
    abstained = models.PositiveSmallIntegerField(null=True, blank=True)
    not_voting = models.PositiveSmallIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = "punto del dispositivo"
        verbose_name_plural = "punti del dispositivo"
        ordering = ["act", "number"]
        constraints = [
            models.UniqueConstraint(fields=["act", "number"], name="unique_operative_point")
        ]

    def __str__(self) -> str:
        return f"Punto {self.number}: {self.text[:80]}"


class Ballot(SourcedModel):
    class Choice(models.TextChoices):
        IN_FAVOUR = "favorevole", "favorevole"
        AGAINST = "contrario", "contrario"
        ABSTAINED = "astenuto", "astenuto"
        NOT_VOTING = "non_votante", "non partecipa al voto"

    point = models.ForeignKey(OperativePoint, on_delete=models.CASCADE, related_name="ballots")
    printed_name = models.CharField(max_length=200)  # "Cagno", as the vote prints it
    # The attendee the printed name was matched to; null when it matches nobody.
    attendance = models.ForeignKey(
        Attendance, on_delete=models.CASCADE, null=True, blank=True, related_name="ballots"
    )
    choice = models.CharField(max_length=20, choices=Choice.choices)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "voto espresso"
        verbose_name_plural = "voti espressi"
        ordering = ["point", "position"]
        constraints = [
            models.UniqueConstraint(fields=["point", "position"], name="unique_ballot_position")
        ]

    def __str__(self) -> str:
        return f"{self.printed_name}: {self.get_choice_display()}"


class Signature(SourcedModel):
    act = models.ForeignKey(CouncilAct, on_delete=models.CASCADE, related_name="signatures")
    position = models.PositiveSmallIntegerField()
    role = models.CharField(max_length=100)
    name = models.CharField(max_length=200)
    digitally_signed = models.BooleanField(default=False)

    class Meta:
        verbose_name = "firma"
        verbose_name_plural = "firme"
        ordering = ["act", "position"]
        constraints = [
            models.UniqueConstraint(fields=["act", "position"], name="unique_signature_position")
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.name}"
