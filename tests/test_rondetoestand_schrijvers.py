"""Every change of a round's state goes through rapportage/ronde.py: this test reads the code and lists
each place that writes it (its state, its publication version or moment, a publication or a published
text) and fails for any place elsewhere."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOEGESTAAN = {"rapportage/ronde.py"}
RONDEVELDEN = {"publicatieversie", "vastgesteld_op"}
PUBLICATIEMODELLEN = {"Publicatie", "GepubliceerdeTekst"}
# Calls that write rows; a keyword in any other call (filter, exclude, Q, ...) only reads.
SCHRIJVERS = {"Rapportage", "create", "update", "update_or_create", "get_or_create", "bulk_create", "_bewaar"}


def _naam(func):
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _noemt_rondetoestand(knoop):
    return "Rapportage.Toestand" in ast.unparse(knoop)


def schrijvers(bron: str) -> list[str]:
    """What in this source writes a round's state, as 'line: code'."""
    gevonden = []
    for knoop in ast.walk(ast.parse(bron)):
        if isinstance(knoop, ast.Assign | ast.AugAssign):
            doelen = knoop.targets if isinstance(knoop, ast.Assign) else [knoop.target]
            for doel in doelen:
                if isinstance(doel, ast.Attribute) and (
                    doel.attr in RONDEVELDEN
                    or (doel.attr == "toestand" and _noemt_rondetoestand(knoop.value))
                ):
                    gevonden.append(f"{knoop.lineno}: {ast.unparse(knoop)}")
        elif isinstance(knoop, ast.Call):
            naam = _naam(knoop.func)
            if naam in PUBLICATIEMODELLEN or (
                naam in SCHRIJVERS
                and PUBLICATIEMODELLEN & {n.id for n in ast.walk(knoop.func) if isinstance(n, ast.Name)}
            ):
                gevonden.append(f"{knoop.lineno}: {ast.unparse(knoop)[:80]}")
                continue
            if naam not in SCHRIJVERS:
                continue
            for kw in knoop.keywords:
                if kw.arg in RONDEVELDEN or (kw.arg == "toestand" and _noemt_rondetoestand(kw.value)):
                    gevonden.append(f"{knoop.lineno}: {ast.unparse(knoop)[:80]}")
                    break
    return gevonden


def _bronbestanden():
    for pad in sorted(ROOT.rglob("*.py")):
        relatief = pad.relative_to(ROOT).as_posix()
        if relatief.split("/")[0] in {".venv", "var", "tests", "benchmarks"} or "/migrations/" in relatief:
            continue
        yield relatief, pad.read_text()


def test_only_the_round_module_writes_a_rounds_state():
    elders = {
        relatief: gevonden
        for relatief, bron in _bronbestanden()
        if relatief not in TOEGESTAAN and (gevonden := schrijvers(bron))
    }
    assert elders == {}


def test_the_finder_sees_each_way_of_writing_a_round_state():
    # The shapes the importer and the synthetic data used before everything went through ronde.py.
    bron = """
_bewaar(rapportage, reden, toestand=Rapportage.Toestand.VASTGESTELD, vastgesteld_op=moment)
Rapportage(titel=t, toestand=Rapportage.Toestand.VASTGESTELD)
rapportage.toestand = Rapportage.Toestand.OPEN
rapportage.publicatieversie += 1
Rapportage.objects.filter(pk=1).update(toestand=Rapportage.Toestand.VASTGESTELD)
Publicatie.objects.create(rapportage=r, versie=2)
GepubliceerdeTekst.objects.bulk_create(rijen)
"""
    assert len(schrijvers(bron)) == 7
    # Reading is not writing.
    assert schrijvers("Rapportage.objects.filter(toestand=Rapportage.Toestand.VASTGESTELD)") == []
    assert schrijvers("voortgang.toestand = Voortgang.Toestand.GOEDGEKEURD") == []


def test_the_round_module_itself_is_seen_writing():
    # Otherwise an empty finder would pass the first test.
    assert len(schrijvers((ROOT / "rapportage/ronde.py").read_text())) >= 5
