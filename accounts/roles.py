"""The roles of the registry, as groups with permissions.

Views check permissions, never group names: a staff member may write because
the "Staf DPMPPA" group grants add/change permissions, a supervisor may only
read because "Supervisor" grants view permissions. The groups are created by
the data migration accounts/0002_roles and kept in line with ROLE_PERMISSIONS
after every `migrate` (and test-database flush) by a post_migrate handler.

The two area roles see only the area set on the account (accounts/areas.py):
an area supervisor (a camat, a lurah) reads and prints what a supervisor does,
for the area; an area coordinator also records attendance, verifies monthly
reports and moves, swaps or releases the facilitators posted in the area. What
stays with the office, whatever an area account's permissions, is closed by
`areas.office_only`: the register's personal data (adding and editing
facilitators, their logins, the full NIK), the reserve (posting from it),
deactivating and reactivating, planning briefings, approving reports (the
area roles lack the permission), keeping, evaluating and renewing contracts,
the payroll (payment details and the honorarium list, whose permissions the
area roles are not granted either), imports and the admin.
"""

from django.apps import apps as global_apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.areas import KEEP_TO_AREA

STAFF = "Staf DPMPPA"
SUPERVISOR = "Supervisor"
FACILITATOR = "Fasilitator"
AREA_SUPERVISOR = "Pengawas Wilayah"
AREA_COORDINATOR = "Koordinator Wilayah"

# Permissions that let someone read the staff pages and write there.
VIEW_REGISTER = "registry.view_facilitator"
MANAGE_REGISTER = "registry.change_facilitator"
MANAGE_POSTINGS = "assignments.add_assignment"
MANAGE_BRIEFINGS = "briefings.change_briefing"
# Importing the facilitator list adds and changes facilitators and their postings
# (in the admin, so the user also needs is_staff).
IMPORT_REGISTER = ("registry.add_facilitator", MANAGE_REGISTER, MANAGE_POSTINGS)
VIEW_BRIEFINGS = "briefings.view_briefing"
RECORD_ATTENDANCE = "briefings.change_attendance"
# Monthly reports: everyone on the staff pages reads them; staff verify or return
# them; approving is a supervisor's own permission.
VIEW_REPORTS = "activities.view_monthlyreport"
VERIFY_REPORTS = "activities.verify_monthlyreport"
APPROVE_REPORTS = "activities.approve_monthlyreport"
# Contracts: staff keep them and the payment details; supervisors read and evaluate;
# the honorarium list (with account numbers) is for both, each opening recorded.
# Areas read their contracts and evaluations; the payroll is never theirs.
VIEW_CONTRACTS = "contracts.view_contract"
MANAGE_CONTRACTS = "contracts.add_contract"
VIEW_PAYMENT_DETAILS = "contracts.view_paymentdetails"
MANAGE_PAYMENT_DETAILS = "contracts.change_paymentdetails"
VIEW_HONORARIUM_LIST = "contracts.view_honorarium_list"
VIEW_EVALUATIONS = "contracts.view_evaluation"
EVALUATE = "contracts.fill_evaluation"

ROLE_LABELS = {
    "administrator": _("Administrator"),
    "staff": _("DPMPPA staff"),
    "supervisor": _("Supervisor"),
    "area_coordinator": _("Area coordinator"),
    "area_supervisor": _("Area supervisor"),
    "facilitator": _("Facilitator"),
}


def role_of(user) -> str | None:
    """The one role a signed-in user acts in, for navigation and landing pages."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return "administrator"
    if user.has_perm(MANAGE_REGISTER):
        return "staff"
    if user.has_perm(VIEW_REGISTER):
        if user.has_perm(KEEP_TO_AREA):
            return "area_coordinator" if user.has_perm(RECORD_ATTENDANCE) else "area_supervisor"
        return "supervisor"
    if hasattr(user, "facilitator"):
        return "facilitator"
    return None


_VIEW_ALL = [
    "registry.view_kecamatan",
    "registry.view_kelurahan",
    "registry.view_institution",
    "registry.view_facilitator",
    "assignments.view_assignment",
    "briefings.view_briefing",
    "briefings.view_speaker",
    "briefings.view_briefingsession",
    "briefings.view_attendance",
    "activities.view_activitykind",
    "activities.view_activityentry",
    "activities.view_attachment",
    "activities.view_monthlyreport",
    "activities.view_reporttransition",
    "contracts.view_contract",
    VIEW_PAYMENT_DETAILS,
    "contracts.view_evaluation",
    "contracts.view_evaluationscore",
    "contracts.view_criterion",
    VIEW_HONORARIUM_LIST,
]

# The office's payroll (payment details, even masked, and the honorarium list with
# account numbers): the area roles read everything else a supervisor reads, not
# these (their pages are `office_only` as well).
_PAYROLL = [VIEW_PAYMENT_DETAILS, VIEW_HONORARIUM_LIST]
_VIEW_AREA = [code for code in _VIEW_ALL if code not in _PAYROLL]

ROLE_PERMISSIONS = {
    STAFF: _VIEW_ALL
    + [
        "registry.change_kelurahan",
        "registry.add_institution",
        "registry.change_institution",
        "registry.delete_institution",
        "registry.add_facilitator",
        "registry.change_facilitator",
        "assignments.add_assignment",
        "assignments.change_assignment",
        "briefings.add_briefing",
        "briefings.change_briefing",
        "briefings.add_speaker",
        "briefings.change_speaker",
        "briefings.delete_speaker",
        "briefings.add_briefingsession",
        "briefings.change_briefingsession",
        "briefings.delete_briefingsession",
        "briefings.add_attendance",
        "briefings.change_attendance",
        "registry.view_disclosure",
        VERIFY_REPORTS,
        "activities.add_activitykind",
        "activities.change_activitykind",
        "contracts.add_contract",
        "contracts.change_contract",
        "contracts.add_paymentdetails",
        "contracts.change_paymentdetails",
        # Unlocking a locked-out sign-in: delete its access attempts in the admin.
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
    ],
    SUPERVISOR: _VIEW_ALL + [APPROVE_REPORTS, EVALUATE],
    # Read-only, for their area: no approving either (the office's supervisor does).
    AREA_SUPERVISOR: _VIEW_AREA + [KEEP_TO_AREA],
    # The staff's work for the facilitators posted in the area (the office-only
    # work is closed to them by accounts.areas.office_only as well).
    AREA_COORDINATOR: _VIEW_AREA
    + [
        KEEP_TO_AREA,
        "assignments.add_assignment",
        "assignments.change_assignment",
        "briefings.add_attendance",
        "briefings.change_attendance",
        VERIFY_REPORTS,
    ],
    # Facilitators reach only their own pages, which check the link to their record.
    FACILITATOR: [],
}


def sync_roles(apps=global_apps, **kwargs) -> None:
    """Create the role groups and give them exactly ROLE_PERMISSIONS (idempotent).

    A permission whose model is not migrated yet is skipped; the post_migrate
    run after the last migration adds it.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = Q()
        for code in codes:
            app, codename = code.split(".")
            wanted |= Q(content_type__app_label=app, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted) if codes else [])
