import datetime
import secrets

import factory.random
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from faker import Faker

from accounts import roles
from accounts.models import User
from assignments.factories import AssignmentFactory
from assignments.models import Assignment
from briefings.factories import BriefingFactory, BriefingSessionFactory, SpeakerFactory
from briefings.models import Attendance
from registry.factories import FacilitatorFactory, InstitutionFactory
from registry.models import Facilitator, Institution, Kelurahan

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
        "institutions, the briefing of 13 February 2019 with its attendance, and one "
        "login per role (an area supervisor and an area coordinator among them). Run "
        "again: the demo stays as it is and the demo passwords are reset."
    )

    def handle(self, *args, **options):
        if Facilitator.objects.exclude(name__endswith=DEMO_MARK).exists():
            raise CommandError(
                "This database holds real (non-demo) facilitators: the demo is not added."
            )
        if not Kelurahan.objects.exists():
            call_command("load_wilayah", stdout=self.stdout)

        with transaction.atomic():
            if not Facilitator.objects.exists():
                self.seed()
            passwords = self.reset_demo_users()

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

    def reset_demo_users(self) -> dict[str, str]:
        passwords = {}
        for username, (group_name, is_staff, is_superuser, area) in DEMO_USERS.items():
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff, user.is_superuser, user.area = is_staff, is_superuser, area
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
