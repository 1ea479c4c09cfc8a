from __future__ import annotations

from django.urls import path

from cruscotto.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.latest_report, name="report"),
    path("<int:plan_id>/", views.plan_report, name="plan_report"),
]
