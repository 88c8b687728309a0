from django.urls import path

from briefings.views import attendance, briefings

app_name = "briefings"

urlpatterns = [
    path("briefings/", briefings.briefing_list, name="briefing-list"),
    path("briefings/new/", briefings.briefing_create, name="briefing-create"),
    path("briefings/<int:pk>/", briefings.briefing_detail, name="briefing-detail"),
    path("briefings/<int:pk>/edit/", briefings.briefing_update, name="briefing-update"),
    path(
        "briefings/<int:pk>/attendance/",
        attendance.briefing_attendance,
        name="briefing-attendance",
    ),
    path(
        "briefings/<int:pk>/attendance/<int:session_pk>/",
        attendance.session_attendance,
        name="session-attendance",
    ),
]
