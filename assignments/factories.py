import datetime

import factory

from assignments.models import Assignment
from registry.factories import FacilitatorFactory, KelurahanFactory


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A current posting; pass end_date for a closed one."""

    class Meta:
        model = Assignment

    facilitator = factory.SubFactory(FacilitatorFactory)
    kelurahan = factory.SubFactory(KelurahanFactory)
    start_date = datetime.date(2019, 1, 2)
    decree_number = factory.Sequence(lambda n: f"800/{n:03d}/DPMPPA/2019")
