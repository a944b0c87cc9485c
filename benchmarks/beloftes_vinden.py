"""Precision, recall and date accuracy of the promise finder (lib/beloftes) on the shared marked letter,
and its parse time for that letter and for a 12-page PDF letter.

Usage, from the project directory::

    .venv/bin/python benchmarks/beloftes_vinden.py [--brief FILE.txt --markering FILE.beloftes.json]

A proposal and a marked promise match when one's sentence contains the other's (white space
collapsed): a marked quote may span two sentences, the finder proposes one. Counted per sentence:

- precision: proposed sentences that match any marked promise (certain or not: the README lets a
  finder propose the uncertain ones without penalty) / proposed sentences;
- recall: marked promises with ``certain: true`` matched by a proposal / those marked (the uncertain
  ones may be left out); recall over all marked ones is printed beside it;
- in period: of the matched pairs, the share whose proposed period lies inside the marked one
  (``van >= period_start`` and ``tot <= period_end``; an open marked end takes any end);
- time: reading and finding, best of five for the text; for the PDF the letter is repeated until it
  fills 12 A4 pages (WeasyPrint), read and searched in the limited child process as the command does
  (process start included).
Targets (issue 25): recall >= 0.9, precision >= 0.8, 12 pages in < 2 s. Exits 1 when one is missed.
"""

import argparse
import html
import json
import sys
import time
from pathlib import Path

WORTEL = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(WORTEL))

from opstelling import meld_doelen  # noqa: E402

from lib.beloftes.lezen import lees_brief, vind_in_brief_veilig  # noqa: E402
from lib.beloftes.vinden import vind_beloftes  # noqa: E402

GEDEELD = WORTEL / "tests" / "brieven"  # a copy of ../shared/brieven


def _raakt(a: str, b: str) -> bool:
    a, b = " ".join(a.split()), " ".join(b.split())
    return a in b or b in a


def _binnen(voorstel, markering) -> bool:
    if voorstel.van < markering["period_start"]:
        return False
    if markering["period_end"] is None:
        return True
    return voorstel.tot is not None and voorstel.tot <= markering["period_end"]


def meet(tekst: str, markeringen: list[dict]) -> dict:
    voorstellen = vind_beloftes(tekst)
    citaten = list(dict.fromkeys(v.citaat for v in voorstellen))
    juist = [c for c in citaten if any(_raakt(c, m["quote"]) for m in markeringen)]
    zeker = [m for m in markeringen if m["certain"]]
    gevonden = [m for m in markeringen if any(_raakt(v.citaat, m["quote"]) for v in voorstellen)]
    paren = [(v, m) for m in gevonden for v in voorstellen if _raakt(v.citaat, m["quote"])]
    zekere_paren = [(v, m) for v, m in paren if m["certain"]]
    return {
        "voorstellen": len(voorstellen),
        "zinnen": len(citaten),
        "juiste_zinnen": len(juist),
        "precisie": len(juist) / len(citaten),
        "zeker_gemarkeerd": len(zeker),
        "zeker_gevonden": sum(m["certain"] for m in gevonden),
        "recall": sum(m["certain"] for m in gevonden) / len(zeker),
        "recall_alle": len(gevonden) / len(markeringen),
        "binnen_periode": sum(_binnen(v, m) for v, m in paren) / len(paren),
        "binnen_periode_zeker": sum(_binnen(v, m) for v, m in zekere_paren) / len(zekere_paren),
        "wie_gelijk": sum(v.wie == m["actor"] for v, m in paren) / len(paren),
        "niet_gemarkeerd": [c for c in citaten if c not in juist],
        "gemist": [m["id"] for m in zeker if m not in gevonden],
        "buiten_periode": [(m["id"], v.van, v.tot, m["period_start"], m["period_end"]) for v, m in paren
                           if not _binnen(v, m)],
    }  # fmt: skip


def twaalf_paginas(tekst: str) -> tuple[bytes, int]:
    from weasyprint import HTML

    alineas = "".join(f"<p>{html.escape(a)}</p>" for a in tekst.split("\n\n") if a.strip())
    css = "@page{size:A4;margin:25mm} body{font:10pt/1.35 sans-serif}"
    for keer in range(1, 6):
        document = HTML(string=f"<html><style>{css}</style><body>{alineas * keer}</body></html>").render()
        if len(document.pages) >= 12:
            break
    return document.write_pdf(), len(document.pages)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--brief", type=Path, default=GEDEELD / "brief-2021-06-29.txt")
    parser.add_argument("--markering", type=Path, default=GEDEELD / "brief-2021-06-29.beloftes.json")
    args = parser.parse_args()
    data = args.brief.read_bytes()
    markeringen = json.loads(args.markering.read_text(encoding="utf-8"))

    uitkomst = meet(lees_brief(data), markeringen)
    print(
        f"voorstellen: {uitkomst['voorstellen']} in {uitkomst['zinnen']} zinnen, "
        f"waarvan gemarkeerd: {uitkomst['juiste_zinnen']}"
    )
    print(f"precisie (zinnen): {uitkomst['precisie']:.3f}")
    print(
        f"recall (zeker gemarkeerd): {uitkomst['recall']:.3f} "
        f"({uitkomst['zeker_gevonden']}/{uitkomst['zeker_gemarkeerd']}); "
        f"over alle gemarkeerde: {uitkomst['recall_alle']:.3f}"
    )
    print(
        f"periode binnen de gemarkeerde: {uitkomst['binnen_periode']:.3f} van de gevonden "
        f"({uitkomst['binnen_periode_zeker']:.3f} van de zekere)"
    )
    print(f"wie gelijk aan de markering: {uitkomst['wie_gelijk']:.3f}")
    for c in uitkomst["niet_gemarkeerd"]:
        print(f"  voorgesteld, niet gemarkeerd: {c[:100]}")
    for i in uitkomst["gemist"]:
        print(f"  gemist: {i}")
    for regel in uitkomst["buiten_periode"]:
        print(f"  periode buiten de markering: {regel}")

    tijden = []
    for _ in range(5):
        begin = time.perf_counter()
        vind_beloftes(lees_brief(data))
        tijden.append(time.perf_counter() - begin)
    print(f"tijd brief ({len(data) // 1024} kB tekst), lezen en vinden: {min(tijden) * 1000:.1f} ms")

    pdf, paginas = twaalf_paginas(lees_brief(data))
    tijden = []
    for _ in range(3):
        begin = time.perf_counter()
        gevonden, _ = vind_in_brief_veilig(pdf)
        tijden.append(time.perf_counter() - begin)
    print(
        f"tijd PDF van {paginas} pagina's ({len(pdf) // 1024} kB), kindproces + vinden: "
        f"{min(tijden):.2f} s ({len(gevonden)} voorstellen)"
    )
    meld_doelen(
        {
            "recall >= 0.9": uitkomst["recall"] >= 0.9,
            "precisie >= 0.8": uitkomst["precisie"] >= 0.8,
            "12 pagina's < 2 s": paginas >= 12 and min(tijden) < 2,
        }
    )


if __name__ == "__main__":
    main()
