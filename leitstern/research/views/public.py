"""The consent page a participant opens from their link, signed out: the texts in English
or German, one box per purpose (nothing ticked for them), and withdrawal of what they
gave, as easy as giving it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from leitstern.core import tokens
from leitstern.core.forms import apply_errors
from leitstern.research import consent_texts, services
from leitstern.research.forms import PublicConsentForm
from leitstern.research.models import Language, Purpose
from leitstern.workspaces import access


# The secret in the address authorises what this page does, not a session cookie, so a
# forged request would need the token itself. And the page sends no referrer (the token
# must not leak), so browsers post it with ``Origin: null``, which the CSRF check refuses.
@csrf_exempt
@access.public_view
@tokens.public_page
def consent_page(request: HttpRequest, token: str) -> HttpResponse:
    found = services.consent_link_resolve(token)
    if found.link is None:
        return tokens.unavailable(request, found)
    link = found.link
    participant = link.participant
    language = request.POST.get("language") or request.GET.get("lang") or participant.language
    if language not in Language.values:
        language = participant.language
    with translation.override(language):
        response = _page(request, token, link, language)
        response.render()  # in the participant's language, not the browser's
    return response


def _page(request: HttpRequest, token: str, link, language: str) -> TemplateResponse:
    participant = link.participant
    texts = consent_texts.current_texts(participant.workspace, language)
    valid = participant.valid_consents()
    form = PublicConsentForm(request.POST or None, initial={"language": language})
    done = None
    if request.method == "POST" and form.is_valid():
        give = [p for p in form.cleaned_data["give"] if p not in valid]
        withdraw = [p for p in form.cleaned_data["withdraw"] if p in valid]
        try:
            services.consent_by_link(link=link, give=give, withdraw=withdraw, language=language)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            done = {"given": [Purpose(p).label for p in give],
                    "withdrawn": [Purpose(p).label for p in withdraw]}  # fmt: skip
            valid = participant.valid_consents()
    purposes = [
        {
            "value": purpose,
            "label": label,
            "text": texts[purpose][0],
            "version": texts[purpose][1],
            "given": valid.get(purpose),
        }
        for purpose, label in Purpose.choices
    ]
    return TemplateResponse(
        request,
        "research/consent_public.html",
        {
            "link": link,
            "participant": participant,
            "workspace": participant.workspace,
            "purposes": purposes,
            "form": form,
            "language": language,
            "token": token,
            "done": done,
        },
    )
