from __future__ import annotations

from typing import Any

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def give_aliases_their_ente(apps: Any, schema_editor: Any) -> None:
    """An alias belongs to the ente of its unit; the alias text is the folded one it had."""
    alias_model = apps.get_model("core", "OrgUnitAlias")
    for alias in alias_model.objects.select_related("unit"):
        alias.ente_id = alias.unit.ente_id
        alias.alias = alias.alias or alias.normalized_alias
        alias.save(update_fields=["ente", "alias"])


class Migration(migrations.Migration):
    dependencies = [("core", "0010_campaign_audit")]

    operations = [
        migrations.RemoveConstraint(model_name="orgunitalias", name="unique_org_unit_alias"),
        migrations.AddField(
            model_name="orgunitalias",
            name="ente",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="core.ente",
            ),
        ),
        migrations.AddField(
            model_name="orgunitalias",
            name="alias",
            field=models.CharField(default="", max_length=300),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="orgunitalias",
            name="source",
            field=models.CharField(
                choices=[("admin", "amministrazione"), ("command", "riga di comando")],
                default="admin",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="orgunitalias",
            name="added_by",
            field=models.CharField(blank=True, max_length=150),
        ),
        migrations.AddField(
            model_name="orgunitalias",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.RunPython(give_aliases_their_ente, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="orgunitalias",
            name="ente",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.ente"
            ),
        ),
        migrations.AlterModelOptions(
            name="orgunitalias",
            options={
                "verbose_name": "altro nome di una struttura",
                "verbose_name_plural": "altri nomi delle strutture",
            },
        ),
        migrations.AddConstraint(
            model_name="orgunitalias",
            constraint=models.UniqueConstraint(
                fields=("ente", "normalized_alias"), name="unique_org_unit_alias_per_ente"
            ),
        ),
    ]
