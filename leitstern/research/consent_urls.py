"""The public consent page: ``/c/<token>/``, bound to the one participant it was sent to."""

from django.urls import path

from leitstern.research.views import public

app_name = "research_consent"

urlpatterns = [path("c/<str:token>/", public.consent_page, name="page")]
