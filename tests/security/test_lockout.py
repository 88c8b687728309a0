"""Sign-in throttling: repeated failures lock a username, never an address alone."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, username, password, address="10.1.2.3"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_five_failures_lock_the_username_with_an_indonesian_message(client, staff_user):
    for _ in range(5):
        sign_in(client, staff_user.username, "salah")
    response = sign_in(client, staff_user.username, PASSWORD)
    assert response.status_code == 429
    assert "Masuk dikunci" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The lock holds from another address too: it is on the username.
    assert sign_in(client, staff_user.username, PASSWORD, address="10.9.9.9").status_code == 429


def test_failures_with_invented_usernames_lock_nobody_else_out_of_a_shared_address(
    client, staff_user, supervisor_user
):
    """An office signs in from one address: anyone there guessing five invented
    usernames must not lock their colleagues out for the cool-off."""
    for n in range(10):
        assert sign_in(client, f"tebakan{n}", "salah").status_code == 200
    assert sign_in(client, staff_user.username, PASSWORD).status_code == 302
    client.logout()
    assert sign_in(client, supervisor_user.username, PASSWORD).status_code == 302
    # The guesses themselves are kept, per username and address, for the admin.
    assert AccessAttempt.objects.filter(ip_address="10.1.2.3").count() == 10


def test_staff_unlock_in_the_admin(client, staff_user, supervisor_user):
    for _ in range(5):
        sign_in(client, supervisor_user.username, "salah")
    assert sign_in(client, supervisor_user.username, PASSWORD).status_code == 429

    client.force_login(staff_user)
    attempts = AccessAttempt.objects.filter(username=supervisor_user.username)
    response = client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": list(attempts.values_list("pk", flat=True)),
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not attempts.exists()

    client.logout()
    assert (
        sign_in(client, supervisor_user.username, PASSWORD, address="10.5.5.5").status_code == 302
    )


def test_failures_for_a_victim_count_whatever_else_succeeds_from_the_address(
    client, staff_user, supervisor_user
):
    """An attacker who signs in to their own account between guesses does not wipe
    the victim's failures: twenty guesses lock the victim after the fifth."""
    victim, attacker = supervisor_user, staff_user
    answers = []
    for _ in range(20):
        answers.append(sign_in(client, victim.username, "tebakan").status_code)
        own = sign_in(client, attacker.username, PASSWORD)
        client.logout()
        answers.append(("own", own.status_code))
    guesses = [code for code in answers if not isinstance(code, tuple)]
    assert guesses[:4] == [200] * 4  # the sign-in form again, with its error
    assert set(guesses[4:]) == {429}
    # The victim stays locked out, even with the right password, from anywhere.
    assert sign_in(client, victim.username, PASSWORD, address="10.9.9.9").status_code == 429


def test_a_success_clears_the_own_failures_of_that_username(client, staff_user):
    for _ in range(4):
        sign_in(client, staff_user.username, "salah")
    assert sign_in(client, staff_user.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, staff_user.username, "salah", address="10.4.4.4")
    assert sign_in(client, staff_user.username, PASSWORD, address="10.4.4.4").status_code == 302
