from __future__ import annotations

from django.urls import path

from cruscotto.traceability import views

app_name = "traceability"
urlpatterns = [
    path("voci/<int:item_id>/", views.trace_page, name="trace"),
    path("copertura/", views.coverage_page, name="coverage"),
    path("edizioni/", views.editions_page, name="editions"),
]
