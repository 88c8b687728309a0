"""Several staff members posting at the same moment, on PostgreSQL's real locks."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from assignments import services
from assignments.models import Assignment
from registry.factories import FacilitatorFactory, KelurahanFactory
from tests.conftest import transactional

pytestmark = [pytest.mark.postgresql, *transactional]


def run_at_once(jobs):
    """Run the callables in threads released together; return their outcomes."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait()
            outcomes[index] = job()
        except Exception as error:  # noqa: BLE001 - the outcome is what we assert on
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_only_one_of_several_simultaneous_postings_to_a_kelurahan_wins():
    kelurahan = KelurahanFactory(name="Medono")
    facilitators = FacilitatorFactory.create_batch(6)

    outcomes = run_at_once(
        [
            lambda f=f: services.assignment_create(
                facilitator=f, kelurahan=kelurahan, start_date=datetime.date(2019, 1, 2), by=None
            )
            for f in facilitators
        ]
    )

    winners = [o for o in outcomes if isinstance(o, Assignment)]
    losers = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(winners) == 1
    assert len(losers) == 5, outcomes
    assert all("Kelurahan Medono sudah didampingi" in e.messages[0] for e in losers)
    assert Assignment.objects.current().filter(kelurahan=kelurahan).count() == 1


def test_one_facilitator_posted_to_several_kelurahan_at_once_lands_in_one():
    facilitator = FacilitatorFactory()
    places = KelurahanFactory.create_batch(5)

    outcomes = run_at_once(
        [
            lambda k=k: services.assignment_create(
                facilitator=facilitator, kelurahan=k, start_date=datetime.date(2019, 1, 2), by=None
            )
            for k in places
        ]
    )

    assert sum(isinstance(o, Assignment) for o in outcomes) == 1
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 4, outcomes
    assert Assignment.objects.filter(facilitator=facilitator).count() == 1
