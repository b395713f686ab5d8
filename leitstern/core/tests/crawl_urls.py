"""A small site with one defect of each kind the crawl guard must find."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path


def page(body: str, head: str = "") -> HttpResponse:
    return HttpResponse(f"<!doctype html><html><head>{head}</head><body>{body}</body></html>")


def home(request):
    return page(
        '<a href="/fine/">fine</a> <a href="/missing/">missing</a> <a href="/fails/">fails</a>'
        ' <a href="https://example.com/">outside</a> <a href="#top">anchor</a>'
        ' <span hx-get="/fragment/">fragment</span> <a href="/moved/">moved</a>'
        ' <a href="/accounts/logout/">never followed</a>'
        '<form method="get" action="/search/"><input name="q" value="x"></form>'
        '<form method="post" action="/admin-only/"><button>Do</button></form>'
    )


def fine(request):
    return page(
        '<input type="date" name="ok" value="2026-10-01">'
        '<input type="date" name="german" value="01.10.2026">'
        '<input type="number" name="comma" value="12,5">'
        '<label for="x">Why? (optional) <span class="optional">optional</span></label>'
        '<nav class="tabs"></nav>',
        head='<link rel="stylesheet" href="/static/leitstern/app.css">',
    )


def missing(request):
    raise Http404


def fails(request):
    raise RuntimeError("boom")


def fragment(request):
    return page("fragment" if request.headers.get("HX-Request") else "full page")


def moved(request):
    return redirect("/fine/")


def search(request):
    return page(f"searched {request.GET.get('q')}")


def admin_only(request):
    return page("done")


admin_only.access_need = 4

urlpatterns = [
    path("", home),
    path("fine/", fine),
    path("missing/", missing),
    path("fails/", fails),
    path("fragment/", fragment),
    path("moved/", moved),
    path("search/", search),
    path("admin-only/", admin_only),
]
