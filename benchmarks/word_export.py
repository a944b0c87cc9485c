"""Speed and memory of exporting the stand-van-zaken annex to Word, and what LibreOffice makes of it.

Usage, from the project directory::

    .venv/bin/python benchmarks/word_export.py [--acties 86 1000] [--zonder-libreoffice]

Each size runs in a fresh process with a throwaway SQLite database: the June 2021 annex
(fixtures/bijlage-2021-06-29.json, 86 actions) as a closed round, and for larger sizes the same texts
repeated under new numbers (as benchmarks/bijlage_pdf.py). Timed: bijlage_context() (the database part,
shared with the PDF) and render_to_docx() (best of three), the whole being what the stored-annex job adds
for Word. Printed too: bytes, peak memory of the process (ru_maxrss, including Django and loading the
data), and unless --zonder-libreoffice the seconds LibreOffice takes to lay the file out as PDF, its pages,
and for the June annex the share of fields our importer reads back from that PDF.
Targets: 86 actions exported in under 1 s, 1,000 in under 10 s, and the June annex read back at 100%.
Exits 1 when one is missed.
"""

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORTEL = Path(__file__).resolve().parents[1]
FIXTURE = WORTEL / "fixtures" / "bijlage-2021-06-29.json"
DOELEN = {86: 1.0, 1000: 10.0}  # seconds for context + Word


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


def _normaliseer(waarde):
    if isinstance(waarde, str):
        return "\n".join(re.sub(r"\s+", " ", regel).strip() for regel in waarde.split("\n"))
    return waarde


def nauwkeurigheid(gelezen, verwacht):
    """(fields read as expected, fields expected): every field of every expected action."""
    per_nummer = {a["nummer"]: a for a in gelezen["acties"]}
    goed = totaal = 0
    for actie in verwacht["acties"]:
        kreeg = per_nummer.get(actie["nummer"], {})
        for veld in set(actie) | set(kreeg):
            totaal += 1
            goed += _normaliseer(kreeg.get(veld)) == _normaliseer(actie.get(veld))
    return goed, totaal


def via_libreoffice(inhoud, map_):
    """(seconds, PDF bytes) of LibreOffice laying the Word file out, with a profile of its own."""
    pad = map_ / "bijlage.docx"
    pad.write_bytes(inhoud)
    begin = time.perf_counter()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(map_ / 'profiel').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(map_),
            str(pad),
        ],
        check=True,
        capture_output=True,
        timeout=900,
    )
    return time.perf_counter() - begin, (map_ / "bijlage.pdf").read_bytes()


def meet(aantal, met_libreoffice):
    """Runs in the child process: load, export, print one JSON line."""
    map_ = Path(tempfile.mkdtemp(prefix="bijlage-word-"))
    try:
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

        from bijlage import opmaak, samenstelling, word
        from importeer.formaat import uit_json
        from importeer.laden import laad_bijlage
        from rapportage.models import Rapportage

        translation.activate("nl")
        call_command("migrate", verbosity=0)
        bron = synthetische_bijlage(aantal)
        laad_bijlage(
            uit_json(bron),
            rapportage_titel="Stand van zaken juni 2021",
            kamerstuk="35 510, nr. 60",
            reden="Benchmark",
        )
        rapportage = Rapportage.objects.get()

        begin = time.perf_counter()
        context = samenstelling.bijlage_context(rapportage)
        context_s = time.perf_counter() - begin
        tijden = []
        for _ in range(3):
            begin = time.perf_counter()
            inhoud = word.render_to_docx(context)
            tijden.append(time.perf_counter() - begin)
        uit = {
            "acties": aantal,
            "context": context_s,
            "word": min(tijden),
            "bytes": len(inhoud),
            "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
        if met_libreoffice:
            uit["soffice"], pdf_inhoud = via_libreoffice(inhoud, map_)
            uit["paginas"] = opmaak.tel_paginas(pdf_inhoud)
            if aantal == 86:
                from importeer.bijlage import lees_bijlage
                from importeer.formaat import naar_json

                uit["velden"] = nauwkeurigheid(
                    naar_json(lees_bijlage(pdf_inhoud)), json.loads(FIXTURE.read_text())
                )
        print(json.dumps(uit))
    finally:
        shutil.rmtree(map_, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acties", type=int, nargs="+", default=[86, 1000])
    parser.add_argument("--zonder-libreoffice", action="store_true", help="Alleen de export meten.")
    parser.add_argument("--een", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.een:
        meet(args.een, not args.zonder_libreoffice)
        return 0

    doelen = {}
    kop = f"{'acties':>7} {'context s':>10} {'word s':>7} {'KB':>6} {'piek MB':>8} {'soffice s':>10}"
    print(f"{kop} {'pagina':>7}  velden")
    for aantal in args.acties:
        opdracht = [sys.executable, __file__, "--een", str(aantal)]
        if args.zonder_libreoffice:
            opdracht.append("--zonder-libreoffice")
        r = json.loads(
            subprocess.run(opdracht, capture_output=True, text=True, check=True).stdout.splitlines()[-1]
        )
        velden = ""
        if "velden" in r:
            goed, totaal = r["velden"]
            velden = f"{goed}/{totaal} ({100 * goed / totaal:.1f}%)"
            doelen["juni-bijlage via Word 100% teruggelezen"] = goed == totaal
        soffice = f"{r['soffice']:>10.1f} {r['paginas']:>7}" if "soffice" in r else f"{'-':>10} {'-':>7}"
        export = r["context"] + r["word"]
        print(
            f"{r['acties']:>7} {r['context']:>10.2f} {r['word']:>7.2f} {r['bytes'] / 1024:>6.0f} "
            f"{r['mb']:>8.0f} {soffice}  {velden}"
        )
        if aantal in DOELEN:
            doelen[f"{aantal} acties naar Word < {DOELEN[aantal]:.0f} s ({export:.2f} s)"] = (
                export < DOELEN[aantal]
            )
    for naam, gehaald in doelen.items():
        print(f"doel {naam}: {'ja' if gehaald else 'NEE'}")
    return 0 if all(doelen.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
