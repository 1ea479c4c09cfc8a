# The schema as the migrations it replaces left it, in one step, for new databases (replaces).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from cruscotto.core.migration_operations import CreateModels


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("performance", "0001_initial"),
        ("performance", "0002_structure_totals_and_common_objectives"),
        ("performance", "0003_printed_numbers_that_are_not_weights"),
        ("performance", "0004_objective_dates"),
        ("performance", "0005_structures_printed_beside_objectives"),
        ("performance", "0006_actuals_owned_and_score_validations"),
    ]

    dependencies = [
        ("core", "0001_squashed_0011_org_unit_alias_ente_and_provenance"),
        ("plans", "0001_squashed_0015_vocabularies"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        CreateModels(
            [
                migrations.CreateModel(
                    name="ActualValue",
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
                        ("year", models.PositiveSmallIntegerField()),
                        (
                            "value",
                            models.DecimalField(
                                blank=True, decimal_places=4, max_digits=16, null=True
                            ),
                        ),
                        ("as_printed", models.CharField(blank=True, max_length=200)),
                        ("source_name", models.CharField(blank=True, max_length=300)),
                        ("source_line", models.PositiveIntegerField(blank=True, null=True)),
                        (
                            "objective",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="plans.planitem",
                            ),
                        ),
                        (
                            "org_unit",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="core.orgunit",
                            ),
                        ),
                        (
                            "plan",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
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
                        "verbose_name": "valore consuntivo",
                        "verbose_name_plural": "valori consuntivi",
                    },
                ),
                migrations.CreateModel(
                    name="Score",
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
                        ("year", models.PositiveSmallIntegerField()),
                        (
                            "level",
                            models.CharField(
                                choices=[
                                    ("objective", "obiettivo"),
                                    ("structure", "struttura"),
                                    ("manager", "dirigente"),
                                ],
                                max_length=10,
                            ),
                        ),
                        (
                            "score",
                            models.DecimalField(
                                blank=True, decimal_places=2, max_digits=6, null=True
                            ),
                        ),
                        ("complete", models.BooleanField(default=True)),
                        ("explanation", models.JSONField(blank=True, default=dict)),
                        (
                            "objective",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="plans.planitem",
                            ),
                        ),
                        (
                            "org_unit",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="core.orgunit",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="core.person",
                            ),
                        ),
                        (
                            "plan",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="plans.plan",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "punteggio",
                        "verbose_name_plural": "punteggi",
                    },
                ),
                migrations.CreateModel(
                    name="ScoreValidation",
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
                        ("year", models.PositiveSmallIntegerField()),
                        ("validator_name", models.CharField(max_length=150)),
                        ("validated_at", models.DateTimeField()),
                        ("digest", models.CharField(max_length=64)),
                        ("scores", models.PositiveIntegerField()),
                        ("note", models.TextField(blank=True)),
                        (
                            "plan",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="plans.plan",
                            ),
                        ),
                        (
                            "validated_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "validazione dei punteggi",
                        "verbose_name_plural": "validazioni dei punteggi",
                        "ordering": ["plan", "year", "-validated_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="ScoringRule",
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
                            "kind",
                            models.CharField(
                                choices=[
                                    ("yes_no", "Sì/No"),
                                    ("bands", "fasce"),
                                    ("proportional", "proporzionale"),
                                    ("formula", "formula"),
                                    ("unparsed", "non interpretabile"),
                                ],
                                max_length=12,
                            ),
                        ),
                        (
                            "polarity",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("higher", "più alto è meglio"),
                                    ("lower", "più basso è meglio"),
                                ],
                                max_length=6,
                            ),
                        ),
                        ("unit", models.CharField(blank=True, max_length=10)),
                        (
                            "target",
                            models.DecimalField(
                                blank=True, decimal_places=2, max_digits=14, null=True
                            ),
                        ),
                        ("target_as_printed", models.CharField(blank=True, max_length=200)),
                        ("bands", models.JSONField(blank=True, default=list)),
                        ("formula", models.TextField(blank=True)),
                        ("ente_wide", models.BooleanField(default=False)),
                        ("common_to_all", models.BooleanField(default=False)),
                        ("target_table_structures", models.JSONField(blank=True, default=list)),
                        ("value_matrix_structures", models.JSONField(blank=True, default=list)),
                        ("as_printed", models.TextField(blank=True)),
                        ("problems", models.JSONField(blank=True, default=list)),
                        (
                            "objective",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="scoring_rule",
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
                        "verbose_name": "regola di calcolo",
                        "verbose_name_plural": "regole di calcolo",
                    },
                ),
                migrations.CreateModel(
                    name="Assignment",
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
                        (
                            "slot_kind",
                            models.CharField(
                                choices=[
                                    ("ente", "Obiettivo di Ente"),
                                    ("direzione", "Obiettivo di Direzione"),
                                    ("individuale", "Obiettivo individuale"),
                                ],
                                max_length=12,
                            ),
                        ),
                        ("slot_number", models.PositiveSmallIntegerField()),
                        ("weight", models.PositiveSmallIntegerField(blank=True, null=True)),
                        (
                            "weight_source",
                            models.CharField(
                                choices=[
                                    ("read", "letto"),
                                    ("completed", "completato (cifra ritrovata nella cella)"),
                                    ("inferred", "dedotto dal totale"),
                                    ("unknown", "non noto"),
                                ],
                                max_length=10,
                            ),
                        ),
                        ("weight_as_printed", models.CharField(blank=True, max_length=60)),
                        ("candidates", models.JSONField(blank=True, default=list)),
                        ("not_a_weight", models.JSONField(blank=True, default=list)),
                        ("printed_id", models.CharField(blank=True, max_length=10)),
                        ("text_as_printed", models.TextField(blank=True)),
                        (
                            "objective",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="assignments",
                                to="plans.planitem",
                            ),
                        ),
                        (
                            "org_unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="core.orgunit",
                            ),
                        ),
                        (
                            "plan",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
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
                        "verbose_name": "assegnazione",
                        "verbose_name_plural": "assegnazioni",
                        "ordering": ["plan", "org_unit__code", "position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("plan", "org_unit", "position"),
                                name="unique_assignment_position",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ObjectiveDate",
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
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    ("deadline", "scadenza"),
                                    ("as_of", "data di riferimento"),
                                    ("window_start", "inizio del periodo di misura"),
                                    ("window_end", "fine del periodo di misura"),
                                    ("reference", "altra data citata"),
                                    ("relative", "termine relativo (non è una scadenza)"),
                                ],
                                max_length=12,
                            ),
                        ),
                        ("as_printed", models.CharField(max_length=80)),
                        ("date", models.DateField(blank=True, null=True)),
                        ("amount", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("unit", models.CharField(blank=True, max_length=10)),
                        (
                            "objective",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="dates",
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
                        "verbose_name": "data di un obiettivo",
                        "verbose_name_plural": "date degli obiettivi",
                        "ordering": ["objective", "position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("objective", "position"), name="unique_objective_date"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="StructureManager",
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
                        ("role", models.CharField(blank=True, max_length=100)),
                        ("interim", models.BooleanField(default=False)),
                        ("interim_note", models.TextField(blank=True)),
                        ("declared_total", models.PositiveSmallIntegerField(blank=True, null=True)),
                        (
                            "org_unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="core.orgunit",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="core.person",
                            ),
                        ),
                        (
                            "plan",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
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
                        "verbose_name": "dirigente di struttura",
                        "verbose_name_plural": "dirigenti di struttura",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("plan", "org_unit"), name="unique_structure_manager"
                            )
                        ],
                    },
                ),
            ]
        ),
    ]
