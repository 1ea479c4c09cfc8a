"""Load the vocabularies the parsers now read from reference files (issue 14).

New files: valore_pubblico_driver, programma_finanziamento, fonte_dati and
indagine_dimensione; new aliases in stato and impatto. The sync is the one of 0002
and creates or updates every reference file, so a second run changes nothing.
"""

from __future__ import annotations

from django.db import migrations

from cruscotto.plans.services.reference import sync_reference_taxonomies


def load_reference_taxonomies(apps, schema_editor):  # type: ignore[no-untyped-def]
    sync_reference_taxonomies(
        apps.get_model("plans", "Taxonomy"),
        apps.get_model("plans", "Term"),
        apps.get_model("core", "Ente"),
    )


class Migration(migrations.Migration):
    dependencies = [("plans", "0014_item_level_label")]

    operations = [migrations.RunPython(load_reference_taxonomies, migrations.RunPython.noop)]
