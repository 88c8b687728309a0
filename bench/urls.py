from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from faskel.urls import urlpatterns as application


@login_not_required
def bare(request):
    """Django's floor: served without any middleware (bench/wsgi.py), no query."""
    return HttpResponse("ok")


def minimal(request):
    """The cheapest signed-in page: every middleware, the session and the user,
    no query of its own, no template."""
    return HttpResponse("ok")


urlpatterns = [path("bench/bare", bare), path("bench/minimal", minimal), *application]
