# The schema as the migrations it replaces left it, in one step, for new databases (replaces).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("search", "0001_initial"),
        ("search", "0002_entry_body_years_statuses"),
    ]

    dependencies = [
        ("plans", "0001_squashed_0015_vocabularies"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("item", "Voce di piano"), ("indicator", "Indicatore")],
                        max_length=20,
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField()),
                ("title", models.TextField()),
                ("label", models.CharField(max_length=120)),
                ("body", models.TextField(blank=True, default="")),
                ("title_stems", models.TextField()),
                ("stems", models.TextField()),
                ("years", models.TextField(blank=True, default="")),
                ("statuses", models.TextField(blank=True, default="")),
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
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "object_id"), name="unique_search_entry"
                    )
                ],
            },
        ),
    ]
