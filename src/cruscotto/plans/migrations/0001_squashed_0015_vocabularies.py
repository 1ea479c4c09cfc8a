"""The schema of plans as migrations 0001-0015 left it, in one step, for new databases.

A database that applied 0001-0015 keeps them (`replaces`). Of their data migrations
only the reference taxonomies (0002, 0010, 0013, 0015: one sync of every reference file,
the enti's own taxonomies included) have something to do on an empty database; the
others convert rows that a new database does not have.
"""

import django.db.models.deletion
from django.db import migrations, models

from cruscotto.core.migration_operations import CreateModels
from cruscotto.plans.services.reference import sync_reference_taxonomies


def load_reference_taxonomies(apps, schema_editor):  # type: ignore[no-untyped-def]
    sync_reference_taxonomies(
        apps.get_model("plans", "Taxonomy"),
        apps.get_model("plans", "Term"),
        apps.get_model("core", "Ente"),
    )


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("plans", "0001_initial"),
        ("plans", "0002_reference_taxonomies"),
        ("plans", "0003_more_item_levels"),
        ("plans", "0004_structure_level"),
        ("plans", "0005_link_kinds_and_edition_change"),
        ("plans", "0006_link_rejection"),
        ("plans", "0007_link_tag"),
        ("plans", "0008_item_indicator_codes"),
        ("plans", "0009_responsibility_org_unit_as_printed"),
        ("plans", "0010_zona_omogenea"),
        ("plans", "0011_itemtag_position"),
        ("plans", "0012_status_report_and_log_year"),
        ("plans", "0013_taxonomies_of_an_ente"),
        ("plans", "0014_item_level_label"),
        ("plans", "0015_vocabularies"),
    ]

    dependencies = [
        ("core", "0001_squashed_0011_org_unit_alias_ente_and_provenance"),
    ]

    operations = [
        CreateModels(
            [
                migrations.CreateModel(
                    name="Plan",
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
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("mandato", "Linee programmatiche di mandato"),
                                    ("psm", "Piano strategico metropolitano"),
                                    ("dup", "Documento unico di programmazione"),
                                    ("performance", "Piano della performance"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("code", models.SlugField(max_length=80)),
                        ("title", models.CharField(max_length=300)),
                        ("period_start", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("period_end", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("edition", models.CharField(blank=True, max_length=40)),
                        (
                            "ente",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="plans",
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
                        "verbose_name": "piano",
                        "verbose_name_plural": "piani",
                        "ordering": ["ente", "kind", "code"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("ente", "kind", "code"), name="unique_plan_code"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="PlanItem",
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
                        (
                            "level",
                            models.CharField(
                                choices=[
                                    ("missione", "Missione"),
                                    ("programma", "Programma"),
                                    ("linea", "Linea programmatica"),
                                    ("attivita", "Attività"),
                                    ("asse", "Asse"),
                                    ("strategia", "Strategia"),
                                    ("azione", "Azione"),
                                    ("obiettivo", "Obiettivo"),
                                    ("progetto", "Progetto"),
                                    ("bisogno", "Bisogno"),
                                    ("tema", "Tema"),
                                    ("sezione", "Sezione"),
                                    ("struttura", "Struttura"),
                                    ("voce", "Voce"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("level_label", models.CharField(blank=True, max_length=80)),
                        ("key", models.CharField(max_length=200)),
                        ("code", models.CharField(blank=True, max_length=40)),
                        ("title", models.TextField()),
                        ("description", models.TextField(blank=True)),
                        ("indicator_codes", models.JSONField(blank=True, default=list)),
                        ("position", models.PositiveIntegerField(default=0)),
                        (
                            "parent",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="children",
                                to="plans.planitem",
                            ),
                        ),
                        (
                            "plan",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="items",
                                to="plans.plan",
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
                        "verbose_name": "voce di piano",
                        "verbose_name_plural": "voci di piano",
                        "ordering": ["plan", "position"],
                        "indexes": [
                            models.Index(
                                fields=["plan", "level"], name="plans_plani_plan_id_171389_idx"
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(fields=("plan", "key"), name="unique_item_key")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="LinkRejection",
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
                        (
                            "kind",
                            models.CharField(
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
                        (
                            "origin",
                            models.CharField(
                                choices=[
                                    ("stated", "dichiarato nel documento"),
                                    ("derived", "derivato da una regola"),
                                    ("user", "inserito da un utente"),
                                ],
                                max_length=10,
                            ),
                        ),
                        ("rejected_by", models.CharField(max_length=150)),
                        ("rejected_at", models.DateTimeField()),
                        (
                            "from_item",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="plans.planitem",
                            ),
                        ),
                        (
                            "to_item",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="plans.planitem",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "collegamento rifiutato",
                        "verbose_name_plural": "collegamenti rifiutati",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("from_item", "to_item", "kind"),
                                name="unique_link_rejection",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Link",
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
                        (
                            "kind",
                            models.CharField(
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
                        (
                            "origin",
                            models.CharField(
                                choices=[
                                    ("stated", "dichiarato nel documento"),
                                    ("derived", "derivato da una regola"),
                                    ("user", "inserito da un utente"),
                                ],
                                default="stated",
                                max_length=10,
                            ),
                        ),
                        ("local_code", models.CharField(blank=True, max_length=20)),
                        (
                            "change",
                            models.CharField(
                                blank=True,
                                choices=[("kept", "invariata"), ("renamed", "rinominata")],
                                max_length=10,
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
                        (
                            "from_item",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="links_out",
                                to="plans.planitem",
                            ),
                        ),
                        (
                            "to_item",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="links_in",
                                to="plans.planitem",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "collegamento",
                        "verbose_name_plural": "collegamenti",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("from_item", "to_item", "kind"), name="unique_link"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Responsibility",
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
                        ("org_unit_as_printed", models.CharField(blank=True, max_length=300)),
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    ("responsabile", "Responsabile"),
                                    ("coinvolta", "Unità coinvolta"),
                                ],
                                default="responsabile",
                                max_length=20,
                            ),
                        ),
                        ("status_as_printed", models.CharField(blank=True, max_length=300)),
                        ("position", models.PositiveIntegerField(default=0)),
                        (
                            "item",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="responsibilities",
                                to="plans.planitem",
                            ),
                        ),
                        (
                            "org_unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="responsibilities",
                                to="core.orgunit",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to="core.person",
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
                        "verbose_name": "responsabilità",
                        "verbose_name_plural": "responsabilità",
                        "ordering": ["item", "position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("item", "org_unit", "role"), name="unique_responsibility"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="LogEntry",
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
                        ("reported_year", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("position", models.PositiveIntegerField()),
                        ("year_from", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("year_to", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("text", models.TextField()),
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
                        (
                            "responsibility",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="log",
                                to="plans.responsibility",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "azione effettuata",
                        "verbose_name_plural": "azioni effettuate",
                        "ordering": ["responsibility", "reported_year", "position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("responsibility", "reported_year", "position"),
                                name="unique_log_position",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Taxonomy",
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
                        ("code", models.SlugField(max_length=60, unique=True)),
                        ("name", models.CharField(max_length=200)),
                        ("description", models.TextField(blank=True)),
                        ("source", models.TextField(blank=True)),
                        ("is_reference", models.BooleanField(default=False)),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("general", "generale"),
                                    ("mandate_groups", "aree tematiche del mandato"),
                                    ("zones", "zone del territorio"),
                                ],
                                default="general",
                                max_length=20,
                            ),
                        ),
                        (
                            "ente",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="taxonomies",
                                to="core.ente",
                            ),
                        ),
                        (
                            "plan",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="taxonomies",
                                to="plans.plan",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "tassonomia",
                        "verbose_name_plural": "tassonomie",
                    },
                ),
                migrations.CreateModel(
                    name="Term",
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
                        ("code", models.CharField(max_length=60)),
                        ("name", models.CharField(max_length=300)),
                        ("description", models.TextField(blank=True)),
                        ("aliases", models.JSONField(blank=True, default=list)),
                        ("position", models.PositiveIntegerField(default=0)),
                        (
                            "parent",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="children",
                                to="plans.term",
                            ),
                        ),
                        (
                            "taxonomy",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="terms",
                                to="plans.taxonomy",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "voce di tassonomia",
                        "verbose_name_plural": "voci di tassonomia",
                        "ordering": ["taxonomy", "position", "code"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("taxonomy", "code"), name="unique_term_code"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="StatusReport",
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
                        ("year", models.PositiveSmallIntegerField()),
                        ("status_as_printed", models.CharField(blank=True, max_length=300)),
                        (
                            "responsibility",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="status_reports",
                                to="plans.responsibility",
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
                        (
                            "status",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="plans.term",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "stato nell'esercizio",
                        "verbose_name_plural": "stati negli esercizi",
                        "ordering": ["responsibility", "year"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("responsibility", "year"), name="unique_status_report"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="LinkTag",
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
                        (
                            "link",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="tags",
                                to="plans.link",
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
                        (
                            "term",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.RESTRICT,
                                related_name="link_tags",
                                to="plans.term",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "etichetta di un collegamento",
                        "verbose_name_plural": "etichette dei collegamenti",
                        "constraints": [
                            models.UniqueConstraint(fields=("link", "term"), name="unique_link_tag")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ItemTag",
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
                        ("position", models.PositiveSmallIntegerField(default=0)),
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
                        (
                            "item",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="tags",
                                to="plans.planitem",
                            ),
                        ),
                        (
                            "term",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.RESTRICT,
                                related_name="item_tags",
                                to="plans.term",
                            ),
                        ),
                    ],
                    options={
                        "constraints": [
                            models.UniqueConstraint(fields=("item", "term"), name="unique_item_tag")
                        ],
                    },
                ),
            ]
        ),
        migrations.AddField(
            model_name="responsibility",
            name="status",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="plans.term",
            ),
        ),
        migrations.RunPython(load_reference_taxonomies, migrations.RunPython.noop),
    ]
