"""The analyses and the network engine's answers in plain words, in the reader's language:
quadrant and salience names with what they mean, and "to win over X, talk to Y first"."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from leitstern.engines.network import Candidate, InfluencePath, Suggestions
from leitstern.stakeholders import analyses
from leitstern.stakeholders.models import Attitude, Engagement, Stakeholder, Strength, Theme

QUADRANTS = {
    analyses.MANAGE_CLOSELY: gettext_lazy("manage closely"),
    analyses.KEEP_SATISFIED: gettext_lazy("keep satisfied"),
    analyses.KEEP_INFORMED: gettext_lazy("keep informed"),
    analyses.MONITOR: gettext_lazy("monitor"),
}

QUADRANT_ADVICE = {
    analyses.MANAGE_CLOSELY: gettext_lazy(
        "High power, high interest: involve them in decisions and meet them regularly."
    ),
    analyses.KEEP_SATISFIED: gettext_lazy(
        "High power, little interest: meet their needs without burying them in detail."
    ),
    analyses.KEEP_INFORMED: gettext_lazy(
        "Little power, high interest: tell them what changes and why; they are often good allies."
    ),
    analyses.MONITOR: gettext_lazy("Little power, little interest: watch for changes."),
}

SALIENCE = {
    "none": gettext_lazy("no salience"),
    "dormant": gettext_lazy("dormant"),
    "discretionary": gettext_lazy("discretionary"),
    "demanding": gettext_lazy("demanding"),
    "dominant": gettext_lazy("dominant"),
    "dangerous": gettext_lazy("dangerous"),
    "dependent": gettext_lazy("dependent"),
    "definitive": gettext_lazy("definitive"),
}

SALIENCE_MEANING = {
    "none": gettext_lazy(
        "None of power, legitimacy and urgency is marked: not a stakeholder in this sense yet."
    ),
    "dormant": gettext_lazy(
        "Power only: little to do with the products now, but could become important if "
        "they gain a legitimate or urgent claim. Keep an eye on them."
    ),
    "discretionary": gettext_lazy(
        "A legitimate claim only: no pressure to engage; involving them is a matter of good will."
    ),
    "demanding": gettext_lazy(
        "Urgency only: loud, but without power or a legitimate claim rarely decisive."
    ),
    "dominant": gettext_lazy(
        "Power and legitimacy: their expectations matter and usually have a formal way in."
    ),
    "dangerous": gettext_lazy(
        "Power and urgency without legitimacy: they may force their will. Handle with care."
    ),
    "dependent": gettext_lazy(
        "Legitimacy and urgency without power: they depend on others with power to "
        "carry their claim — often a reason to advocate for them."
    ),
    "definitive": gettext_lazy(
        "Power, legitimacy and urgency: the most salient. Their claims come first."
    ),
}


def quadrant(code: str | None) -> str:
    return str(QUADRANTS[code]) if code else _("not placed yet")


def engagement(code: str | None) -> str:
    return str(Engagement(code).label) if code else _("unknown")


def attitude(code: str | None) -> str:
    return str(Attitude(code).label) if code else _("unknown")


def strength(value: int) -> str:
    return str(Strength(value).label)


def power_level(power: float | None) -> str:
    if power is None:
        return ""
    return _("high power") if power >= analyses.HIGH else _("low power")


@dataclass(frozen=True)
class Suggestion:
    """One person to talk to first, in words."""

    person: Stakeholder
    sentence: str
    route: str
    score: float
    steps: int


def _name(view_people: dict[int, Stakeholder], pk: int) -> str:
    person = view_people.get(pk)
    return person.name if person else "?"


def route(people: dict[int, Stakeholder], path: InfluencePath) -> str:
    """ "Klein listens to Schulz (medium), who listens to Yilmaz (strong)"."""
    names = [_name(people, pk) for pk in path.people]
    labels = [strength(s) for s in path.strengths]
    # path.people runs from the one who influences to the target: read it backwards.
    text = _("%(listener)s listens to %(influencer)s (%(strength)s)") % {
        "listener": names[-1],
        "influencer": names[-2],
        "strength": labels[-1],
    }
    for i in range(len(names) - 2, 0, -1):
        text += _(", who listens to %(influencer)s (%(strength)s)") % {
            "influencer": names[i - 1],
            "strength": labels[i - 1],
        }
    return text


def _why_target(target: Stakeholder, answer: Suggestions, theme: Theme | None) -> str:
    parts = []
    if answer.target_engagement:
        parts.append(engagement(answer.target_engagement))
    if theme is not None and answer.target_attitude == Attitude.OPPOSES:
        parts.append(_("opposes the theme"))
    if target.power is not None:
        parts.append(power_level(target.power))
    return ", ".join(parts)


def _stance(candidate: Candidate, name: str, theme: Theme | None) -> str:
    if theme is None:
        return ""
    return {
        Attitude.SUPPORTS: _("%(name)s supports “%(theme)s”"),
        Attitude.NEUTRAL: _("%(name)s is neutral on “%(theme)s”"),
        Attitude.OPPOSES: _("%(name)s opposes “%(theme)s”"),
        None: _("nobody knows where %(name)s stands on “%(theme)s”"),
    }[candidate.attitude] % {"name": name, "theme": theme.name}


def suggestions(
    people: dict[int, Stakeholder],
    target: Stakeholder,
    answer: Suggestions,
    theme: Theme | None,
) -> tuple[list[Suggestion], list[Suggestion]]:
    """The candidates and the opposing voices the target listens to, each as a sentence:
    "To win over Dr. Klein (resistant, high power), talk to Selin Yilmaz first: Dr. Klein
    listens to Selin Yilmaz (strong), and Selin Yilmaz supports “Pricing”."."""
    why = _why_target(target, answer, theme)
    who = f"{target.name} ({why})" if why else target.name
    out = []
    for candidate in answer.candidates:
        name = _name(people, candidate.person)
        how = route(people, candidate.path)
        stance = _stance(candidate, name, theme)
        sentence = _("To win over %(target)s, talk to %(name)s first: %(route)s") % {
            "target": who,
            "name": name,
            "route": how,
        }
        sentence += (_(", and %(stance)s.") % {"stance": stance}) if stance else "."
        if candidate.engagement in (Engagement.RESISTANT, Engagement.UNAWARE):
            sentence += " " + _("Mind that %(name)s is %(level)s themselves.") % {
                "name": name,
                "level": engagement(candidate.engagement),
            }
        out.append(
            Suggestion(
                person=people[candidate.person],
                sentence=sentence,
                route=how,
                score=candidate.score,
                steps=candidate.path.steps,
            )
        )
    against = [
        Suggestion(
            person=people[c.person],
            sentence=_("%(route)s — and %(stance)s.")
            % {
                "route": route(people, c.path),
                "stance": _stance(c, _name(people, c.person), theme),
            },
            route=route(people, c.path),
            score=c.score,
            steps=c.path.steps,
        )
        for c in answer.opposing
    ]
    return out, against


def route_length(path: InfluencePath) -> str:
    return ngettext("%(n)d step", "%(n)d steps", path.steps) % {"n": path.steps}


def route_strength(path: InfluencePath) -> str:
    return number_format(round(path.strength, 2), decimal_pos=2)
