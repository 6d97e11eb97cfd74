from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from indicators.views import home

admin.site.site_header = _("ITA portal administration")
admin.site.site_title = _("ITA portal")

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("core.urls")),
    path("", include("indicators.urls")),
    path("", include("archive.urls")),
    path("", include("notifications.urls")),
    path("", include("schedules.urls")),
    path("complaints/", include("complaints.urls")),
    path("", include("satisfaction.urls")),
]
