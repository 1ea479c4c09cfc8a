"""Version 1 of the JSON API, at `/api/v1/`, with its OpenAPI schema and documentation page.

Built with django-ninja: the OpenAPI 3 schema is generated from the type hints and
pydantic schemas of the endpoints themselves, so it cannot drift from the code; it is
light (no serializer layer over the services, which already return plain data) and
Django-native (urls, sessions, the same request.user the web pages check). The
documentation page (`/api/v1/docs`) is ninja's Swagger UI served from its own static
files, no CDN, and without inline script.

Every endpoint answers through the services the CLI, the pages and the reports use, and
checks permissions with `cruscotto.accounts.services.permissions`, as the web does.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, re_path
from ninja import NinjaAPI, Swagger
from ninja.renderers import JSONRenderer

from cruscotto.api.v1 import campaign_cycle, campaigns, imports, open_standards, reads
from cruscotto.api.v1.auth import TokenOrSession
from cruscotto.api.v1.caching import (
    VALIDATORS_ATTRIBUTE,
    NotModified,
    check_not_modified,
    not_modified_response,
    request_validators,
    set_validators,
)
from cruscotto.api.v1.errors import install_error_handlers
from cruscotto.api.v1.routing import unknown_address, without_nul


class ReadableJSONRenderer(JSONRenderer):
    # Accented Italian as it is, as the CLI's --json prints it.
    json_dumps_params = {"ensure_ascii": False}


class LocalSwagger(Swagger):
    """ninja's Swagger UI page, always from ninja's template and static files.

    ninja renders its own template only when "ninja" is an installed app, and otherwise a
    copy that loads the UI from a CDN; Cruscotto lists ninja's directories in its settings
    instead (settings.NINJA_PACKAGE: an installed app is imported by every process).
    """

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        # ninja's page carries a CSRF token only for an auth marked `csrf`: TokenOrSession is not.
        context = {"swagger_settings": json.dumps(self.settings, indent=1), "api": api}
        return render(request, self.template, context)


class CruscottoApi(NinjaAPI):
    """NinjaAPI with conditional reads: the validators are computed after authentication
    (ninja creates the temporal response once the auth has passed) and before the report."""

    def create_temporal_response(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            setattr(request, VALIDATORS_ATTRIBUTE, check_not_modified(request))
        return super().create_temporal_response(request)

    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        validators = request_validators(request)
        if validators is not None and response.status_code == 200:
            set_validators(response, validators)
        return response

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        """The endpoints (a NUL character read as U+FFFD), then a JSON 404 for the rest."""
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = without_nul(pattern.callback)
        return [*patterns, re_path(r"^(?P<path>[\s\S]*)$", unknown_address)], app_name, namespace


api = CruscottoApi(
    title="Cruscotto API",
    version="1",
    description=(
        "Piani, voci, indicatori, copertura, edizioni, votazioni del consiglio, performance "
        "e documenti importati, per identificatori stabili (ente, tipo di piano, codice, "
        "chiave); i dati delle campagne di monitoraggio, letti e scritti con un token "
        "(Authorization: Bearer). Documentazione: docs/web.md, «The JSON API»."
    ),
    urls_namespace="api:v1",  # inside the app namespace of cruscotto.api.urls
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=ReadableJSONRenderer(),
    auth=TokenOrSession(),
    openapi_extra={
        "externalDocs": {
            "description": "Il dizionario dei dati aperti: il significato di ogni campo",
            "url": "/api/v1" + open_standards.DATA_DICTIONARY_PATH,
        }
    },
)
install_error_handlers(api)


def on_not_modified(request: HttpRequest, error: Any) -> HttpResponse:
    return not_modified_response(error.validators)


api.add_exception_handler(NotModified, on_not_modified)
api.add_router("", reads.router)
api.add_router("", campaigns.router)
api.add_router("", campaign_cycle.router)
api.add_router("", imports.router)
api.add_router("", open_standards.router)
