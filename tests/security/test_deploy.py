"""Production settings pass Django's deployment checklist, and every answer
carries the security headers."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

PRODUCTION = {
    "DEBUG": "off",
    "SECRET_KEY": "k3Vq8-production-like-secret-key-with-enough-entropy-0a9f7e3c1b5d",
    "ALLOWED_HOSTS": "faskel.pekalongankota.go.id",
    "CSRF_TRUSTED_ORIGINS": "https://faskel.pekalongankota.go.id",
    "DATABASE_URL": "postgres://faskel@127.0.0.1:5432/faskel",
    # The local .env turns these off for plain-HTTP development; production never does.
    "SECURE_SSL_REDIRECT": "on",
    "SESSION_COOKIE_SECURE": "on",
    "CSRF_COOKIE_SECURE": "on",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
}


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            **PRODUCTION,
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_pages_carry_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_no_page_of_ours_has_an_inline_script(client, staff_user):
    client.force_login(staff_user)
    for name in ["home:index", "home:facilitator-list", "assignments:roster"]:
        content = client.get(reverse(name)).content.decode()
        assert "<script>" not in content
        assert " onclick=" not in content
