from __future__ import annotations

from django.urls import path

from cruscotto.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("<int:campaign_id>/", views.board, name="board"),
    path("<int:campaign_id>/unita/<str:unit_code>/", views.unit_page, name="unit"),
]
