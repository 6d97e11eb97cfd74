from django.urls import path

from . import views

app_name = "satisfaction"

urlpatterns = [
    # Short, because it is printed under the QR code for people who type it in.
    path("s/<token:token>/", views.rate, name="rate"),
    path("satisfaction/points/", views.point_list, name="point_list"),
    path("satisfaction/points/new/", views.point_create, name="point_create"),
    path("satisfaction/points/posters/", views.posters_all, name="posters_all"),
    path("satisfaction/points/<id:pk>/", views.point_detail, name="point_detail"),
    path("satisfaction/points/<id:pk>/edit/", views.point_edit, name="point_edit"),
    path("satisfaction/points/<id:pk>/qr.png", views.point_qr, {"fmt": "png"}, name="point_qr_png"),
    path("satisfaction/points/<id:pk>/qr.svg", views.point_qr, {"fmt": "svg"}, name="point_qr_svg"),
    path("satisfaction/points/<id:pk>/poster/", views.point_poster, name="point_poster"),
    path("satisfaction/questions/", views.questions_edit, name="questions_edit"),
    path("satisfaction/results/", views.results, name="results"),
    path("satisfaction/results.csv", views.results_export, {"fmt": "csv"}, name="results_csv"),
    path("satisfaction/results.xlsx", views.results_export, {"fmt": "xlsx"}, name="results_xlsx"),
    path("satisfaction/o16/", views.o16, name="o16"),
]
