from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("account/notices/", views.NoticeListView.as_view(), name="notices"),
    path("account/notices/read/", views.mark_notices_read, name="mark_notices_read"),
    path("account/reports/", views.member_reports, name="member_reports"),
]
