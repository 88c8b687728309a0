from django.urls import path

from briefings.views import (
    absence,
    attendance,
    briefings,
    certificates,
    checkin,
    invitations,
    mine,
)

app_name = "briefings"

urlpatterns = [
    path("briefings/", briefings.briefing_list, name="briefing-list"),
    path("briefings/new/", briefings.briefing_create, name="briefing-create"),
    path("briefings/<int:pk>/", briefings.briefing_detail, name="briefing-detail"),
    path("briefings/<int:pk>/edit/", briefings.briefing_update, name="briefing-update"),
    path("briefings/<int:pk>/invitees/", invitations.invitees, name="invitees"),
    path("briefings/<int:pk>/invitations/", invitations.invitation_mail, name="invitations"),
    path("briefings/<int:pk>/letter/", invitations.invitation_letter, name="invitation-letter"),
    path(
        "briefings/<int:pk>/letter.pdf",
        invitations.invitation_letter,
        {"fmt": "pdf"},
        name="invitation-letter-pdf",
    ),
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
    path(
        "briefings/<int:pk>/check-in/<int:session_pk>/",
        checkin.session_checkin,
        name="session-checkin",
    ),
    path("briefings/<int:pk>/certificates/", certificates.certificate_list, name="certificates"),
    path(
        "briefings/certificates/<int:pk>/withdraw/",
        certificates.certificate_withdraw,
        name="certificate-withdraw",
    ),
    path(
        "briefings/certificates/<int:pk>.pdf",
        certificates.certificate_pdf,
        name="certificate-pdf",
    ),
    path("briefings/absence-letters/<int:pk>/", mine.absence_letter, name="absence-letter"),
    path(
        "briefings/absence-requests/<int:pk>/decide/",
        absence.absence_decide,
        name="absence-decide",
    ),
    # The facilitator's own pages: no id of a facilitator in any of them.
    path("me/briefings/", mine.my_briefings, name="my-briefings"),
    path("me/briefings/<int:pk>/", mine.my_briefing, name="my-briefing"),
    path(
        "me/briefings/requests/<int:pk>/withdraw/",
        mine.absence_withdraw,
        name="absence-withdraw",
    ),
    # What a facilitator's phone opens when it scans the session's QR code.
    path("check-in/<int:session_pk>/<str:code>/", checkin.check_in_page, name="check-in"),
    # Public: what a certificate's QR code points to.
    path("verify/<str:code>/", certificates.certificate_verify, name="certificate-verify"),
]
