"""The `cruscotto` command line.

A command is imported when it is asked for, and Django is configured only when it runs:
`cruscotto --help` lists every command from the registry below without importing any,
`cruscotto import --help` imports that command's module, which needs neither Django nor
the project's models (each command imports those as it runs), and `cruscotto summary`
does not import what `cruscotto serve` needs.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

import click

from cruscotto.cli_italian import ItalianGroup, speak_italian

BUNDLED_SAMPLES = [
    "000_014bd498e15be787.txt",
    "001_c8fc3c27ab7903b2.txt",
    "004_63c10e375ed7a47e.txt",
    "002_a40a8705e1971a15.txt",
    "003_cb1b0797773d428b.txt",
]


def setup_django() -> None:
    """Configure Django once, before a command's callback runs (see run_with_django)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cruscotto.settings")
    import django
    from django.apps import apps

    from cruscotto.runtime import tune_garbage_collector

    if not apps.ready:
        tune_garbage_collector()
        django.setup()


@dataclass(frozen=True)
class LazyCommand:
    """Where a command is defined ("module:attribute"), and the first paragraph of its help,
    which the group's --help lists without importing the module."""

    import_path: str
    summary: str

    def load(self) -> click.Command:
        """The command, its module imported, speaking Italian and configuring Django as it runs."""
        module_name, attribute = self.import_path.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.import_path} is not a click command")
        speak_italian(command)
        run_with_django(command)
        return command

    def short_help(self, limit: int) -> str:
        """The line the group's --help shows, cut as click cuts the loaded command's."""
        return click.Command(None, help=self.summary).get_short_help_str(limit)


# Where a group's callback waits for its subcommand's (Context.meta is shared by a command
# line's contexts).
PENDING_GROUP_CALLBACKS = "cruscotto.pending_group_callbacks"


def run_with_django(command: click.Command) -> None:
    """Make `command`, and each subcommand already loaded, configure Django as its callback
    starts: its --help, and a wrong command line, are answered without Django.

    A group's callback runs before its subcommand reads its own options, --help among them
    (click's Group.invoke): when a subcommand follows, the group's callback waits for the
    subcommand's and runs just before it, Django configured, in the group's context. So
    `cruscotto documents build --help` prepares no database and `cruscotto documents build`
    runs the group's callback, then the subcommand's, as before.
    """
    callback = command.callback
    if callback is not None and not getattr(callback, "runs_with_django", False):
        command.callback = callback_with_django(callback, isinstance(command, click.Group))
    if isinstance(command, click.Group):
        # A lazy group's commands (LazyCommands) are wrapped as they are loaded.
        subcommands = getattr(command.commands, "loaded", command.commands)
        for subcommand in list(subcommands.values()):
            run_with_django(subcommand)


def callback_with_django(callback: Callable[..., Any], is_group: bool) -> Callable[..., Any]:
    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        context = click.get_current_context()
        pending = context.meta.setdefault(PENDING_GROUP_CALLBACKS, [])
        if is_group and context.invoked_subcommand is not None:

            def run_group_callback() -> None:
                with context.scope(cleanup=False):
                    callback(*args, **kwargs)

            pending.append(run_group_callback)
            return None
        setup_django()
        while pending:
            pending.pop(0)()
        return callback(*args, **kwargs)

    run.runs_with_django = True  # type: ignore[attr-defined]
    return run


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands by name, each imported the first time it is looked up.

    Listing the names imports nothing; reading a command (running it, its --help) imports
    its module. Click keeps a group's commands in a mapping, so everything that walks
    `group.commands` sees every command, loaded on the way.
    """

    def __init__(self, lazy: dict[str, LazyCommand]) -> None:
        self.lazy = dict(lazy)
        self.loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self.loaded:
            self.loaded[name] = self.lazy[name].load()
        return self.loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        self.lazy.pop(name, None)
        del self.loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(self.lazy), **dict.fromkeys(self.loaded)})

    def __len__(self) -> int:
        return len(self.lazy.keys() | self.loaded.keys())

    def short_help(self, name: str, limit: int) -> str:
        """A command's line in its group's --help, from the registry if not yet imported."""
        if name in self.loaded:
            return self.loaded[name].get_short_help_str(limit)
        return self.lazy[name].short_help(limit)


class LazyGroup(ItalianGroup):
    """A group whose --help lists its commands without importing them."""

    def format_commands(self, context: click.Context, formatter: click.HelpFormatter) -> None:
        if not isinstance(self.commands, LazyCommands):
            super().format_commands(context, formatter)
            return
        names = self.list_commands(context)
        if not names:
            return
        # The same width click gives the short help of loaded commands (Group.format_commands).
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, self.commands.short_help(name, limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


# Every command of `cruscotto`, with the first paragraph of its help as the command writes it
# (tests/test_cli_startup.py checks that the two agree).
COMMANDS = {
    "backup": LazyCommand(
        "cruscotto.core.cli:backup",
        "Salva tutto il database in un archivio portabile (SQLite e PostgreSQL).",
    ),
    "campaign": LazyCommand(
        "cruscotto.campaigns.cli:campaign",
        "Campagne di monitoraggio: ogni ufficio aggiorna i propri dati dell'anno.",
    ),
    "council": LazyCommand(
        "cruscotto.council.cli:council", "Consiglio: sedute, atti, presenze e votazioni."
    ),
    "coverage": LazyCommand(
        "cruscotto.traceability.cli:coverage",
        "Ciò che nessuno attua: linee di mandato, azioni del PSM, obiettivi, indicatori.",
    ),
    "demo": LazyCommand(
        "cruscotto.commands:demo",
        "Importa i documenti di esempio inclusi e pubblica su di essi l'applicazione web.",
    ),
    "diagnostics": LazyCommand(
        "cruscotto.commands:diagnostics",
        "Stampa ciò che l'importazione non ha saputo leggere in FILE, senza caricare nulla.",
    ),
    "documents": LazyCommand(
        "cruscotto.commands:documents",
        "I documenti importati, con le segnalazioni contate per gravità.",
    ),
    "editions": LazyCommand(
        "cruscotto.traceability.cli:editions",
        "Ogni strategia di un'edizione del PSM rispetto all'edizione precedente: mantenuta, "
        "rinominata, tolta, nuova.",
    ),
    "enti": LazyCommand(
        "cruscotto.commands:enti",
        "Gli enti: codice, nome, tipo, codice ISTAT, i nomi che i documenti stampano.",
    ),
    "export": LazyCommand(
        "cruscotto.commands:export",
        "Scrive PLAN (ENTE/TIPO/CODICE, come lo nomina l'API: torino/dup/2021-2026) nel modello "
        "di foglio di calcolo, così che `cruscotto import` del file in un altro database ne "
        "restituisca voci, albero, classificazioni, strutture, stati per anno, indicatori, "
        "target e valori.",
    ),
    "history": LazyCommand(
        "cruscotto.traceability.cli:history",
        "Chi ha cambiato ITEM e ciò che ne dipende, quando, prima e dopo, e perché, dal più "
        "vecchio: ogni importazione di un documento che lo riporta, ogni modifica ed "
        "eliminazione di un utente (ITEM: un id, o ente/tipo/piano/chiave, come per "
        "`cruscotto trace`).",
    ),
    "import": LazyCommand(
        "cruscotto.commands:import_command",
        "Importa documenti nel database, una transazione per file.",
    ),
    "manage": LazyCommand(
        "cruscotto.commands:manage",
        "Esegue un comando di gestione di Django (es. `cruscotto manage createsuperuser`).",
    ),
    "migrate": LazyCommand(
        "cruscotto.commands:migrate", "Crea il database o ne aggiorna lo schema."
    ),
    "opendata": LazyCommand(
        "cruscotto.reports.cli:opendata",
        "Scrive i dati aperti: un CSV ordinato per indicatore, un file JSON per piano, il "
        "dizionario dei dati.",
    ),
    "performance": LazyCommand(
        "cruscotto.performance.cli:performance",
        "Piano della performance: assegnazioni, pesi, verifica, valori consuntivi e punteggi.",
    ),
    "report": LazyCommand(
        "cruscotto.reports.cli:report",
        "Produce un documento pubblicato dal database: KIND per --year.",
    ),
    "restore": LazyCommand(
        "cruscotto.core.cli:restore",
        "Ripristina un archivio di `cruscotto backup` in un database vuoto.",
    ),
    "serve": LazyCommand(
        "cruscotto.commands:serve",
        "Pubblica l'applicazione web con un server WSGI di produzione (gunicorn).",
    ),
    "summary": LazyCommand(
        "cruscotto.commands:summary",
        "Riepiloga piani, voci, stati, indicatori e segnalazioni del database.",
    ),
    "template": LazyCommand(
        "cruscotto.commands:template",
        "Scrive il modello vuoto di un piano come foglio di calcolo (XLSX).",
    ),
    "tokens": LazyCommand(
        "cruscotto.accounts.tokens_cli:tokens",
        "I token dell'API (/api/v1/): creare, elencare, revocare.",
    ),
    "trace": LazyCommand(
        "cruscotto.traceability.cli:trace",
        "La catena di ITEM tra i piani, verso l'alto e verso il basso (ITEM: un id, o "
        "ente/tipo/piano/chiave).",
    ),
    "units": LazyCommand(
        "cruscotto.plans.cli:units",
        "Strutture organizzative: i loro altri nomi e le unioni che i documenti suggeriscono.",
    ),
    "users": LazyCommand(
        "cruscotto.accounts.cli:users",
        "Gli utenti e i loro ruoli (amministratore, ufficio, referente, dirigente, valutatore).",
    ),
}


@click.group(
    cls=LazyGroup,
    commands=LazyCommands(COMMANDS),
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(
    package_name="cruscotto", message="Cruscotto %(version)s", help="Mostra la versione ed esce."
)
def main() -> None:
    """Cruscotto: pianificazione e controllo strategico per gli enti locali.

    Il database è un file SQLite sotto var/, a meno che DATABASE_URL indichi PostgreSQL.
    """


# Click's own words ("Usage:", "Options", "Show this message and exit.") in Italian too;
# each command learns them when it is imported (LazyCommand.load).
speak_italian(main)

if __name__ == "__main__":
    sys.exit(main())
