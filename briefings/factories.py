import datetime

import factory

from briefings.models import Attendance, Briefing, BriefingSession, Speaker
from registry.factories import FacilitatorFactory


class BriefingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Briefing

    title = factory.Sequence(lambda n: f"Pembekalan Pemberdayaan Masyarakat {n}")
    topics = "Tugas dan fungsi fasilitator kelurahan"


class BriefingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BriefingSession

    briefing = factory.SubFactory(BriefingFactory)
    date = datetime.date(2019, 2, 13)
    start_time = datetime.time(8, 0)
    end_time = datetime.time(15, 0)
    venue = "Ruang Kalijaga, Setda Kota Pekalongan"


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    briefing = factory.SubFactory(BriefingFactory)
    name = factory.Faker("name", locale="id_ID")
    institution = "DPMPPA"
    topic = "Pemberdayaan masyarakat"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(BriefingSessionFactory)
    facilitator = factory.SubFactory(FacilitatorFactory)
    status = Attendance.Status.PRESENT
