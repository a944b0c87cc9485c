"""Does an import wait behind a flood of public PDFs, with one worker process?

    .venv/bin/python benchmarks/wachtrij_vloed.py [--pdfs 16] [--imports 3] [--opnieuw]

On the database `pokvolg_wachtrij` (demo data; --opnieuw makes it afresh), side by side:
  nu:       one `manage.py werker` (Procfile, `make run`): a worker per queue, public PDFs apart;
  voorheen: one `manage.py db_worker --queue-name *`, all jobs in one line, as the worker was.
For each: --imports reads of an annex one after another on an idle worker, then --pdfs public list
PDFs at once (each its own filter) and while they run the same imports again. An import's time is from
queueing to finished, what the redactie waits. Prints p50 and max of both and their ratio.
Target (nu): the slowest import during the flood within 1.5x the idle p50. Exits 1 when it is missed.
"""

import argparse
import statistics
import sys
import time

import wachtrij_opstelling as w


def _import_tijd(job_klasse):
    begin = time.monotonic()
    job = w.start_import()
    if not w.wacht_tot(lambda: job_klasse.objects.get(pk=job.pk).status in ("klaar", "mislukt"), 600, 0.05):
        sys.exit(f"import {job.pk} niet af")
    if job_klasse.objects.get(pk=job.pk).status != "klaar":
        sys.exit(f"import {job.pk} niet klaar: {job_klasse.objects.get(pk=job.pk).status}")
    return time.monotonic() - begin


def meet(naam, start, env, args):
    from jobs.models import Job

    proces = start(env)
    try:
        _import_tijd(Job)  # the worker's first job loads the code: not measured
        rustig = [_import_tijd(Job) for _ in range(args.imports)]
        pdfs = w.start_pdfs(args.pdfs, f"vloed-{naam}-{time.time_ns()}")
        tijdens = []
        for _ in range(args.imports):
            tijdens.append(_import_tijd(Job))
        nog_bezig = Job.objects.filter(pk__in=[j.pk for j in pdfs]).exclude(status="klaar").count()
        w.wacht_tot(lambda: not Job.objects.lopend().exists(), 300)
    finally:
        w.stop(proces)
    # The slowest import of the flood counts: the first one waits longest when it queues behind the PDFs.
    verhouding = max(tijdens) / statistics.median(rustig)
    print(
        f"{naam:9} import rustig p50 {statistics.median(rustig):5.2f} s max {max(rustig):5.2f} s | "
        f"tijdens {args.pdfs} PDF's p50 {statistics.median(tijdens):5.2f} s max {max(tijdens):5.2f} s | "
        f"max/rustig {verhouding:5.2f}x | PDF's nog niet af na de laatste import: {nog_bezig}"
    )
    return verhouding


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=int, default=16)
    parser.add_argument("--imports", type=int, default=3)
    parser.add_argument("--opnieuw", action="store_true")
    parser.add_argument("--database", default=w.DB)
    args = parser.parse_args()
    env = w.opzetten(args.opnieuw, args.database)
    nu = meet("nu", w.werker, env, args)
    meet("voorheen", w.db_worker_voor_alles, env, args)
    print(f"doel nu binnen 1,5x: {'gehaald' if nu <= 1.5 else 'GEMIST'}")
    sys.exit(0 if nu <= 1.5 else 1)


if __name__ == "__main__":
    main()
