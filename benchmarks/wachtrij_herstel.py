"""A worker killed with kill -9 in the middle of its work, or its database connections cut again and
again: is any job left unfinished?

    .venv/bin/python benchmarks/wachtrij_herstel.py [--pdfs 24] [--imports 6] [--na 8] [--verbreek 30]
        [--opnieuw] [--database pokvolg_wachtrij]

Queues --pdfs public list PDFs and --imports reads of an annex (30 jobs) on the database
`pokvolg_wachtrij` (demo data; --opnieuw makes it afresh), starts one `manage.py werker` as the Procfile
does (production settings: JOBS_HARTSLAG 10, JOBS_VERLATEN_NA 45), and once --na jobs are finished
either kills its whole process group with SIGKILL and starts a new werker, or (--verbreek S) ends every
database connection of the workers with pg_terminate_backend every 250 ms for S seconds, as a database
restart or failover does. Counts the jobs not finished 2 minutes after the fault began. Prints what was
running then, how many attempts the jobs took and when the last one finished. Target: 0 jobs
unfinished after 2 minutes. Exits 1 when it is missed.
"""

import argparse
import signal
import sys
import time

import wachtrij_opstelling as w


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=int, default=24)
    parser.add_argument("--imports", type=int, default=6)
    parser.add_argument("--na", type=int, default=8, help="the fault once this many jobs are finished")
    parser.add_argument(
        "--verbreek", type=float, default=0, help="seconds of cut connections instead of kill -9"
    )
    parser.add_argument("--opnieuw", action="store_true")
    parser.add_argument("--database", default=w.DB)
    args = parser.parse_args()
    env = w.opzetten(args.opnieuw, args.database)
    from django.db.models import Count

    from jobs.models import Job

    eind = (Job.Status.KLAAR, Job.Status.MISLUKT)
    jobs = w.start_pdfs(args.pdfs, "herstel")
    jobs += [w.start_import() for _ in range(args.imports)]
    print(f"{len(jobs)} taken in de rij ({args.pdfs} openbare PDF's, {args.imports} imports)")
    begin = time.monotonic()
    werker = w.werker(env)
    try:
        if not w.wacht_tot(lambda: Job.objects.filter(status__in=eind).count() >= args.na, 300):
            sys.exit("de worker maakte niet genoeg taken af")
        fout = time.monotonic()
        staat = dict(Job.objects.values_list("status").annotate(n=Count("pk")))
        if args.verbreek:
            print(f"verbindingen verbreken na {fout - begin:.1f} s: {staat}")
            verbroken = w.verbreek(args.verbreek)
            print(f"{verbroken} verbindingen van de workers verbroken in {args.verbreek:.0f} s (elke 250 ms)")
        else:
            w.stop(werker, signal.SIGKILL)
            print(f"kill -9 van werker en zijn kinderen na {fout - begin:.1f} s: {staat}")
            werker = w.werker(env)
        laatste = None
        while time.monotonic() - fout < 120:
            if not Job.objects.exclude(status__in=eind).exists():
                laatste = laatste or time.monotonic() - fout
            time.sleep(1)
    finally:
        w.stop(werker)
    open_ = Job.objects.exclude(status__in=eind).count()
    staat = dict(Job.objects.values_list("status").annotate(n=Count("pk")))
    pogingen = dict(Job.objects.values_list("pogingen").annotate(n=Count("pk")).order_by("pogingen"))
    print(f"2 minuten na het begin van de fout: {staat}; niet af: {open_}")
    print(f"pogingen per taak: {pogingen}")
    if laatste is not None:
        print(f"laatste taak af {laatste:.1f} s na het begin van de fout")
    print(f"doel 0 niet af na 2 minuten: {'gehaald' if open_ == 0 else 'GEMIST'}")
    sys.exit(0 if open_ == 0 else 1)


if __name__ == "__main__":
    main()
