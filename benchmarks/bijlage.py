"""Nauwkeurigheid, snelheid en geheugen van de PDF-parser.

Gebruik, vanuit de projectmap::

    .venv/bin/python benchmarks/bijlage.py

Per bijlage in tests/annexen/ met een verwachte JSON: hoeveel velden
(nummer, thema, subthema, omschrijving, stand_van_zaken) na normalisatie van
witruimte gelijk zijn, en hoeveel extra velden (moties, gedeeld_met,
ministeries, status). Voor de echte bijlage van 2021 daarnaast de parseertijd,
pagina's per seconde en het piekgeheugen in een vers proces, en de totale tijd
via ``lees_bijlage_veilig`` (inclusief het opstarten van het kindproces).
"""

import json
import re
import subprocess
import sys
import time
from pathlib import Path

WORTEL = Path(__file__).resolve().parents[1]
ANNEXEN = WORTEL / "tests" / "annexen"
ECHT = ANNEXEN / "stand-van-zaken-2021-06-29.pdf"
VELDEN = ("nummer", "thema", "subthema", "omschrijving", "stand_van_zaken")
EXTRA = ("moties", "gedeeld_met", "ministeries", "status")

# Draait in een vers proces, zodat ru_maxrss alleen de parser meet.
METING = """
import json, resource, sys, time
from importeer.bijlage import lees_bijlage
data = open(sys.argv[1], "rb").read()
begin = time.perf_counter()
bijlage = lees_bijlage(data)
seconden = time.perf_counter() - begin
piek = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconden": seconden, "paginas": bijlage.paginas, "piek_mb": piek}))
"""


def normaliseer(waarde):
    if isinstance(waarde, str):
        return "\n".join(re.sub(r"\s+", " ", regel).strip() for regel in waarde.split("\n"))
    return waarde


def nauwkeurigheid(pdf: Path) -> tuple[int, int, int, int]:
    from importeer.bijlage import lees_bijlage
    from importeer.formaat import naar_json

    verwacht = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
    gelezen = {a["nummer"]: a for a in naar_json(lees_bijlage(pdf.read_bytes()))["acties"]}
    goed = totaal = extra_goed = extra_totaal = 0
    for actie in verwacht["acties"]:
        kreeg = gelezen.get(actie["nummer"], {})
        for veld in VELDEN:
            totaal += 1
            goed += normaliseer(kreeg.get(veld)) == normaliseer(actie[veld])
        for veld in EXTRA:
            if veld in actie or veld in kreeg:
                extra_totaal += 1
                extra_goed += kreeg.get(veld) == actie.get(veld)
    return goed, totaal, extra_goed, extra_totaal


def main() -> None:
    sys.path.insert(0, str(WORTEL))
    from importeer.veilig import lees_bijlage_veilig

    print("Nauwkeurigheid (velden gelijk na normalisatie van witruimte)")
    for pdf in sorted(p for p in ANNEXEN.glob("*.pdf") if p.with_suffix(".json").exists()):
        goed, totaal, extra_goed, extra_totaal = nauwkeurigheid(pdf)
        print(
            f"  {pdf.stem:34} {goed} of {totaal} fields"
            f"  (+ {extra_goed} of {extra_totaal} moties/gedeeld_met/ministeries/status)"
        )

    meting = json.loads(
        subprocess.run(
            [sys.executable, "-c", METING, str(ECHT)], cwd=WORTEL, capture_output=True, text=True, check=True
        ).stdout
    )
    begin = time.perf_counter()
    lees_bijlage_veilig(ECHT.read_bytes())
    veilig = time.perf_counter() - begin
    print(f"\nSnelheid en geheugen, {ECHT.name} ({meting['paginas']} pagina's)")
    print(f"  parseertijd             {meting['seconden']:.2f} s")
    print(f"  pagina's per seconde    {meting['paginas'] / meting['seconden']:.1f}")
    print(f"  piekgeheugen (RSS)      {meting['piek_mb']:.0f} MB  (vers proces, inclusief Python zelf)")
    print(f"  lees_bijlage_veilig     {veilig:.2f} s  (inclusief opstarten kindproces)")


if __name__ == "__main__":
    main()
