import datetime
import io
import secrets

import factory.random
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from faker import Faker
from PIL import Image
from simple_history.utils import bulk_create_with_history

from accounts import roles
from accounts.models import User
from activities.models import (
    DEFAULT_ACTIVITY_KINDS,
    ActivityEntry,
    ActivityKind,
    MonthlyReport,
    ReportTransition,
    month_start,
)
from assignments.factories import AssignmentFactory
from assignments.models import Assignment
from briefings.certificates import certificates_issue
from briefings.factories import BriefingFactory, BriefingSessionFactory, SpeakerFactory
from briefings.models import AbsenceRequest, Attendance, InvitationMail
from contracts import services as contract_services
from contracts.models import (
    DEFAULT_CRITERIA,
    DEFAULT_WEIGHT,
    Contract,
    Criterion,
    HonorariumSigners,
    PaymentDetails,
)
from registry.dates import EARLIEST
from registry.factories import FacilitatorFactory, InstitutionFactory
from registry.models import Facilitator, Institution, Kelurahan, ReportSettings

DEMO_MARK = " (demo)"
DEMO_USERS = {
    # username: (role group, is_staff, is_superuser, area)
    "admin": (None, True, True, ""),
    "staf": (roles.STAFF, True, False, ""),
    "supervisor": (roles.SUPERVISOR, False, False, ""),
    "fasilitator": (roles.FACILITATOR, False, False, ""),
    # The camat of Pekalongan Barat, and the coordinator of Pekalongan Timur.
    "camat": (roles.AREA_SUPERVISOR, False, False, "33.75.01"),
    "koordinator": (roles.AREA_COORDINATOR, False, False, "33.75.02"),
}
# The office's people sign documents as themselves: a full name and a NIP each.
DEMO_SIGNERS = {
    # username: (first name, last name, NIP)
    "staf": ("Siti", "Rahmawati, S.Sos. (demo)", "19810415 200604 2 011"),
    "supervisor": ("Budi", "Santoso, S.T., M.M. (demo)", "19740823 199903 1 005"),
    "camat": ("Dwi", "Prasetyo, S.STP. (demo)", "19790210 199803 1 002"),
    "koordinator": ("Rina", "Wulandari, S.E. (demo)", "19860630 201001 2 017"),
}
POSTED_SINCE = datetime.date(2019, 1, 2)
NEW_FACILITATORS_JOINED = datetime.date(2019, 1, 2)
ATTENDANCE = (
    [Attendance.Status.PRESENT] * 26
    + [Attendance.Status.EXCUSED] * 2
    + [Attendance.Status.SICK, Attendance.Status.ABSENT]
)


class Command(BaseCommand):
    help = (
        "Add a clearly fictitious demo roster (30 facilitators, 27 posted, 3 in reserve), "
        "institutions, the briefing of 13 February 2019 with its attendance and "
        "certificates, a two-day bimtek a week ahead with its invitations and a request "
        "to be excused, and one "
        "login per role (an area supervisor and an area coordinator among them). Run "
        "again: the demo stays as it is and the demo passwords are reset."
    )

    def handle(self, *args, **options):
        if real := Facilitator.objects.exclude(name__endswith=DEMO_MARK).count():
            # The demo logins' passwords are printed: on real data they would let
            # anyone who saw them in (an account named admin may be a real one).
            raise CommandError(
                f"This database holds {real} real (non-demo) facilitator(s): the demo is "
                "not added and no demo logins are made, since a printed password must "
                "never open real data. Sign in with your own account (`python manage.py "
                "createsuperuser` makes one), or start again with the demo alone on a new "
                "local database: `make reset-demo` (it deletes db.sqlite3)."
            )
        if not Kelurahan.objects.exists():
            call_command("load_wilayah", stdout=self.stdout)

        with transaction.atomic():
            if not Facilitator.objects.exists():
                self.seed()
            passwords = self.reset_demo_users()
            if not Contract.objects.exists():
                self.seed_contracts()
            if not ActivityEntry.objects.exists():
                self.seed_logbook()
            self.seed_signers()

        self.stdout.write("\nDemo logins (fictitious data, for trying the application only):")
        for username, password in passwords.items():
            self.stdout.write(f"  {username:<12} {password}")

    def seed(self):
        factory.random.reseed_random("faskel-demo")
        fake = Faker("id_ID")
        fake.seed_instance(2019)
        facilitators = [
            FacilitatorFactory(
                name=fake.name() + DEMO_MARK,
                nik=f"3375{n:012d}",
                joined_on=NEW_FACILITATORS_JOINED if n >= 19 else datetime.date(2016, 3, 1),
            )
            for n in range(30)
        ]
        kelurahan = list(Kelurahan.objects.order_by("code"))
        for n, (facilitator, place) in enumerate(zip(facilitators, kelurahan, strict=False)):
            AssignmentFactory(
                facilitator=facilitator,
                kelurahan=place,
                start_date=POSTED_SINCE,
                decree_number=f"800/{n + 1:03d}/DPMPPA/2019",
            )
            InstitutionFactory(kelurahan=place, kind=Institution.Kind.LPM, name=f"LPM {place.name}")
            if n % 2 == 0:
                InstitutionFactory(
                    kelurahan=place, kind=Institution.Kind.BKM, name=f"BKM {place.name} Sejahtera"
                )

        briefing = BriefingFactory(
            title="Pembekalan Pemberdayaan Masyarakat",
            topics=(
                "Tugas dan fungsi fasilitator kelurahan; pendampingan LPM dan BKM; "
                "tertib administrasi dan pelaporan"
            ),
            organiser="DPMPPA Kota Pekalongan",
        )
        session = BriefingSessionFactory(
            briefing=briefing,
            date=datetime.date(2019, 2, 13),
            start_time=datetime.time(8, 0),
            end_time=datetime.time(15, 0),
            venue="Ruang Kalijaga, Setda Kota Pekalongan",
        )
        for institution, topic in [
            ("DPMPPA", "Peran fasilitator dalam pemberdayaan masyarakat"),
            ("BKD", "Hak dan kewajiban tenaga kontrak"),
            ("Bappeda", "Perencanaan pembangunan kelurahan"),
        ]:
            SpeakerFactory(briefing=briefing, institution=institution, topic=topic)
        briefing.invitees.set(facilitators)
        Attendance.objects.bulk_create(
            Attendance(session=session, facilitator=facilitator, status=status)
            for facilitator, status in zip(facilitators, ATTENDANCE, strict=True)
        )
        # After the briefing: a certificate for everyone who attended it.
        certificates_issue(briefing=briefing, by=None, now=timezone.now())
        self.seed_upcoming(facilitators)

    def seed_upcoming(self, facilitators):
        """A briefing a week ahead: everyone invited, the invitation sent to those with
        an address, and one request to be excused with its letter."""
        today = timezone.localdate()
        briefing = BriefingFactory(
            title="Bimtek Tertib Administrasi LPM dan BKM",
            topics="Laporan bulanan; dokumentasi kegiatan; tertib administrasi",
            organiser="DPMPPA Kota Pekalongan",
            letter_number=f"005/{today:%m}7/DPMPPA/{today:%Y}",
            letter_date=today,
        )
        sessions = [
            BriefingSessionFactory(
                briefing=briefing,
                date=today + datetime.timedelta(days=7 + day),
                start_time=datetime.time(8, 30),
                end_time=datetime.time(15, 0),
                venue="Aula DPMPPA Kota Pekalongan",
            )
            for day in range(2)
        ]
        SpeakerFactory(briefing=briefing, institution="DPMPPA", topic="Laporan bulanan fasilitator")
        SpeakerFactory(briefing=briefing, institution="Bappeda", topic="Data pembangunan kelurahan")
        briefing.invitees.set(facilitators)
        InvitationMail.objects.bulk_create(
            InvitationMail(briefing=briefing, facilitator=f, email=f.email)
            for f in facilitators
            if f.email
        )
        letter = io.BytesIO()
        Image.new("RGB", (900, 1200), "white").save(letter, "JPEG")
        request = AbsenceRequest(
            session=sessions[0],
            facilitator=facilitators[3],
            kind=AbsenceRequest.Kind.SICK,
            reason="Dirawat di rumah sakit (surat keterangan dokter terlampir)",
            letter_type="image/jpeg",
            letter_size=letter.tell(),
        )
        request.letter.save("letter", ContentFile(letter.getvalue()), save=False)
        request.save()

    def reset_demo_users(self) -> dict[str, str]:
        passwords = {}
        for username, (group_name, is_staff, is_superuser, area) in DEMO_USERS.items():
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff, user.is_superuser, user.area = is_staff, is_superuser, area
            if username in DEMO_SIGNERS:
                user.first_name, user.last_name, user.nip = DEMO_SIGNERS[username]
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.save()
            if group_name:
                user.groups.set([Group.objects.get(name=group_name)])
            passwords[username] = password
        facilitator = Facilitator.objects.get(
            pk=Assignment.objects.current().values("facilitator")[:1]
        )
        Facilitator.objects.filter(user__username="fasilitator").update(user=None)
        facilitator.user = User.objects.get(username="fasilitator")
        facilitator.save(update_fields=["user"])
        return passwords

    def seed_contracts(self):
        """A yearly decree per posted facilitator since 2019 (two lack this year's),
        payment details, last month's reports in every state, and evaluations of this
        year's contracts waiting for renewal."""
        today = timezone.localdate()
        staff = User.objects.get(username="staf")
        supervisor = User.objects.get(username="supervisor")
        for position, name in enumerate(DEFAULT_CRITERIA, start=1):
            # A test database flushed after a transactional test has lost the migration's rows.
            Criterion.objects.get_or_create(
                name=name, defaults={"weight": DEFAULT_WEIGHT, "position": position}
            )
        postings = list(
            Assignment.objects.current().select_related("facilitator").order_by("kelurahan__code")
        )
        # One bulk insert (with its history) a year: each year's decree renews the last.
        previous: dict[int, Contract] = {}
        for year in range(POSTED_SINCE.year, today.year + 1):
            batch = [
                Contract(
                    facilitator=posting.facilitator,
                    number=f"800/{n + 1:03d}/SK/DPMPPA/{year}",
                    signed_on=datetime.date(year - 1, 12, 20),
                    signed_by="Kepala Dinas",
                    start_date=max(datetime.date(year, 1, 1), POSTED_SINCE),
                    end_date=datetime.date(year, 12, 31),
                    monthly_honorarium=2_500_000 if year < 2023 else 2_750_000,
                    posting=posting,
                    previous=previous.get(n),
                    created_by=staff,
                )
                for n, posting in enumerate(postings)
                # The last two have no decree this year: the dashboard warns.
                if year < today.year or n < len(postings) - 2
            ]
            made = bulk_create_with_history(batch, Contract, default_user=staff)
            previous = dict(enumerate(made))
        current = list(previous.values())
        facilitators = list(Facilitator.objects.order_by("pk"))
        for n, facilitator in enumerate(facilitators):
            PaymentDetails.objects.create(
                facilitator=facilitator,
                bank_name="Bank Jateng",
                account_number=f"20{n + 1:08d}",
                account_holder=facilitator.name.removesuffix(DEMO_MARK),
                npwp=f"{n + 1:015d}" if n % 3 else "",
            )
        month = month_start(month_start(today) - datetime.timedelta(days=1))
        # Spread so that each area login meets more than approved reports: the
        # camat's Pekalongan Barat a returned one, the coordinator's Timur one to
        # verify and one to approve.
        states = ["approved"] * 25
        for position, state in [(3, "returned"), (9, "submitted"), (10, "verified")]:
            states[position] = state
        states[16] = states[22] = "verified"
        for posting, state in zip(postings, states, strict=False):
            MonthlyReport.objects.create(
                facilitator=posting.facilitator,
                month=month,
                kelurahan=posting.kelurahan,
                state=state,
                summary="Pendampingan LPM dan BKM berjalan sesuai rencana.",
                submitted_at=timezone.now(),
                approved_by=supervisor if state == "approved" else None,
                approved_at=timezone.now() if state == "approved" else None,
            )
        criteria = list(Criterion.objects.filter(active=True))
        recommendations = ["renew"] * 8 + ["renew_notes", "no_renewal"]
        for n, (contract, recommendation) in enumerate(zip(current, recommendations, strict=False)):
            contract_services.evaluation_save(
                contract=contract,
                scores={c.pk: 70 + (n * 3 + c.position * 2) % 25 for c in criteria},
                recommendation=recommendation,
                comment="Aktif mendampingi LPM; laporan bulanan tertib.",
                day=today,
                by=supervisor,
            )

    def seed_logbook(self):
        """Three finished activities behind each of last month's reports, their review
        as the states say (verified by staff, a comment on the returned one), and the
        demo facilitator's first activities of this month, one of them a draft."""
        today = timezone.localdate()
        staff = User.objects.get(username="staf")
        supervisor = User.objects.get(username="supervisor")
        kinds = list(ActivityKind.objects.filter(active=True).order_by("position"))
        if not kinds:
            # The migration's kinds are gone (a database flushed after a transactional
            # test, or the admin removed them all): the logbook needs some.
            kinds = [
                ActivityKind.objects.update_or_create(
                    name=name, defaults={"position": position * 10, "active": True}
                )[0]
                for position, name in enumerate(DEFAULT_ACTIVITY_KINDS, start=1)
            ]
        work = [
            (
                ActivityEntry.Accompanied.LPM,
                "Rapat pleno LPM",
                "Rapat pleno LPM membahas usulan kegiatan musrenbang kelurahan.",
                "Tujuh usulan disepakati.",
                18,
                "3.0",
            ),
            (
                ActivityEntry.Accompanied.COMMUNITY,
                "RW 05",
                "Pendampingan kerja bakti dan pendataan saluran air RW 05.",
                "Dua titik saluran tersumbat dilaporkan.",
                25,
                "4.0",
            ),
            (
                ActivityEntry.Accompanied.BKM,
                "BKM",
                "Pemeriksaan buku kas dan laporan kegiatan BKM.",
                "Buku kas tertib; laporan triwulan dilengkapi.",
                6,
                "2.5",
            ),
        ]
        last_month = month_start(month_start(today) - datetime.timedelta(days=1))
        entries = []
        reports = MonthlyReport.objects.filter(month=last_month).select_related(
            "kelurahan", "facilitator__user"
        )
        for report in reports:
            for n, (accompanied, detail, description, result, people, hours) in enumerate(work):
                entries.append(
                    ActivityEntry(
                        facilitator_id=report.facilitator_id,
                        date=last_month + datetime.timedelta(days=4 + 7 * n),
                        kelurahan=report.kelurahan,
                        accompanied=accompanied,
                        accompanied_detail=detail,
                        kind=kinds[n % len(kinds)],
                        description=description,
                        result=result,
                        participants=people,
                        hours=hours,
                        is_draft=False,
                    )
                )
        mine = Facilitator.objects.filter(user__username="fasilitator").first()
        posting = mine and Assignment.objects.current().filter(facilitator=mine).first()
        if posting:
            first = month_start(today)
            for n, (accompanied, detail, description, result, people, hours) in enumerate(work[:2]):
                entries.append(
                    ActivityEntry(
                        facilitator=mine,
                        date=min(first + datetime.timedelta(days=n), today),
                        kelurahan=posting.kelurahan,
                        accompanied=accompanied,
                        accompanied_detail=detail,
                        kind=kinds[n % len(kinds)],
                        description=description,
                        result=result if n == 0 else "",
                        participants=people,
                        hours=hours,
                        is_draft=n == 1,
                    )
                )
        ActivityEntry.objects.bulk_create(entries)

        # The reviews the states stand for, as the review page and the document show them.
        now = timezone.now()
        reviewed = reports.filter(state__in=["verified", "approved"])
        reviewed.update(verified_by=staff, verified_at=now)
        transitions = []
        for report in reports:
            steps = [("draft", "submitted", report.facilitator.user or staff, "")]
            if report.state == "returned":
                steps.append(
                    (
                        "submitted",
                        "returned",
                        staff,
                        "Lengkapi foto kegiatan dan daftar hadir "
                        "rapat pleno LPM, lalu kirim kembali.",
                    )
                )
            if report.state in ("verified", "approved"):
                steps.append(("submitted", "verified", staff, ""))
            if report.state == "approved":
                steps.append(("verified", "approved", supervisor, ""))
            transitions += [
                ReportTransition(report=report, from_state=a, to_state=b, by=by, comment=c)
                for a, b, by, c in steps
            ]
        ReportTransition.objects.bulk_create(transitions)

    def seed_signers(self):
        """Fictitious signers with their NIP, so the demo's documents show whole
        signature blocks; only where the administrator has set none."""
        report = ReportSettings.load()
        if not report.signer_name:
            report.signer_name = "Drs. Hadi Santoso, M.Si. (demo)"
            report.signer_nip = "19700312 199503 1 004"
            report.save()
        # In force from the register's first day: every month of the demo is signed.
        pay = HonorariumSigners.on(EARLIEST)
        if not pay.head_name:
            pay.valid_from = EARLIEST
            pay.head_name = "Drs. Hadi Santoso, M.Si. (demo)"
            pay.head_nip = "19700312 199503 1 004"
            pay.commitment_officer_name = "Sri Lestari, S.E. (demo)"
            pay.commitment_officer_nip = "19780521 200312 2 006"
            pay.treasurer_name = "Agus Riyanto, A.Md. (demo)"
            pay.treasurer_nip = "19850917 201001 1 012"
            pay.save()
