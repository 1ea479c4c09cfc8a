from cruscotto.core.models.audit import AuditEntry
from cruscotto.core.models.documents import (
    ImportDiagnostic,
    SourcedModel,
    SourceDocument,
    SourceText,
)
from cruscotto.core.models.edits import UserEdit
from cruscotto.core.models.organisation import Ente, OrgUnit, OrgUnitAlias, Person
from cruscotto.core.models.statements import Statement

__all__ = [
    "AuditEntry",
    "Ente",
    "ImportDiagnostic",
    "OrgUnit",
    "OrgUnitAlias",
    "Person",
    "SourceDocument",
    "SourceText",
    "SourcedModel",
    "Statement",
    "UserEdit",
]
