"""An amministratore imports a document through the API, as `cruscotto import` does.

The uploaded file is read by the same reader (`SourceFile.read`: a text, an XLSX
workbook, a CSV sheet), its format recognised or named and its signature checked
(`parse_document`), and loaded by the format's `import_document`: the same
diagnostics, the same `dry_run` (everything done, then rolled back), the same refusals
(a revision removing more than a fifth of its document unless allowed, a record named
twice) and the same ownership (an import synchronises only its own document's records,
never a user's entry). Who may: IMPORT_DOCUMENTS on the document's ente, checked in the
import's transaction, so that a refused import writes nothing.

Importing the same file twice changes nothing, so a client may simply retry: no
Idempotency-Key is needed (and a multipart body is not kept to compare).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile

from cruscotto.accounts.services.permissions import (
    Permission,
    actor_name,
    require_permission,
)
from cruscotto.api.v1 import schemas
from cruscotto.api.v1.campaigns import write_token
from cruscotto.api.v1.errors import ApiError, NotFound
from cruscotto.core.models import Ente
from cruscotto.importers.records import Diagnostic
from cruscotto.loaders.common import ImportFailed, LoadResult, SilentProgress, SourceFile
from cruscotto.loaders.formats import FORMATS, parse_document

router = Router()

# The largest document the API reads: the seed reports are under a megabyte.
MAXIMUM_UPLOAD_BYTES = 50 * 1024 * 1024


class ImportOptions(Schema):
    formato: str | None = Field(
        None, description="impone il formato invece di riconoscerlo: " + ", ".join(sorted(FORMATS))
    )
    ente: str | None = Field(
        None, description="il codice dell'ente del documento, invece di quello che stampa"
    )
    dry_run: bool = Field(False, description="dice cosa l'importazione farebbe, senza scrivere")
    consenti_rimozioni: bool = Field(
        False, description="accetta una revisione che toglie più di un quinto dei suoi dati"
    )


class ImportedDocument(Schema):
    id: int | None = Field(description="assente in una prova (dry_run)")
    identity: str
    title: str
    ente_code: str | None
    format: str
    file_name: str
    sha256: str
    page: str | None = Field(description="la pagina del documento; assente in una prova")


class Change(Schema):
    created: int = 0
    updated: int = 0
    deleted: int = 0


class DiagnosticRow(Schema):
    riga: int
    gravita: str = Field(description="error, warning o info")
    codice: str
    messaggio: str


class ImportAnswer(Schema):
    documento: ImportedDocument
    dry_run: bool
    contenuto: dict[str, int] = Field(description="cosa contiene il documento, per tipo")
    modifiche: dict[str, Change] = Field(description="cosa è (o sarebbe) scritto, per modello")
    da_eliminare: dict[str, list[str]] = Field(description="in una prova: cosa toglierebbe")
    diagnostica: list[DiagnosticRow]


def describe_diagnostic(diagnostic: Diagnostic) -> dict[str, Any]:
    return {
        "riga": diagnostic.line,
        "gravita": str(diagnostic.severity),
        "codice": diagnostic.code,
        "messaggio": diagnostic.message,
    }


def read_upload(upload: UploadedFile, folder: Path) -> SourceFile:
    """The uploaded file read as `cruscotto import` reads a file of that name."""
    name = Path(upload.name or "").name
    if not name or name.startswith("."):
        raise ApiError(400, "il file caricato non ha un nome")
    if upload.size is not None and upload.size > MAXIMUM_UPLOAD_BYTES:
        raise ApiError(400, f"file troppo grande (al massimo {MAXIMUM_UPLOAD_BYTES} byte)")
    path = folder / name
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    try:
        return SourceFile.read(path)
    except ImportFailed as error:
        # The reader names the file by its path: the client knows it by its name.
        raise ApiError(400, str(error).replace(f"{folder}/", "")) from None


def answer_of(result: LoadResult, dry_run: bool) -> dict[str, Any]:
    document = result.document
    return {
        "documento": {
            "id": None if dry_run else document.pk,
            "identity": document.identity,
            "title": document.title,
            "ente_code": document.ente.code if document.ente is not None else None,
            "format": document.format,
            "file_name": document.file_name,
            "sha256": document.sha256,
            "page": None if dry_run else reverse("web:source", args=[document.pk]),
        },
        "dry_run": dry_run,
        "contenuto": dict(result.totals),
        "modifiche": result.counts.as_json(),
        "da_eliminare": result.removed,
        "diagnostica": [describe_diagnostic(diagnostic) for diagnostic in result.diagnostics],
    }


@router.post(
    "/importazioni/",
    response={
        201: ImportAnswer,
        **schemas.answers(ImportAnswer, 400, 403, 404, 422),
    },
    summary="Importare un documento (amministratore, token «write»)",
)
def import_document(
    request: HttpRequest, file: File[UploadedFile], options: Form[ImportOptions]
) -> Status[dict[str, Any]]:
    """A document (text, XLSX, CSV) sent as `multipart/form-data` in the field `file`:
    201 with what was written, 200 for a dry run or a document already imported as it is;
    422 with the errors' lines when the document is refused, and nothing written."""
    write_token(request)
    if options.formato and options.formato not in FORMATS:
        raise ApiError(
            422, f"formato sconosciuto «{options.formato}»: uno tra {', '.join(sorted(FORMATS))}"
        )
    if options.ente:
        ente = Ente.objects.filter(code=options.ente).first()
        if ente is None:
            raise NotFound(f"ente sconosciuto «{options.ente}»")
        require_permission(request.user, Permission.IMPORT_DOCUMENTS, ente)
    with tempfile.TemporaryDirectory(prefix="cruscotto-upload-") as folder:
        source = read_upload(file, Path(folder))
    try:
        fmt, parsed = parse_document(source, options.formato)
    except ImportFailed as error:
        raise ApiError(422, f"{source.name}: {error}") from None
    try:
        with transaction.atomic():
            result = fmt.import_document(
                parsed,
                source,
                actor_name(request.user),
                SilentProgress(),
                allow_removals=options.consenti_rimozioni,
                dry_run=options.dry_run,
                ente_code=options.ente,
            )
            # The document's ente is known once it is read: who may not import for it
            # leaves the database as it was.
            require_permission(request.user, Permission.IMPORT_DOCUMENTS, result.document.ente)
    except ImportFailed as error:
        errors = [
            describe_diagnostic(diagnostic)
            for diagnostic in getattr(parsed, "diagnostics", [])
            if str(diagnostic.severity) == "error"
        ]
        raise ApiError(422, f"{error} — nessuna modifica al database", errors) from None
    if result.refusal:
        raise ApiError(
            422,
            f"{source.name}: l'importazione sarebbe rifiutata: {result.refusal}",
            [
                {"modello": label, "record": record}
                for label, records in result.removed.items()
                for record in records
            ],
        )
    changed = result.counts.changed and not options.dry_run
    return Status(201 if changed else 200, answer_of(result, options.dry_run))
