from __future__ import annotations

from django.urls import path

from cruscotto.api import views
from cruscotto.api.v1 import api as api_v1

app_name = "api"

PLAN = "piani/<slug:ente>/<slug:kind>/<str:code>/"
PERFORMANCE = "piani/<slug:ente>/performance/<str:code>/"

# /api/v1/ is the API; the unversioned addresses below are kept as they were published
# (aliases answering the same JSON), so that no client of /api/ breaks.
urlpatterns = [
    path("v1/", api_v1.urls),
    path("", views.index, name="index"),
    path("riepilogo/", views.summary, name="summary"),
    path("piani/", views.plans, name="plans"),
    path(PERFORMANCE + "assegnazioni/", views.performance_assignments, name="assignments"),
    path(PERFORMANCE + "validazione/", views.performance_validation, name="validation"),
    path(PERFORMANCE + "punteggi/", views.performance_scores, name="scores"),
    path(PLAN, views.plan, name="plan"),
    path(PLAN + "voci/<str:key>/catena/", views.item_chain, name="item_chain"),
    path(PLAN + "indicatori/<path:key>/", views.indicator, name="indicator"),
    path("copertura/", views.coverage, name="coverage"),
    path("edizioni/", views.editions, name="editions"),
    path("consiglio/votazioni/", views.council_votes, name="council_votes"),
    path("documenti/", views.documents, name="documents"),
]
