"""Citing a line of an imported document, so that the reader can open it."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from cruscotto.accounts.services.permissions import GRANTS, Permission, roles_of
from cruscotto.core.diagnostic_codes import describe_diagnostic
from cruscotto.reports.services.documents import SourceLine

register = template.Library()


@register.simple_tag
def source_line(document_id: int | None, line: int | None) -> SafeString | str:
    """ "riga 86", linked to that line of the document's text; plain without a document."""
    if not line:
        return ""
    if document_id is None:
        return format_html('<span class="source-line">riga {}</span>', line)
    return format_html(
        '<a class="source-line" href="{}#riga-{}">riga {}'
        '<span class="visually-hidden"> del documento</span></a>',
        reverse("web:source_text", args=[document_id]),
        line,
        line,
    )


@register.filter
def imports_documents(user: object) -> bool:
    """Whether `user` may import documents for some ente: the commands that import are
    explained to them only, the public pages speak to citizens."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return any(Permission.IMPORT_DOCUMENTS in GRANTS[role.kind] for role in roles_of(user))


@register.filter
def diagnostic_sentence(code: str) -> str:
    """What the diagnostic `code` means, as a sentence (core.diagnostic_codes)."""
    return describe_diagnostic(code)


@register.simple_tag
def source_lines(lines: list[SourceLine]) -> SafeString:
    """The numbered lines of a document, each diagnostic under its line.

    Built here rather than in a template loop: the Turin report has 2,912 lines,
    and the loop cost most of the page's time.
    """
    parts = []
    for line in lines:
        notes = "".join(
            format_html(
                '<span class="source-diagnostic"><span class="badge diagnostic-{}">{}</span> '
                "{} <details><summary>Dettagli tecnici</summary>"
                "<code>{}</code>: {}</details></span>",
                diagnostic.severity,
                diagnostic.get_severity_display(),
                describe_diagnostic(diagnostic.code),
                diagnostic.code,
                diagnostic.message,
            )
            for diagnostic in line.diagnostics
        )
        parts.append(
            f'<li id="riga-{line.number}" value="{line.number}">{escape(line.text)}{notes}</li>\n'
        )
    return mark_safe("".join(parts))  # noqa: S308 (every text is escaped above)
