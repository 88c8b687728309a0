"""Staff manage facilitator logins from the facilitator's page, and nothing else:
no account with more rights can be linked to a facilitator and then taken over."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from accounts import roles
from registry.factories import FacilitatorFactory
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def signs_in(username: str, password: str) -> bool:
    response = Client().post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def powerful():
    """An account in the Fasilitator group that also holds a permission of its own."""
    user = make_user("operator.data", roles.FACILITATOR)
    user.user_permissions.add(Permission.objects.get(codename="change_user"))
    return user


def test_the_admin_does_not_let_staff_link_an_existing_account(staff, powerful):
    rina = FacilitatorFactory(name="Rina Lestari", sex="P", nik="")
    url = reverse("admin:registry_facilitator_change", args=[rina.pk])
    form = staff.get(url).content.decode()
    assert 'name="user"' not in form

    response = staff.post(
        url,
        {
            "name": rina.name,
            "nik": "",
            "sex": "P",
            "is_active": "on",
            "user": powerful.pk,
            "assignments-TOTAL_FORMS": "0",
            "assignments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302  # saved: the other fields are fine
    rina.refresh_from_db()
    assert rina.user is None


def test_staff_cannot_set_the_password_of_an_account_with_its_own_permissions(staff, powerful):
    # However it came to be linked (data from before, or an administrator's slip).
    linked = FacilitatorFactory(user=powerful)
    response = staff.post(
        reverse("registry:facilitator-account-reset", args=[linked.pk]), {"how": "password"}
    )
    assert response.status_code == 302
    follow = staff.get(response.url)
    assert "hanya administrator yang dapat mengubahnya" in follow.content.decode()
    powerful.refresh_from_db()
    assert powerful.check_password(PASSWORD)
    assert signs_in(powerful.username, PASSWORD)


def test_staff_cannot_disable_an_account_in_another_group_too(staff):
    both = make_user("ganda.peran", roles.FACILITATOR)
    both.groups.add(*both.groups.model.objects.filter(name=roles.SUPERVISOR))
    linked = FacilitatorFactory(user=both)
    staff.post(reverse("registry:facilitator-account-active", args=[linked.pk]), {"active": "0"})
    both.refresh_from_db()
    assert both.is_active


def test_staff_cannot_manage_an_account_in_no_group(staff):
    # Not made by the facilitator-login service, which always puts it in the group.
    stray = make_user("tanpa.grup")
    linked = FacilitatorFactory(user=stray)
    staff.post(reverse("registry:facilitator-account-reset", args=[linked.pk]), {"how": "password"})
    stray.refresh_from_db()
    assert stray.check_password(PASSWORD)


def test_a_login_made_on_the_facilitator_page_stays_manageable(staff):
    rina = FacilitatorFactory(name="Rina Lestari")
    created = staff.post(
        reverse("registry:facilitator-account", args=[rina.pk]),
        {"username": "rina.lestari", "how": "password"},
    )
    first = created.context["password"]
    reset = staff.post(
        reverse("registry:facilitator-account-reset", args=[rina.pk]), {"how": "password"}
    )
    second = reset.context["password"]
    assert second != first
    assert signs_in("rina.lestari", second)
    assert not signs_in("rina.lestari", first)
