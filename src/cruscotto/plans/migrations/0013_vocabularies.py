"""Load the vocabularies the parsers now read from reference files (issue 14).

New files: valore_pubblico_driver, programma_finanziamento, fonte_dati and
indagine_dimensione; new aliases in stato and impatto. The sync is the one of 0002
and creates or updates every reference file, so a second run changes nothing.
"""

from __future__ import annotations

from django.db import migrations

from cruscotto.plans.services.reference import sync_reference_taxonomies


def load_reference_taxonomies(apps, schema_editor):  # type: ignore[no-untyped-def]
    sync_reference_taxonomies(apps.get_model("plans", "Taxonomy"), apps.get_model("plans", "Term"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0012_status_report_and_log_year")]

    operations = [migrations.RunPython(load_reference_taxonomies, migrations.RunPython.noop)]
