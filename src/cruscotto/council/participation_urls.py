"""Pages of a PSM's participatory path, mounted at /psm/."""

from __future__ import annotations

from django.urls import path

from cruscotto.council import views

app_name = "participation"
urlpatterns = [
    path("fase-preliminare/<int:plan_id>/", views.participatory_path, name="path"),
]
