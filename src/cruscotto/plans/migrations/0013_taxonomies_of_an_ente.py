"""Taxonomies belong to an ente (and a mandate's groups to its plan).

The zone omogenee become the Città metropolitana di Torino's. The "7 Città" were a
reference file, one ente's list shipped to everyone: they are now read from the
document that prints them. A database that holds them already tagged keeps them,
as the groups of the mandate plan their lines belong to; untagged, they go, and
the next import of the report creates them from its premessa.
"""

import django.db.models.deletion
from django.db import migrations, models

from cruscotto.plans.services.reference import sync_reference_taxonomies

# The code the groups had when they were a reference file.
FORMER_GROUPS_CODE = "citta_torino"


def give_taxonomies_their_ente(apps, schema_editor):  # type: ignore[no-untyped-def]
    taxonomy_model = apps.get_model("plans", "Taxonomy")
    sync_reference_taxonomies(
        taxonomy_model, apps.get_model("plans", "Term"), apps.get_model("core", "Ente")
    )
    groups = taxonomy_model.objects.filter(code=FORMER_GROUPS_CODE).first()
    if groups is None:
        return
    plans = (
        apps.get_model("plans", "Plan")
        .objects.filter(items__tags__term__taxonomy=groups)
        .distinct()
    )
    if plans.count() != 1:
        groups.delete()
        return
    plan = plans.get()
    groups.code = f"gruppi-{plan.ente.code}-{plan.kind}-{plan.code}"[:60]
    groups.kind = "mandate_groups"
    groups.ente = plan.ente
    groups.plan = plan
    groups.is_reference = False
    groups.save()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_enti_as_data"),
        ("plans", "0012_status_report_and_log_year"),
    ]

    operations = [
        migrations.AddField(
            model_name="taxonomy",
            name="description",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="taxonomy",
            name="ente",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="taxonomies",
                to="core.ente",
            ),
        ),
        migrations.AddField(
            model_name="taxonomy",
            name="kind",
            field=models.CharField(
                choices=[
                    ("general", "generale"),
                    ("mandate_groups", "aree tematiche del mandato"),
                    ("zones", "zone del territorio"),
                ],
                default="general",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="taxonomy",
            name="plan",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="taxonomies",
                to="plans.plan",
            ),
        ),
        # A term goes with its taxonomy (a mandate's groups with the mandate plan) when
        # the tags that use it go in the same deletion; alone, it is still refused.
        migrations.AlterField(
            model_name="itemtag",
            name="term",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="item_tags",
                to="plans.term",
            ),
        ),
        migrations.AlterField(
            model_name="linktag",
            name="term",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="link_tags",
                to="plans.term",
            ),
        ),
        migrations.RunPython(give_taxonomies_their_ente, migrations.RunPython.noop),
    ]
