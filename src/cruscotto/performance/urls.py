from __future__ import annotations

from django.urls import path

from cruscotto.performance import views

app_name = "performance"

urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("<int:plan_id>/", views.matrix, name="matrix"),
    path("<int:plan_id>/valida/", views.validate, name="validate"),
    path("<int:plan_id>/assegnazioni.xlsx", views.matrix_xlsx, name="matrix_xlsx"),
    path("<int:plan_id>/dirigenti/<int:person_id>/", views.manager_scorecard, name="scorecard"),
    path(
        "<int:plan_id>/dirigenti/<int:person_id>/scheda.xlsx",
        views.manager_scorecard_xlsx,
        name="scorecard_xlsx",
    ),
]
