"""Every page of the URLconf, with sample arguments, as each role may open it.

The walk reads the URLconf itself, so a new page is checked without being
listed here; a route whose arguments this module cannot fill fails the walk
(`UnknownRoute`) rather than being skipped in silence.
"""

from dataclasses import dataclass

from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from briefings.models import Briefing
from registry.models import Facilitator, Kelurahan
from tests.activities.ladder import url_kwargs as activity_kwargs
from tests.activities.ladder import work_of
from tests.contracts.ladder import contract_of, contract_url

# Routes that are not pages: files, redirects, machine endpoints, POST-only actions.
NOT_PAGES = {
    "home:healthz",
    "logout",
    "set_language",
    "password_reset_confirm",  # visited through its real link: see reset_confirm_url()
    "home:facilitator-reveal-nik",
    "registry:facilitator-account-active",
    "registry:facilitator-account-reset",
    "contracts:payment-reveal",
    "contracts:renew-recommended",
    "admin:logout",
    "admin:jsi18n",
    "admin:autocomplete",
    "admin:view_on_site",
    "jobs:job-file",
    "reports:document-make",  # the offer's button (POST); the offer is walked in test_long_document
    # The briefing day's files and POST-only actions.
    "briefings:certificate-pdf",
    "briefings:absence-letter",
    "briefings:certificate-withdraw",
    "briefings:absence-withdraw",
    "briefings:absence-decide",
}
FILE_SUFFIXES = ("-pdf", "-xlsx", "-csv")


class UnknownRoute(Exception):
    pass


@dataclass(frozen=True)
class SitePage:
    name: str
    url: str

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")


def _named_routes(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_routes(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def _sample_job():
    """A job of the demo's staff member, running: the page shows its progress."""
    from accounts.models import User
    from jobs.models import Job
    from tests.jobs import tasks

    owner = User.objects.filter(username="staf").first()
    if owner is None:
        return None
    job = Job.objects.filter(owner=owner, kind="count").first()
    if job is None:
        from jobs.services import job_start

        job = job_start(kind="count", owner=owner, task=tasks.count_to, arguments={"n": 10})
        Job.objects.filter(pk=job.pk).update(state="running", done=4, total=10, step="Menghitung")
    return job


def _sample_import_job(name: str):
    """A checked file of the demo's administrator: the preview with its table."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.models import User
    from jobs.models import Job
    from tests.imports.helpers import csv_file, person
    from tests.jobs.worker import run_queued_tasks

    owner = User.objects.filter(username="admin").first()
    if owner is None:
        return None
    job = Job.objects.filter(owner=owner, kind="import-preview").first()
    if job is None:
        client = Client()
        client.force_login(owner)
        upload = csv_file([person(), person(NIK="3375010101900002", NAME="Budi", PHONE="")])
        client.post(
            reverse(name.removesuffix("_job")),
            {
                "import_file": SimpleUploadedFile("fasilitator.csv", upload.read()),
                "resource": "0",
                "format": "",
            },
        )
        run_queued_tasks()
        job = Job.objects.get(owner=owner, kind="import-preview")
    return job


def _samples() -> dict:
    facilitator = (
        Facilitator.objects.filter(assignments__end_date__isnull=True).order_by("pk").first()
        or Facilitator.objects.order_by("pk").first()
    )
    briefing = Briefing.objects.order_by("pk").first()
    # A month of the demo facilitator's work: an entry with a photo, the report submitted.
    own = Facilitator.objects.filter(user__isnull=False).order_by("pk").first()
    return {
        "work": work_of(own) if own else None,
        "own": own,
        "facilitator": facilitator,
        "kelurahan": Kelurahan.objects.order_by("code").first(),
        "briefing": briefing,
        "session": briefing.sessions.order_by("pk").first() if briefing else None,
        "job": _sample_job(),
    }


def _briefing_day_url(name: str) -> str | None:
    """The demo's briefing day: the bimtek ahead (invitees, invitations, its letter, its
    QR page before it opens, the facilitator's invitation and the check-in page) and
    the briefing of 2019 (its certificates and one's verification page)."""
    from django.utils import timezone

    from briefings.checkin import checkin_code
    from briefings.models import BriefingSession, Certificate

    ahead = BriefingSession.objects.filter(date__gt=timezone.localdate()).order_by("pk").first()
    certificate = Certificate.objects.order_by("pk").first()
    if ahead is None or certificate is None:
        return None
    kwargs = {
        "briefings:invitees": {"pk": ahead.briefing_id},
        "briefings:invitations": {"pk": ahead.briefing_id},
        "briefings:invitation-letter": {"pk": ahead.briefing_id},
        "briefings:session-checkin": {"pk": ahead.briefing_id, "session_pk": ahead.pk},
        "briefings:certificates": {"pk": certificate.briefing_id},
        "briefings:certificate-verify": {"code": certificate.code},
        "briefings:my-briefing": {"pk": ahead.briefing_id},
        "briefings:check-in": {"session_pk": ahead.pk, "code": checkin_code(ahead, timezone.now())},
    }.get(name)
    return None if kwargs is None else reverse(name, kwargs=kwargs)


def _application_url(name: str, pattern: URLPattern, samples: dict) -> str:
    params = set(pattern.pattern.converters)
    if params and (day_url := _briefing_day_url(name)):
        return day_url
    if name.startswith("contracts:"):
        return contract_url(name, contract_of(samples["own"] or samples["facilitator"]))
    if not params:
        return reverse(name)
    if name.startswith("activities:"):
        kwargs = activity_kwargs(name, samples["work"])
        if kwargs is None:
            raise UnknownRoute(f"{name}: no sample for {sorted(params)}")
        return reverse(name, kwargs=kwargs)
    kwargs = {}
    for param in params:
        if param == "code":
            kwargs[param] = samples["kelurahan"].code
        elif param == "session_pk":
            kwargs[param] = samples["session"].pk
        elif param == "pk" and ("facilitator" in name):
            kwargs[param] = samples["facilitator"].pk
        elif param == "pk" and ("briefing" in name or "attendance" in name):
            kwargs[param] = samples["briefing"].pk
        elif param == "job_id" and samples["job"] is not None:
            kwargs[param] = samples["job"].pk
        else:
            raise UnknownRoute(f"{name}: no sample for <{param}>")
    return reverse(name, kwargs=kwargs)


def _admin_urls() -> list[SitePage]:
    pages = [SitePage("admin:index", reverse("admin:index"))]
    apps = sorted({model._meta.app_label for model in admin.site._registry})
    pages += [
        SitePage("admin:app_list", reverse("admin:app_list", kwargs={"app_label": app}))
        for app in apps
    ]
    pages.append(SitePage("admin:password_change", reverse("admin:password_change")))
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages.append(SitePage(f"{info}_changelist", reverse(f"{info}_changelist")))
        pages.append(SitePage(f"{info}_add", reverse(f"{info}_add")))
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            for view in ("change", "history", "delete"):
                pages.append(SitePage(f"{info}_{view}", reverse(f"{info}_{view}", args=[obj.pk])))
    for name, _pattern in _named_routes(get_resolver().url_patterns):
        # The admin's own extra pages (the import, its template download) besides the
        # model views listed above.
        if name.startswith("admin:") and name.endswith("_import"):
            pages.append(SitePage(name, reverse(name)))
        # A job's page: the preview of a checked file (its owner's alone).
        if name.startswith("admin:") and name.endswith("_import_job"):
            job = _sample_import_job(name)
            if job is not None:
                pages.append(SitePage(name, reverse(name, args=[job.pk])))
    return pages


def all_pages() -> list[SitePage]:
    """Every HTML page of the site: the application's routes, then the admin's."""
    samples = _samples()
    pages = []
    for name, pattern in _named_routes(get_resolver().url_patterns):
        if name in NOT_PAGES or name.endswith(FILE_SUFFIXES) or name.startswith("admin:"):
            continue
        pages.append(SitePage(name, _application_url(name, pattern, samples)))
    return pages + _admin_urls()


def reset_confirm_url(user) -> str:
    """The page a password-reset e-mail links to (Django redirects it to a set-password form)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def pages_for(user, candidates: list[SitePage] | None = None) -> list[SitePage]:
    """The pages that user (None: anonymous) opens with a 200 HTML answer, of
    `candidates` (default: all_pages(), which makes its samples on each call)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    opened = []
    for site_page in all_pages() if candidates is None else candidates:
        response = client.get(site_page.url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            opened.append(site_page)
    return opened


# The demo's logins, one per role, the least privileged first (None: a visitor who
# has not signed in), and which pages each walks: the application's or the admin's.
# The admin's pages are walked as the administrator, who can open every one of them;
# staff see the same templates with fewer models (their admin index is walked).
ROLES = {
    "anonymous": (None, "application"),
    "facilitator": ("fasilitator", "application"),
    "supervisor": ("supervisor", "application"),
    "staff": ("staf", "application"),
    "administrator": ("admin", "admin"),
}


def role_user(role: str):
    from accounts.models import User

    username = ROLES[role][0]
    return User.objects.get(username=username) if username else None


def role_pages(role: str, candidates: list[SitePage] | None = None) -> list[SitePage]:
    """The pages a role's walk takes: those its user opens, of its part of the site."""
    from accounts.models import User

    part = ROLES[role][1]
    user = role_user(role)
    site_pages = [
        p
        for p in pages_for(user, candidates)
        if p.is_admin == (part == "admin") or (role == "staff" and p.name == "admin:index")
    ]
    if user is None:
        reset_user = User.objects.get(username="fasilitator")
        site_pages.append(SitePage("password_reset_confirm", reset_confirm_url(reset_user)))
    return site_pages
