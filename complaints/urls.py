from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    # public: no login
    path("new/", views.complaint_new, name="new"),
    path("corruption/", views.corruption_channel, name="corruption"),
    path("thanks/", views.complaint_thanks, name="thanks"),
    path("status/", views.status, name="status"),
    path("status/<token:code>/files/<id:pk>/", views.status_attachment, name="status_attachment"),
    path("guideline/", views.guideline, name="guideline"),
    # staff
    path("", views.complaint_list, name="list"),
    path("export.csv", views.complaint_export, {"fmt": "csv"}, name="export"),
    path("export.xlsx", views.complaint_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("record/", views.complaint_record, name="record"),
    path("<id:pk>/", views.complaint_detail, name="detail"),
    path("attachments/<id:pk>/", views.attachment_download, name="attachment"),
    path("overview/", views.overview, name="overview"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/report/", views.statistics_report, name="statistics_report"),
    path("guideline/edit/", views.guideline_edit, name="guideline_edit"),
]
