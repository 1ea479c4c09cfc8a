from cruscotto.core.models.audit import AuditEntry
from cruscotto.core.models.documents import (
    ImportDiagnostic,
    SourcedModel,
    SourceDocument,
    SourceText,
)
from cruscotto.core.models.organisation import Ente, OrgUnit, OrgUnitAlias, Person

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
]
