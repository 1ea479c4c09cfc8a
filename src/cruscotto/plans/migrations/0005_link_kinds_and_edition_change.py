"""Links: kinds `addresses` and `possible_axis`, and the `change` of a `continues` link.

Existing rows of the two relations that had borrowed another kind are converted:
a strategy that *served* a need of a preliminary phase now *addresses* it, and a
theme that *referred to* an axis now has it as a *possible axis*. `change` stays
blank until the next refresh of the derived links (after any import) fills it.
"""

from __future__ import annotations

from django.db import migrations, models

# (kind before, kind after, level of the item linked from, level of the item linked to)
CONVERSIONS = [
    ("serves", "addresses", "strategia", "bisogno"),
    ("refers_to", "possible_axis", "tema", "asse"),
]


def convert(apps, schema_editor, forward: bool) -> None:  # type: ignore[no-untyped-def]
    link = apps.get_model("plans", "Link")
    for before, after, from_level, to_level in CONVERSIONS:
        old, new = (before, after) if forward else (after, before)
        link.objects.filter(kind=old, from_item__level=from_level, to_item__level=to_level).update(
            kind=new
        )


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    convert(apps, schema_editor, forward=True)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    convert(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_structure_level"),
    ]

    operations = [
        migrations.AddField(
            model_name="link",
            name="change",
            field=models.CharField(
                blank=True,
                choices=[("kept", "invariata"), ("renamed", "rinominata")],
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="link",
            name="kind",
            field=models.CharField(
                choices=[
                    ("lists", "elenca"),
                    ("refers_to", "si riferisce a"),
                    ("contributes_to", "contribuisce a"),
                    ("serves", "attua"),
                    ("continues", "prosegue"),
                    ("addresses", "affronta"),
                    ("possible_axis", "asse possibile"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
