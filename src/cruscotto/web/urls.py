from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from cruscotto.web.views import public, reports, sources, staff

app_name = "web"

urlpatterns = [
    path("", public.home, name="home"),
    path("enti/<slug:ente_code>/", public.ente_home, name="ente"),
    path("piani/<int:plan_id>/", public.plan_detail, name="plan"),
    path("voci/<int:item_id>/", public.item_detail, name="item"),
    path("indicatori/<int:indicator_id>/", public.indicator_detail, name="indicator"),
    path("indicatori/<int:indicator_id>/csv/", public.indicator_csv, name="indicator_csv"),
    path("cerca", public.search_page, name="search"),
    path("documenti/", reports.report_list, name="reports"),
    path(
        "documenti/<slug:kind_name>/<slug:ente>/<int:year>.<slug:format_name>",
        reports.report_download,
        name="report_download",
    ),
    path("documenti/sorgenti/", sources.source_list, name="sources"),
    path("documenti/sorgenti/<int:document_id>/", sources.source_detail, name="source"),
    path("documenti/sorgenti/<int:document_id>/testo/", sources.source_text, name="source_text"),
    path("accesso/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("uscita/", auth_views.LogoutView.as_view(), name="logout"),
    path("riservata/", staff.staff_home, name="staff_home"),
    path("riservata/piani/<int:plan_id>/", staff.dashboard, name="dashboard"),
    path("voci/<int:item_id>/storia/", staff.item_history_page, name="item_history"),
]
