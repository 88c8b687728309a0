"""A facilitator's payment details: staff keep them; every page that shows them
whole records it. Lists show them masked (registry.masking). They are the
office's payroll: closed to an account limited to an area, whatever its
permissions (`office_only`)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.areas import office_only
from accounts.roles import MANAGE_PAYMENT_DETAILS
from contracts import selectors, services
from contracts.forms import PaymentDetailsForm
from registry.models import Disclosure, Facilitator


def _facilitator(pk: int) -> Facilitator:
    return get_object_or_404(Facilitator, pk=pk)


@permission_required(MANAGE_PAYMENT_DETAILS, raise_exception=True)
@office_only
@never_cache
def payment_details(request: HttpRequest, pk: int) -> HttpResponse:
    """The form with the details in full, to be corrected: showing it is recorded."""
    facilitator = _facilitator(pk)
    details = selectors.payment_details_of(facilitator)
    form = PaymentDetailsForm(request.POST or None, instance=details)
    if form.is_valid():
        try:
            services.payment_details_save(
                facilitator=facilitator, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Payment details of %(name)s saved.") % {"name": facilitator.name}
            )
            return redirect(facilitator)
    if details is not None and request.method == "GET":
        services.payment_details_disclosed(
            facilitators=[facilitator], by=request.user, via=Disclosure.Via.PAYMENT_FORM
        )
    return render(
        request,
        "contracts/payment_form.html",
        {
            "form": form,
            "facilitator": facilitator,
            "history_entries": selectors.payment_history(facilitator),
        },
    )


@permission_required(MANAGE_PAYMENT_DETAILS, raise_exception=True)
@office_only
@require_POST
@never_cache
def payment_details_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the details whole once (never through a URL); recorded."""
    if not selectors.payment_shown_whole(request.user):
        raise PermissionDenied  # the rule the honorarium list masks by, too
    facilitator = _facilitator(pk)
    details = selectors.payment_details_of(facilitator)
    if details is None:
        raise Http404
    services.payment_details_disclosed(
        facilitators=[facilitator], by=request.user, via=Disclosure.Via.PAYMENT_REVEAL
    )
    return render(
        request,
        "contracts/payment_reveal.html",
        {"facilitator": facilitator, "details": details},
    )
