"""The schema of core as migrations 0001-0011 left it, in one step, for new databases.

A database that applied 0001-0011 keeps them (`replaces`). Of their data migrations
only the reference enti (0007) have something to do on an empty database; the others
move or fill rows that a new database does not have.
"""

import django.core.serializers.json
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

from cruscotto.core.migration_operations import CreateModels
from cruscotto.core.services.enti import sync_reference_enti


def load_reference_enti(apps, schema_editor):  # type: ignore[no-untyped-def]
    sync_reference_enti(apps.get_model("core", "Ente"))


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("core", "0001_initial"),
        ("core", "0002_document_reference_year"),
        ("core", "0003_source_text"),
        ("core", "0004_document_front_matter"),
        ("core", "0005_statement"),
        ("core", "0006_user_edits"),
        ("core", "0007_enti_as_data"),
        ("core", "0008_role_granted_audit"),
        ("core", "0009_user_edit_reason_and_deletions"),
        ("core", "0010_campaign_audit"),
        ("core", "0011_org_unit_alias_ente_and_provenance"),
    ]

    dependencies = []

    operations = [
        CreateModels(
            [
                migrations.CreateModel(
                    name="Ente",
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
                        ("code", models.SlugField(max_length=40, unique=True)),
                        ("name", models.CharField(max_length=200)),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("comune", "Comune"),
                                    ("citta_metropolitana", "Città metropolitana"),
                                    ("provincia", "Provincia"),
                                    ("regione", "Regione"),
                                    ("unione", "Unione di comuni"),
                                    ("altro", "Altro ente"),
                                ],
                                max_length=30,
                            ),
                        ),
                        ("istat_code", models.CharField(blank=True, max_length=6)),
                        ("aliases", models.JSONField(blank=True, default=list)),
                        ("confirmed", models.BooleanField(default=True)),
                    ],
                    options={
                        "verbose_name": "ente",
                        "verbose_name_plural": "enti",
                    },
                ),
                migrations.CreateModel(
                    name="SourceDocument",
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
                        ("identity", models.CharField(max_length=200, unique=True)),
                        ("format", models.CharField(max_length=40)),
                        ("title", models.CharField(max_length=500)),
                        ("file_name", models.CharField(max_length=300)),
                        ("sha256", models.CharField(max_length=64)),
                        ("line_count", models.PositiveIntegerField()),
                        ("imported_at", models.DateTimeField()),
                        ("reference_year", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("front_matter", models.JSONField(blank=True, default=list)),
                        (
                            "ente",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                to="core.ente",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "documento sorgente",
                        "verbose_name_plural": "documenti sorgente",
                    },
                ),
                migrations.CreateModel(
                    name="OrgUnit",
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
                        ("normalized_name", models.CharField(max_length=300)),
                        ("name", models.CharField(max_length=300)),
                        ("code", models.CharField(blank=True, max_length=20)),
                        (
                            "ente",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="org_units",
                                to="core.ente",
                            ),
                        ),
                        (
                            "parent",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="children",
                                to="core.orgunit",
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
                        "verbose_name": "struttura organizzativa",
                        "verbose_name_plural": "strutture organizzative",
                        "ordering": ["name"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("ente", "normalized_name"), name="unique_org_unit_name"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ImportDiagnostic",
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
                        ("position", models.PositiveIntegerField()),
                        ("line", models.PositiveIntegerField()),
                        (
                            "severity",
                            models.CharField(
                                choices=[
                                    ("error", "Errore"),
                                    ("warning", "Avviso"),
                                    ("info", "Informazione"),
                                ],
                                max_length=10,
                            ),
                        ),
                        ("code", models.CharField(max_length=80)),
                        ("message", models.TextField()),
                        (
                            "document",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="diagnostics",
                                to="core.sourcedocument",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["document", "position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("document", "position"), name="unique_diagnostic_position"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="AuditEntry",
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
                        ("at", models.DateTimeField()),
                        ("actor", models.CharField(max_length=150)),
                        (
                            "action",
                            models.CharField(
                                choices=[
                                    ("document_imported", "Documento importato"),
                                    ("record_edited", "Dato modificato da un utente"),
                                    ("record_deleted", "Dato eliminato da un utente"),
                                    ("role_granted", "Ruolo assegnato"),
                                    ("campaign", "Campagna di monitoraggio"),
                                ],
                                max_length=40,
                            ),
                        ),
                        ("summary", models.TextField()),
                        ("details", models.JSONField(default=dict)),
                        (
                            "document",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to="core.sourcedocument",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "voce di audit",
                        "verbose_name_plural": "registro di audit",
                        "ordering": ["-at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="SourceText",
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
                        ("text", models.TextField()),
                        (
                            "document",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="source_text",
                                to="core.sourcedocument",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "testo del documento",
                        "verbose_name_plural": "testi dei documenti",
                    },
                ),
                migrations.CreateModel(
                    name="Statement",
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
                        ("model", models.CharField(max_length=60)),
                        ("object_id", models.PositiveBigIntegerField()),
                        ("line", models.PositiveIntegerField(blank=True, null=True)),
                        (
                            "stated",
                            models.JSONField(
                                blank=True,
                                default=dict,
                                encoder=django.core.serializers.json.DjangoJSONEncoder,
                            ),
                        ),
                        (
                            "document",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="statements",
                                to="core.sourcedocument",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "dichiarazione di un documento",
                        "verbose_name_plural": "dichiarazioni dei documenti",
                        "indexes": [
                            models.Index(
                                fields=["model", "object_id"], name="core_statem_model_eb07b3_idx"
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("document", "model", "object_id"), name="unique_statement"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="UserEdit",
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
                        ("at", models.DateTimeField()),
                        ("actor", models.CharField(max_length=150)),
                        ("model", models.CharField(max_length=60)),
                        ("object_id", models.PositiveBigIntegerField()),
                        ("field", models.CharField(max_length=80)),
                        (
                            "before",
                            models.JSONField(
                                encoder=django.core.serializers.json.DjangoJSONEncoder, null=True
                            ),
                        ),
                        (
                            "after",
                            models.JSONField(
                                encoder=django.core.serializers.json.DjangoJSONEncoder, null=True
                            ),
                        ),
                        ("reason", models.CharField(blank=True, default="", max_length=200)),
                    ],
                    options={
                        "verbose_name": "modifica di un utente",
                        "verbose_name_plural": "modifiche degli utenti",
                        "ordering": ["-at", "-id"],
                        "indexes": [
                            models.Index(
                                fields=["model", "object_id"], name="core_usered_model_60ba20_idx"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="OrgUnitAlias",
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
                        ("alias", models.CharField(max_length=300)),
                        ("normalized_alias", models.CharField(max_length=300)),
                        (
                            "source",
                            models.CharField(
                                choices=[
                                    ("admin", "amministrazione"),
                                    ("command", "riga di comando"),
                                ],
                                default="admin",
                                max_length=20,
                            ),
                        ),
                        ("added_by", models.CharField(blank=True, max_length=150)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "ente",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="core.ente",
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="aliases",
                                to="core.orgunit",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "altro nome di una struttura",
                        "verbose_name_plural": "altri nomi delle strutture",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("ente", "normalized_alias"),
                                name="unique_org_unit_alias_per_ente",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Person",
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
                        ("name", models.CharField(max_length=200)),
                        (
                            "ente",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="people",
                                to="core.ente",
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
                        "verbose_name": "persona",
                        "verbose_name_plural": "persone",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("ente", "name"), name="unique_person_name"
                            )
                        ],
                    },
                ),
            ]
        ),
        migrations.RunPython(load_reference_enti, migrations.RunPython.noop),
    ]
