"""Click's own words in Italian: "Uso:", "Opzioni", "Mostra questo aiuto ed esce.".

Click writes its headings and the help of --help and --version through gettext, whose
catalog follows the user's locale; the commands' own help is Italian whatever the
locale, so the few strings click adds are translated here, where the help is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import click

# Every string click adds to a --help page (click.core, click.decorators).
CLICK_STRINGS = {
    "Options": "Opzioni",
    "Commands": "Comandi",
    "Positional arguments": "Argomenti",
    "Arguments": "Argomenti",
    "Show this message and exit.": "Mostra questo aiuto ed esce.",
    "Show the version and exit.": "Mostra la versione ed esce.",
    "Confirm the action without prompting.": "Conferma l'azione senza chiedere.",
}
# The names click gives the values of options and arguments: "--year INTEGER".
METAVARS = {
    "INTEGER": "INTERO",
    "FLOAT": "NUMERO",
    "TEXT": "TESTO",
    "BOOLEAN": "SÌ/NO",
    "PATH": "PERCORSO",
    "FILE": "FILE",
    "DIRECTORY": "CARTELLA",
    "FILENAME": "FILE",
}
_METAVAR = re.compile(r"\b(" + "|".join(METAVARS) + r")\b")
# The notes click appends to an option's help: "[default: 20]", "[required]".
_EXTRAS = re.compile(r"\[([^\[\]]*)\]$")
EXTRA_WORDS = [
    ("default: ", "predefinito: "),
    ("env var: ", "variabile d'ambiente: "),
    ("required", "obbligatorio"),
    ("deprecated", "deprecato"),
]


def translate_help(text: str) -> str:
    """An option's help as click writes it, with click's own words in Italian."""
    for english, italian in CLICK_STRINGS.items():
        if text.startswith(english):
            text = italian + text[len(english) :]
    extras = _EXTRAS.search(text)
    if extras is None:
        return text
    notes = extras.group(1)
    for english, italian in EXTRA_WORDS:
        notes = notes.replace(english, italian)
    return f"{text[: extras.start()]}[{notes}]"


def translate_metavars(term: str) -> str:
    return _METAVAR.sub(lambda match: METAVARS[match.group(1)], term)


class ItalianHelpFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Uso: " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(CLICK_STRINGS.get(heading, heading))

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        super().write_dl(
            [(translate_metavars(term), translate_help(definition)) for term, definition in rows],
            col_max,
            col_spacing,
        )


class ItalianContext(click.Context):
    formatter_class = ItalianHelpFormatter


def speak_italian(command: click.Command) -> None:
    """Make `command` and every subcommand write their help with ItalianHelpFormatter."""
    command.context_class = ItalianContext
    command.options_metavar = "[OPZIONI]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = (
            "COMANDO [ARGOMENTI]..." if not command.chain else "COMANDO1 [ARGOMENTI]..."
        )
        subcommands: Iterable[click.Command] = command.commands.values()
        for subcommand in subcommands:
            speak_italian(subcommand)
