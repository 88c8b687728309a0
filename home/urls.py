from django.urls import path

from home import register, views
from registry import converters  # noqa: F401  (registers <kode:...>)

app_name = "home"

urlpatterns = [
    path("", views.index, name="index"),
    path("me/", views.me, name="me"),
    path("me/contact/", views.me_contact, name="me-contact"),
    path("healthz", views.healthz, name="healthz"),
    # The register's pages, which show postings, attendance and history too.
    path("kelurahan/", register.kelurahan_list, name="kelurahan-list"),
    path("kelurahan/<kode:code>/", register.kelurahan_detail, name="kelurahan-detail"),
    path("facilitators/", register.facilitator_list, name="facilitator-list"),
    path("facilitators/<int:pk>/", register.facilitator_detail, name="facilitator-detail"),
    path(
        "facilitators/<int:pk>/nik/", register.facilitator_reveal_nik, name="facilitator-reveal-nik"
    ),
]
