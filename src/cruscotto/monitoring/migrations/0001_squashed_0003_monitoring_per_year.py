# The schema as the migrations it replaces left it, in one step, for new databases (replaces).

import django.db.models.deletion
from django.db import migrations, models

from cruscotto.core.migration_operations import CreateModels


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("monitoring", "0001_initial"),
        ("monitoring", "0002_survey_prose"),
        ("monitoring", "0003_monitoring_per_year"),
    ]

    dependencies = [
        ("core", "0001_squashed_0011_org_unit_alias_ente_and_provenance"),
        ("plans", "0001_squashed_0015_vocabularies"),
    ]

    operations = [
        CreateModels(
            [
                migrations.CreateModel(
                    name="ProjectProfile",
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
                        ("urls", models.JSONField(blank=True, default=list)),
                        ("funding_programmes", models.JSONField(blank=True, default=list)),
                        ("pnrr_measures", models.JSONField(blank=True, default=list)),
                        (
                            "item",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="project_profile",
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
                        "verbose_name": "scheda di progetto",
                        "verbose_name_plural": "schede di progetto",
                    },
                ),
                migrations.CreateModel(
                    name="Survey",
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
                        ("key", models.SlugField(max_length=80)),
                        ("title", models.CharField(max_length=300)),
                        (
                            "monitoring_year",
                            models.PositiveSmallIntegerField(blank=True, null=True),
                        ),
                        ("year", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("platform", models.CharField(blank=True, max_length=80)),
                        ("invited_mayors", models.PositiveIntegerField(blank=True, null=True)),
                        ("prose", models.JSONField(blank=True, default=list)),
                        (
                            "plan",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="surveys",
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
                        "verbose_name": "indagine",
                        "verbose_name_plural": "indagini",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("plan", "monitoring_year", "key"), name="unique_survey_key"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="SurveyQuestion",
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
                        ("key", models.CharField(max_length=20)),
                        ("position", models.PositiveIntegerField()),
                        ("section", models.PositiveSmallIntegerField()),
                        ("section_title", models.CharField(blank=True, max_length=200)),
                        ("text", models.TextField()),
                        ("base", models.PositiveIntegerField(blank=True, null=True)),
                        ("multiple_answers", models.BooleanField(default=False)),
                        ("is_open", models.BooleanField(default=False)),
                        (
                            "dimension",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("", "—"),
                                    ("target", "target"),
                                    ("ruolo", "ruolo"),
                                    ("tipo_organizzazione", "tipo di organizzazione"),
                                    ("zona_omogenea", "zona omogenea"),
                                    ("eta", "età"),
                                    ("genere", "genere"),
                                    ("titolo_di_studio", "titolo di studio"),
                                ],
                                max_length=30,
                            ),
                        ),
                        ("respondents", models.CharField(blank=True, max_length=80)),
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
                            "survey",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="questions",
                                to="monitoring.survey",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "domanda",
                        "verbose_name_plural": "domande",
                        "ordering": ["survey", "position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("survey", "key"), name="unique_question_key"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="SurveyOption",
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
                        ("position", models.PositiveIntegerField()),
                        ("label", models.CharField(max_length=300)),
                        ("as_printed", models.CharField(blank=True, max_length=40)),
                        (
                            "percent",
                            models.DecimalField(
                                blank=True, decimal_places=2, max_digits=6, null=True
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
                            "question",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="options",
                                to="monitoring.surveyquestion",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "opzione",
                        "verbose_name_plural": "opzioni",
                        "ordering": ["question", "position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("question", "position"), name="unique_option_position"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="OpenAnswer",
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
                        ("position", models.PositiveIntegerField()),
                        ("text", models.TextField()),
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
                            "question",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="open_answers",
                                to="monitoring.surveyquestion",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "risposta aperta",
                        "verbose_name_plural": "risposte aperte",
                        "ordering": ["question", "position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("question", "position"), name="unique_answer_position"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ActionPlacement",
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
                        ("block", models.PositiveIntegerField()),
                        ("block_action_count", models.PositiveIntegerField()),
                        ("block_project_count", models.PositiveIntegerField()),
                        (
                            "action",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="placements",
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
                        "verbose_name": "posizione dell'azione",
                        "verbose_name_plural": "posizioni delle azioni",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("action", "source_document"), name="unique_action_placement"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="OpenAnswerLink",
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
                            "answer",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="links",
                                to="monitoring.openanswer",
                            ),
                        ),
                        (
                            "item",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="open_answer_links",
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
                        "verbose_name": "citazione nella risposta",
                        "verbose_name_plural": "citazioni nelle risposte",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("answer", "item"), name="unique_open_answer_link"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ProjectMention",
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
                        ("position", models.PositiveIntegerField()),
                        ("text", models.TextField()),
                        (
                            "project",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="project_mentions",
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
                        (
                            "strategy",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="strategy_project_mentions",
                                to="plans.planitem",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "menzione di progetto",
                        "verbose_name_plural": "menzioni di progetto",
                        "ordering": ["position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("project", "source_document", "position"),
                                name="unique_project_mention",
                            )
                        ],
                    },
                ),
            ]
        ),
    ]
