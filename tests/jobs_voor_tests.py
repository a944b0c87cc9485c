"""Job functions for tests/test_jobs.py, importable by a real worker process."""

import os
import time
from pathlib import Path

from jobs.taken import Mislukt

POGINGEN = []


def schrijf_langzaam(progress, pad, stappen=10, pauze=0.3):
    """Write a file in steps, reporting progress; the whole file appears at once (written aside, then
    renamed), so a worker killed halfway leaves no half file."""
    doel = Path(pad)
    tijdelijk = doel.with_suffix(".tmp")
    with tijdelijk.open("w") as bestand:
        for stap in range(1, stappen + 1):
            bestand.write(f"regel {stap}\n")
            bestand.flush()
            progress.zet(stap, stappen, f"regel {stap} van {stappen}")
            time.sleep(pauze)
    os.replace(tijdelijk, doel)
    return "/klaar/"


def mislukt_altijd(progress):
    POGINGEN.append(1)
    raise RuntimeError("kapot")


def weigert(progress):
    raise Mislukt("Het bestand is leeg.")


def lukt_de_tweede_keer(progress):
    POGINGEN.append(1)
    if len(POGINGEN) < 2:
        raise RuntimeError("even niet")
    return "/gelukt/"


def wacht_op(progress, pad, seconden=60):
    """Hold a worker busy until the file at `pad` exists (at most `seconden`)."""
    einde = time.monotonic() + seconden
    while not Path(pad).exists() and time.monotonic() < einde:
        progress.zet(0, 1, "wacht")
        time.sleep(0.2)
    return "/klaar/"


def onbewaarbaar(progress):
    """A result PostgreSQL refuses to store (text with a NUL character)."""
    return "/acties/lijst.pdf?q=\x00"


def lange_url(progress):
    """A result as long as the list PDF's address with a long query string."""
    return "/acties/lijst.pdf?status=afgerond&x=" + "a" * 480
