"""The fuzz of tests/test_fuzz_invoer.py, longer, on PostgreSQL: every form and query parameter of every
page, with every key of vulling() (also keys of nothing), as every role, with many more hostile values
per target than the suite sends, and a new seed each run. Prints the requests sent and the 5xx answers
among them (each with what was sent).

    .venv/bin/python benchmarks/fuzz_invoer.py [--voorbeelden 60] [--seed N] [--database pokvolg_fuzz]

The same test runs (through pytest, for the roster and the demo data of tests/conftest.py), with
FUZZ_VOORBEELDEN examples per target and FUZZ_SEED instead of the suite's fixed order; with FUZZ_TELLING
it counts instead of stopping at the first 5xx. pytest-django makes and drops test_<database>.
Exits 1 when any answer was a 5xx.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--voorbeelden", type=int, default=60, help="examples per target (suite: 2)")
    parser.add_argument("--seed", type=int, default=None, help="default: a new one each run")
    parser.add_argument("--database", default="pokvolg_fuzz")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(2**32)

    with tempfile.TemporaryDirectory() as tmp:
        telling = Path(tmp) / "telling.json"
        env = {
            **os.environ,
            "DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{args.database}",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "fuzz-" + "x" * 50),
            "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
            "LOG_LEVEL": "CRITICAL",
            "FUZZ_VOORBEELDEN": str(args.voorbeelden),
            "FUZZ_SEED": str(seed),
            "FUZZ_TELLING": str(telling),
        }
        begin = time.monotonic()
        pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0"]
        uitkomst = subprocess.run(
            [*pytest, "tests/test_fuzz_invoer.py"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        duur = time.monotonic() - begin
        if not telling.exists():
            sys.stdout.write(uitkomst.stdout[-5000:] + uitkomst.stderr[-5000:])
            sys.exit("De fuzz liep niet tot het eind (zie hierboven).")
        resultaat = json.loads(telling.read_text())

    print(f"database        PostgreSQL ({args.database})")
    print(f"seed            {seed}")
    print(f"voorbeelden     {args.voorbeelden} per doel (formulier of parameters, per rol)")
    print(f"verzoeken       {resultaat['verzoeken']}")
    print(f"5xx             {len(resultaat['fouten'])}")
    print(f"duur            {duur:.0f} s")
    for fout in resultaat["fouten"]:
        print("\n" + fout)
    sys.exit(1 if resultaat["fouten"] else 0)


if __name__ == "__main__":
    main()
