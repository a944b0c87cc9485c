"""Speed and memory of rendering the stand-van-zaken annex to PDF.

Usage, from the project directory::

    .venv/bin/python benchmarks/bijlage_pdf.py [--acties 86 1000]

Each size runs in a fresh process with a throwaway SQLite database: the June 2021 annex
(fixtures/bijlage-2021-06-29.json, 86 actions) as a closed round, and for larger sizes the same
texts repeated under new numbers. The timed part is what a download does: bijlage_context() plus
render_to_pdf(). Prints seconds, pages, bytes, peak memory of the process (ru_maxrss, including
Django and loading the data) and the characters of text (the page estimate of the waiting page uses it).
Targets: 86 actions in under 5 s and 400 MB; 1,000 actions in under 60 s. Exits 1 when one is missed.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORTEL = Path(__file__).resolve().parents[1]
FIXTURE = WORTEL / "fixtures" / "bijlage-2021-06-29.json"
DOELEN = {86: (5.0, 400), 1000: (60.0, None)}  # seconds, MB


def synthetische_bijlage(aantal):
    """The June 2021 annex, its actions repeated under new numbers until there are ``aantal``."""
    bron = json.loads(FIXTURE.read_text())
    acties = []
    for nummer in range(1, aantal + 1):
        actie = dict(bron["acties"][(nummer - 1) % len(bron["acties"])], nummer=nummer)
        if "gedeeld_met" in actie:
            actie["gedeeld_met"] = nummer - 1
        acties.append(actie)
    return {**bron, "acties": acties}


def meet(aantal):
    """Runs in the child process: load, render, print one JSON line."""
    map_ = Path(tempfile.mkdtemp(prefix="bijlage-pdf-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="pokvolg.settings",
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{map_ / 'db.sqlite3'}",
        MEDIA_ROOT=str(map_ / "media"),
        LOG_LEVEL="WARNING",
    )
    sys.path.insert(0, str(WORTEL))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import translation

    from bijlage import opmaak, samenstelling
    from importeer.formaat import uit_json
    from importeer.laden import laad_bijlage
    from rapportage.models import Rapportage

    translation.activate("nl")
    call_command("migrate", verbosity=0)
    begin = time.perf_counter()
    laad_bijlage(
        uit_json(synthetische_bijlage(aantal)),
        rapportage_titel="Stand van zaken juni 2021",
        kamerstuk="35 510, nr. 60",
        reden="Benchmark",
    )
    laden = time.perf_counter() - begin

    rapportage = Rapportage.objects.get()
    begin = time.perf_counter()
    context = samenstelling.bijlage_context(rapportage)
    _html, inhoud = opmaak.render_to_pdf(opmaak.BIJLAGE_TEMPLATE, context)
    seconden = time.perf_counter() - begin
    print(
        json.dumps(
            {
                "acties": aantal,
                "laden": laden,
                "seconden": seconden,
                "paginas": opmaak.tel_paginas(inhoud),
                "bytes": len(inhoud),
                "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "tekens": samenstelling.tel_tekens(context),
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acties", type=int, nargs="+", default=[86, 1000])
    parser.add_argument("--een", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.een:
        meet(args.een)
        return 0

    gemist = False
    kop = f"{'acties':>7} {'laden s':>8} {'render s':>9} {'pagina':>7} {'p/s':>5} {'KB':>6} {'piek MB':>8}"
    print(kop + "  tekens")
    for aantal in args.acties:
        uit = subprocess.run(
            [sys.executable, __file__, "--een", str(aantal)], capture_output=True, text=True, check=True
        )
        r = json.loads(uit.stdout.strip().splitlines()[-1])
        print(
            f"{r['acties']:>7} {r['laden']:>8.1f} {r['seconden']:>9.2f} {r['paginas']:>7} "
            f"{r['paginas'] / r['seconden']:>5.1f} {r['bytes'] / 1024:>6.0f} {r['mb']:>8.0f}  {r['tekens']}"
        )
        max_s, max_mb = DOELEN.get(aantal, (None, None))
        if max_s and r["seconden"] >= max_s:
            print(f"  DOEL GEMIST: {aantal} acties in {r['seconden']:.1f} s, doel < {max_s:.0f} s")
            gemist = True
        if max_mb and r["mb"] >= max_mb:
            print(f"  DOEL GEMIST: {aantal} acties gebruikte {r['mb']:.0f} MB, doel < {max_mb} MB")
            gemist = True
    return 1 if gemist else 0


if __name__ == "__main__":
    sys.exit(main())
