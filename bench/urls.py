from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from faskel.urls import urlpatterns as application


@login_not_required
def minimal(request):
    """The cheapest page the stack can serve: every middleware, no query, no template."""
    return HttpResponse("ok")


urlpatterns = [path("bench/minimal", minimal), *application]
