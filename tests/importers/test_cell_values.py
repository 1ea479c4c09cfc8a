"""Table cells of the seed documents, read by `parse_cell`.

Every example is printed in one of the seeds (the line is in the comment) unless
it says otherwise; expected values are exact, including the printed precision.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from cruscotto.importers.cell_values import (
    AMBIGUOUS_SEPARATOR,
    MALFORMED_NUMBER,
    _read_plain_number,
    _read_structured_cell,
    normalise_cell_text,
    parse_cell,
    read_italian_number,
)
from cruscotto.importers.records import CellValue, Qualifier, ValueComponent, ValueType

COUNT, PERCENT, EURO, RATIO = ValueType.COUNT, ValueType.PERCENT, ValueType.EURO, ValueType.RATIO
YES_NO, TEXT, MISSING = ValueType.YES_NO, ValueType.TEXT, ValueType.MISSING
APPROXIMATE, GREATER, LESS = Qualifier.APPROXIMATE, Qualifier.GREATER_THAN, Qualifier.LESS_THAN
NOT_AVAILABLE, PRE_FINAL = Qualifier.NOT_AVAILABLE, Qualifier.PRE_FINAL
FOOTNOTE, PARTIAL = Qualifier.FOOTNOTE, Qualifier.PARTIAL


def part(
    value: str | None,
    value_type: ValueType,
    label: str = "",
    unit: str = "",
    denominator: str | None = None,
    qualifiers: tuple[Qualifier, ...] = (),
) -> ValueComponent:
    return ValueComponent(
        value=None if value is None else Decimal(value),
        value_type=value_type,
        label=label,
        unit=unit,
        denominator=None if denominator is None else Decimal(denominator),
        qualifiers=qualifiers,
    )


def assert_cell(
    cell: CellValue,
    value: str | None,
    value_type: ValueType,
    qualifiers: tuple[Qualifier, ...],
    components: tuple[ValueComponent, ...],
    issues: tuple[str, ...] = (),
) -> None:
    # str() as well as ==: Decimal("7079072.00") == Decimal("7079072"), but the
    # printed precision must survive.
    assert (str(cell.value) if cell.value is not None else None) == value
    assert cell.value_type is value_type
    assert cell.qualifiers == qualifiers
    assert cell.components == components
    assert [str(c.value) for c in cell.components] == [str(c.value) for c in components]
    assert cell.issues == issues


NUMBER_CASES = [
    # Italian number formats
    ("1.054.787,85", "1054787.85", COUNT, (), (part("1054787.85", COUNT),)),
    ("2.689", "2689", COUNT, (), (part("2689", COUNT),)),  # 543: a count, not 2.689
    ("87,34 %", "87.34", PERCENT, (), (part("87.34", PERCENT, unit="%"),)),  # 551
    ("75%", "75", PERCENT, (), (part("75", PERCENT, unit="%"),)),  # 550
    ("4002", "4002", COUNT, (), (part("4002", COUNT),)),  # 846: a count, not a year
    ("1.313,3", "1313.3", COUNT, (), (part("1313.3", COUNT),)),  # 615
    ("1078,19 €", "1078.19", EURO, (), (part("1078.19", EURO, unit="€"),)),  # 2207
    ("0,46", "0.46", COUNT, (), (part("0.46", COUNT),)),  # 001 seed, 2648
    ("-13,8", "-13.8", COUNT, (), (part("-13.8", COUNT),)),  # 001 seed, 2933
    ("-9.242,1", "-9242.1", COUNT, (), (part("-9242.1", COUNT),)),  # 001 seed, 2942
    ("0", "0", COUNT, (), (part("0", COUNT),)),
    (
        "7.079.072,00 (comprese merende)",  # 854
        "7079072.00",
        COUNT,
        (),
        (part("7079072.00", COUNT, label="comprese merende"),),
    ),
    # euros
    ("€ 20.000", "20000", EURO, (), (part("20000", EURO, unit="€"),)),  # 157
    ("€1.159.605,00", "1159605.00", EURO, (), (part("1159605.00", EURO, unit="€"),)),  # 852
    ("524.018.883,50 €", "524018883.50", EURO, (), (part("524018883.50", EURO, unit="€"),)),
    ("87.694,15 euro", "87694.15", EURO, (), (part("87694.15", EURO, unit="€"),)),  # 2526
    (
        "Euro 362.315,60 spesa corrente",  # 1786
        "362315.60",
        EURO,
        (),
        (part("362315.60", EURO, label="spesa corrente", unit="€"),),
    ),
    (
        "spesa corrente euro 14.640,00",  # 1559
        "14640.00",
        EURO,
        (),
        (part("14640.00", EURO, label="spesa corrente", unit="€"),),
    ),
    ("200 mila euro", "200000", EURO, (), (part("200000", EURO, unit="€"),)),  # 1628
    ("7 milioni di euro", "7000000", EURO, (), (part("7000000", EURO, unit="€"),)),  # 2635
    (
        "300.000 euro circa",  # 2646
        "300000",
        EURO,
        (APPROXIMATE,),
        (part("300000", EURO, unit="€", qualifiers=(APPROXIMATE,)),),
    ),
    (
        "Pre-consuntivo € 248.446.731,32",  # 598
        "248446731.32",
        EURO,
        (PRE_FINAL,),
        (part("248446731.32", EURO, unit="€", qualifiers=(PRE_FINAL,)),),
    ),
    (
        "54.357.605,08 (PN METRO PLUS) + 702.982.827,4 €",  # 161: a sum is not added up
        None,
        EURO,
        (),
        (
            part("54357605.08", EURO, label="PN METRO PLUS", unit="€"),
            part("702982827.4", EURO, unit="€"),
        ),
    ),
    (
        "84.294.379,09 (PN METRO PLUS) + 717.609.256,53",  # 161: no unit printed at all
        None,
        COUNT,
        (),
        (part("84294379.09", COUNT, label="PN METRO PLUS"), part("717609256.53", COUNT)),
    ),
    # ratios
    ("454/569", "454", RATIO, (), (part("454", RATIO, denominator="569"),)),  # 848
    ("467 / 624", "467", RATIO, (), (part("467", RATIO, denominator="624"),)),  # 848
    ("2.650/7.195", "2650", RATIO, (), (part("2650", RATIO, denominator="7195"),)),  # 618
    (
        "412/€ 378.276,22",  # 316: acts / euros
        "412",
        RATIO,
        (),
        (part("412", RATIO, unit="€", denominator="378276.22"),),
    ),
    (
        "268.947.602 € / 269.000.000 €",  # 329
        "268947602",
        RATIO,
        (),
        (part("268947602", RATIO, unit="€", denominator="269000000"),),
    ),
    (
        "2.655/7.427*",  # 618
        "2655",
        RATIO,
        (FOOTNOTE,),
        (part("2655", RATIO, denominator="7427", qualifiers=(FOOTNOTE,)),),
    ),
    (
        "924/1030 (mancano i resoconti peg)",  # 723
        "924",
        RATIO,
        (),
        (part("924", RATIO, label="mancano i resoconti peg", denominator="1030"),),
    ),
    (
        "Anno 2021 8239/ 8270 <small>compresi cessati in corso d'anno</small>",  # 620
        "8239",
        RATIO,
        (),
        (
            part(
                "8239",
                RATIO,
                label="Anno 2021 … compresi cessati in corso d'anno",
                denominator="8270",
            ),
        ),
    ),
    (
        "120.090 / 126.073 = 95 %",  # 501: the printed result is the headline
        "95",
        PERCENT,
        (),
        (part("120090", RATIO, denominator="126073"), part("95", PERCENT, unit="%")),
    ),
    (
        "260.329,87/ 7.216.487,36 = 3,6%",  # 314
        "3.6",
        PERCENT,
        (),
        (part("260329.87", RATIO, denominator="7216487.36"), part("3.6", PERCENT, unit="%")),
    ),
    (
        "1.509/1.741 86%",  # 1228: no "=", so no headline
        None,
        TEXT,
        (),
        (part("1509", RATIO, denominator="1741"), part("86", PERCENT, unit="%")),
    ),
    (
        "210 gg / 240 gg",  # 482: two durations, not a ratio
        None,
        COUNT,
        (),
        (part("210", COUNT, unit="gg"), part("240", COUNT, unit="gg")),
    ),
    (
        "7gg/18 gg",  # 483
        None,
        COUNT,
        (),
        (part("7", COUNT, unit="gg"), part("18", COUNT, unit="gg")),
    ),
    (
        "7/7 servizio economato 3/4 Servizio Gestione Parco Veicoli 10/11= 91% come totale Divisione",
        "91",  # 268
        PERCENT,
        (),
        (
            part("7", RATIO, label="servizio economato", denominator="7"),
            part("3", RATIO, label="Servizio Gestione Parco Veicoli", denominator="4"),
            part("10", RATIO, denominator="11"),
            part("91", PERCENT, label="come totale Divisione", unit="%"),
        ),
    ),
]

SPECIAL_CASES = [
    ("SI", "1", YES_NO, (), (part("1", YES_NO),)),
    ("Si", "1", YES_NO, (), (part("1", YES_NO),)),  # 841
    ("Sì", "1", YES_NO, (), (part("1", YES_NO),)),
    ("NO", "0", YES_NO, (), (part("0", YES_NO),)),
    ("-", None, MISSING, (), ()),  # a printed dash: nothing measured
    ("–", None, MISSING, (), ()),
    ("", None, MISSING, (), ()),
    ("   ", None, MISSING, (), ()),
    ("N.D.", None, MISSING, (NOT_AVAILABLE,), ()),  # 551
    ("n.d.", None, MISSING, (NOT_AVAILABLE,), ()),
    ("N.D. (dato parziale)", None, MISSING, (NOT_AVAILABLE, PARTIAL), ()),  # made up
    ("Concluso", None, TEXT, (), ()),  # 314
    ("Murarte Digitalizzazione Opere", None, TEXT, (), ()),  # 1319
    ("Importo confluito nel Cap 166000", None, TEXT, (), ()),  # 448: a budget chapter
    ("Il dato 2025 sarà disponibile a settembre 2026 post validazione Regione", None, TEXT, (), ()),
    ("Avvio cabina di regia con 19 ETS capofila", None, TEXT, (), ()),  # 2326: prose
    (
        "Riduzione del 51% spesa per interessi passivi",  # 260: prose, the % kept
        None,
        TEXT,
        (),
        (part("51", PERCENT, label="Riduzione del … spesa per interessi passivi", unit="%"),),
    ),
    (
        "spesa corrente euro 0 effettuato intervento straordinario con FONDI PON METRO REACT "
        "sui sentieri 16, 26 e 29",  # 1559: trail numbers are names, not values
        None,
        TEXT,
        (),
        (
            part(
                "0",
                EURO,
                label="spesa corrente … effettuato intervento straordinario con FONDI PON "
                "METRO REACT sui sentieri 16, 26 e 29",
                unit="€",
            ),
        ),
    ),
]

QUALIFIER_CASES = [
    ("c.a 4.500", "4500", COUNT, (APPROXIMATE,), (part("4500", COUNT, qualifiers=(APPROXIMATE,)),)),
    ("c.a. 6800", "6800", COUNT, (APPROXIMATE,), (part("6800", COUNT, qualifiers=(APPROXIMATE,)),)),
    ("circa 300", "300", COUNT, (APPROXIMATE,), (part("300", COUNT, qualifiers=(APPROXIMATE,)),)),
    (
        "> 70.000 m",  # 1558
        "70000",
        COUNT,
        (GREATER,),
        (part("70000", COUNT, unit="m", qualifiers=(GREATER,)),),
    ),
    (">30%", "30", PERCENT, (GREATER,), (part("30", PERCENT, unit="%", qualifiers=(GREATER,)),)),
    (">50", "50", COUNT, (GREATER,), (part("50", COUNT, qualifiers=(GREATER,)),)),  # 1063
    ("< 5", "5", COUNT, (LESS,), (part("5", COUNT, qualifiers=(LESS,)),)),  # made up
    (
        "Pre-consuntivo 959",  # 608
        "959",
        COUNT,
        (PRE_FINAL,),
        (part("959", COUNT, qualifiers=(PRE_FINAL,)),),
    ),
    ("9.193*", "9193", COUNT, (FOOTNOTE,), (part("9193", COUNT, qualifiers=(FOOTNOTE,)),)),
    (
        "5,28* gg",  # 267
        "5.28",
        COUNT,
        (FOOTNOTE,),
        (part("5.28", COUNT, unit="gg", qualifiers=(FOOTNOTE,)),),
    ),
    (
        "5,47*gg",  # 267
        "5.47",
        COUNT,
        (FOOTNOTE,),
        (part("5.47", COUNT, unit="gg", qualifiers=(FOOTNOTE,)),),
    ),
    (
        "1.234 (dato parziale)",  # made up
        "1234",
        COUNT,
        (PARTIAL,),
        (part("1234", COUNT, qualifiers=(PARTIAL,)),),
    ),
    (
        "+11.627 mq",  # 1857
        "11627",
        COUNT,
        (),
        (part("11627", COUNT, unit="mq"),),
    ),
    (
        "41% (valore medio)",
        "41",
        PERCENT,
        (),
        (part("41", PERCENT, label="valore medio", unit="%"),),
    ),
]

MULTI_VALUE_CASES = [
    (
        "protocolli: 534.233 irisweb: 462.735",  # 553
        None,
        COUNT,
        (),
        (part("534233", COUNT, label="protocolli"), part("462735", COUNT, label="irisweb")),
    ),
    (
        "sede centrale: 21.795 delegazioni: 979",  # 498
        None,
        COUNT,
        (),
        (part("21795", COUNT, label="sede centrale"), part("979", COUNT, label="delegazioni")),
    ),
    (
        "11.614 nati 1960 11.934 nati 1961",  # 1231: years are labels
        None,
        COUNT,
        (),
        (part("11614", COUNT, label="nati 1960"), part("11934", COUNT, label="nati 1961")),
    ),
    ("12.106 nati 1962", "12106", COUNT, (), (part("12106", COUNT, label="nati 1962"),)),
    (
        "922 mq di fioritura estiva e 347 mq di fioritura autunnale",  # 1793
        None,
        COUNT,
        (),
        (
            part("922", COUNT, label="di fioritura estiva", unit="mq"),
            part("347", COUNT, label="di fioritura autunnale", unit="mq"),
        ),
    ),
    (
        "248 (228 sul territorio + 20 in deposito in vivaio)",  # 1792: total and its parts
        "248",
        COUNT,
        (),
        (
            part("248", COUNT),
            part("228", COUNT, label="sul territorio"),
            part("20", COUNT, label="in deposito in vivaio"),
        ),
    ),
    (
        "112+93",  # 001 seed, 2478: FSC + PEFC
        None,
        COUNT,
        (),
        (part("112", COUNT), part("93", COUNT)),
    ),
    (
        "11 per pratiche + 69 per informazioni",  # 479
        None,
        COUNT,
        (),
        (part("11", COUNT, label="per pratiche"), part("69", COUNT, label="per informazioni")),
    ),
    (
        "tot. 126.073 sede centrale: 53.232 (di cui CIE 49.608) delegazioni: 72.841 "
        "(di cui CIE 70.482)",  # 500: "tot." states the total
        "126073",
        COUNT,
        (),
        (
            part("126073", COUNT, label="tot"),
            part("53232", COUNT, label="sede centrale"),
            part("49608", COUNT, label="di cui CIE"),
            part("72841", COUNT, label="delegazioni"),
            part("70482", COUNT, label="di cui CIE"),
        ),
    ),
    (
        "Tot. 19.959 centrale 6.120 Del. 13.839",  # 503: labels before the numbers
        "19959",
        COUNT,
        (),
        (
            part("19959", COUNT, label="Tot"),
            part("6120", COUNT, label="centrale"),
            part("13839", COUNT, label="Del"),
        ),
    ),
    (
        "Tot: 212 / Nuclei: 56",  # 2283: a slash between labelled values is no ratio
        "212",
        COUNT,
        (),
        (part("212", COUNT, label="Tot"), part("56", COUNT, label="Nuclei")),
    ),
    (
        "10.739 (di cui 261 funerali municipali)",  # 2432
        "10739",
        COUNT,
        (),
        (part("10739", COUNT), part("261", COUNT, label="di cui … funerali municipali")),
    ),
    (
        "400, di cui oltre 160 attive",  # 2640: "oltre" qualifies 160, not the headline
        "400",
        COUNT,
        (),
        (part("400", COUNT), part("160", COUNT, label="di cui … attive", qualifiers=(GREATER,))),
    ),
    (
        "377.000 di cui 147.000 negli ambiti urbani e 230.000 nei boschi collinari"
        "*compresi i boschi di Val della Torre",  # 1782
        "377000",
        COUNT,
        (FOOTNOTE,),
        (
            part("377000", COUNT),
            part("147000", COUNT, label="di cui … negli ambiti urbani"),
            part(
                "230000", COUNT, label="nei boschi collinari compresi i boschi di Val della Torre"
            ),
        ),
    ),
    (
        "450 (30 scuole)",  # 2050: students and schools, no breakdown
        None,
        COUNT,
        (),
        (part("450", COUNT), part("30", COUNT, label="scuole")),
    ),
    (
        "3.472 (da 10/10 a 31/12)",
        "3472",
        COUNT,
        (),
        (part("3472", COUNT, label="da 10/10 a 31/12"),),
    ),
    (
        "17 (a scavalco 2022-2023)",
        "17",
        COUNT,
        (),
        (part("17", COUNT, label="a scavalco 2022-2023"),),
    ),
    ("14.751 (14-15enni)", "14751", COUNT, (), (part("14751", COUNT, label="14-15enni"),)),
    (
        "517.093 (lavori in corso in 10 sedi su 21, incluso il bibliobus)",  # 1073
        "517093",
        COUNT,
        (),
        (part("517093", COUNT, label="lavori in corso in 10 sedi su 21, incluso il bibliobus"),),
    ),
    (
        "0 (Serv. ponti) 4 (Divisione Verde)",  # 1551
        None,
        COUNT,
        (),
        (part("0", COUNT, label="Serv. ponti"), part("4", COUNT, label="Divisione Verde")),
    ),
    (
        "Cluster 1: 4% Cluster 2: 6%",  # 1229: "Cluster 1" is a name
        None,
        PERCENT,
        (),
        (
            part("4", PERCENT, label="Cluster 1", unit="%"),
            part("6", PERCENT, label="Cluster 2", unit="%"),
        ),
    ),
    (
        "- 494 RCT/O - 16 PROPERTY (All Risks) - 4 RC Patrimoniale - 0 Infortuni",  # 383
        None,
        COUNT,
        (),
        (
            part("494", COUNT, label="RCT/O"),
            part("16", COUNT, label="PROPERTY (All Risks)"),
            part("4", COUNT, label="RC Patrimoniale"),
            part("0", COUNT, label="Infortuni"),
        ),
    ),
    (
        "Euro 822.940,96 spesa corrente (impegnata) Euro 1.355.565,51 spesa c/capitale (fatturato)",
        None,  # 1787
        EURO,
        (),
        (
            part("822940.96", EURO, label="spesa corrente (impegnata)", unit="€"),
            part("1355565.51", EURO, label="spesa c/capitale (fatturato)", unit="€"),
        ),
    ),
    (
        "€ 917,42 € 1.555.951/ 1696 utenti",  # 2207: euro and ratio, mixed types
        None,
        TEXT,
        (),
        (
            part("917.42", EURO, unit="€"),
            part("1555951", RATIO, label="utenti", unit="€", denominator="1696"),
        ),
    ),
    (
        "523 TI - 30 TD 1 ex art. 110 TUEL",  # 592: "art. 110" is a law article
        None,
        COUNT,
        (),
        (
            part("523", COUNT, label="TI"),
            part("30", COUNT, label="TD"),
            part("1", COUNT, label="ex art. 110 TUEL"),
        ),
    ),
    (
        "n. 22 veicoli consegnati in via Ponchielli per l'eventuale futura rottamazione o vendita",
        "22",  # 733: one number with a long remark
        COUNT,
        (),
        (
            part(
                "22",
                COUNT,
                label="veicoli consegnati in via Ponchielli per l'eventuale futura rottamazione o vendita",
            ),
        ),
    ),
    (
        "N° 287 mq di fioritura primaverile, N° 500 mq di fioritura estiva; N° 250 mq di fioritura autunnale",
        None,  # 1793
        COUNT,
        (),
        (
            part("287", COUNT, label="di fioritura primaverile", unit="mq"),
            part("500", COUNT, label="di fioritura estiva", unit="mq"),
            part("250", COUNT, label="di fioritura autunnale", unit="mq"),
        ),
    ),
]


@pytest.mark.parametrize(
    ("text", "value", "value_type", "qualifiers", "components"),
    NUMBER_CASES + SPECIAL_CASES + QUALIFIER_CASES + MULTI_VALUE_CASES,
    ids=lambda case: case if isinstance(case, str) else None,
)
def test_parse_cell(
    text: str,
    value: str | None,
    value_type: ValueType,
    qualifiers: tuple[Qualifier, ...],
    components: tuple[ValueComponent, ...],
) -> None:
    assert_cell(parse_cell(text), value, value_type, qualifiers, components)


DOUBTFUL_CASES = [
    # 157: the neighbouring cell is "€ 20.000"; 20,000 could be 20 or 20000: not guessed
    ("€. 20,000", EURO, (part(None, EURO, unit="€"),), (AMBIGUOUS_SEPARATOR,)),
    ("1.000,000", COUNT, (part(None, COUNT),), (AMBIGUOUS_SEPARATOR,)),  # 004 seed, target
    ("4.224057,67", COUNT, (part(None, COUNT),), (MALFORMED_NUMBER,)),  # 445
    ("100.0000 euro", EURO, (part(None, EURO, unit="€"),), (MALFORMED_NUMBER,)),  # 2635
    ("1.00.000", COUNT, (part(None, COUNT),), (MALFORMED_NUMBER,)),  # 004 seed, target
    ("1.000 000 euro", EURO, (part(None, EURO, unit="€"),), (MALFORMED_NUMBER,)),  # 004 seed
    ("3.14", COUNT, (part(None, COUNT),), (MALFORMED_NUMBER,)),  # made up: English decimal
]


@pytest.mark.parametrize(
    ("text", "value_type", "components", "issues"),
    DOUBTFUL_CASES,
    ids=lambda c: c if isinstance(c, str) else None,
)
def test_doubtful_numbers_are_not_guessed(
    text: str,
    value_type: ValueType,
    components: tuple[ValueComponent, ...],
    issues: tuple[str, ...],
) -> None:
    assert_cell(parse_cell(text), None, value_type, (), components, issues)


@pytest.mark.parametrize(
    "text", ["  75% ", "\t€ 20.000", "Anno 2021 8239/ 8270 <small>x</small>", ""]
)
def test_as_printed_is_the_text_unchanged(text: str) -> None:
    assert parse_cell(text).as_printed == text


@pytest.mark.parametrize(
    ("digits", "value", "issue"),
    [
        ("4002", "4002", None),
        ("2.689", "2689", None),
        ("1.054.787,85", "1054787.85", None),
        ("1078,19", "1078.19", None),
        ("0,125", "0.125", None),  # a zero before the comma cannot be thousands
        ("20,000", None, AMBIGUOUS_SEPARATOR),
        ("1.000,000", None, AMBIGUOUS_SEPARATOR),
        ("4.224057,67", None, MALFORMED_NUMBER),
        ("100.0000", None, MALFORMED_NUMBER),
        ("1.00.000", None, MALFORMED_NUMBER),
        ("0.500", None, MALFORMED_NUMBER),
        ("1,234,567", None, MALFORMED_NUMBER),
        ("1,234.56", None, MALFORMED_NUMBER),
    ],
)
def test_read_italian_number(digits: str, value: str | None, issue: str | None) -> None:
    reading = read_italian_number(digits)
    assert (str(reading.value) if reading.value is not None else None, reading.issue) == (
        value,
        issue,
    )


def test_normalise_cell_text_drops_html_and_spaces() -> None:
    text = "Anno 2023 7705/ 7775 <small>compresi cessati\xa0in corso d'anno</small>  "
    assert normalise_cell_text(text) == "Anno 2023 7705/ 7775 compresi cessati in corso d'anno"


def test_every_value_cell_of_the_seed_parses(rendiconto_text: str) -> None:
    """No cell of the indicator tables makes the parser fail, and only three are doubted."""
    doubted = []
    inside = False
    for line in rendiconto_text.splitlines():
        if line.startswith("INDICATORI"):
            inside = True
        elif line.startswith(("MISSIONE", "PROGRAMMA")):
            inside = False
        elif inside and "\t" in line:
            for cell in line.split("\t")[1:]:
                parsed = parse_cell(cell)
                if parsed.issues:
                    doubted.append((cell, parsed.issues))
    assert doubted == [
        ("€. 20,000", (AMBIGUOUS_SEPARATOR,)),
        ("4.224057,67", (MALFORMED_NUMBER,)),
        ("100.0000 euro", (MALFORMED_NUMBER,)),
    ]


def test_plain_numbers_read_fast_the_same_as_the_full_reading(rendiconto_text: str) -> None:
    """The shortcut for "1.352", "€ 20.000", "75%" gives what the full reading gives."""
    cells = {cell for line in rendiconto_text.splitlines() for cell in line.split("\t")}
    compared = 0
    for cell in cells:
        normalised = normalise_cell_text(cell)
        fast = _read_plain_number(cell, normalised)
        if fast is None:
            continue
        compared += 1
        slow = _read_structured_cell(cell, normalised)
        assert (fast, str(fast.value)) == (slow, str(slow.value)), cell
    assert compared > 500
