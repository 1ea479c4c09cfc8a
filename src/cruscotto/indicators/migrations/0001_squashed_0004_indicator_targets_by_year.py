# The schema as the migrations it replaces left it, in one step, for new databases (replaces).

import django.db.models.deletion
from django.db import migrations, models

from cruscotto.core.migration_operations import CreateModels


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("indicators", "0001_initial"),
        ("indicators", "0002_indicator_group_labels"),
        ("indicators", "0003_measurement_reported_year"),
        ("indicators", "0004_indicator_targets_by_year"),
    ]

    dependencies = [
        ("core", "0001_squashed_0011_org_unit_alias_ente_and_provenance"),
        ("plans", "0001_squashed_0015_vocabularies"),
    ]

    operations = [
        CreateModels(
            [
                migrations.CreateModel(
                    name="Indicator",
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
                        ("key", models.CharField(max_length=200)),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("valore_pubblico", "Valore pubblico"),
                                    ("risultato", "Risultato"),
                                    ("comune", "Indicatore comune (funzioni di supporto)"),
                                    ("contesto", "Contesto"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("code", models.CharField(blank=True, max_length=40)),
                        ("name", models.TextField()),
                        ("formula", models.TextField(blank=True)),
                        ("table_title", models.CharField(blank=True, max_length=300)),
                        ("group_path", models.JSONField(blank=True, default=list)),
                        ("group_labels", models.JSONField(blank=True, default=list)),
                        ("unit", models.CharField(blank=True, max_length=60)),
                        (
                            "polarity",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("", "non indicata"),
                                    ("higher", "più alto è meglio"),
                                    ("lower", "più basso è meglio"),
                                ],
                                max_length=10,
                            ),
                        ),
                        ("source", models.CharField(blank=True, max_length=300)),
                        ("territorial_level", models.CharField(blank=True, max_length=60)),
                        ("baseline", models.CharField(blank=True, max_length=200)),
                        ("target", models.CharField(blank=True, max_length=200)),
                        ("targets_by_year", models.JSONField(blank=True, default=dict)),
                        ("notes", models.TextField(blank=True)),
                        ("position", models.PositiveIntegerField(default=0)),
                        (
                            "item",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="indicators",
                                to="plans.planitem",
                            ),
                        ),
                        (
                            "plan",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="indicators",
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
                        "verbose_name": "indicatore",
                        "verbose_name_plural": "indicatori",
                        "ordering": ["plan", "position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("plan", "key"), name="unique_indicator_key"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Measurement",
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
                        ("year", models.PositiveSmallIntegerField()),
                        ("reported_year", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("series", models.CharField(blank=True, max_length=200)),
                        ("as_printed", models.TextField()),
                        (
                            "value",
                            models.DecimalField(
                                blank=True, decimal_places=6, max_digits=24, null=True
                            ),
                        ),
                        (
                            "value_type",
                            models.CharField(
                                choices=[
                                    ("count", "numero"),
                                    ("percent", "percentuale"),
                                    ("euro", "euro"),
                                    ("ratio", "rapporto"),
                                    ("yes_no", "sì/no"),
                                    ("text", "testo"),
                                    ("missing", "non rilevato"),
                                ],
                                max_length=10,
                            ),
                        ),
                        ("qualifiers", models.JSONField(blank=True, default=list)),
                        ("components", models.JSONField(blank=True, default=list)),
                        (
                            "indicator",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="measurements",
                                to="indicators.indicator",
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
                        "verbose_name": "misurazione",
                        "verbose_name_plural": "misurazioni",
                        "ordering": ["indicator", "series", "year"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("indicator", "year", "series", "reported_year"),
                                name="unique_measurement",
                            )
                        ],
                    },
                ),
            ]
        ),
    ]
