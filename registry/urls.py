from django.urls import path

from registry import converters, views  # noqa: F401  (converters registers <kode:...>)

app_name = "registry"

urlpatterns = [
    path("kelurahan/", views.kelurahan_list, name="kelurahan-list"),
    path("kelurahan/<kode:code>/", views.kelurahan_detail, name="kelurahan-detail"),
    path("facilitators/", views.facilitator_list, name="facilitator-list"),
    path("facilitators/new/", views.facilitator_create, name="facilitator-create"),
    path("facilitators/<int:pk>/", views.facilitator_detail, name="facilitator-detail"),
    path("facilitators/<int:pk>/edit/", views.facilitator_update, name="facilitator-update"),
    path("facilitators/<int:pk>/nik/", views.facilitator_reveal_nik, name="facilitator-reveal-nik"),
    path(
        "facilitators/<int:pk>/account/",
        views.facilitator_account,
        name="facilitator-account",
    ),
    path(
        "facilitators/<int:pk>/account/active/",
        views.facilitator_account_set_active,
        name="facilitator-account-active",
    ),
    path(
        "facilitators/<int:pk>/account/password/",
        views.facilitator_account_reset,
        name="facilitator-account-reset",
    ),
]
