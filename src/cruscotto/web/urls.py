from __future__ import annotations

from django.urls import path

from cruscotto.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("piani/<int:plan_id>/", views.plan_detail, name="plan"),
]
