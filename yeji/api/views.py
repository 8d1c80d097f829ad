"""The page where a user makes, sees and revokes their access tokens."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yeji.api.forms import TokenCreateForm, TokenRevokeForm
from yeji.api.models import AccessToken
from yeji.api.queries import user_tokens
from yeji.api.services import token_create, token_revoke

# The secret of a token just made waits here for the page after the
# redirect, which shows it once and forgets it.
_FRESH = "yeji_api_fresh_token"


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """List the user's tokens; POST makes one (``action=create``) or revokes
    one (``action=revoke``).  Another user's token answers 404."""
    form = TokenCreateForm()
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            revoke = TokenRevokeForm(request.POST)
            if not revoke.is_valid():
                raise Http404
            try:
                token = token_revoke(
                    user=request.user, token_id=revoke.cleaned_data["token"]
                )
            except AccessToken.DoesNotExist:
                raise Http404 from None
            messages.success(
                request, _("The token %(name)s is revoked.") % {"name": token.name}
            )
            return redirect("account:tokens")
        form = TokenCreateForm(request.POST)
        if form.is_valid():
            token, secret = token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                form_token=form.cleaned_data["form_token"],
            )
            if secret is not None:
                request.session[_FRESH] = {"id": token.pk, "secret": secret}
            return redirect("account:tokens")

    fresh = request.session.pop(_FRESH, None)
    context: dict[str, Any] = {
        "form": form,
        "tokens": list(user_tokens(request.user)),
        "fresh": fresh,
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "api/tokens.html", context, status=status)
