# The schema as the migrations it replaces left it, in one step, for new databases (replaces).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from cruscotto.core.migration_operations import CreateModels


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("accounts", "0001_roles"),
        ("accounts", "0002_api_tokens"),
    ]

    dependencies = [
        ("core", "0001_squashed_0011_org_unit_alias_ente_and_provenance"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        CreateModels(
            [
                migrations.CreateModel(
                    name="ApiToken",
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
                        ("name", models.CharField(blank=True, max_length=100)),
                        (
                            "scope",
                            models.CharField(
                                choices=[("read", "lettura"), ("write", "lettura e scrittura")],
                                default="read",
                                max_length=10,
                            ),
                        ),
                        ("prefix", models.CharField(max_length=16)),
                        ("key_hash", models.CharField(max_length=64, unique=True)),
                        ("created_at", models.DateTimeField()),
                        ("expires_at", models.DateTimeField(blank=True, null=True)),
                        ("last_used_at", models.DateTimeField(blank=True, null=True)),
                        ("revoked_at", models.DateTimeField(blank=True, null=True)),
                        ("window_started_at", models.DateTimeField(blank=True, null=True)),
                        ("window_requests", models.PositiveIntegerField(default=0)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="api_tokens",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "token dell'API",
                        "verbose_name_plural": "token dell'API",
                        "ordering": ["-created_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="ApiIdempotentRequest",
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
                        ("key", models.CharField(max_length=200)),
                        ("request_hash", models.CharField(max_length=64)),
                        ("status", models.PositiveSmallIntegerField()),
                        ("body", models.JSONField()),
                        ("created_at", models.DateTimeField()),
                        (
                            "token",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="accounts.apitoken",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "richiesta idempotente dell'API",
                        "verbose_name_plural": "richieste idempotenti dell'API",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("token", "key"), name="unique_idempotency_key"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Role",
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
                                    ("amministratore", "amministratore"),
                                    ("ufficio", "ufficio di controllo"),
                                    ("referente", "referente di unità organizzative"),
                                    ("dirigente", "dirigente"),
                                    ("valutatore", "valutatore (OIV / Nucleo di valutazione)"),
                                ],
                                max_length=20,
                            ),
                        ),
                        (
                            "ente",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="roles",
                                to="core.ente",
                            ),
                        ),
                        (
                            "org_units",
                            models.ManyToManyField(
                                blank=True, related_name="roles", to="core.orgunit"
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="cruscotto_roles",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "ruolo",
                        "verbose_name_plural": "ruoli",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "ente", "kind"), name="unique_role"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("ente__isnull", False),
                                    ("kind", "amministratore"),
                                    _connector="OR",
                                ),
                                name="role_has_ente_unless_amministratore",
                            ),
                        ],
                    },
                ),
            ]
        ),
    ]
