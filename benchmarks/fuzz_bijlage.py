"""Fuzz the annex parser with mutated copies of real annex PDFs, for a fixed budget.

    .venv/bin/python benchmarks/fuzz_bijlage.py [--seconden 300]

Every input must end in a Bijlage or a BijlageFout (a clear Dutch message); anything else is a crash and
is saved under var/fuzz/ for reproduction. Runs the parser in-process (the subprocess wrapper would
spend most of the budget starting interpreters), under a memory cap and a per-input alarm.
"""

import argparse
import logging
import resource
import signal
import sys
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from importeer.bijlage import lees_bijlage  # noqa: E402
from importeer.formaat import BijlageFout  # noqa: E402

BRONNEN = [
    ROOT / "tests" / "annexen" / naam
    for naam in ("status-kolom.pdf", "staand-zonder-lijnen.pdf", "liggend-ministerie.pdf")
]


class TeLang(Exception):
    pass


def _alarm(signum, frame):
    raise TeLang


@st.composite
def gemuteerd(draw):
    data = bytearray(draw(st.sampled_from(BRONNEN_BYTES)))
    for _ in range(draw(st.integers(1, 8))):
        soort = draw(st.sampled_from(["flip", "wis", "dubbel", "kap", "nul", "invoeg"]))
        i = draw(st.integers(0, len(data) - 1))
        n = draw(st.integers(1, 512))
        if soort == "flip":
            data[i] ^= draw(st.integers(1, 255))
        elif soort == "wis":
            del data[i : i + n]
        elif soort == "dubbel":
            data[i:i] = data[i : i + n]
        elif soort == "kap":
            del data[i:]
        elif soort == "nul":
            data[i : i + n] = bytes(len(data[i : i + n]))
        else:
            data[i:i] = draw(st.binary(min_size=1, max_size=64))
        if not data:
            data = bytearray(b"%PDF-")
    return bytes(data)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconden", type=float, default=300)
    args = parser.parse_args()

    global BRONNEN_BYTES
    BRONNEN_BYTES = [p.read_bytes() for p in BRONNEN]
    # A decompression bomb must end in MemoryError (a BijlageFout via the wrapper in production),
    # not take the machine down.
    resource.setrlimit(resource.RLIMIT_AS, (1024 * 1024 * 1024, 1024 * 1024 * 1024))
    signal.signal(signal.SIGALRM, _alarm)
    # pdfminer logs every oddity of a broken file; only the outcome per input matters here.
    logging.disable(logging.WARNING)

    teller = {"inputs": 0, "gelezen": 0, "bijlagefout": 0, "te_lang": 0, "geheugen": 0, "crash": 0}
    crashes = []
    eind = time.monotonic() + args.seconden

    @settings(
        max_examples=50,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(gemuteerd())
    def probeer(data):
        if time.monotonic() > eind:
            return
        teller["inputs"] += 1
        signal.alarm(20)
        try:
            lees_bijlage(data)
            teller["gelezen"] += 1
        except BijlageFout:
            teller["bijlagefout"] += 1
        except TeLang:
            teller["te_lang"] += 1
        except MemoryError:
            teller["geheugen"] += 1
        except Exception:
            teller["crash"] += 1
            crashes.append((data, traceback.format_exc()))
        finally:
            signal.alarm(0)

    while time.monotonic() < eind:
        probeer()

    if crashes:
        map_ = ROOT / "var" / "fuzz"
        map_.mkdir(parents=True, exist_ok=True)
        for i, (data, tb) in enumerate(crashes):
            (map_ / f"crash-{i}.pdf").write_bytes(data)
            (map_ / f"crash-{i}.txt").write_text(tb)
        print(f"voorbeeld van een crash:\n{crashes[0][1]}")
    print(
        f"fuzz: {teller['inputs']} invoeren in {args.seconden:.0f} s; gelezen {teller['gelezen']}, "
        f"BijlageFout {teller['bijlagefout']}, tijdslimiet {teller['te_lang']}, geheugenlimiet "
        f"{teller['geheugen']}, onafgevangen {teller['crash']}"
    )
    sys.exit(1 if crashes else 0)


if __name__ == "__main__":
    main()
