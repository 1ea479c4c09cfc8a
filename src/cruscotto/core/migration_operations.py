"""An operation of the squashed migrations: create an app's models in one step.

Django re-renders, after each CreateModel, every model related to the new one, and with
it every model related to those: a model pointing at a plan item re-renders nearly the
whole schema. The squashed migrations create dozens of such models, so a new database
spent most of its time rendering the same models over and over (bench/startup.py).
CreateModels adds all the models to the migration state first and renders it once.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import ProjectState


class CreateModels(migrations.operations.base.Operation):
    """The CreateModel operations given, applied as one: same tables, one rendering."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, operations: list[migrations.CreateModel]) -> None:
        self.operations = operations

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return self.__class__.__name__, [self.operations], {}

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        # Dropping the rendered models makes add_model skip its re-rendering; the next use
        # of state.apps renders every model once, the new ones included.
        state.__dict__.pop("apps", None)
        for operation in self.operations:
            operation.state_forwards(app_label, state)

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        for operation in self.operations:
            operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        for operation in reversed(self.operations):
            operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self) -> str:
        return "Create models " + ", ".join(operation.name for operation in self.operations)

    @property
    def migration_name_fragment(self) -> str:
        return "create_models"
