from __future__ import annotations

from django.urls import path

from cruscotto.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.tokens_page, name="tokens"),
]
