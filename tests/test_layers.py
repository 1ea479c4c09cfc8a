"""The layers kept apart: the import contracts hold, and every module sits in a layer.

The layers contract in pyproject.toml names its modules; a module named in no layer
would not be checked, so a new module left out of the contract fails here.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"


def read_layers() -> list[set[str]]:
    """Return the modules of each layer of the layers contract, highest first."""
    contracts = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"][
        "contracts"
    ]
    (layers,) = [contract["layers"] for contract in contracts if contract["type"] == "layers"]
    return [
        {name.strip().strip("()") for name in layer.replace("|", ":").split(":")}
        for layer in layers
    ]


def test_the_import_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout
    assert " 0 broken." in result.stdout


def test_every_module_sits_in_a_layer() -> None:
    graph = grimp.build_graph("cruscotto")
    placed = set().union(*read_layers())

    def in_a_layer(module: str) -> bool:
        return any(module == name or module.startswith(f"{name}.") for name in placed)

    unplaced = sorted(
        module
        for module in graph.modules
        # a package's __init__ only gathers its modules; migrations are Django's
        if not graph.find_children(module) and ".migrations" not in module
        if not in_a_layer(module)
    )
    assert unplaced == []


def test_the_layers_go_from_the_interfaces_down_to_the_domain() -> None:
    layers = read_layers()
    assert "cruscotto.web" in layers[0] and "cruscotto.api" in layers[0]
    assert {"cruscotto.reports.services", "cruscotto.loaders"} <= layers[1]
    assert "cruscotto.plans.services" in layers[2] and "cruscotto.plans.models" in layers[3]
    assert layers[-2:] == [{"cruscotto.importers"}, {"cruscotto.domain"}]
