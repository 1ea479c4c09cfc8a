"""`cruscotto --help` and every command's --help speak Italian, click's own words included."""

from __future__ import annotations

import re
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from cruscotto.cli import main

# What click writes on a help page in English when nobody translates it.
CLICK_ENGLISH = [
    "Usage:", "Options:", "Commands:", "Arguments:", "Show this message and exit.",
    "Show the version and exit.", "[default:", "[required]", "[OPTIONS]", "COMMAND [ARGS]",
    "INTEGER", " TEXT",
]  # fmt: skip
# Words no Italian sentence uses; code between backticks (JSON keys) is left out.
ENGLISH_WORDS = {"the", "and", "of", "with", "print", "is", "are", "this", "only", "when",
                 "each", "which", "its", "their", "into", "by", "what", "who", "an"}  # fmt: skip


def every_command(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    if isinstance(command, click.Group):
        for name, subcommand in sorted(command.commands.items()):
            yield from every_command(subcommand, (*path, name))


def english_words(text: str) -> set[str]:
    prose = re.sub(r"`[^`]*`", " ", text)
    return {word for word in re.findall(r"[A-Za-z]+", prose) if word.lower() in ENGLISH_WORDS}


COMMANDS = list(every_command(main))


def test_every_command_is_checked() -> None:
    assert len(COMMANDS) > 30 and ("performance", "actuals") in COMMANDS


# A group such as `documents` prepares the database before its subcommand reads --help.
@pytest.mark.django_db
@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(path) or "cruscotto")
def test_the_help_of_every_command_is_italian(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"], prog_name="cruscotto", terminal_width=200)
    assert result.exit_code == 0, result.output
    page = result.output
    assert page.startswith("Uso: cruscotto")
    for english in CLICK_ENGLISH:
        assert english not in page, english
    assert "Mostra questo aiuto ed esce." in page
    command: click.Command = main
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    # The command's own help and each option's, as written in the source, are Italian.
    assert command.help and command.help.split("\n")[0].strip() in page
    assert english_words(command.help) == set()
    for parameter in command.params:
        if isinstance(parameter, click.Option) and parameter.help:
            assert english_words(parameter.help) == set(), parameter.help


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        (["report", "--year", "x", "controllo-strategico", "--out", "x.html"],
         "Errore: valore non valido per «--year»: «x» non è un numero intero."),
        (["repot"], "Errore: il comando «repot» non esiste. (Forse uno tra 'export', 'report'?)"),
        (["performance", "actuals"], "Errore: manca «FILE»."),
        (["summary", "--bogus"], "Errore: l'opzione «--bogus» non esiste."),
    ],
)  # fmt: skip
def test_a_wrong_command_line_is_told_in_italian(arguments: list[str], error: str) -> None:
    result = CliRunner().invoke(main, arguments, prog_name="cruscotto")
    assert result.exit_code == 2
    assert error in result.output
    assert "Per l'aiuto: «cruscotto" in result.output
    assert "Error:" not in result.output and "Try '" not in result.output
