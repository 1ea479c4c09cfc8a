"""The act's text moves to its document (core.SourceText), kept for every format."""

from django.db import migrations


def move_texts_to_documents(apps, schema_editor):  # type: ignore[no-untyped-def]
    CouncilActText = apps.get_model("council", "CouncilActText")
    SourceText = apps.get_model("core", "SourceText")
    for act_text in CouncilActText.objects.select_related("act").exclude(act__source_document=None):
        SourceText.objects.get_or_create(
            document_id=act_text.act.source_document_id, defaults={"text": act_text.text}
        )


def move_texts_back_to_acts(apps, schema_editor):  # type: ignore[no-untyped-def]
    CouncilAct = apps.get_model("council", "CouncilAct")
    CouncilActText = apps.get_model("council", "CouncilActText")
    SourceText = apps.get_model("core", "SourceText")
    texts = dict(SourceText.objects.values_list("document_id", "text"))
    for act in CouncilAct.objects.exclude(source_document=None):
        if act.source_document_id in texts:
            CouncilActText.objects.get_or_create(
                act=act, defaults={"text": texts[act.source_document_id]}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0002_act_text"),
        ("core", "0003_source_text"),
    ]

    operations = [
        migrations.RunPython(move_texts_to_documents, move_texts_back_to_acts),
        migrations.DeleteModel(name="CouncilActText"),
    ]
