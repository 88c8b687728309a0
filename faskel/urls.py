from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

admin.site.site_header = _("Ward facilitator register — DPMPPA Kota Pekalongan")
admin.site.site_title = _("Faskel register")
admin.site.index_title = _("Administration")
# django-axes gives its app no name to translate: the admin would show "Axes".
apps.get_app_config("axes").verbose_name = _("Sign-in attempts")

urlpatterns = [
    path("", include("home.urls")),
    path("", include("registry.urls")),
    path("", include("assignments.urls")),
    path("", include("audit.urls")),
    path("", include("briefings.urls")),
    path("", include("activities.urls")),
    path("", include("contracts.urls")),
    path("", include("jobs.urls")),
    path("reports/", include("reports.urls")),
    path("accounts/", include("accounts.urls")),
    # The language switch works on the sign-in page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The 503 page when the database is unavailable, the 500 page otherwise.
handler500 = "home.errors.server_error_page"
