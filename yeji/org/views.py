"""The account pages: who I am in Yeji, my language and my password.

Every logged-in user has these pages, with or without an employee behind the
log-in; they show and change only the user's own account.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yeji.org.forms import LanguageForm
from yeji.org.language import set_language_cookie
from yeji.org.queries import account_language, user_employee
from yeji.org.services import account_language_set, account_password_change


def _account_context(request: HttpRequest, *, form: LanguageForm) -> dict[str, Any]:
    return {
        "employee": user_employee(request.user),
        "language_form": form,
        "chosen_language": account_language(request.user),
        "nav": "account",
    }


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    """The user's name, employee number, team and role, and their choices."""
    form = LanguageForm(initial={"language": get_language()})
    return render(request, "org/account.html", _account_context(request, form=form))


@login_required
@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """Keep the language chosen (on the account page or in the top bar) for
    this and every later log-in, and show the next page in it."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        context = _account_context(request, form=form)
        return render(request, "org/account.html", context, status=400)

    chosen = form.cleaned_data["language"]
    account_language_set(user=request.user, language=chosen)

    next_url = form.cleaned_data["next"]
    if not next_url:
        # The message is read on the next page, which speaks the new language.
        with translation.override(chosen):
            messages.success(request, _("Your language is saved."))
    safe = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    response = redirect(next_url if next_url and safe else reverse("org:account"))
    set_language_cookie(response, chosen)
    return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change (old password, new twice, validators), saved
    through the org service, back to the account page with a message."""

    template_name = "org/password_change.html"
    success_url = reverse_lazy("org:account")
    extra_context = {"nav": "account"}

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        account_password_change(
            user=form.user, new_password=form.cleaned_data["new_password1"]
        )
        # The new password would end this session too; keep it.
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Your password has been changed."))
        return redirect(self.get_success_url())


password_change = PasswordChangeView.as_view()
