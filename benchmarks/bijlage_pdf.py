"""Speed and memory of rendering the stand-van-zaken annex to PDF, beside WeasyPrint alone on its HTML.

Usage, from the project directory::

    .venv/bin/python benchmarks/bijlage_pdf.py [--acties 86 1000] [--herhaal 2]

Per size, one process loads the June 2021 annex (fixtures/bijlage-2021-06-29.json, 86 actions) as a closed
round into a throwaway SQLite database; for larger sizes the same texts are repeated under new numbers. Then,
each in a fresh process:

- ours: Django set up and WeasyPrint imported, as in a worker that has made a PDF before; timed is what the
  job that stores an annex does, bijlage_context() plus render_to_pdf(). It keeps the HTML for the other:
- bare: only WeasyPrint imported; timed is rendering that HTML with the annex's stylesheet to the same
  tagged PDF (PDF/UA-1): the least any render of this annex costs.

Printed one under the other: wall-clock seconds, CPU seconds (user + system; on a machine shared with other
work the wall clock varies more), the peak memory of the process (ru_maxrss: Python and its imports, for
ours Django as well), what the timed part added to that peak (render MB: the render's own memory) and pages;
then ours over bare. With --herhaal N the two alternate N times; the fastest run and the highest peak of each
count, and memory that differed between runs is shown as lowest–highest (WeasyPrint leaves its parsed HTML
as garbage whose freeing, before or after the PDF is written, the collector decides). Targets: 86 actions in
under 5 s and 400 MB; 1,000 actions in under 60 s, and within 1.1 times the CPU time and the render memory
of the bare render. Exits 1 when one is missed.
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
CSS = WORTEL / "static" / "bijlage" / "bijlage.css"
DOELEN = {86: (5.0, 400), 1000: (60.0, None)}  # seconds, MB
VERHOUDING = {1000: 1.1}  # ours over bare, CPU time and memory


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


def _django(map_):
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
    from django.utils import translation

    translation.activate("nl")


def _cpu():
    gebruik = resource.getrusage(resource.RUSAGE_SELF)
    return gebruik.ru_utime + gebruik.ru_stime


def _piek_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def laad(aantal, map_):
    """Child process: the database with one closed round of ``aantal`` actions."""
    _django(map_)
    from django.core.management import call_command

    from importeer.formaat import uit_json
    from importeer.laden import laad_bijlage

    call_command("migrate", verbosity=0)
    begin = time.perf_counter()
    laad_bijlage(
        uit_json(synthetische_bijlage(aantal)),
        rapportage_titel="Stand van zaken juni 2021",
        kamerstuk="35 510, nr. 60",
        reden="Benchmark",
    )
    print(json.dumps({"laden": time.perf_counter() - begin}))


def ons(map_):
    """Child process: our render of the round, timed; keeps its HTML for ``kaal``."""
    _django(map_)
    import weasyprint  # noqa: F401

    from bijlage import opmaak, samenstelling
    from rapportage.models import Rapportage

    rapportage = Rapportage.objects.get()
    begin = _begin()
    context = samenstelling.bijlage_context(rapportage)
    html, inhoud = opmaak.render_to_pdf(opmaak.BIJLAGE_TEMPLATE, context)
    uitkomst = _meting(begin)
    (map_ / "bijlage.html").write_text(html, encoding="utf-8")
    uitkomst.update(paginas=opmaak.tel_paginas(inhoud), tekens=samenstelling.tel_tekens(context))
    print(json.dumps(uitkomst))


def kaal(map_):
    """Child process: WeasyPrint alone renders the HTML that ``ons`` made, timed."""
    from weasyprint import CSS as Stylesheet
    from weasyprint import HTML

    html = (map_ / "bijlage.html").read_text(encoding="utf-8")
    begin = _begin()
    document = HTML(string=html, base_url=CSS.parent.parent.as_uri() + "/").render(
        stylesheets=[Stylesheet(string=CSS.read_text(encoding="utf-8"))], pdf_variant="pdf/ua-1"
    )
    document.write_pdf(pdf_variant="pdf/ua-1")
    print(json.dumps({**_meting(begin), "paginas": len(document.pages)}))


def _begin():
    return time.perf_counter(), _cpu(), _piek_mb()


def _meting(begin):
    """Seconds, CPU seconds, the process's peak memory and how much the timed part added to it (MB)."""
    klok, cpu, mb = begin
    piek = _piek_mb()
    return {"seconden": time.perf_counter() - klok, "cpu": _cpu() - cpu, "mb": piek, "groei": piek - mb}


def _kind(*argumenten):
    uit = subprocess.run([sys.executable, __file__, *argumenten], capture_output=True, text=True)
    if uit.returncode:
        sys.exit(f"{' '.join(argumenten)} mislukt:\n{uit.stderr[-3000:]}")
    return json.loads(uit.stdout.strip().splitlines()[-1])


def _beste(metingen):
    """The fastest run and the highest peak of repeated measurements."""
    return {
        **metingen[0],
        "seconden": min(m["seconden"] for m in metingen),
        "cpu": min(m["cpu"] for m in metingen),
        "mb": max(m["mb"] for m in metingen),
        "groei": max(m["groei"] for m in metingen),
    }


def _mb(metingen, sleutel):
    """One figure, or lowest–highest when runs differ by more than a few MB."""
    laag, hoog = min(m[sleutel] for m in metingen), max(m[sleutel] for m in metingen)
    return f"{hoog:.0f}" if hoog - laag < 5 else f"{laag:.0f}–{hoog:.0f}"


def meet(aantal, herhaal):
    map_ = Path(tempfile.mkdtemp(prefix="bijlage-pdf-"))
    laden = _kind("--laad", str(aantal), "--map", str(map_))["laden"]
    wij, zij = [], []
    for _ in range(herhaal):
        wij.append(_kind("--ons", "--map", str(map_)))
        zij.append(_kind("--kaal", "--map", str(map_)))
    koppen = f"{'s':>7} {'cpu s':>7} {'peak MB':>9} {'render MB':>10} {'pages':>6}"
    print(f"{aantal:>7} {laden:>8.1f}  {'':12} {koppen}")
    for naam, metingen in (("ours", wij), ("bare", zij)):
        beste = _beste(metingen)
        print(
            f"{'':17}  {naam:12} {beste['seconden']:>7.2f} {beste['cpu']:>7.2f} {_mb(metingen, 'mb'):>9} "
            f"{_mb(metingen, 'groei'):>10} {beste['paginas']:>6}"
        )
    wij, zij = _beste(wij), _beste(zij)
    verhouding = {k: wij[k] / zij[k] for k in ("seconden", "cpu", "mb", "groei")}
    print(
        f"{'':17}  {'ours / bare':12} {verhouding['seconden']:>7.2f} {verhouding['cpu']:>7.2f} "
        f"{verhouding['mb']:>9.2f} {verhouding['groei']:>10.2f}"
    )
    return wij, verhouding


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acties", type=int, nargs="+", default=[86, 1000])
    parser.add_argument("--herhaal", type=int, default=1, help="runs of each, alternating")
    parser.add_argument("--laad", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--ons", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--kaal", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--map", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.laad:
        return laad(args.laad, args.map)
    if args.ons:
        return ons(args.map)
    if args.kaal:
        return kaal(args.map)

    print(f"{'acties':>7} {'laden s':>8}")
    gemist = []
    for aantal in args.acties:
        wij, verhouding = meet(aantal, args.herhaal)
        max_s, max_mb = DOELEN.get(aantal, (None, None))
        if max_s and wij["seconden"] >= max_s:
            gemist.append(f"{aantal} acties in {wij['seconden']:.1f} s, doel < {max_s:.0f} s")
        if max_mb and wij["mb"] >= max_mb:
            gemist.append(f"{aantal} acties gebruikte {wij['mb']:.0f} MB, doel < {max_mb} MB")
        grens = VERHOUDING.get(aantal)
        if grens and (verhouding["cpu"] > grens or verhouding["groei"] > grens):
            gemist.append(
                f"{aantal} acties: {verhouding['cpu']:.2f}× de CPU-tijd, {verhouding['groei']:.2f}× het "
                f"geheugen van de render, doel ≤ {grens}×"
            )
    for regel in gemist:
        print(f"  DOEL GEMIST: {regel}")
    return 1 if gemist else 0


if __name__ == "__main__":
    sys.exit(main())
