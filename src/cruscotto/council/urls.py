from __future__ import annotations

from django.urls import path

from cruscotto.council import views

app_name = "council"
urlpatterns = [
    path("", views.act_list, name="acts"),
    path("atti/<int:act_id>/", views.act_detail, name="act"),
    path("atti/<int:act_id>/testo/", views.act_text, name="act_text"),
]
