"""An imported-once fixture: built once for the tests that follow each other, each test
sees it as built, and a test that does not use it does not see it."""

from __future__ import annotations

from django.contrib.auth.models import User

from imported_once import imported_once

builds: list[str] = []


@imported_once
def someone() -> User:
    builds.append("someone")
    return User.objects.create_user("persona.importata", password="una-password-di-prova")


def test_a_test_finds_what_the_fixture_built_and_changes_it(someone: User) -> None:
    assert User.objects.get(username="persona.importata").pk == someone.pk
    User.objects.filter(pk=someone.pk).delete()
    someone.username = "cambiato"
    assert not User.objects.filter(username="persona.importata").exists()


def test_a_test_without_the_fixture_does_not_see_it(db: None) -> None:
    # Written between the two tests that use it: run after both, once its rows are gone.
    assert builds == ["someone"]
    assert not User.objects.filter(username="persona.importata").exists()


def test_the_next_test_finds_it_as_built_without_building_it_again(someone: User) -> None:
    assert builds == ["someone"]
    assert someone.username == "persona.importata"
    assert User.objects.filter(username="persona.importata", pk=someone.pk).exists()
