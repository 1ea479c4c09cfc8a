"""Named people of the cmto performance cycle, on the seed's Piano della Performance 2024.

- `ufficio`: the ufficio di controllo of cmto, who opens, reviews and closes the campaign;
- `referente`: the referente of the managed structure whose objectives are measured in
  the most ways (`unit`);
- `dirigente`: the manager's role on that structure, who reads its scorecard;
- `valutatore`: the OIV / Nucleo of cmto, who validates the scores;
- `valutatore_torino`: the valutatore of another ente.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser, User

from cruscotto.accounts.models import Role
from cruscotto.campaigns.models import Campaign
from cruscotto.campaigns.services.opening import find_plan, open_campaign
from cruscotto.core.models import Ente, OrgUnit
from cruscotto.importers.performance_actuals import read_actuals
from cruscotto.loaders.common import LoadResult, SourceFile
from cruscotto.loaders.performance_actuals import store_actuals
from cruscotto.loaders.performance_plan import load_performance_plan
from cruscotto.performance.models import Assignment, ScoringRule, StructureManager
from cruscotto.performance.services.checks import parse_and_check
from cruscotto.plans.models import Plan
from imported_once import imported_once

YEAR = 2024  # the plan's year
PERFORMANCE_SEED = Path(__file__).resolve().parents[2] / "samples" / "004_63c10e375ed7a47e.txt"


def make_user(username: str, kind: str, ente: Ente | None, units: list[OrgUnit] = ()) -> User:  # type: ignore[assignment]
    user = User.objects.create_user(username, email=f"{username}@example.org", password="x")
    role = Role.objects.create(user=user, ente=ente, kind=kind)
    role.org_units.add(*units)
    return user


def most_varied_structure(plan: Plan) -> OrgUnit:
    """The managed structure whose objectives are measured in the most ways (yes/no,
    percent, counts …): its referente's entries meet every check of a value's type."""
    kinds: dict[OrgUnit, set[str]] = defaultdict(set)
    managed = StructureManager.objects.filter(plan=plan, person__isnull=False).values("org_unit")
    for assignment in Assignment.objects.filter(
        plan=plan, org_unit__in=managed, objective__scoring_rule__ente_wide=False
    ).select_related("org_unit", "objective__scoring_rule"):
        rule = assignment.objective.scoring_rule
        kinds[assignment.org_unit].add(f"{rule.kind}/{rule.unit}")
    return min(kinds, key=lambda unit: (-len(kinds[unit]), unit.code))


@dataclass
class CmtoPeople:
    cmto: Ente
    plan: Plan
    unit: OrgUnit
    ufficio: Any
    referente: Any
    dirigente: Any
    valutatore: Any
    valutatore_torino: Any
    ufficio_torino: Any
    anonymous: Any


@imported_once
def cmto(seeded_db: LoadResult) -> CmtoPeople:
    source = SourceFile.read(PERFORMANCE_SEED)
    load_performance_plan(parse_and_check(source.text), source, actor="test")
    cmto = Ente.objects.get(code="cmto")
    torino = Ente.objects.get(code="torino")
    plan = find_plan(cmto, f"{Plan.Kind.PERFORMANCE}/{YEAR}")
    unit = most_varied_structure(plan)
    return CmtoPeople(
        cmto=cmto,
        plan=plan,
        unit=unit,
        ufficio=make_user("ufficio.cmto", Role.Kind.UFFICIO, cmto),
        referente=make_user("referente.cmto", Role.Kind.REFERENTE, cmto, [unit]),
        dirigente=make_user("dirigente.cmto", Role.Kind.DIRIGENTE, cmto, [unit]),
        valutatore=make_user("valutatore.cmto", Role.Kind.VALUTATORE, cmto),
        valutatore_torino=make_user("valutatore.torino", Role.Kind.VALUTATORE, torino),
        ufficio_torino=make_user("ufficio.torino", Role.Kind.UFFICIO, torino),
        anonymous=AnonymousUser(),
    )


@imported_once
def cmto_campaign(cmto: CmtoPeople) -> Campaign:
    return open_campaign(cmto.ufficio, cmto.cmto, cmto.plan, YEAR, datetime.date(YEAR + 1, 3, 31))


def ente_wide_file(tmp_path: Path, cmto: CmtoPeople, extra: str = "") -> Path:
    """The ufficio's actuals file with each Ente-wide objective's value (its target)."""
    lines = ["obiettivo;struttura;valore"]
    for rule in ScoringRule.objects.filter(objective__plan=cmto.plan, ente_wide=True).order_by(
        "objective__position"
    ):
        lines.append(f"{rule.objective.code};Ente;{format(rule.target.normalize(), 'f')}")
    path = tmp_path / "consuntivi-ente.csv"
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def load_file(cmto: CmtoPeople, path: Path) -> list[str]:
    result = store_actuals(cmto.plan, YEAR, read_actuals(path), SourceFile.read(path), "test")
    return [f"{d.line}:{d.code}" for d in result.diagnostics]
