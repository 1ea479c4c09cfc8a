"""Every diagnostic code the importers and loaders can emit has its Italian sentence.

The codes are collected from the source, not listed by hand: a parser that starts
emitting a new code fails this test until the code is registered in
cruscotto.core.diagnostic_codes, so no page ever shows a bare snake_case code.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from cruscotto.core.diagnostic_codes import (
    DIAGNOSTIC_CODES,
    codes_as_markdown,
    describe_diagnostic,
)
from cruscotto.domain.diagnostics import Severity
from cruscotto.importers.performance_plan import RULE_PROBLEM_CODES
from cruscotto.loaders.common import LoadResult
from cruscotto.performance.services.labels import diagnostic_label

SRC = Path(__file__).resolve().parents[1] / "src" / "cruscotto"
CODE_SHAPE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]+")

# Where a code reaches a Diagnostic through a variable, and what gives the variable its
# value: a parameter of a helper (its callers pass literals, collected below), or the
# reading of a cell, an indicator code or a date (their constructors are collected below).
FORWARDED = {"code", "problem", "reading.problem", "issue"}
# Calls that make the readings whose `problem`/`issue` becomes a code, by module: the
# argument's position. (rendiconto/indicator_codes.py has a CodeReading of its own whose
# problems activities.py turns into codes written out there.)
READINGS = {"indicator_tables.py": {"CodeReading": 2}, "cell_values.py": {"NumberReading": 1}}


def string(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def module_constants(tree: ast.Module) -> dict[str, str]:
    """NAME = "literal" at module level (MALFORMED_NUMBER = "malformed_number")."""
    constants = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and string(node.value) is not None:
                constants[target.id] = str(string(node.value))
    return constants


def is_severity(node: ast.AST) -> bool:
    """Severity.WARNING, `Severity.WARNING if … else Severity.INFO`."""
    if isinstance(node, ast.IfExp):
        return is_severity(node.body) and is_severity(node.orelse)
    return isinstance(node, ast.Attribute) and getattr(node.value, "id", "") == "Severity"


def code_argument(call: ast.Call) -> ast.AST | None:
    """The argument of `call` that is a diagnostic code, if `call` emits one."""
    name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
    keyword = next((k.value for k in call.keywords if k.arg == "code"), None)
    if name == "Diagnostic":
        return call.args[2] if len(call.args) > 2 else keyword
    if name == "keep_first":
        return call.args[4] if len(call.args) > 4 else keyword
    for position, argument in enumerate(call.args[:-1]):
        if is_severity(argument):
            return call.args[position + 1]  # report(line, Severity.X, code, message)
    # The spreadsheet reader's reader.error(code, sheet, row, column, message).
    if (
        isinstance(call.func, ast.Attribute)
        and name in ("error", "warning")
        and len(call.args) == 5
    ):
        return call.args[0]
    return None


def emitted_codes() -> Iterator[tuple[str, str]]:
    """(code, where) for every code the source can put in a Diagnostic."""
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = module_constants(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Tuple):
                # value, problem = None, "impossible_date"
                for target in node.targets:
                    if isinstance(target, ast.Tuple):
                        for name, value in zip(target.elts, node.value.elts, strict=False):
                            if getattr(name, "id", "") == "problem" and string(value):
                                yield str(string(value)), f"{path.name}:{node.lineno}"
            if not isinstance(node, ast.Call):
                continue
            where = f"{path.relative_to(SRC)}:{node.lineno}"
            reading = READINGS.get(path.name, {}).get(getattr(node.func, "id", ""))
            if reading is not None and len(node.args) > reading:
                argument = node.args[reading]
                value = string(argument) or constants.get(getattr(argument, "id", ""))
                if value:
                    yield value, where
                continue
            argument = code_argument(node)
            if argument is None:
                continue
            branches = (
                [argument.body, argument.orelse] if isinstance(argument, ast.IfExp) else [argument]
            )
            for branch in branches:
                value = string(branch) or constants.get(getattr(branch, "id", ""))
                if value is not None:
                    yield value, where
                else:
                    assert ast.unparse(branch) in FORWARDED, (
                        f"{where}: code from {ast.unparse(branch)}"
                    )


def test_every_emitted_diagnostic_code_has_its_sentence() -> None:
    emitted = dict(emitted_codes())
    emitted.update({code: "RULE_PROBLEM_CODES" for code, _ in RULE_PROBLEM_CODES.values()})
    assert len(emitted) > 200  # the scan finds the parsers' codes, not a handful
    assert all(CODE_SHAPE.fullmatch(code) for code in emitted), emitted
    missing = {code: where for code, where in emitted.items() if code not in DIAGNOSTIC_CODES}
    assert missing == {}


def test_every_registered_code_reads_as_a_sentence() -> None:
    for code, entry in DIAGNOSTIC_CODES.items():
        assert entry.sentence[0].isupper() and entry.sentence.endswith("."), code
        assert "_" not in entry.sentence, code
        assert entry.severity in set(Severity), code


@pytest.mark.django_db
def test_the_seed_diagnostics_are_registered(seeded_db: LoadResult) -> None:
    codes = {diagnostic.code for diagnostic in seeded_db.diagnostics}
    assert codes and codes <= set(DIAGNOSTIC_CODES)


def test_an_unknown_code_still_reads() -> None:
    assert describe_diagnostic("weight_glued_to_text").startswith("Un peso")
    assert describe_diagnostic("some_new_code") == "Segnalazione dell'importazione (some new code)."


def test_the_performance_report_labels_every_code() -> None:
    # A code the relazione has no short label for reads as its registered sentence.
    assert diagnostic_label("weight_unknown") == "peso non noto"
    assert diagnostic_label("tally_mismatch") == DIAGNOSTIC_CODES["tally_mismatch"].sentence


def test_the_documented_codes_are_the_registry() -> None:
    """docs/diagnostics.md is generated (`cruscotto diagnostics --codici`), never hand-kept."""
    documented = (Path(__file__).resolve().parent.parent / "docs" / "diagnostics.md").read_text(
        encoding="utf-8"
    )
    assert documented == codes_as_markdown()
    assert documented.count("\n| `") == len(DIAGNOSTIC_CODES)
