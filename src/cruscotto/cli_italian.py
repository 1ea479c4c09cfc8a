"""Click's own words in Italian: "Uso:", "Opzioni", "Mostra questo aiuto ed esce.".

Click writes its headings and the help of --help and --version through gettext, whose
catalog follows the user's locale; the commands' own help is Italian whatever the
locale, so the few strings click adds are translated here, where the help is written.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any

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


# The messages click builds when a command line is wrong, as (pattern, Italian).
CLICK_MESSAGES = [
    (r"Missing (?:option|argument|parameter) '([^']*)'\.", r"manca «\1»."),
    (r"Missing parameter: (.+)", r"manca «\1»."),
    (r"Choose from:", "Valori possibili:"),
    (r"No such option '([^']*)'\.", r"l'opzione «\1» non esiste."),
    (r"No such command '([^']*)'\.", r"il comando «\1» non esiste."),
    (r"Did you mean one of:? (.+?)\?", r"Forse uno tra \1?"),
    (r"Did you mean (.+?)\?", r"Forse \1?"),
    (r"\(Possible options: (.+?)\)", r"(opzioni possibili: \1)"),
    (r"Got unexpected extra arguments? \((.+?)\)", r"argomenti in più: \1"),
    (r"Option '([^']*)' requires an argument\.", r"l'opzione «\1» vuole un valore."),
    (r"Option '([^']*)' does not take a value\.", r"l'opzione «\1» non prende valori."),
    (r"'([^']*)' is not a valid integer\.", r"«\1» non è un numero intero."),
    (r"'([^']*)' is not a valid float\.", r"«\1» non è un numero."),
    (r"'([^']*)' is not one of (.+?)\.$", r"«\1» non è tra \2."),
    (r"(?:File|Directory|Path) '([^']*)' does not exist\.", r"«\1» non esiste."),
    (
        r"(?:File|Directory|Path) '([^']*)' is a (?:file|directory)\.",
        r"«\1» non è del tipo atteso.",
    ),
    (r"Could not open file '([^']*)': ", r"non si apre «\1»: "),
    (r"(\S+) is not in the range (.+?)\.", r"\1 è fuori dall'intervallo \2."),
    (r"Invalid value for '([^']*)': ", r"valore non valido per «\1»: "),
    (r"Invalid value: ", "valore non valido: "),
]


def translate_message(message: str) -> str:
    """Click's message for a wrong command line in Italian; the project's own are already."""
    for pattern, italian in CLICK_MESSAGES:
        message = re.sub(pattern, italian, message)
    return message


def show_error(error: click.ClickException) -> None:
    """What click prints for an error, in Italian: the usage, where to find help, the error."""
    message = translate_message(error.format_message())
    if isinstance(error, click.UsageError) and error.ctx is not None:
        click.echo(error.ctx.get_usage(), err=True)
        click.echo(f"Per l'aiuto: «{error.ctx.command_path} --help».\n", err=True)
    click.echo(f"Errore: {message}", err=True)


class ItalianGroup(click.Group):
    """The command line's root: click's error messages in Italian (see show_error)."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            # Without standalone mode click returns the exit code of ctx.exit() and raises
            # its errors instead of printing them in English.
            result = super().main(args, prog_name, complete_var, False, **extra)
        except click.ClickException as error:
            show_error(error)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("Interrotto.", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


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
        # A lazy group's commands (cruscotto.cli.LazyCommands) learn Italian when they are
        # imported: only those already loaded are reached here, so nothing is imported.
        commands = getattr(command.commands, "loaded", command.commands)
        subcommands: Iterable[click.Command] = commands.values()
        for subcommand in subcommands:
            speak_italian(subcommand)
