"""Import time and field accuracy of the Word importer (importeer/word.py) on the shared Word sample.

Usage, from the project directory::

    .venv/bin/python benchmarks/word_import.py [--docx FILE.docx --json FILE.json] [--acties 1000]

Accuracy: every field of every expected action (exact, no normalising of white space), plus the
title, the theme list and the order of the actions, against the JSON beside the sample. Timing, each
in a fresh process so that nothing is warm: ``lees_word`` (best and median of five, and the process's
peak memory), and ``lees_bijlage_veilig`` as the upload and command use it (the spawned child process
with its memory and time limits included, best of three). Also timed: a synthetic annex of
``--acties`` actions (the sample's rows repeated under new numbers).
Targets: 100% of fields, the sample read in under 1 s and the synthetic annex in under 10 s (both through
``lees_bijlage_veilig``). Exits 1 when one is missed. Needs no database and no Django.
"""

import argparse
import copy
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

WORTEL = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(WORTEL))

from opstelling import meld_doelen  # noqa: E402

GEDEELD = Path("/work/shared/annex/stand-van-zaken-2021-06-29.docx")
IN_PROJECT = WORTEL / "tests" / "annexen" / "stand-van-zaken-2021-06-29.docx"

# Runs in a fresh process: ru_maxrss then measures the parser, not this script.
METING = """
import json, resource, statistics, sys, time
from importeer.word import lees_word
from importeer.veilig import lees_bijlage_veilig
data = open(sys.argv[1], "rb").read()
tijden = []
for _ in range(5):
    begin = time.perf_counter()
    bijlage = lees_word(data)
    tijden.append(time.perf_counter() - begin)
piek = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
veilig = []
for _ in range(3):
    begin = time.perf_counter()
    lees_bijlage_veilig(data)
    veilig.append(time.perf_counter() - begin)
print(json.dumps({"acties": len(bijlage.acties), "beste": min(tijden), "mediaan": statistics.median(tijden),
                  "piek_mb": piek, "veilig": min(veilig)}))
"""


def vergelijk(gelezen: dict, verwacht: dict) -> tuple[int, int, list[str]]:
    goed = totaal = 0
    fouten = []

    def tel(naam, kreeg, wilde):
        nonlocal goed, totaal
        totaal += 1
        if kreeg == wilde:
            goed += 1
        else:
            fouten.append(naam)

    tel("titel", gelezen.get("titel"), verwacht.get("titel"))
    tel("themas", gelezen.get("themas"), verwacht.get("themas"))
    tel("volgorde", [a["nummer"] for a in gelezen["acties"]], [a["nummer"] for a in verwacht["acties"]])
    per_nummer = {a["nummer"]: a for a in gelezen["acties"]}
    for actie in verwacht["acties"]:
        kreeg = per_nummer.get(actie["nummer"], {})
        for veld in sorted(set(actie) | set(kreeg)):
            tel(f"actie {actie['nummer']} {veld}", kreeg.get(veld), actie.get(veld))
    return goed, totaal, fouten


def synthetisch(data: bytes, aantal: int) -> bytes:
    """The sample with its table rows repeated under new action numbers until there are ``aantal``."""
    from lxml import etree

    from importeer.word import w

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        delen = {info.filename: z.read(info) for info in z.infolist()}
    boom = etree.fromstring(delen["word/document.xml"])
    tabel = boom.find(f"{w('body')}/{w('tbl')}")
    rijen = tabel.findall(w("tr"))[1:]
    nummer = 0
    for r in rijen:
        tabel.remove(r)
    while nummer < aantal:
        for rij in rijen:
            kopie = copy.deepcopy(rij)
            cellen = kopie.findall(w("tc"))
            teksten = cellen[0].findall(f".//{w('t')}") if len(cellen) > 1 else []
            if teksten and teksten[0].text and teksten[0].text.strip().rstrip(".").isdigit():
                if nummer == aantal:
                    break
                nummer += 1
                teksten[0].text = f"{nummer}."
            tabel.append(kopie)
    delen["word/document.xml"] = etree.tostring(boom, xml_declaration=True, encoding="UTF-8", standalone=True)
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as z:
        for naam, inhoud in delen.items():
            z.writestr(naam, inhoud)
    return uit.getvalue()


def meet(pad: Path) -> dict:
    uit = subprocess.run(
        [sys.executable, "-c", METING, str(pad)], cwd=WORTEL, capture_output=True, text=True, check=True
    )
    return json.loads(uit.stdout)


def main() -> None:
    standaard = GEDEELD if GEDEELD.exists() else IN_PROJECT
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docx", type=Path, default=standaard)
    parser.add_argument("--json", type=Path, help="Expected JSON; default: the .json beside the .docx.")
    parser.add_argument("--acties", type=int, default=1000, help="Size of the synthetic annex.")
    args = parser.parse_args()
    verwacht_pad = args.json or args.docx.with_suffix(".json")

    from importeer.formaat import naar_json
    from importeer.word import lees_word

    data = args.docx.read_bytes()
    gelezen = lees_word(data)
    goed, totaal, fouten = vergelijk(naar_json(gelezen), json.loads(verwacht_pad.read_text(encoding="utf-8")))
    print(f"Word sample: {args.docx}")
    print(f"  accuracy: {goed} of {totaal} fields ({100 * goed / totaal:.2f}%)")
    for fout in fouten[:20]:
        print(f"    wrong: {fout}")
    print(f"  warnings: {gelezen.waarschuwingen}")

    meting = meet(args.docx)
    print(
        f"  {meting['acties']} actions: lees_word best {meting['beste'] * 1000:.0f} ms, "
        f"median {meting['mediaan'] * 1000:.0f} ms, peak {meting['piek_mb']:.0f} MB (process); "
        f"lees_bijlage_veilig (child process included) {meting['veilig'] * 1000:.0f} ms"
    )

    groot = Path(__file__).resolve().parent / f".word_import_{args.acties}.docx"
    try:
        groot.write_bytes(synthetisch(data, args.acties))
        groot_meting = meet(groot)
    finally:
        groot.unlink(missing_ok=True)
    print(
        f"Synthetic annex: {groot_meting['acties']} actions: lees_word best {groot_meting['beste']:.2f} s, "
        f"peak {groot_meting['piek_mb']:.0f} MB; lees_bijlage_veilig {groot_meting['veilig']:.2f} s"
    )
    meld_doelen(
        {
            "100% of fields": goed == totaal,
            "sample under 1 s": meting["veilig"] < 1.0,
            f"{args.acties} actions under 10 s": groot_meting["veilig"] < 10.0
            and groot_meting["acties"] == args.acties,
        }
    )


if __name__ == "__main__":
    main()
