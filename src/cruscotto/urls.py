from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("cruscotto.api.urls")),
    path("consiglio/", include("cruscotto.council.urls")),
    path("monitoraggio/", include("cruscotto.monitoring.urls")),
    path("performance/", include("cruscotto.performance.urls")),
    path("psm/", include("cruscotto.council.participation_urls")),
    path("tracciabilita/", include("cruscotto.traceability.urls")),
    path("identita/", include("cruscotto.accounts.identity")),
    path("riservata/campagne/", include("cruscotto.campaigns.urls")),
    path("riservata/token/", include("cruscotto.accounts.urls")),
    path("", include("cruscotto.web.urls")),
]
