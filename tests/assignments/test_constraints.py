"""The one-to-one rule, in the model's validation and in the database itself."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assignments.factories import AssignmentFactory
from assignments.models import Assignment
from registry.factories import FacilitatorFactory, KelurahanFactory

pytestmark = pytest.mark.django_db

JAN_2019 = datetime.date(2019, 1, 2)


def test_a_kelurahan_cannot_have_two_current_postings_in_the_database():
    current = AssignmentFactory(start_date=JAN_2019)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            facilitator=FacilitatorFactory(), kelurahan=current.kelurahan, start_date=JAN_2019
        )


def test_a_facilitator_cannot_have_two_current_postings_in_the_database():
    current = AssignmentFactory(start_date=JAN_2019)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            facilitator=current.facilitator, kelurahan=KelurahanFactory(), start_date=JAN_2019
        )


def test_the_end_cannot_be_before_the_start_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        AssignmentFactory(start_date=JAN_2019, end_date=datetime.date(2018, 12, 31))


def test_validation_names_the_facilitator_already_in_the_kelurahan():
    current = AssignmentFactory(
        facilitator=FacilitatorFactory(name="Budi Santoso"),
        kelurahan=KelurahanFactory(name="Medono"),
        start_date=JAN_2019,
    )
    second = Assignment(
        facilitator=FacilitatorFactory(), kelurahan=current.kelurahan, start_date=JAN_2019
    )
    with pytest.raises(ValidationError) as caught:
        second.full_clean()
    assert caught.value.messages == [
        "Kelurahan Medono sudah didampingi fasilitator Budi Santoso pada periode itu "
        "(ditugaskan sejak 2 Januari 2019)."
    ]


def test_validation_names_the_kelurahan_the_facilitator_is_already_in():
    current = AssignmentFactory(
        facilitator=FacilitatorFactory(name="Budi Santoso"),
        kelurahan=KelurahanFactory(name="Medono"),
        start_date=JAN_2019,
    )
    second = Assignment(
        facilitator=current.facilitator, kelurahan=KelurahanFactory(), start_date=JAN_2019
    )
    with pytest.raises(ValidationError) as caught:
        second.full_clean()
    assert caught.value.messages == [
        "Fasilitator Budi Santoso sudah ditugaskan di kelurahan Medono pada periode itu "
        "(sejak 2 Januari 2019)."
    ]


def test_validation_refuses_an_overlap_with_closed_history():
    past = AssignmentFactory(start_date=JAN_2019, end_date=datetime.date(2020, 6, 30))
    overlapping = Assignment(
        facilitator=FacilitatorFactory(),
        kelurahan=past.kelurahan,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2020, 12, 31),
    )
    with pytest.raises(ValidationError):
        overlapping.full_clean()
    after = Assignment(
        facilitator=FacilitatorFactory(),
        kelurahan=past.kelurahan,
        start_date=datetime.date(2020, 7, 1),
    )
    after.full_clean()  # the day after the old posting ended is free


@pytest.mark.postgresql
def test_postgresql_refuses_overlapping_closed_postings_of_a_kelurahan():
    past = AssignmentFactory(start_date=JAN_2019, end_date=datetime.date(2020, 6, 30))
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        Assignment.objects.create(
            facilitator=FacilitatorFactory(),
            kelurahan=past.kelurahan,
            start_date=datetime.date(2020, 1, 1),
            end_date=datetime.date(2020, 3, 31),
        )
    assert "assignment_no_overlap_per_kelurahan" in str(caught.value)


@pytest.mark.postgresql
def test_postgresql_refuses_overlapping_closed_postings_of_a_facilitator():
    past = AssignmentFactory(start_date=JAN_2019, end_date=datetime.date(2020, 6, 30))
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        Assignment.objects.create(
            facilitator=past.facilitator,
            kelurahan=KelurahanFactory(),
            start_date=datetime.date(2019, 5, 1),
            end_date=datetime.date(2019, 8, 31),
        )
    assert "assignment_no_overlap_per_facilitator" in str(caught.value)
