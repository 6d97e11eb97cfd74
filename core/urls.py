from django.urls import path, re_path

from . import views
from .forms import CODE_PATTERN
from .spreadsheets import views as imports

app_name = "core"

urlpatterns = [
    path("organisation/", views.organisation_edit, name="organisation_edit"),
    path("organisation/logo/", views.organisation_logo, name="organisation_logo"),
    path("audit/", views.audit_log, name="audit_log"),
    path("reports/<id:pk>/download/", views.report_download, name="report_download"),
    path("reports/runs/<id:pk>/", views.report_run, name="report_run"),
    # Printed in every archived report's footer: these addresses must never change.
    path("verify/", views.verify, name="verify"),
    re_path(rf"^verify/(?P<code>{CODE_PATTERN})/$", views.verify_code, name="verify_code"),
    path("holidays/", views.holiday_list, name="holiday_list"),
    path("holidays/<id:pk>/delete/", views.holiday_delete, name="holiday_delete"),
    path("imports/<slug:kind>/", imports.upload, name="import_upload"),
    re_path(r"^imports/(?P<kind>[-\w]+)/template\.(?P<fmt>csv|xlsx)$", imports.template, name="import_template"),
    path("imports/file/<id:pk>/", imports.preview, name="import_preview"),
    path("imports/file/<id:pk>/commit/", imports.commit, name="import_commit"),
]
