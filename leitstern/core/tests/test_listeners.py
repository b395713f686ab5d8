"""The kernel's listeners: a lower module says what changed, a higher one hears it."""

from __future__ import annotations

from leitstern.core import listeners


def test_a_listener_hears_each_change_once_however_often_it_listens():
    heard = []

    def hear(**details):
        heard.append(details)

    listeners.listen("tests.thing", hear)
    listeners.listen("tests.thing", hear)
    listeners.changed("tests.thing", ids=[1])
    listeners.changed("tests.other", ids=[2])
    assert heard == [{"ids": [1]}]
