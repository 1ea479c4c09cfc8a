"""Exceptions to the site's Content-Security-Policy (settings.CONTENT_SECURITY_POLICY)."""

from __future__ import annotations

from typing import TypeVar

from csp.constants import UNSAFE_INLINE
from django.http import HttpResponseBase

Response = TypeVar("Response", bound=HttpResponseBase)


def allow_inline_styles(response: Response) -> Response:
    """A published document is a standalone HTML file with its stylesheet inside (so that
    it reads the same saved, mailed or printed): its response, and only its, may apply
    inline styles. Scripts stay forbidden."""
    response._csp_update = {"style-src": [UNSAFE_INLINE]}  # type: ignore[attr-defined]  # django-csp
    return response
