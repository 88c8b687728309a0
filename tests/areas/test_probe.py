"""The probe: the camat of Pekalongan Barat walks every URL of the URLconf.

Every route is opened with the ids of records inside the area and outside it,
by GET (with the filters people use, an empty one among them) and by a
hand-made POST. A route the probe cannot fill fails it (`UnknownRoute`), so a
new page is probed as soon as it exists. The probe asserts that

- a record outside the area answers 403 or 404 (405 where only POST exists);
- a record inside it answers what a supervisor gets (the permission ladder);
- no name, NIK, phone or e-mail of anyone outside the area, masked or not, is
  in any answer: HTML, CSV, XLSX, PDF text, headers and redirects; nor the number
  of a contract outside the area, nor any account number on file (the payroll is
  the office's: not even the area's own facilitators' accounts, masked or not);
- nothing changes in the database.

Documents are sampled (each report in each form, with a few filters), not
rendered for every id: the walk takes seconds.
"""

import io

import openpyxl
import pypdf
import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from django.utils import timezone

from accounts.models import User
from activities.models import MonthlyReport
from assignments.models import Assignment
from briefings.checkin import checkin_code
from briefings.models import AbsenceRequest, Attendance, Briefing, Certificate
from contracts.models import Contract, Evaluation, HonorariumListDownload, PaymentDetails
from jobs.models import Job
from jobs.services import job_start
from registry.models import Deactivation, Disclosure, Facilitator
from tests.areas.conftest import TIMUR, secrets_of
from tests.jobs import tasks
from tests.reports.read import body_of
from tests.test_permissions import EXPECTED as LADDER

pytestmark = pytest.mark.django_db

FILE_FORMATS = ("-pdf", "-xlsx", "-csv")
# Where the area supervisor's answer differs from the office supervisor's: approving
# is not theirs (403 rather than the 405 of a GET to a POST-only page), nor evaluating
# contracts, nor the honorarium list (the office's payroll, with account numbers).
NOT_LIKE_A_SUPERVISOR = {
    "activities:approve": 403,
    "activities:approve-month": 403,
    "contracts:evaluate": 403,
    **{f"contracts:honorarium{form}": 403 for form in ("", *FILE_FORMATS)},
    # The invitation letter is the office's (it lists every invitee).
    "briefings:invitation-letter": 403,
    "briefings:invitation-letter-pdf": 403,
}
# The filters people use, an empty one first, each tried in every form of the page.
FILTERS = {
    "home:facilitator-list": ["", "?status=reserve", "?status=inactive", f"?kecamatan={TIMUR}"],
    "home:kelurahan-list": ["", "?q=Kauman", f"?q={TIMUR}", "?uncovered=on"],
    "assignments:roster": ["", "?q=Kauman"],
    "reports:roster": ["", f"?kecamatan={TIMUR}", "?as_of=2023-06-01"],
    "reports:attendance-recap": ["", f"?kecamatan={TIMUR}", "?start=2023-01-01&end=2024-03-15"],
    "reports:attendance-sheet": ["", "?kind=blank"],
    "activities:recap": ["", "?month=2024-03", f"?month=2024-03&kecamatan={TIMUR}"],
    "activities:matrix": ["", "?year=2023", f"?kecamatan={TIMUR}"],
    "activities:inbox": [""],
    "contracts:list": ["", "?state=current", "?state=ended", "?ending=60"],
    "contracts:evaluations": ["", "?start=2023-01-01&end=2024-12-31"],
    "contracts:evaluation-recap": ["", "?start=2023-01-01&end=2024-12-31"],
    "contracts:honorarium": ["", "?month=2024-02"],
}
# The contract pages about one contract, and those about one evaluation.
CONTRACT_PAGES = {
    "contracts:detail",
    "contracts:update",
    "contracts:renew",
    "contracts:history",
    "contracts:document",
    "contracts:evaluate",
}
EVALUATION_PAGES = {"contracts:evaluation-sheet", "contracts:evaluation-sheet-pdf"}


class UnknownRoute(Exception):
    pass


def named_routes(patterns=None, namespace=""):
    """(name, pattern) of every named route of the application (the admin aside)."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_routes(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def samples(name: str, pattern: URLPattern, world) -> list[tuple[dict, bool]]:
    """(kwargs, inside the area?) for each URL the probe opens for a route."""
    params = set(pattern.pattern.converters)
    base = name.removesuffix(FILE_FORMATS[0]).removesuffix(FILE_FORMATS[1])
    base = base.removesuffix(FILE_FORMATS[2])
    people = [
        (world.inside, True),
        (world.inside_too, True),  # with a contract from before the area (not its own)
        *[(f, False) for f in world.never_seen],
        (world.moved, False),
    ]
    past, timur = world.past_session, world.outside_session
    if not params:
        return [({}, True)]
    day = briefing_day(world)
    if name in ("briefings:certificate-pdf", "briefings:certificate-withdraw"):
        return [
            ({"pk": day["inside_certificate"].pk}, True),
            ({"pk": day["outside_certificate"].pk}, False),
        ]
    if name == "briefings:certificate-verify":
        # Public by its random code: the area's own, and one made up (nobody outside the
        # area hands the camat theirs).
        return [
            ({"code": day["inside_certificate"].code}, True),
            ({"code": "001-SERT-2024"}, False),
        ]
    if name in (
        "briefings:absence-letter",
        "briefings:absence-withdraw",
        "briefings:absence-decide",
    ):
        return [
            ({"pk": day["inside_request"].pk}, True),
            ({"pk": day["outside_request"].pk}, False),
        ]
    if name == "briefings:my-briefing":
        return [({"pk": world.future_session.briefing_id}, True)]
    if params == {"session_pk", "code"}:
        future = world.future_session
        return [({"session_pk": future.pk, "code": checkin_code(future, timezone.now())}, True)]
    if params == {"code"}:
        return [({"code": "33.75.01.1002"}, True), ({"code": "33.75.02.1004"}, False)]
    if params == {"pk"} and ("facilitator" in name or name.startswith("contracts:payment")):
        return [({"pk": f.pk}, inside) for f, inside in people]
    cycle = world.contracts
    if params == {"pk"} and name in CONTRACT_PAGES:
        return [({"pk": c.pk}, True) for c in cycle.inside] + [
            ({"pk": c.pk}, False) for c in cycle.outside
        ]
    if params == {"pk"} and name in EVALUATION_PAGES:
        return [({"pk": e.pk}, True) for e in cycle.inside_evaluations] + [
            ({"pk": e.pk}, False) for e in cycle.outside_evaluations
        ]
    if params == {"pk"} and ("briefing" in name or "attendance" in name):
        return [({"pk": past.briefing_id}, True), ({"pk": timur.briefing_id}, False)]
    if params == {"pk", "session_pk"}:
        return [
            ({"pk": past.briefing_id, "session_pk": past.pk}, True),
            ({"pk": timur.briefing_id, "session_pk": timur.pk}, False),
            ({"pk": past.briefing_id, "session_pk": timur.pk}, False),
        ]
    inside, outside = world.inside_work, world.outside_work
    if params == {"pk"} and base in {
        "activities:review",
        "activities:return",
        "activities:verify",
        "activities:approve",
        "activities:document",
    }:
        return [({"pk": inside["report"].pk}, True), ({"pk": outside["report"].pk}, False)]
    if params == {"pk"} and name in {"activities:attachment", "activities:attachment-delete"}:
        return [
            ({"pk": inside["attachment"].pk}, True),
            ({"pk": outside["attachment"].pk}, False),
        ]
    if params == {"pk"} and name.startswith("activities:entry-"):
        return [({"pk": inside["entry"].pk}, True), ({"pk": outside["entry"].pk}, False)]
    if params == {"year", "month"}:
        return [({"year": 2024, "month": 3}, True)]
    if params == {"uidb64", "token"}:
        return [({"uidb64": "MQ", "token": "set-password"}, True)]
    if params == {"job_id"}:
        # A job is its owner's alone: the office's import, whose outcome names an outsider.
        owner, _new = User.objects.get_or_create(username="staf.impor")
        job = job_start(kind="count", owner=owner, task=tasks.count_to)
        Job.objects.filter(pk=job.pk).update(
            state="failed", message=f"{world.outside.name} {world.outside.nik}"
        )
        return [({"job_id": job.pk}, False)]
    raise UnknownRoute(f"{name}: no sample for {sorted(params)}")


def briefing_day(world) -> dict:
    """Certificates of the past briefing, inside and outside the area, and requests to
    be excused (with a letter) for the session to come; made once per world."""
    if not hasattr(world, "day"):
        past, timur, future = world.past_session, world.outside_session, world.future_session
        inside = Certificate.objects.create(
            briefing=past.briefing,
            facilitator=world.inside,
            number="001/SERT",
            code="kode-barat",
            title=past.briefing.title,
            first_day=past.date,
            last_day=past.date,
            minutes=180,
        )
        outside = Certificate.objects.create(
            briefing=timur.briefing,
            facilitator=world.outside,
            number="002/SERT",
            code="kode-timur",
            title=timur.briefing.title,
            first_day=timur.date,
            last_day=timur.date,
            minutes=180,
        )
        requests = []
        for person in (world.inside, world.outside):
            request = AbsenceRequest(
                session=future,
                facilitator=person,
                kind="izin",
                reason="Dinas luar",
                letter_type="application/pdf",
                letter_size=9,
            )
            request.letter.save("letter", ContentFile(b"%PDF-1.4\n"), save=False)
            request.save()
            requests.append(request)
        world.day = {
            "inside_certificate": inside,
            "outside_certificate": outside,
            "inside_request": requests[0],
            "outside_request": requests[1],
        }
    return world.day


def hand_made_post(world) -> dict:
    """What someone who types a form themselves would send: ids from outside the area."""
    outside = world.outside
    return {
        "confirmed": "1",
        "facilitator": outside.pk,
        "first": outside.pk,
        "second": world.inside.pk,
        "kelurahan": "33.75.02.1004",
        "to_kelurahan": "33.75.01.1012",
        "assignment": outside.assignments.get().pk,
        "start_date": "2024-03-20",
        "end_date": "2024-03-20",
        "decree_number": "800/999/X/2024",
        "reason": "Tanpa alasan",
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "1",
        "rows-0-facilitator": outside.pk,
        "rows-0-status": "hadir",
        "comment": "Sudah diperiksa",
        "month": "2024-03",
        "q": outside.nik,
        "active": "0",
        "username": "tamu",
        "how": "password",
        "title": "Diubah",
        "phone": "081299999999",
        "email": "baru@contoh.id",
        "number": "800/999/DPMPPA/2024",
        "signed_on": "2024-03-15",
        "signed_by": "Camat",
        "monthly_honorarium": "9000000",
        "recommendation": "no_renewal",
        "period_start": "2023-01-01",
        "period_end": "2024-12-31",
        "bank_name": "Bank Lain",
        "account_number": "1112223334",
        "account_holder": "Orang Lain",
    }


def text_of(response) -> str:
    """Everything a person could read in the answer, whatever its form."""
    content_type = response.get("Content-Type", "")
    body = body_of(response)
    if content_type.startswith("application/pdf"):
        reader = pypdf.PdfReader(io.BytesIO(body))
        body_text = " ".join(page.extract_text() for page in reader.pages)
    elif "spreadsheetml" in content_type:
        sheet = openpyxl.load_workbook(io.BytesIO(body)).active
        body_text = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row)
    elif content_type.startswith("image/"):
        body_text = ""  # a photo holds no text (and the area's own only, checked by status)
    else:
        body_text = body.decode("utf-8", "replace")
    return f"{response.headers!r} {body_text}"


def database_state():
    return (
        list(Assignment.objects.order_by("pk").values_list("pk", "end_date", "kelurahan_id")),
        list(Attendance.objects.order_by("pk").values_list("pk", "status", "note")),
        list(MonthlyReport.objects.order_by("pk").values_list("pk", "state")),
        list(AbsenceRequest.objects.order_by("pk").values_list("pk", "state")),
        list(Certificate.objects.order_by("pk").values_list("pk", "withdrawn_at")),
        Deactivation.objects.count(),
        list(Briefing.objects.order_by("pk").values_list("title", flat=True)),
        list(Facilitator.objects.order_by("pk").values_list("user_id", "phone", "email")),
        Disclosure.objects.count(),
        list(
            Contract.objects.order_by("pk").values_list(
                "pk", "number", "end_date", "monthly_honorarium", "previous_id"
            )
        ),
        list(Evaluation.objects.order_by("pk").values_list("pk", "recommendation", "comment")),
        list(PaymentDetails.objects.order_by("pk").values_list("pk", "account_number")),
        HonorariumListDownload.objects.count(),
    )


def admin_urls(world) -> list[str]:
    urls = [reverse("admin:index"), reverse("admin:registry_facilitator_import")]
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{info}_changelist"))
    urls.append(reverse("admin:registry_facilitator_change", args=[world.outside.pk]))
    urls.append(
        reverse("admin:autocomplete")
        + "?app_label=assignments&model_name=assignment&field_name=facilitator&term=Dedi"
    )
    return urls


def test_the_camat_sees_nothing_of_anyone_outside_their_kecamatan(client, world, camat):
    client.force_login(camat)
    briefing_day(world)  # the samples of the briefing day exist before the snapshot
    secrets = {s for f in world.never_seen for s in secrets_of(f)} | set(world.contracts.secrets)
    before = database_state()
    leaks, wrong, opened, seen_inside = [], [], set(), 0

    def check(label: str, response, *, inside: bool, expected=None):
        nonlocal seen_inside
        # The search field shows back what the camat typed: theirs, not the register's.
        text = text_of(response).replace(f'value="{world.outside.nik}"', "")
        leaks.extend(f"{label}: {secret}" for secret in secrets if secret in text)
        if response.status_code >= 500:
            wrong.append(f"{label}: {response.status_code}")
        elif not inside and response.status_code not in (403, 404, 405):
            wrong.append(f"{label}: {response.status_code} for a record outside the area")
        elif inside and expected is not None and response.status_code != expected:
            wrong.append(f"{label}: {response.status_code}, a supervisor gets {expected}")
        seen_inside += "Baratsari" in text

    routes = list(named_routes())
    # The hand-made POSTs first (followed where they redirect), then the readings.
    for name, pattern in routes:
        if name == "logout":
            continue
        for kwargs, inside in samples(name, pattern, world):
            url = reverse(name, kwargs=kwargs)
            response = client.post(url, hand_made_post(world), follow=True)
            check(f"POST {url}", response, inside=inside)
    client.post(reverse("home:facilitator-list"), {"q": ""})  # the search is kept: clear it
    assert database_state() == before

    for name, pattern in routes:
        base = name
        for suffix in FILE_FORMATS:
            base = base.removesuffix(suffix)
        for kwargs, inside in samples(name, pattern, world):
            for query in FILTERS.get(base, [""]):
                url = reverse(name, kwargs=kwargs) + query
                expected = NOT_LIKE_A_SUPERVISOR.get(name, LADDER[name]["supervisor"])
                if TIMUR in query:  # a search or filter: an empty answer or a 400, no leak
                    expected = None
                check(f"GET {url}", client.get(url), inside=inside, expected=expected)
                opened.add(name)
    for url in admin_urls(world):
        for response in (client.get(url), client.post(url, hand_made_post(world))):
            # To the admin's sign-in: an account limited to an area is never staff.
            check(f"admin {url}", response, inside=True, expected=302)

    assert opened == {name for name, _pattern in routes}
    assert leaks == []
    assert wrong == [], "\n".join(wrong)
    assert database_state() == before
    # The probe did read the area: its facilitator's name came back page after page.
    assert seen_inside > 30


def test_an_unknown_route_fails_the_probe_rather_than_being_skipped(world):
    route = path("things/<slug:slug>/", lambda request: None, name="new")
    with pytest.raises(UnknownRoute):
        samples("home:new", route, world)


def test_the_past_briefing_keeps_who_was_in_the_area_that_day(client, world, camat):
    """The probe's own world: the facilitator who moved away is in the area's past."""
    client.force_login(camat)
    page = client.get(reverse("briefings:briefing-detail", args=[world.past_session.briefing_id]))
    assert "Citra Pindahan" in page.text
    assert "Ani Baratsari" in page.text
