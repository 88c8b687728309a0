import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import User
from assignments.models import Assignment
from assignments.selectors import in_reserve
from briefings.models import Attendance, Briefing
from registry.factories import FacilitatorFactory
from registry.models import Facilitator

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_it_seeds_thirty_facilitators_twenty_seven_posted_and_three_in_reserve():
    output = seed()

    assert Facilitator.objects.count() == 30
    assert all(
        name.endswith(" (demo)") for name in Facilitator.objects.values_list("name", flat=True)
    )
    assert Assignment.objects.current().count() == 27
    assert in_reserve(timezone.localdate()).count() == 3
    briefing = Briefing.objects.get(title="Pembekalan Pemberdayaan Masyarakat")
    session = briefing.sessions.get()
    assert (str(session.date), session.venue) == (
        "2019-02-13",
        "Ruang Kalijaga, Setda Kota Pekalongan",
    )
    assert set(briefing.speakers.values_list("institution", flat=True)) == {
        "DPMPPA",
        "BKD",
        "Bappeda",
    }
    assert Attendance.objects.filter(session=session).count() == 30
    for username in ["admin", "staf", "supervisor", "fasilitator"]:
        assert username in output
    assert User.objects.get(username="fasilitator").facilitator.assignments.current().exists()


def test_the_printed_passwords_sign_in():
    output = seed()
    line = next(line for line in output.splitlines() if line.strip().startswith("staf "))
    password = line.split()[-1]
    assert User.objects.get(username="staf").check_password(password)


def test_running_it_again_adds_nothing():
    seed()
    seed()
    assert Facilitator.objects.count() == 30
    assert Assignment.objects.count() == 27


def test_it_refuses_a_database_with_real_facilitators():
    FacilitatorFactory(name="Sri Rahayu")
    with pytest.raises(CommandError, match="non-demo"):
        seed()
    assert Facilitator.objects.count() == 1


def test_it_seeds_contracts_payment_details_and_evaluations_to_look_at():
    from activities.models import MonthlyReport
    from contracts.models import Contract, Evaluation, PaymentDetails
    from contracts.selectors import ending_soon, posted_without_contract

    seed()
    today = timezone.localdate()
    # A decree a year for each posted facilitator, two of them without this year's.
    assert Contract.objects.on(today).count() == 25
    assert posted_without_contract(today, None).count() == 2
    assert PaymentDetails.objects.count() == 30
    assert Evaluation.objects.count() == 10
    assert MonthlyReport.objects.filter(state="approved").count() == 20
    assert ending_soon(today, None).count() == (25 if today.month >= 11 else 0)
    seed()  # again: nothing added
    assert Evaluation.objects.count() == 10


def test_it_adds_the_logbook_even_when_the_activity_kinds_are_missing():
    from activities.models import (
        DEFAULT_ACTIVITY_KINDS,
        ActivityEntry,
        ActivityKind,
        MonthlyReport,
    )

    ActivityKind.objects.all().delete()
    seed()

    assert set(ActivityKind.objects.values_list("name", flat=True)) == set(DEFAULT_ACTIVITY_KINDS)
    assert ActivityEntry.objects.filter(facilitator__user__username="fasilitator").exists()
    # Three behind each of last month's reports, two of this month for the demo login.
    assert ActivityEntry.objects.count() == MonthlyReport.objects.count() * 3 + 2


def test_the_office_accounts_sign_with_a_full_name_and_a_nip():
    seed()
    for username in ["staf", "supervisor", "camat", "koordinator"]:
        user = User.objects.get(username=username)
        assert user.get_full_name().endswith("(demo)")
        user.full_clean()  # the NIP has the shape of one
        assert len(user.nip.replace(" ", "")) == 18


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_make_run_says_why_there_are_no_demo_logins_on_real_data():
    # `make run`'s demo step on a database with a real facilitator: the reason and
    # the way out are shown, and make goes on to start the server.
    import subprocess
    import sys

    from django.conf import settings

    FacilitatorFactory(name="Sri Rahayu")
    db = settings.DATABASES["default"]
    env = {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "make-test-" + "x" * 50,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
    }
    result = subprocess.run(
        ["make", "--no-print-directory", "demo-logins", f"PY={sys.executable}"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0
    assert "holds 1 real (non-demo) facilitator(s)" in result.stderr
    assert "createsuperuser" in result.stderr
    assert "make reset-demo" in result.stderr
    assert "no demo logins (see above)" in result.stdout
    assert not User.objects.filter(username="admin").exists()
