"""Checks on the reference taxonomies shipped in ``cruscotto/plans/reference`` (no database)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from cruscotto.domain.text import fold_text

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "src" / "cruscotto" / "plans" / "reference"
SEED = ROOT / "samples" / "000_014bd498e15be787.txt"

FILES = {
    "bilancio_118.json": "bilancio_118",
    "sdg.json": "sdg",
    "pnrr_missioni.json": "pnrr_missioni",
    "impatto.json": "impatto",
    "stato.json": "stato",
    "zona_omogenea.json": "zona_omogenea",
    "valore_pubblico_driver.json": "valore_pubblico_driver",
    "programma_finanziamento.json": "programma_finanziamento",
    "fonte_dati.json": "fonte_dati",
    "indagine_dimensione.json": "indagine_dimensione",
}

# Programmi per missione in D.Lgs. 118/2011, allegato 14 (including those "solo per le Regioni").
PROGRAMMI_PER_MISSIONE = {
    "01": 12,
    "02": 3,
    "03": 3,
    "04": 8,
    "05": 3,
    "06": 3,
    "07": 2,
    "08": 3,
    "09": 9,
    "10": 6,
    "11": 3,
    "12": 10,
    "13": 8,
    "14": 5,
    "15": 4,
    "16": 3,
    "17": 2,
    "18": 2,
    "19": 2,
    "20": 3,
    "50": 2,
    "60": 1,
    "99": 2,
}

PNRR_COMPONENTI = {"M1": 3, "M2": 4, "M3": 2, "M4": 2, "M5": 3, "M6": 2}


def load(name: str) -> dict:
    with (REFERENCE / name).open(encoding="utf-8") as fh:
        return json.load(fh)


def by_code(name: str) -> dict[str, dict]:
    return {t["code"]: t for t in load(name)["terms"]}


@pytest.mark.parametrize("filename,code", sorted(FILES.items()))
def test_file_shape(filename: str, code: str) -> None:
    data = load(filename)
    assert data["code"] == code
    assert data["name"].strip()
    assert data["source"].strip()
    assert data["terms"]
    allowed = {"code", "name", "description", "parent", "aliases"}
    for t in data["terms"]:
        assert {"code", "name", "description", "parent"} <= t.keys(), t
        assert t.keys() <= allowed, t
        assert isinstance(t["code"], str) and t["code"].strip() == t["code"] != ""
        assert isinstance(t["name"], str) and t["name"].strip() == t["name"] != ""
        assert isinstance(t["description"], str)
        assert t["parent"] is None or isinstance(t["parent"], str)
        if "aliases" in t:
            assert isinstance(t["aliases"], list)
            assert all(isinstance(a, str) and a.strip() for a in t["aliases"])


@pytest.mark.parametrize("filename", sorted(FILES))
def test_no_duplicate_codes(filename: str) -> None:
    codes = Counter(t["code"] for t in load(filename)["terms"])
    assert [c for c, n in codes.items() if n > 1] == []


@pytest.mark.parametrize("filename", sorted(FILES))
def test_every_parent_exists(filename: str) -> None:
    terms = by_code(filename)
    for t in terms.values():
        if t["parent"] is not None:
            assert t["parent"] in terms, t
            assert t["parent"] != t["code"]


def test_sdg() -> None:
    terms = by_code("sdg.json")
    assert list(terms) == [str(i) for i in range(1, 18)]
    assert all(t["parent"] is None and t["description"] for t in terms.values())
    assert terms["1"]["name"] == "Sconfiggere la povertà"
    assert terms["1"]["description"] == "Porre fine ad ogni forma di povertà nel mondo"
    assert terms["2"]["name"] == "Sconfiggere la fame"
    assert terms["3"]["name"] == "Salute e benessere"
    assert terms["4"]["name"] == "Istruzione di qualità"
    assert terms["17"]["name"] == "Partnership per gli obiettivi"


def test_pnrr_missions_and_components() -> None:
    terms = by_code("pnrr_missioni.json")
    missions = [c for c, t in terms.items() if t["parent"] is None]
    assert missions == ["M1", "M2", "M3", "M4", "M5", "M6"]
    components = [c for c, t in terms.items() if t["parent"] is not None]
    assert len(components) == 16
    for code in components:
        assert re.fullmatch(r"M[1-6]C[1-4]", code)
        assert terms[code]["parent"] == code[:2]
    assert Counter(terms[c]["parent"] for c in components) == PNRR_COMPONENTI
    assert terms["M1C1"]["name"] == "Digitalizzazione, innovazione e sicurezza nella PA"


def test_pnrr_mission_names_match_seed() -> None:
    terms = by_code("pnrr_missioni.json")
    printed = dict(
        re.findall(r"^Missione ([1-6]): (.+?)\s*$", SEED.read_text(encoding="utf-8"), re.M)
    )
    assert sorted(printed) == ["1", "2", "3", "4", "5", "6"]
    for n, name in printed.items():
        assert terms[f"M{n}"]["name"].casefold() == name.casefold()


def test_bilancio_missioni_and_programmi_counts() -> None:
    terms = by_code("bilancio_118.json")
    missioni = [c for c, t in terms.items() if t["parent"] is None]
    assert missioni == list(PROGRAMMI_PER_MISSIONE)
    for code in missioni:
        assert re.fullmatch(r"\d\d", code)
    programmi = [c for c, t in terms.items() if t["parent"] is not None]
    for code in programmi:
        assert re.fullmatch(r"\d\d\.\d\d", code)
        assert terms[code]["parent"] == code[:2]
    assert Counter(terms[c]["parent"] for c in programmi) == PROGRAMMI_PER_MISSIONE
    assert len(programmi) == sum(PROGRAMMI_PER_MISSIONE.values()) == 99


def test_bilancio_known_names() -> None:
    terms = by_code("bilancio_118.json")
    assert terms["01"]["name"] == "Servizi istituzionali, generali e di gestione"
    assert terms["01.01"]["name"] == "Organi istituzionali"
    assert terms["01.02"]["name"] == "Segreteria generale"
    assert terms["01.09"]["name"] == "Assistenza tecnico-amministrativa agli enti locali"
    assert terms["12.09"]["name"] == "Servizio necroscopico e cimiteriale"
    assert terms["20.02"]["name"] == "Fondo crediti di dubbia esigibilità"


def _seed_headings() -> dict[tuple[int, int], tuple[str, str]]:
    text = SEED.read_text(encoding="utf-8")
    pattern = re.compile(r"^MISSIONE (\d+): ([^\n*]+?)[\s*]*PROGRAMMA (\d+): ([^\n*]+)", re.M)
    return {(int(m[1]), int(m[3])): (m[2].strip(), m[4].strip()) for m in pattern.finditer(text)}


def _norm(s: str) -> str:
    s = re.sub(r"[^0-9A-ZÀ-Ý']+", " ", s.upper().replace("’", "'"))
    return " ".join(s.split())


def test_every_programma_printed_in_seed_exists() -> None:
    terms = by_code("bilancio_118.json")
    headings = _seed_headings()
    # every "PROGRAMMA n:" heading of the seed was paired with its MISSIONE heading
    assert len(headings) == len(re.findall(r"PROGRAMMA \d+:", SEED.read_text(encoding="utf-8")))
    assert len(headings) == 52
    for (m, p), (m_name, p_name) in headings.items():
        mcode, pcode = f"{m:02d}", f"{m:02d}.{p:02d}"
        assert mcode in terms, (m, m_name)
        assert pcode in terms, (m, p, p_name)
        assert terms[pcode]["parent"] == mcode
        # same entry: the printed name is the official one or one of its recorded variants
        for code, printed in ((mcode, m_name), (pcode, p_name)):
            known = {_norm(terms[code]["name"])} | {
                _norm(a) for a in terms[code].get("aliases", [])
            }
            assert _norm(printed) in known, (code, printed)


def test_impatto() -> None:
    terms = by_code("impatto.json")
    assert list(terms) == ["economico", "sociale", "ambientale", "interno"]
    assert [t["name"] for t in terms.values()] == ["Economico", "Sociale", "Ambientale", "Interno"]
    assert all(t["description"] and t["parent"] is None for t in terms.values())


def test_stato() -> None:
    terms = by_code("stato.json")
    assert list(terms) == ["in_corso", "avviato", "concluso"]
    assert [t["name"] for t in terms.values()] == ["In corso", "Avviato", "Concluso"]
    owner: dict[str, str] = {}
    for code, t in terms.items():
        assert t["description"]
        for alias in t["aliases"] + [t["name"]]:
            key = alias.casefold()
            assert owner.setdefault(key, code) == code, (alias, code, owner[key])
    # every value printed in the seed's "Stato dell'obiettivo" column normalises to a status
    for printed in ("In corso", "Avviato", "Concluso", "Attività conclusa", "concluso"):
        assert printed.casefold() in owner, printed
    assert owner["attività conclusa"] == "concluso"


def test_zona_omogenea_as_the_seeds_print_them() -> None:
    terms = by_code("zona_omogenea.json")
    assert list(terms) == [str(number) for number in range(1, 12)]
    samples = ROOT / "samples"
    # the monitoring's zone table prints every zone's number and name (001:1734-1752)
    monitoring = (samples / "001_c8fc3c27ab7903b2.txt").read_text(encoding="utf-8")
    for code, term in terms.items():
        assert f"Zona {code} – {term['name']} " in monitoring, term
    # the council act names six zones by the names it uses (002:23): each is a name or alias
    act = (samples / "002_a40a8705e1971a15.txt").read_text(encoding="utf-8")
    printed = re.findall(r'Zona omogenea (\d+) "([^"]+)"', act)
    assert len(printed) == 6
    for code, name in printed:
        assert name in [terms[code]["name"], *terms[code].get("aliases", [])], (code, name)


def _spellings(name: str) -> dict[str, str]:
    """Every name and alias of a file, folded, with the term that owns it (each once)."""
    owner: dict[str, str] = {}
    for t in load(name)["terms"]:
        for spelling in [t["name"], *t.get("aliases", [])]:
            key = _norm(spelling)
            assert owner.setdefault(key, t["code"]) == t["code"], (name, spelling)
    return owner


def test_sdg_first_alias_is_the_seeds_printed_name() -> None:
    # The report reprints an SDG by its first alias (else its name): the seed's wording.
    printed = {
        (int(number), name.strip())
        for number, name in re.findall(
            r"(?<![\w.,/])(\d{1,2}) – ([A-ZÀ-Ý' ,-]+?)(?=\s+\d{1,2} –|\s*<|\t|$)",
            SEED.read_text(encoding="utf-8"),
            re.M,
        )
    }
    terms = by_code("sdg.json")
    assert len({number for number, _ in printed}) >= 10
    for number, name in printed:
        term = terms[str(number)]
        assert (term.get("aliases") or [term["name"]])[0].upper() == name, (number, name)


def test_impatto_aliases_are_one_terms_forms() -> None:
    owner = _spellings("impatto.json")
    assert owner[_norm("Economiche")] == "economico"
    assert owner[_norm("Sociali")] == "sociale"


def test_valore_pubblico_driver_as_the_seed_prints_them() -> None:
    terms = by_code("valore_pubblico_driver.json")
    text = (ROOT / "samples" / "004_63c10e375ed7a47e.txt").read_text(encoding="utf-8")
    cells = {line.split("\t")[-1].strip() for line in text.splitlines() if line.count("\t") == 5}
    for code, term in terms.items():
        assert term["name"] in cells, term
        # the code the performance loader gives a label
        assert code == fold_text(term["name"]).lower().replace(" ", "_")


def test_programma_finanziamento_and_fonte_dati_spellings_are_unique() -> None:
    for name in ("programma_finanziamento.json", "fonte_dati.json"):
        assert _spellings(name)


def test_indagine_dimensione() -> None:
    terms = by_code("indagine_dimensione.json")
    dimensions = [c for c, t in terms.items() if t["parent"] is None]
    assert dimensions == [
        "target", "ruolo", "tipo_organizzazione", "eta", "genere", "titolo_di_studio",
        "zona_omogenea",
    ]  # fmt: skip
    for code, term in terms.items():
        if term["parent"] is not None:
            assert term["parent"] in dimensions and code.startswith(term["parent"] + ".")
    _spellings("indagine_dimensione.json")
