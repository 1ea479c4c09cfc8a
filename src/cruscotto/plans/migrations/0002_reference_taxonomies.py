"""Load the reference taxonomies shipped in cruscotto/plans/reference/."""

from __future__ import annotations

from django.db import migrations

from cruscotto.plans.services.reference import sync_reference_taxonomies


def load_reference_taxonomies(apps, schema_editor):  # type: ignore[no-untyped-def]
    sync_reference_taxonomies(apps.get_model("plans", "Taxonomy"), apps.get_model("plans", "Term"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(load_reference_taxonomies, migrations.RunPython.noop)]
