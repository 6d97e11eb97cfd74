from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("measures/", views.measure_list, name="measure_list"),
    path("measures/mine/", views.my_measures, name="my_measures"),
    path("measures/new/", views.measure_create, name="measure_create"),
    path("measures/<id:pk>/", views.measure_detail, name="measure_detail"),
    path("measures/<id:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<id:pk>/evidence/new/", views.evidence_create_for_measure, name="evidence_create_for_measure"),
    path("oit/", views.oit_checklist, name="oit_checklist"),
    path("oit/items/<id:pk>/evidence/new/", views.evidence_create_for_oit_item, name="evidence_create_for_oit_item"),
    path("evidence/<id:pk>/", views.evidence_detail, name="evidence_detail"),
    path("evidence/<id:pk>/edit/", views.evidence_edit, name="evidence_edit"),
    path("evidence/<id:pk>/replace/", views.evidence_replace, name="evidence_replace"),
    path("evidence/<id:pk>/review/", views.evidence_review, name="evidence_review"),
    path("evidence/<id:pk>/publish/", views.evidence_publish, name="evidence_publish"),
    path("evidence/<id:pk>/file/", views.evidence_file, name="evidence_file"),
    path("evidence/revisions/<id:pk>/file/", views.revision_file, name="revision_file"),
    path("review/", views.review_queue, name="review_queue"),
    path("reports/o43/", views.measures_report, name="measures_report"),
    path("public/oit/<int:year>/", views.public_oit, name="public_oit"),
]
