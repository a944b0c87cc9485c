"""De bijlage als PDF: maken (pagina's, tijd, geheugen, teruglezen) en inlezen (de parser).

Gebruik, vanuit de projectmap::

    .venv/bin/python benchmarks/bijlage.py [--acties 86 1000] [--code MAP] [--zonder-parser]

Maken: elke grootte in een vers proces met een eigen SQLite-database. 86 acties is de demo-bijlage
van juni 2021 (fixtures/bijlage-2021-06-29.json) als vastgestelde ronde; andere aantallen maakt
``genereer_testdata`` (één ronde, zinnen uit dezelfde bijlage). Gemeten wordt wat een download doet:
``bijlage_context()`` plus ``render_to_pdf()``. Piekgeheugen is ru_maxrss van dat proces (inclusief
Django en het laden van de gegevens). Van de demo-bijlage leest onze importer de PDF terug en telt
hoeveel velden gelijk zijn aan de bron. Met ``--code MAP`` meet het de code van een andere checkout
(bijvoorbeeld ``git archive HEAD``), met deze virtualenv: zo zijn voor en na te vergelijken.
Doelen: 86 acties in hoogstens 22 pagina's, onder 4 s en 300 MB, 100% teruggelezen; de uitvoer
eindigt met de doelen en de exitcode is 1 als er een gemist is.

Inlezen: per bijlage in tests/annexen/ met een verwachte JSON hoeveel velden (nummer, thema,
subthema, omschrijving, stand_van_zaken) na normalisatie van witruimte gelijk zijn, en hoeveel
extra velden (moties, gedeeld_met, ministeries, status). Voor de echte bijlage van 2021 daarnaast
de parseertijd, pagina's per seconde en het piekgeheugen in een vers proces, en de totale tijd via
``lees_bijlage_veilig`` (inclusief het opstarten van het kindproces).
"""

import argparse
import io
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from opstelling import meld_doelen

WORTEL = Path(__file__).resolve().parents[1]
ANNEXEN = WORTEL / "tests" / "annexen"
ECHT = ANNEXEN / "stand-van-zaken-2021-06-29.pdf"
FIXTURE = WORTEL / "fixtures" / "bijlage-2021-06-29.json"
VELDEN = ("nummer", "thema", "subthema", "omschrijving", "stand_van_zaken")
EXTRA = ("moties", "gedeeld_met", "ministeries", "status")
DEMO = 86
DOEL_PAGINAS, DOEL_SECONDEN, DOEL_MB = 22, 4.0, 300

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


def vergelijk(gelezen_json: dict, verwacht: dict) -> tuple[int, int, int, int]:
    """(gelijke velden, velden, gelijke extra velden, extra velden) van elke verwachte actie."""
    gelezen = {a["nummer"]: a for a in gelezen_json["acties"]}
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


def nauwkeurigheid(pdf: Path) -> tuple[int, int, int, int]:
    from importeer.bijlage import lees_bijlage
    from importeer.formaat import naar_json

    verwacht = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
    return vergelijk(naar_json(lees_bijlage(pdf.read_bytes())), verwacht)


# ---------------------------------------------------------------- maken


def meet_maken(aantal, code):
    """Draait in het kindproces: gegevens laden, de bijlage maken, één regel JSON afdrukken."""
    map_ = Path(tempfile.mkdtemp(prefix="bijlage-bench-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="pokvolg.settings",
        DEBUG="true",
        SECRET_KEY="benchmark-" + "x" * 50,
        DATABASE_URL=f"sqlite:///{map_ / 'db.sqlite3'}",
        MEDIA_ROOT=str(map_ / "media"),
        LOG_LEVEL="WARNING",
    )
    os.chdir(code)
    sys.path.insert(0, str(code))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import translation

    from bijlage import opmaak, samenstelling
    from importeer.bijlage import lees_bijlage
    from importeer.formaat import naar_json, uit_json
    from importeer.laden import laad_bijlage
    from rapportage.models import Rapportage

    translation.activate("nl")
    call_command("migrate", verbosity=0)
    bron = json.loads(FIXTURE.read_text())
    begin = time.perf_counter()
    if aantal == DEMO:
        laad_bijlage(
            uit_json(bron),
            rapportage_titel="Stand van zaken juni 2021",
            kamerstuk="35 510, nr. 60",
            reden="Benchmark",
        )
    else:
        call_command("genereer_testdata", acties=aantal, voortgang=aantal, moties=150, stdout=io.StringIO())
    laden = time.perf_counter() - begin
    voor_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    rapportage = Rapportage.objects.vastgesteld().first()
    begin = time.perf_counter()
    context = samenstelling.bijlage_context(rapportage)
    _html, inhoud = opmaak.render_to_pdf(opmaak.BIJLAGE_TEMPLATE, context)
    seconden = time.perf_counter() - begin
    uitkomst = {
        "acties": sum(len(b.rijen) for b in context["blokken"]),
        "laden": laden,
        "seconden": seconden,
        "paginas": opmaak.tel_paginas(inhoud),
        "bytes": len(inhoud),
        "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "voor_mb": voor_mb,
    }
    if aantal == DEMO:
        uitkomst["terug"] = vergelijk(naar_json(lees_bijlage(inhoud)), bron)
    print(json.dumps(uitkomst))


def maken(aantallen, code):
    print(f"Bijlage maken ({code})")
    print(f"{'acties':>7} {'laden s':>8} {'maken s':>8} {'pagina':>7} {'KB':>6} {'piek MB':>8}  teruggelezen")
    uitkomsten = {}
    for aantal in aantallen:
        uit = subprocess.run(
            [sys.executable, __file__, "--een", str(aantal), "--code", str(code)],
            capture_output=True,
            text=True,
        )
        if uit.returncode:
            sys.exit(f"meting van {aantal} acties mislukt:\n{uit.stderr[-3000:]}")
        r = json.loads(uit.stdout.strip().splitlines()[-1])
        terug = ""
        if "terug" in r:
            goed, totaal, extra_goed, extra_totaal = r["terug"]
            terug = f"{goed} van {totaal} velden ({100 * goed / totaal:.1f}%)"
            terug += f", + {extra_goed} van {extra_totaal} extra"
        print(
            f"{r['acties']:>7} {r['laden']:>8.1f} {r['seconden']:>8.2f} {r['paginas']:>7} "
            f"{r['bytes'] / 1024:>6.0f} {r['mb']:>8.0f}  {terug}"
        )
        uitkomsten[aantal] = r
    print("  (piek MB: het hele proces; vóór het maken was het al zoveel na laden:", end="")
    print(", ".join(f" {a} acties {r['voor_mb']:.0f} MB" for a, r in uitkomsten.items()) + ")")
    return uitkomsten


# ---------------------------------------------------------------- inlezen


def inlezen():
    sys.path.insert(0, str(WORTEL))
    from importeer.veilig import lees_bijlage_veilig

    print("\nInlezen: nauwkeurigheid (velden gelijk na normalisatie van witruimte)")
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
    print(f"\nInlezen: snelheid en geheugen, {ECHT.name} ({meting['paginas']} pagina's)")
    print(f"  parseertijd             {meting['seconden']:.2f} s")
    print(f"  pagina's per seconde    {meting['paginas'] / meting['seconden']:.1f}")
    print(f"  piekgeheugen (RSS)      {meting['piek_mb']:.0f} MB  (vers proces, inclusief Python zelf)")
    print(f"  lees_bijlage_veilig     {veilig:.2f} s  (inclusief opstarten kindproces)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acties", type=int, nargs="+", default=[DEMO, 1000])
    parser.add_argument("--code", type=Path, default=WORTEL, help="checkout waarvan de code gemeten wordt")
    parser.add_argument("--zonder-parser", action="store_true", help="alleen het maken meten")
    parser.add_argument("--een", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    code = args.code.resolve()
    if args.een:
        meet_maken(args.een, code)
        return

    uitkomsten = maken(args.acties, code)
    if not args.zonder_parser:
        inlezen()
    print()
    demo = uitkomsten.get(DEMO)
    if demo is None:
        return
    goed, totaal, extra_goed, extra_totaal = demo["terug"]
    meld_doelen(
        {
            f"{DEMO} acties in hoogstens {DOEL_PAGINAS} pagina's": demo["paginas"] <= DOEL_PAGINAS,
            f"{DEMO} acties onder {DOEL_SECONDEN:.0f} s": demo["seconden"] < DOEL_SECONDEN,
            f"{DEMO} acties onder {DOEL_MB} MB": demo["mb"] < DOEL_MB,
            "demo-bijlage 100% teruggelezen": goed == totaal and extra_goed == extra_totaal,
        }
    )


if __name__ == "__main__":
    main()
