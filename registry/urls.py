from django.urls import path

from registry import views

app_name = "registry"

urlpatterns = [
    path("facilitators/new/", views.facilitator_create, name="facilitator-create"),
    path("facilitators/<int:pk>/edit/", views.facilitator_update, name="facilitator-update"),
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
