from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

admin.site.site_header = "Registri Fasilitator Kelurahan — DPMPPA Kota Pekalongan"
admin.site.site_title = "Registri Faskel"
admin.site.index_title = "Administrasi"

urlpatterns = [
    path("", include("home.urls")),
    path("", include("registry.urls")),
    path("", include("assignments.urls")),
    path("", include("audit.urls")),
    path("", include("briefings.urls")),
    path("", include("activities.urls")),
    path("reports/", include("reports.urls")),
    path("accounts/", include("accounts.urls")),
    # The language switch works on the sign-in page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
