"""The user's own API tokens page: create (the secret shown once), list, revoke."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import tokens
from .forms import TokenForm
from .models import ApiToken


@require_http_methods(["GET", "POST"])
def token_list(request):
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = tokens.create_token(request.user, form.cleaned_data["name"], form.expires_at())
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            form = TokenForm()
    return render(request, "api/tokens.html", {
        "form": form, "secret": secret, "tokens": ApiToken.objects.filter(user=request.user),
    })


@require_POST
def token_revoke(request, pk):
    if not tokens.revoke_token(request.user, pk):
        raise Http404("no such token")
    messages.success(request, _("令牌已撤销，使用它的系统将无法再访问。"))
    return redirect("api_tokens")
