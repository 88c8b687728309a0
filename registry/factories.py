"""Factories for the register, shared by the tests and `seed_demo`.

A kelurahan brings its kecamatan; codes are fictitious (province 99) so they
never clash with the official reference data.
"""

import datetime

import factory
from factory import fuzzy

from registry.models import Deactivation, Facilitator, Institution, Kecamatan, Kelurahan


class KecamatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kecamatan
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"99.{n // 100 % 100:02d}.{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Kecamatan Contoh {n}")


class KelurahanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kelurahan

    kecamatan = factory.SubFactory(KecamatanFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.kecamatan.code}.{1000 + n % 9000:04d}")
    name = factory.Sequence(lambda n: f"Kelurahan Contoh {n}")
    postal_code = "51100"


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    kelurahan = factory.SubFactory(KelurahanFactory)
    kind = Institution.Kind.LPM
    name = factory.LazyAttribute(lambda o: f"{o.kind} {o.kelurahan.name}")
    chair = factory.Faker("name", locale="id_ID")
    phone = factory.Sequence(lambda n: f"0813{n % 100_000_000:08d}")


class FacilitatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facilitator
        skip_postgeneration_save = True

    name = factory.Faker("name", locale="id_ID")
    nik = factory.Sequence(lambda n: f"9971{n % 10**12:012d}")
    sex = fuzzy.FuzzyChoice(Facilitator.Sex.values)
    phone = factory.Sequence(lambda n: f"0812{n % 100_000_000:08d}")
    email = factory.Sequence(lambda n: f"fasilitator{n}@contoh.id")
    address = factory.Faker("street_address", locale="id_ID")
    education = fuzzy.FuzzyChoice(Facilitator.Education.values)
    joined_on = factory.Faker("date_between", start_date="-8y", end_date="-1y")

    @factory.post_generation
    def is_active(facilitator, create, extracted, **kwargs):
        """`is_active=False`: deactivated long ago (since 1 January 2000)."""
        if extracted is False and create:
            Deactivation.objects.create(
                facilitator=facilitator,
                start_date=datetime.date(2000, 1, 1),
                reason="Selesai kontrak",
            )
