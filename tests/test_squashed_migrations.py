"""A new database is created by one squashed migration per app; a database made by the
migrations the squash replaces keeps them."""

from __future__ import annotations

import pytest
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from cruscotto.core.migration_operations import CreateModels
from cruscotto.core.services.schema import migration_files, pending_migrations

SQUASHED_APPS = ["core", "accounts", "plans", "indicators", "performance", "monitoring", "council",
                 "search"]  # fmt: skip


def new_database_plan() -> list[tuple[str, str]]:
    """The migrations `migrate` applies to a database with none applied, in order."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    targets = loader.graph.leaf_nodes()
    plan: list[tuple[str, str]] = []
    for target in targets:
        for node in loader.graph.forwards_plan(target):
            if node not in plan:
                plan.append(node)
    return plan


def test_a_new_database_applies_one_squashed_migration_per_app_and_none_it_replaces() -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    plan = new_database_plan()
    for app in SQUASHED_APPS:
        squashed = [
            migration
            for (app_label, _), migration in loader.disk_migrations.items()
            if app_label == app and migration.replaces
        ]
        assert len(squashed) == 1, app
        first = [name for app_label, name in plan if app_label == app][0]
        assert first == squashed[0].name
        assert not set(squashed[0].replaces) & set(plan), app


def test_every_migration_of_a_squashed_app_is_replaced_or_comes_after_the_squash() -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for app in SQUASHED_APPS:
        migrations = {
            name: migration
            for (app_label, name), migration in loader.disk_migrations.items()
            if app_label == app
        }
        (squashed,) = [migration for migration in migrations.values() if migration.replaces]
        replaced = {name for _, name in squashed.replaces}
        for name in migrations.keys() - replaced - {squashed.name}:
            assert (app, squashed.name) in loader.graph.forwards_plan((app, name)), name


def test_the_squashed_migrations_create_each_app_s_models_in_one_step() -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for app in SQUASHED_APPS:
        (squashed,) = [
            migration
            for (app_label, _), migration in loader.disk_migrations.items()
            if app_label == app and migration.replaces
        ]
        created = [op for op in squashed.operations if op.__class__.__name__ == "CreateModel"]
        grouped = [op for op in squashed.operations if isinstance(op, CreateModels)]
        assert len(grouped) + len(created) == 1, app


@pytest.mark.django_db
def test_a_command_finds_a_migration_pending_by_its_record_and_a_squash_by_the_ones_it_replaces() -> (
    None
):
    """`pending_migrations` answers from the file names when every one is recorded, and
    otherwise from Django's plan: a missing record is pending; a squash recorded only
    through the migrations it replaces (a database made before the squash) is not."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    assert migration_files() == set(loader.disk_migrations)
    assert not pending_migrations()
    recorded = MigrationRecorder.Migration.objects
    squashed = [key for key, migration in loader.disk_migrations.items() if migration.replaces]
    for app_label, name in squashed:
        recorded.filter(app=app_label, name=name).delete()
    assert not pending_migrations()
    latest = max(name for app_label, name in loader.disk_migrations if app_label == "core")
    recorded.filter(app="core", name=latest).delete()
    assert pending_migrations()
