from django.urls import path

from audit import views

app_name = "audit"

# Each history page sits under the path of the record's own staff page.
urlpatterns = [
    path(
        "facilitators/<int:pk>/history/",
        views.facilitator_history,
        name="facilitator-history",
    ),
    path("kelurahan/<str:code>/history/", views.kelurahan_history, name="kelurahan-history"),
    path("briefings/<int:pk>/history/", views.briefing_history, name="briefing-history"),
]
