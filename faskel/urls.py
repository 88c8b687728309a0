from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Registri Fasilitator Kelurahan — DPMPPA Kota Pekalongan"
admin.site.site_title = "Registri Faskel"
admin.site.index_title = "Administrasi"

urlpatterns = [
    path("", include("home.urls")),
    path("", include("audit.urls")),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
