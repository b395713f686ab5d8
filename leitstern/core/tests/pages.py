"""The main pages and list operations of a workspace, as the page benchmark
(``benchmarks/large_pages.py``) measures them and the query budget test counts them."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from leitstern.forecasts.models import SavedForecast
from leitstern.roadmap.models import Roadmap
from leitstern.strategy.models import Cycle, KeyResult, Metric, Objective
from leitstern.teams.models import Team

PAGE, API, HTMX = "page", "api", "htmx"  # how a URL is asked for


def main_pages(workspace) -> list[tuple[str, str, str]]:
    """(label, URL, how) of every main page, its htmx fragments and every list operation
    of ``workspace``, with the objects they show picked the same way for any workspace the
    large-workspace generator builds."""
    slug = workspace.slug
    today = timezone.localdate()
    current = Cycle.objects.filter(workspace=workspace, starts_on__lte=today).latest("starts_on")
    closed = Cycle.objects.filter(workspace=workspace, closed_at__isnull=False).latest("starts_on")
    product = workspace.products.order_by("pk").first()
    north_star = Metric.objects.get(product=product, role="north_star")
    team = Team.objects.filter(workspace=workspace).order_by("pk").first()
    # An aspirational objective if there is one: its page also offers carrying it forward.
    objective = Objective.objects.filter(cycle=current).order_by("kind", "pk").first()
    kr = KeyResult.objects.filter(objective=objective).order_by("pk").first()
    root = (
        Objective.objects.filter(cycle=current, parent__isnull=True, children__isnull=False)
        .order_by("pk")
        .first()
    )
    saved = SavedForecast.objects.filter(team__workspace=workspace).first()

    def page(name: str, **kwargs) -> str:
        return reverse(name, kwargs={"slug": slug, **kwargs})

    api = f"/api/v1/workspaces/{slug}"
    by = (today + timedelta(days=60)).isoformat()
    found = [
        ("workspace home", page("site:home"), PAGE),
        ("strategy overview (alignment, current cycle)", page("strategy:index"), PAGE),
        ("cycle page, current cycle", page("strategy:cycle", pk=current.pk), PAGE),
        ("cycle page, closed cycle", page("strategy:cycle", pk=closed.pk), PAGE),
        (
            "cycle page, more key results (htmx)",
            page("strategy:cycle", pk=current.pk) + "?page=2",
            HTMX,
        ),
        (
            "alignment below an objective (htmx)",
            page("strategy:index") + f"?cycle={current.pk}&under={root.pk}",
            HTMX,
        ),
        ("cycles", page("strategy:cycles"), PAGE),
        ("at risk", page("strategy:at_risk"), PAGE),
        ("my check-ins", page("strategy:my_check_ins"), PAGE),
        ("product strategy", page("strategy:product", product_id=product.pk), PAGE),
        ("objective", page("strategy:objective", pk=objective.pk), PAGE),
        ("key result", page("strategy:key_result", pk=kr.pk), PAGE),
        ("North Star metric (10 years weekly)", page("strategy:metric", pk=north_star.pk), PAGE),
        ("forecasts index", page("forecasts:index"), PAGE),
        ("team page (cached per history)", page("teams:detail", pk=team.pk), PAGE),
        (
            "forecast page, how many by a date",
            page("forecasts:forecast", pk=team.pk) + f"?question=how_many&by={by}",
            PAGE,
        ),
        ("team items", page("forecasts:items", pk=team.pk), PAGE),
        ("forecast accuracy", page("forecasts:accuracy", pk=team.pk), PAGE),
        ("team flow", page("forecasts:flow", pk=team.pk), PAGE),
        ("teams", page("teams:list"), PAGE),
        ("members", page("workspaces:members"), PAGE),
        ("activity", page("activity:list"), PAGE),
        ("activity of one product", page("activity:list") + f"?product={product.pk}", PAGE),
        ("activity, page 20", page("activity:list") + "?page=20", PAGE),
        ("products", page("products:list"), PAGE),
        ("product", page("products:detail", pk=product.pk), PAGE),
        ("API objectives, all cycles", f"{api}/objectives", API),
        ("API objectives, current cycle", f"{api}/objectives?cycle_id={current.pk}", API),
        ("API cycles", f"{api}/cycles", API),
        ("API metrics", f"{api}/metrics", API),
        ("API metric values (10 years)", f"{api}/metrics/{north_star.pk}/values", API),
        ("API key result check-ins", f"{api}/key-results/{kr.pk}/check-ins", API),
        ("API teams", f"{api}/teams", API),
        ("API team items", f"{api}/teams/{team.pk}/items", API),
        ("API team saved forecasts", f"{api}/teams/{team.pk}/forecasts", API),
        ("API team aging work in progress", f"{api}/teams/{team.pk}/flow/aging", API),
        ("API team cumulative flow", f"{api}/teams/{team.pk}/flow/cumulative", API),
        ("API products", f"{api}/products", API),
        ("API members", f"{api}/members", API),
    ]
    if saved is not None:
        found.append(("saved forecast", page("forecasts:saved", pk=saved.pk), PAGE))
    found += [
        ("research home (cadence, coverage)", page("research:index"), PAGE),
        ("research home of a product", page("research:product_home", pk=product.pk), PAGE),
        ("research participants", page("research:participants"), PAGE),
        ("research conversations", page("research:conversations"), PAGE),
        ("research quotes", page("research:quotes"), PAGE),
        ("research insights", page("research:insights"), PAGE),
        ("research search", page("research:search") + "?q=lieferung", PAGE),
        ("API research conversations", f"{api}/research/conversations", API),
        ("API research quotes", f"{api}/research/quotes", API),
        ("API research insights", f"{api}/research/insights", API),
        ("API research search", f"{api}/research/search?q=lieferung", API),
    ]
    found += _requests_pages(workspace, page, api)
    roadmap = Roadmap.objects.filter(workspace=workspace, product=product).first()
    if roadmap is not None:
        since = (today - timedelta(days=90)).isoformat()
        found += [
            ("roadmap board", page("roadmap:board", pk=roadmap.pk), PAGE),
            ("roadmap timeline", page("roadmap:timeline", pk=roadmap.pk), PAGE),
            ("roadmap table", page("roadmap:table", pk=roadmap.pk), PAGE),
            (
                "roadmap changed since the last snapshot",
                page("roadmap:changes", pk=roadmap.pk),
                PAGE,
            ),
            (
                "roadmap changed since 90 days ago",
                page("roadmap:changes", pk=roadmap.pk) + f"?since={since}",
                PAGE,
            ),
            ("roadmap history", page("roadmap:history", pk=roadmap.pk), PAGE),
            ("API roadmap items", f"{api}/roadmaps/{roadmap.pk}/items", API),
            ("API roadmap history", f"{api}/roadmaps/{roadmap.pk}/history", API),
            (
                "API roadmap compare since 90 days ago",
                f"{api}/roadmaps/{roadmap.pk}/compare?since={since}",
                API,
            ),
        ]
    return found


def _requests_pages(workspace, page, api: str) -> list[tuple[str, str, str]]:
    """The requests module's pages, with the account that asked most (the worst case of
    its page)."""
    from django.db.models import Count

    from leitstern.customers.models import Organisation

    account = (
        Organisation.objects.filter(workspace=workspace, sales_requests__isnull=False)
        .annotate(n=Count("sales_requests"))
        .order_by("-n", "pk")
        .first()
    )
    if account is None:
        return []
    return [
        ("requests list", page("requests:index"), PAGE),
        ("requests triage inbox", page("requests:inbox"), PAGE),
        ("requests accounts asking", page("requests:accounts"), PAGE),
        ("requests account page", page("requests:account", pk=account.pk), PAGE),
        ("requests commitments", page("requests:commitments") + "?show=all", PAGE),
        ("requests revenue per roadmap item", page("requests:rollups"), PAGE),
        ("requests revenue per opportunity", page("requests:rollups") + "?by=opportunity", PAGE),
        ("requests sales and product alignment", page("requests:alignment"), PAGE),
        ("requests roadmap for sales", page("requests:sales_roadmap"), PAGE),
        ("requests roadmap for sales, mine", page("requests:sales_roadmap") + "?mine=1", PAGE),
        (
            "requests roadmap for sales, one account",
            page("requests:sales_roadmap") + f"?account={account.pk}",
            PAGE,
        ),
        ("API requests", f"{api}/requests", API),
        ("API requests commitments", f"{api}/commitments", API),
        ("API requests account page", f"{api}/sales-accounts/{account.pk}", API),
        ("API requests revenue at stake", f"{api}/revenue-at-stake", API),
    ]
