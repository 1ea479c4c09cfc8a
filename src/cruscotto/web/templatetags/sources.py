"""Citing a line of an imported document, so that the reader can open it."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

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
