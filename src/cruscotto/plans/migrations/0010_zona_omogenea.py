"""Load the zone omogenee of the Città metropolitana di Torino (reference/zona_omogenea.json).

The sync is the one of 0002 and creates or updates every reference file, so it
also brings the others up to date; a second run changes nothing.
"""

from __future__ import annotations

from django.db import migrations

from cruscotto.plans.services.reference import sync_reference_taxonomies


def load_reference_taxonomies(apps, schema_editor):  # type: ignore[no-untyped-def]
    sync_reference_taxonomies(apps.get_model("plans", "Taxonomy"), apps.get_model("plans", "Term"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0009_responsibility_org_unit_as_printed")]

    operations = [migrations.RunPython(load_reference_taxonomies, migrations.RunPython.noop)]
