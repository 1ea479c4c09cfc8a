# The schema as the migrations it replaces left it, in one step, for new databases (replaces).

import django.db.models.deletion
from django.db import migrations, models

from cruscotto.core.migration_operations import CreateModels


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("council", "0001_initial"),
        ("council", "0002_act_text"),
        ("council", "0003_act_text_kept_by_document"),
    ]

    dependencies = [
        ("core", "0001_squashed_0011_org_unit_alias_ente_and_provenance"),
        ("plans", "0001_squashed_0015_vocabularies"),
    ]

    operations = [
        CreateModels(
            [
                migrations.CreateModel(
                    name="ConsultationMethod",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("source_line", models.PositiveIntegerField(blank=True, null=True)),
                        ("method", models.CharField(blank=True, max_length=200)),
                        ("interviews", models.PositiveIntegerField(blank=True, null=True)),
                        ("zones_consulted", models.PositiveIntegerField(blank=True, null=True)),
                        ("interview_format", models.CharField(blank=True, max_length=200)),
                        ("questionnaire_period", models.CharField(blank=True, max_length=100)),
                        (
                            "questionnaire_contributions",
                            models.PositiveIntegerField(blank=True, null=True),
                        ),
                        ("stakeholder_categories", models.JSONField(default=list)),
                        ("annexes_listed", models.JSONField(default=list)),
                        ("annexes_missing", models.JSONField(default=list)),
                        (
                            "plan",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="consultation_method",
                                to="plans.plan",
                            ),
                        ),
                        (
                            "source_document",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="core.sourcedocument",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "metodo di consultazione",
                        "verbose_name_plural": "metodi di consultazione",
                    },
                ),
                migrations.CreateModel(
                    name="CouncilAct",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("source_line", models.PositiveIntegerField(blank=True, null=True)),
                        ("number", models.CharField(max_length=40)),
                        ("subject", models.TextField()),
                        (
                            "plan",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="council_acts",
                                to="plans.plan",
                            ),
                        ),
                        (
                            "source_document",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="core.sourcedocument",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "atto del consiglio",
                        "verbose_name_plural": "atti del consiglio",
                    },
                ),
                migrations.CreateModel(
                    name="Attendance",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("source_line", models.PositiveIntegerField(blank=True, null=True)),
                        ("name", models.CharField(max_length=200)),
                        ("role", models.CharField(max_length=100)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("presente", "presente"),
                                    ("assente", "assente"),
                                    ("portavoce", "portavoce senza diritto di voto"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("zone_number", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("zone_name", models.CharField(blank=True, max_length=100)),
                        ("position", models.PositiveIntegerField(default=0)),
                        (
                            "person",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="core.person",
                            ),
                        ),
                        (
                            "source_document",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="core.sourcedocument",
                            ),
                        ),
                        (
                            "act",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="attendance",
                                to="council.councilact",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "presenza",
                        "verbose_name_plural": "presenze",
                        "ordering": ["act", "position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("act", "name"), name="unique_attendance_name"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="CouncilSession",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("source_line", models.PositiveIntegerField(blank=True, null=True)),
                        ("number", models.CharField(max_length=20)),
                        ("date", models.DateField(blank=True, null=True)),
                        ("time", models.TimeField(blank=True, null=True)),
                        ("place", models.CharField(blank=True, max_length=300)),
                        ("presiding_role", models.CharField(blank=True, max_length=100)),
                        ("presiding_officer", models.CharField(blank=True, max_length=200)),
                        ("secretary_role", models.CharField(blank=True, max_length=100)),
                        ("secretary", models.CharField(blank=True, max_length=200)),
                        ("notice_date", models.DateField(blank=True, null=True)),
                        (
                            "ente",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="council_sessions",
                                to="core.ente",
                            ),
                        ),
                        (
                            "source_document",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="core.sourcedocument",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "seduta del consiglio",
                        "verbose_name_plural": "sedute del consiglio",
                        "ordering": ["ente", "date", "number"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("ente", "date", "number"), name="unique_council_session"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="OperativePoint",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("source_line", models.PositiveIntegerField(blank=True, null=True)),
                        ("number", models.PositiveSmallIntegerField()),
                        ("text", models.TextField()),
                        ("vote_line", models.PositiveIntegerField(blank=True, null=True)),
                        ("present", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("voting", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("in_favour", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("against", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("abstained", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("not_voting", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("outcome", models.CharField(blank=True, max_length=20)),
                        (
                            "act",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="points",
                                to="council.councilact",
                            ),
                        ),
                        (
                            "source_document",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="core.sourcedocument",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "punto del dispositivo",
                        "verbose_name_plural": "punti del dispositivo",
                        "ordering": ["act", "number"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("act", "number"), name="unique_operative_point"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Ballot",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("source_line", models.PositiveIntegerField(blank=True, null=True)),
                        ("printed_name", models.CharField(max_length=200)),
                        (
                            "choice",
                            models.CharField(
                                choices=[
                                    ("favorevole", "favorevole"),
                                    ("contrario", "contrario"),
                                    ("astenuto", "astenuto"),
                                    ("non_votante", "non partecipa al voto"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("position", models.PositiveIntegerField(default=0)),
                        (
                            "attendance",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="ballots",
                                to="council.attendance",
                            ),
                        ),
                        (
                            "source_document",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="core.sourcedocument",
                            ),
                        ),
                        (
                            "point",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="ballots",
                                to="council.operativepoint",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "voto espresso",
                        "verbose_name_plural": "voti espressi",
                        "ordering": ["point", "position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("point", "position"), name="unique_ballot_position"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Recommendation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("source_line", models.PositiveIntegerField(blank=True, null=True)),
                        ("group", models.CharField(max_length=200)),
                        ("number", models.PositiveSmallIntegerField()),
                        ("need", models.TextField()),
                        ("indications", models.JSONField(default=list)),
                        ("position", models.PositiveIntegerField(default=0)),
                        (
                            "plan",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="recommendations",
                                to="plans.plan",
                            ),
                        ),
                        (
                            "source_document",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="core.sourcedocument",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "raccomandazione",
                        "verbose_name_plural": "raccomandazioni",
                        "ordering": ["plan", "position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("plan", "position"), name="unique_recommendation"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Signature",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("source_line", models.PositiveIntegerField(blank=True, null=True)),
                        ("position", models.PositiveSmallIntegerField()),
                        ("role", models.CharField(max_length=100)),
                        ("name", models.CharField(max_length=200)),
                        ("digitally_signed", models.BooleanField(default=False)),
                        (
                            "act",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="signatures",
                                to="council.councilact",
                            ),
                        ),
                        (
                            "source_document",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="core.sourcedocument",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "firma",
                        "verbose_name_plural": "firme",
                        "ordering": ["act", "position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("act", "position"), name="unique_signature_position"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="StrategyEvidence",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("source_line", models.PositiveIntegerField(blank=True, null=True)),
                        (
                            "level",
                            models.CharField(
                                choices=[
                                    ("most_implemented", "la più attuata dell'asse"),
                                    ("implemented", "attuata"),
                                    ("partial", "attuata parzialmente"),
                                    ("none_reported", "nessuna azione riportata"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("projects", models.JSONField(default=list)),
                        ("zones", models.JSONField(default=list)),
                        ("excerpt", models.TextField()),
                        (
                            "item",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="implementation_evidence",
                                to="plans.planitem",
                            ),
                        ),
                        (
                            "source_document",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="core.sourcedocument",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "attuazione di una strategia",
                        "verbose_name_plural": "attuazione delle strategie",
                    },
                ),
                migrations.CreateModel(
                    name="ThemeProfile",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("source_line", models.PositiveIntegerField(blank=True, null=True)),
                        ("cross_cutting", models.BooleanField(default=False)),
                        ("axes", models.JSONField(default=list)),
                        ("axes_as_printed", models.CharField(max_length=100)),
                        (
                            "item",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="theme_profile",
                                to="plans.planitem",
                            ),
                        ),
                        (
                            "source_document",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="core.sourcedocument",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "tema: assi possibili",
                        "verbose_name_plural": "temi: assi possibili",
                    },
                ),
            ]
        ),
        migrations.AddField(
            model_name="councilact",
            name="session",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="acts",
                to="council.councilsession",
            ),
        ),
        migrations.AddConstraint(
            model_name="councilact",
            constraint=models.UniqueConstraint(
                fields=("session", "number"), name="unique_council_act"
            ),
        ),
    ]
