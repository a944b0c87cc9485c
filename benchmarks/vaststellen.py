"""Closing a round: how long the redactie waits for "vaststellen", and how long until the annex is stored.

    .venv/bin/python benchmarks/vaststellen.py [--code DIR] [--rondes 3] [--aanpassen 10] [--wachttijd 120]

Makes the PostgreSQL database `pokvolg_vaststellen` afresh (another checkout given with --code gets
`pokvolg_vaststellen_<map>`) with the demo data and, for code with background jobs (a jobs/ directory),
starts one `manage.py db_worker` as the Procfile does. Then, --rondes times and inside `manage.py shell` of
that code: the redactie opens a round (rapportage.ronde.open_ronde), edits, submits and approves the texts
of --aanpassen actions, opens the closing page `werk:vaststellen` and posts its form (Django's test client
with the redactie logged in, CSRF checked); the POST is timed. Then the time until `Rapportage.bijlage_pdf`
is set, counted from the start of the POST. Before each round the job queue is left to empty, so one
round's annex does not wait for another's.

Old code renders the annex on commit inside the closing request; new code hands it to the worker.
Targets: closing (the POST) < 1.5 s and the annex stored within 10 s, in every round. Exits 1 when a
target is missed.
"""

import argparse
import json
import sys
import time

from opstelling import (
    ROOT,
    Code,
    Diensten,
    Werkmap,
    collectstatic,
    demodatabase,
    meld_doelen,
    omgeving,
    shell,
    vrije_poort,
)

DOEL_VASTSTELLEN = 1.5
DOEL_BIJLAGE = 10.0

METING = """
import datetime, json, re, time
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rapportage import ronde, tekststappen
from rapportage.models import Rapportage
try:
    from jobs.models import Job
except ImportError:
    Job = None

RONDES, AANPASSEN, WACHTTIJD, RUN = {rondes}, {aanpassen}, {wachttijd}, {run!r}
redactie = User.objects.get(username="redactie")
uitslagen = []
for i in range(RONDES):
    begin = time.monotonic()
    while Job is not None and Job.objects.lopend().exists() and time.monotonic() - begin < WACHTTIJD:
        time.sleep(0.2)
    rij_leeg = time.monotonic() - begin
    vandaag = timezone.localdate()
    t = time.perf_counter()
    deadline = vandaag + datetime.timedelta(days=10)
    r = ronde.open_ronde(f"Vaststelronde {{RUN}} {{i + 1}}", vandaag, deadline, redactie)
    openen = time.perf_counter() - t
    for v in r.voortgang.order_by("actie__nummer")[:AANPASSEN]:
        tekst = f"{{v.tekst}} Bijgewerkt in ronde {{i + 1}}."
        v, _ = tekststappen.bewaar_tekst(v, tekst, v.status, v.versie, redactie)
        v, _ = tekststappen.dien_in(v, redactie)
        tekststappen.keur_goed(v, redactie)
    client = Client(enforce_csrf_checks=True)
    client.force_login(redactie)
    url = reverse("werk:vaststellen", args=[r.pk])
    pagina = client.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', pagina.content.decode())
    t = time.perf_counter()
    antwoord = client.post(url, {{"csrfmiddlewaretoken": token.group(1) if token else ""}})
    vaststellen = time.perf_counter() - t
    r.refresh_from_db()
    bijlage = None
    while time.perf_counter() - t < WACHTTIJD:
        if Rapportage.objects.filter(pk=r.pk).exclude(bijlage_pdf="").exists():
            bijlage = time.perf_counter() - t
            break
        time.sleep(0.05)
    uitslagen.append({{
        "pagina": pagina.status_code, "post": antwoord.status_code, "toestand": r.toestand,
        "openen": openen, "vaststellen": vaststellen, "bijlage": bijlage, "rij_leeg": rij_leeg,
    }})
print("UITSLAG", json.dumps(uitslagen))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", default=str(ROOT), help="map met de code (standaard: dit project)")
    parser.add_argument("--rondes", type=int, default=3, help="zoveel rondes na elkaar openen en vaststellen")
    parser.add_argument("--aanpassen", type=int, default=10, help="teksten die per ronde veranderen")
    parser.add_argument("--wachttijd", type=float, default=120, help="seconden wachten op de bijlage")
    args = parser.parse_args()

    code = Code(args.code)
    db = code.database("pokvolg_vaststellen")
    with Werkmap("vaststellen") as werkmap:
        env = omgeving(
            db,
            MEDIA_ROOT=werkmap.media,
            STATIC_ROOT=werkmap.static,
            ALLOWED_HOSTS="127.0.0.1,testserver",
            # The test client logs in without the TOTP step.
            TWEESTAPS_VERPLICHT="false",
        )
        demodatabase(code, env, db, opnieuw=True)
        # The closing page's template names the hashed static files.
        collectstatic(code, env)
        python = METING.format(
            rondes=args.rondes,
            aanpassen=args.aanpassen,
            wachttijd=args.wachttijd,
            run=time.strftime("%H%M%S"),
        )
        # gunicorn only so the worker starts as in production; the closing goes through the test client.
        diensten = Diensten(code, env, werkmap, vrije_poort(), workers=1, worker=code.met_taken)
        with diensten:
            uit = shell(code, env, python)
            regel = next((r for r in uit.splitlines() if r.startswith("UITSLAG ")), None)
            if regel is None:
                print(uit[-3000:], file=sys.stderr)
                sys.exit("de meting gaf geen uitslag")
            uitslagen = json.loads(regel.split(" ", 1)[1])
            if any(u["bijlage"] is None for u in uitslagen) and code.met_taken:
                diensten.staart("worker")

    worker = "1 db_worker" if code.met_taken else "geen worker: de bijlage wordt in het verzoek gemaakt"
    print(f"\ncode: {code.beschrijving()}")
    print(f"PostgreSQL, demodata (86 acties), {worker}; per ronde {args.aanpassen} teksten aangepast\n")
    print(f"{'ronde':>5} {'openen':>8} {'vaststellen (POST)':>19} {'bijlage bewaard na':>19}  antwoord")
    for i, u in enumerate(uitslagen, 1):
        bijlage = f"{u['bijlage']:17.2f} s" if u["bijlage"] is not None else f"{'niet binnen':>19}"
        print(
            f"{i:5d} {u['openen']:6.2f} s {u['vaststellen']:17.2f} s {bijlage}  "
            f"GET {u['pagina']}, POST {u['post']}, {u['toestand']}; wachtrij leeg na {u['rij_leeg']:.1f} s"
        )
    gelukt = all(
        u["pagina"] == 200 and u["post"] == 302 and u["toestand"] == "vastgesteld" for u in uitslagen
    )
    slechtste_post = max(u["vaststellen"] for u in uitslagen)
    bijlagen = [u["bijlage"] for u in uitslagen]
    slechtste_bijlage = None if None in bijlagen else max(bijlagen)
    print(f"\nvaststellen slechtste: {slechtste_post:.2f} s")
    if slechtste_bijlage is None:
        print(f"bijlage: niet in elke ronde binnen {args.wachttijd:.0f} s bewaard")
    else:
        print(f"bijlage bewaard, slechtste: {slechtste_bijlage:.2f} s na de POST")
    doelen = {
        "elke ronde vastgesteld (GET 200, POST 302)": gelukt,
        f"vaststellen < {DOEL_VASTSTELLEN} s": slechtste_post < DOEL_VASTSTELLEN,
        f"bijlage bewaard binnen {DOEL_BIJLAGE:.0f} s": slechtste_bijlage is not None
        and slechtste_bijlage < DOEL_BIJLAGE,
    }
    meld_doelen(doelen)


if __name__ == "__main__":
    main()
