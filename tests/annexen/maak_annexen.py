"""Maak de test-bijlagen in deze map opnieuw, zoals echte bijlagen ontstaan: een
Word-document (python-docx) dat LibreOffice naar PDF omzet.

Gebruik, vanuit de projectmap::

    .venv/bin/python tests/annexen/maak_annexen.py

Nodig: python-docx en Pillow (in de venv) en LibreOffice (``soffice``, Debian-pakket
libreoffice-writer-nogui) met de lettertypen fonts-dejavu-core en fonts-liberation2.
De gemaakte PDF's en JSON's worden meegecommit, zodat de tests zonder LibreOffice
draaien. De verwachte JSON komt uit de brongegevens hieronder, niet uit de parser.

Bijlagen:
  staand-zonder-lijnen   staand A4, tabel zonder randen, kop "Nr. | Actie | Stand van zaken"
  liggend-ministerie     liggend A4, DejaVu Serif, volledige rasterlijnen, kolom
                         "Verantwoordelijk", samengevoegde cel, voetnoot, paginanummers
  status-kolom           staand A4, alleen horizontale lijnen, kolom "Status"
Foutgevallen (alleen PDF): fout-*.pdf, zie ``maak_foutgevallen``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import zlib
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from PIL import Image, ImageDraw

MAP = Path(__file__).resolve().parent
ECHTE_BIJLAGE = MAP / "stand-van-zaken-2021-06-29.pdf"


@dataclass
class Actie:
    nummer: int
    omschrijving: list[str]
    stand: list[str] | None  # None: cel samengevoegd met de actie erboven
    moties: list[tuple[int, str, int | None]] = field(default_factory=list)
    ministerie: str = ""
    ministeries: list[str] = field(default_factory=list)
    status: str = ""  # tekst in de PDF
    verwachte_status: str | None = None


@dataclass
class Thema:
    naam: str


@dataclass
class Subthema:
    naam: str


# ---------------------------------------------------------------- inhoud

STAAND = [
    Thema("HERSTEL VOOR GEDUPEERDEN"),
    Actie(
        1,
        ["Alle gedupeerde ouders binnen een jaar een integrale beoordeling geven"],
        [
            "Er zijn in het afgelopen kwartaal ruim 4.000 integrale beoordelingen afgerond. "
            "De doorlooptijd is gedaald van gemiddeld veertien naar negen maanden.",
            "Sinds maart zijn extra zaakbehandelaars ingezet uit het ABD-stelsel en uit andere "
            "onderdelen van het Rijk.",
            "De planning voor de tweede helft van het jaar wordt in de voortgangsrapportage toegelicht.",
        ],
    ),
    Actie(
        2,
        ["Schulden van gedupeerden bij publieke schuldeisers kwijtschelden (NR. 8 Motie Bikker c.s.)"],
        [
            "De publieke schuldeisers hebben de schulden van ruim 20.000 ouders kwijtgescholden. "
            "Voor de private schulden is een regeling getroffen:",
            "- ouders melden zich bij het gemeentelijke schuldhulpteam;",
            "- de schuldeiser ontvangt het bedrag rechtstreeks van de Uitvoeringsorganisatie "
            "Herstel Toeslagen;",
            "- de ouder krijgt schriftelijk bericht.",
        ],
        moties=[(8, "Bikker c.s.", None)],
    ),
    Actie(
        3,
        ["Brede ondersteuning door gemeenten op het gebied van zorg, wonen, werk en schulden"],
        [
            "Alle gemeenten bieden ondersteuning aan. In de praktijk blijkt dat ouders vooral "
            "hulp vragen bij wonen en schulden; de samenwerking tussen Rijk en gemeenten wordt "
            "daarom verder versterkt. Dit gebeurt in het Bestuurlijk Overleg Herstel en in de "
            "werkgroepen die daaronder vallen.",
        ],
    ),
    Thema("DIENSTVERLENING"),
    Subthema("Bereikbaarheid"),
    Actie(
        4,
        [
            "Telefonische bereikbaarheid van de Belastingdienst verbeteren "
            "(NR 14 motie Van der Plas/Omtzigt, deel 2)"
        ],
        [
            "De wachttijd aan de telefoon is in het eerste halfjaar gedaald tot gemiddeld vier "
            "minuten. Er is een terugbelservice gestart voor bellers die langer dan tien minuten "
            "moeten wachten, en de openingstijden zijn op donderdag verruimd tot 20.00 uur.",
            "Per 1 september start een proef met een chatfunctie die ook in het weekend beschikbaar is.",
        ],
        moties=[(14, "Van der Plas/Omtzigt", 2)],
    ),
    Actie(
        5,
        ["Fysieke loketten in alle provincies openen"],
        [
            "Er zijn nu loketten in tien provincies. In Zeeland en Drenthe worden in het najaar "
            "loketten geopend in samenwerking met de gemeenten en het UWV.",
        ],
    ),
    Subthema("Begrijpelijke brieven"),
    Actie(
        6,
        [
            "Brieven van de Belastingdienst en Toeslagen herschrijven in begrijpelijke taal",
            "- Taalniveau B1 als norm",
            "- Burgerpanels laten meelezen",
        ],
        [
            "In totaal zijn 120 standaardbrieven herschreven. De brieven zijn getest met "
            "burgerpanels en met medewerkers van het serviceteam. De resultaten worden gebruikt "
            "voor een rijksbrede handreiking voor begrijpelijke brieven die dit najaar aan alle "
            "uitvoeringsorganisaties wordt aangeboden. Daarnaast wordt onderzocht of de "
            "belangrijkste brieven ook in het Engels, Turks, Arabisch en Pools beschikbaar "
            "kunnen komen, zoals gevraagd in de motie.",
        ],
    ),
    Thema("WETGEVING"),
    Actie(
        7,
        ["Hardheidsclausule opnemen in alle wetten die door uitvoeringsorganisaties worden uitgevoerd"],
        [
            "Het kabinet heeft een inventarisatie laten maken van wetten waarin een algemene "
            "hardheidsclausule ontbreekt. Uit de inventarisatie blijkt dat de meeste sociale "
            "zekerheidswetten en de fiscale wetgeving nog zonder een dergelijke clausule werken. "
            "Bij de eerstvolgende wijziging van deze wetten wordt een hardheidsclausule "
            "voorgesteld. Tevens wordt bezien hoe de Algemene wet bestuursrecht zo kan worden "
            "aangepast dat bestuursorganen in alle gevallen van bijzondere omstandigheden kunnen "
            "afwijken. Het wetsvoorstel daarvoor is in voorbereiding en wordt na de zomer in "
            "consultatie gebracht. De Raad van State wordt gevraagd om voorlichting over de "
            "verhouding tussen de hardheidsclausule en het evenredigheidsbeginsel.",
            "Over de voortgang informeert de minister van BZK de Kamer in de jaarlijkse "
            "Staat van de uitvoering.",
        ],
    ),
    Actie(
        8,
        ["Evenredigheidsbeginsel centraal stellen bij de toepassing van wet- en regelgeving"],
        [
            "In overleg met de hoogste bestuursrechters wordt bezien hoe de toetsing aan het "
            "evenredigheidsbeginsel kan worden versterkt. De eerste uitspraken van de Afdeling "
            "bestuursrechtspraak van de Raad van State na de uitspraak van 2 februari laten zien "
            "dat de rechter vaker en intensiever toetst. Het kabinet volgt deze ontwikkeling en "
            "betrekt haar bij de herziening van de Awb.",
        ],
    ),
    Actie(
        9,
        ["Menselijke maat in de uitvoering van wetten borgen"],
        [
            "Er is een handreiking opgesteld voor uitvoeringsorganisaties over het gebruik van "
            "de ruimte die wetten bieden. De handreiking wordt besproken in het Overleg "
            "Uitvoeringsorganisaties en de Staten-Generaal krijgen een afschrift.",
        ],
    ),
]

LIGGEND = [
    Thema("HERSTELOPERATIE"),
    Actie(
        1,
        ["Compensatie van € 30.000 voor alle gedupeerde ouders uitbetalen"],
        [
            "Inmiddels hebben ruim 25.000 ouders de compensatie van € 30.000 ontvangen. Het gaat "
            "om alle ouders die zich voor 1 juni hebben gemeld en bij wie uit de lichte toets is "
            "gebleken dat zij gedupeerd zijn. Ouders die zich later hebben gemeld, krijgen binnen "
            "zes maanden uitsluitsel. De uitvoering ligt bij de Uitvoeringsorganisatie Herstel "
            "Toeslagen, die daarvoor tijdelijk wordt uitgebreid met medewerkers van andere "
            "onderdelen van het Rijk.",
        ],
        ministerie="Financiën",
        ministeries=["Financiën"],
    ),
    Actie(
        2,
        [
            "Private schulden van gedupeerden overnemen zodat de compensatie behouden blijft "
            "(Nr. 7, motie Wilders)"
        ],
        [
            "Met de brancheorganisaties van private schuldeisers is afgesproken dat zij de "
            "invordering pauzeren zolang de beoordeling loopt. Daarna neemt het Rijk de "
            "schulden over die vóór 1 januari 2021 zijn ontstaan. De regeling is in werking "
            "getreden en wordt uitgevoerd door SBF.",
        ],
        moties=[(7, "Wilders", None)],
        ministerie="Financiën / SZW",
        ministeries=["Financiën", "SZW"],
    ),
    Actie(
        3,
        ["Beslagvrije voet en moratorium voor gedupeerde ouders (NR. 23 Motie Ploumen/Segers)"],
        None,
        moties=[(23, "Ploumen/Segers", None)],
        ministerie="SZW",
        ministeries=["SZW"],
    ),
    Actie(
        4,
        ["Kinderen van gedupeerde ouders een eigen regeling bieden"],
        [
            "De kindregeling is uitgewerkt samen met het kindpanel. Kinderen van gedupeerde "
            "ouders krijgen een tegemoetkoming en toegang tot begeleiding bij school, werk en "
            "wonen. De regeling wordt uitgevoerd door de gemeenten.",
        ],
        ministerie="Financiën en BZK",
        ministeries=["Financiën", "BZK"],
    ),
    Thema("RESPONSIEVE OVERHEID"),
    Subthema("Signalen uit de uitvoering"),
    Actie(
        5,
        [
            "Signalen over knelpunten uit de uitvoering sneller bij beleid en politiek "
            "brengen (NR 31. Motie Azarkan/Van Kooten-Arissen) en jaarlijks rapporteren "
            "(NR. 16 Motie Klaver cs deel 2)"
        ],
        [
            "Elke uitvoeringsorganisatie publiceert vanaf dit jaar een jaarlijkse "
            "Staat van de uitvoering, waarin knelpunten in wet- en regelgeving zijn benoemd. "
            "De eerste Staat van de uitvoering is op 15 juni aan de Tweede Kamer gezonden.",
            "- De knelpunten worden besproken in een jaarlijks overleg met de bewindspersonen.",
            "- De reactie van het kabinet volgt binnen drie maanden na publicatie.",
            "Daarnaast is een meldpunt ingericht waar medewerkers knelpunten kunnen melden "
            "die direct worden doorgezet naar de beleidsdirecties van de vakdepartementen; in "
            "het eerste halfjaar kwamen daar ruim 300 meldingen binnen, waarvan er 80 tot een "
            "aanpassing van beleid of werkinstructies hebben geleid.",
        ],
        moties=[(31, "Azarkan/Van Kooten-Arissen", None), (16, "Klaver cs", 2)],
        ministerie="BZK, SZW en Financiën",
        ministeries=["BZK", "SZW", "Financiën"],
    ),
    Actie(
        6,
        ["Casusoverleg tussen uitvoering, beleid en bewindspersonen structureel maken"],
        [
            "Er vinden sinds januari maandelijks casusoverleggen plaats bij de Belastingdienst, "
            "Toeslagen, UWV, SVB en DUO. In deze overleggen worden schrijnende situaties besproken "
            "met beleidsmakers en bestuurders. De bevindingen worden gebruikt bij het opstellen "
            "van de volgende Staat van de uitvoering en bij de evaluatie van het programma "
            "Werk aan Uitvoering. Ook de inspecties nemen als toehoorder deel.",
            "Na de zomer wordt het casusoverleg uitgebreid naar de gemeenten en de waterschappen.",
        ],
        ministerie="BZK",
        ministeries=["BZK"],
    ),
    Subthema("Discriminatie"),
    Actie(
        7,
        [
            "Gebruik van nationaliteit als risico-indicator in selectiesystemen van de "
            "overheid uitsluiten (NR 21 Motie Marijnissen cs, deel 1"
        ],
        [
            "Verder hebben alle departementen hun risicomodellen, -profielen en -systemen doorgelicht. "
            "In drie modellen werd nationaliteit nog als indicator gebruikt; het gebruik ervan "
            "is beëindigd. Het College voor de Rechten van de Mens heeft de doorlichting "
            "beoordeeld en aanbevelingen gedaan die het kabinet overneemt, waaronder een "
            "verplichte discriminatietoets bij nieuwe algoritmen. Deze toets wordt vanaf 1 "
            "januari verplicht voor alle uitvoeringsorganisaties en inspecties.",
        ],
        moties=[(21, "Marijnissen cs", 1)],
        ministerie="BZK / JenV",
        ministeries=["BZK", "JenV"],
    ),
    Actie(
        8,
        ["Nationaal Coördinator tegen Discriminatie en Racisme aanstellen"],
        [
            "De Nationaal Coördinator is per 15 oktober benoemd. Hij stelt een Nationaal "
            "Programma op dat in het voorjaar aan de Tweede Kamer wordt gezonden.",
        ],
        ministerie="BZK",
        ministeries=["BZK"],
    ),
    Thema("INFORMATIEHUISHOUDING"),
    Actie(
        9,
        ["Informatiehuishouding van het Rijk op orde brengen met een meerjarig actieplan"],
        [
            "Het actieplan Open op Orde is in uitvoering en is besproken met de "
            "Staten-Generaal. Alle departementen hebben een eigen "
            "plan opgesteld en er is geïnvesteerd in opleiding van informatieprofessionals. "
            "De Inspectie Overheidsinformatie en Erfgoed houdt toezicht op de uitvoering.",
        ],
        ministerie="BZK",
        ministeries=["BZK"],
    ),
    Actie(
        10,
        ["Beslisnota's bij Kamerstukken actief openbaar maken"],
        [
            "Sinds 1 juli worden de beslisnota's bij Kamerbrieven en wetsvoorstellen met de "
            "stukken meegestuurd. Er is een evaluatie gestart; de uitkomsten volgen begin "
            "volgend jaar. Daarbij wordt ook gekeken naar de gevolgen voor de werklast van de "
            "departementen en naar de kwaliteit van de nota's.",
        ],
        ministerie="BZK / AZ",
        ministeries=["BZK", "AZ"],
    ),
]

STATUS = [
    Thema("VAKMANSCHAP"),
    Actie(
        1,
        ["Leiderschapsprogramma voor topambtenaren over tegenspraak"],
        ["Het programma is in januari gestart; 120 topambtenaren hebben deelgenomen."],
        ministerie="BZK",
        ministeries=["BZK"],
        status="Afgerond",
        verwachte_status="afgerond",
    ),
    Actie(
        2,
        ["Ambtseed herzien en opnemen in het introductieprogramma voor nieuwe medewerkers"],
        [
            "De tekst van de ambtseed is herzien. Het introductieprogramma wordt in het najaar aangepast.",
        ],
        ministerie="BZK",
        ministeries=["BZK"],
        status="In uitvoering",
        verwachte_status="in uitvoering",
    ),
    Actie(
        3,
        ["Opleidingen over de Grondwet en de rechtsstaat voor alle rijksambtenaren en ABD-topmanagers"],
        ["Door de vertraging in de aanbesteding start het eerste programma pas volgend jaar."],
        ministerie="BZK / JenV",
        ministeries=["BZK", "JenV"],
        status="Vertraagd",
        verwachte_status="vertraagd",
    ),
    Thema("TOEZICHT"),
    Actie(
        4,
        ["Inspecties versterken en beter laten samenwerken"],
        [
            "De inspecties hebben een gezamenlijke agenda opgesteld.",
            "Het toezicht op de Belastingdienst wordt ondergebracht bij een nieuwe inspectie.",
        ],
        ministerie="Financiën",
        ministeries=["Financiën"],
        status="Doorlopend",
        verwachte_status="doorlopend",
    ),
    Actie(
        5,
        ["Wetsvoorstel Inspectie Belastingen, Toeslagen en Douane"],
        ["Het wetsvoorstel wordt na de zomer bij de Tweede Kamer ingediend."],
        ministerie="Financiën",
        ministeries=["Financiën"],
        status="Nog niet gestart",
        verwachte_status="nog niet gestart",
    ),
    Actie(
        6,
        ["Onafhankelijk toezicht op algoritmen door de Autoriteit Persoonsgegevens"],
        ["De taak is belegd bij de AP; de financiering is geregeld."],
        ministerie="BZK",
        ministeries=["BZK"],
        status="Gedeeltelijk klaar",
        verwachte_status=None,
    ),
    Actie(
        7,
        ["Onderzoek naar de rol van de Raad van State"],
        ["De actie is opgegaan in actie 5 van de Staatscommissie rechtsstaat."],
        ministerie="BZK",
        ministeries=["BZK"],
        status="Vervallen.",
        verwachte_status="vervallen",
    ),
]


# ---------------------------------------------------------------- verwachte JSON


def verwacht(titel: str, rijen: list) -> dict:
    themas: list[dict] = []
    acties: list[dict] = []
    thema, subthema = None, None
    vorige = None
    for rij in rijen:
        if isinstance(rij, Thema):
            themas.append({"naam": rij.naam, "subthemas": []})
            thema, subthema = rij.naam, None
        elif isinstance(rij, Subthema):
            themas[-1]["subthemas"].append(rij.naam)
            subthema = rij.naam
        else:
            a = {
                "nummer": rij.nummer,
                "thema": thema,
                "subthema": subthema,
                "omschrijving": "\n".join(rij.omschrijving),
                "stand_van_zaken": "\n".join(rij.stand or []),
                "moties": [{"nummer": n, "indieners": i, "deel": d} for n, i, d in rij.moties],
            }
            if rij.ministeries:
                a["ministeries"] = rij.ministeries
            if rij.stand is None:
                a["stand_van_zaken"] = vorige["stand_van_zaken"]
                a["gedeeld_met"] = vorige["nummer"]
            if rij.verwachte_status:
                a["status"] = rij.verwachte_status
            acties.append(a)
            vorige = a
    return {"titel": titel, "bron": "", "peildatum": None, "themas": themas, "acties": acties}


# ---------------------------------------------------------------- Word-opmaak


def stel_lettertype_in(document, naam: str, grootte: float, na: float) -> None:
    stijl = document.styles["Normal"]
    stijl.font.name = naam
    stijl.font.size = Pt(grootte)
    stijl.element.rPr.rFonts.set(qn("w:eastAsia"), naam)
    stijl.paragraph_format.space_after = Pt(na)
    stijl.paragraph_format.space_before = Pt(0)
    stijl.paragraph_format.line_spacing = 1.0


def pagina(document, liggend: bool) -> None:
    sectie = document.sections[0]
    breed, hoog = Cm(21.0), Cm(29.7)
    if liggend:
        sectie.orientation = WD_ORIENT.LANDSCAPE
        sectie.page_width, sectie.page_height = hoog, breed
    else:
        sectie.page_width, sectie.page_height = breed, hoog
    for kant in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sectie, kant, Cm(2))


def veld(paragraaf, code: str) -> None:
    """Een Word-veld (PAGE, NUMPAGES) in een alinea."""
    for soort, tekst in (("begin", None), (None, code), ("end", None)):
        run = paragraaf.add_run()
        if soort:
            teken = OxmlElement("w:fldChar")
            teken.set(qn("w:fldCharType"), soort)
            run._r.append(teken)
        else:
            instructie = OxmlElement("w:instrText")
            instructie.set(qn("xml:space"), "preserve")
            instructie.text = f" {tekst} "
            run._r.append(instructie)


def voettekst(document, pagina_van: bool) -> None:
    alinea = document.sections[0].footer.paragraphs[0]
    alinea.alignment = 2  # rechts
    if pagina_van:
        alinea.add_run("Pagina ")
        veld(alinea, "PAGE")
        alinea.add_run(" van ")
        veld(alinea, "NUMPAGES")
    else:
        veld(alinea, "PAGE")


def herhaal_kop(rij) -> None:
    eigenschappen = rij._tr.get_or_add_trPr()
    kop = OxmlElement("w:tblHeader")
    kop.set(qn("w:val"), "true")
    eigenschappen.append(kop)


def randen(tabel, welke: dict[str, bool]) -> None:
    """Zet tabelranden aan of uit: top, left, bottom, right, insideH, insideV."""
    eigenschappen = tabel._tbl.tblPr
    for oud in eigenschappen.findall(qn("w:tblBorders")):
        eigenschappen.remove(oud)
    element = OxmlElement("w:tblBorders")
    for kant in ("top", "left", "bottom", "right", "insideH", "insideV"):
        rand = OxmlElement(f"w:{kant}")
        aan = welke.get(kant, False)
        rand.set(qn("w:val"), "single" if aan else "nil")
        if aan:
            rand.set(qn("w:sz"), "4")
            rand.set(qn("w:color"), "000000")
        element.append(rand)
    eigenschappen.append(element)


def vul(cel, alineas: list[str], vet: bool = False, cursief: bool = False) -> None:
    cel.paragraphs[0].text = ""
    for i, tekst in enumerate(alineas):
        alinea = cel.paragraphs[0] if i == 0 else cel.add_paragraph()
        run = alinea.add_run(tekst)
        run.bold, run.italic = vet, cursief


def tabel(document, koppen, breedtes, rijen, kolommen, kop_herhalen: bool = True):
    t = document.add_table(rows=1, cols=len(koppen))
    t.autofit = False
    for kolom, cel, kop, breedte in zip(t.columns, t.rows[0].cells, koppen, breedtes, strict=True):
        vul(cel, [kop], vet=True)
        kolom.width = cel.width = Cm(breedte)  # LibreOffice leest de kolombreedte (tblGrid)
    if kop_herhalen:
        herhaal_kop(t.rows[0])
    vorige_cellen = None
    for rij in rijen:
        cellen = t.add_row().cells
        for cel, breedte in zip(cellen, breedtes, strict=True):
            cel.width = Cm(breedte)
        if isinstance(rij, (Thema, Subthema)):
            samen = cellen[0].merge(cellen[-1])
            vul(samen, [rij.naam], vet=isinstance(rij, Thema), cursief=isinstance(rij, Subthema))
            continue
        for i, (cel, inhoud) in enumerate(zip(cellen, kolommen(rij), strict=True)):
            if inhoud is None:
                vorige_cellen[i].merge(cel)
            else:
                vul(cel, inhoud)
        vorige_cellen = cellen
    return t


def titel_en_inleiding(document, titel: str, inleiding: str) -> None:
    kop = document.add_paragraph()
    run = kop.add_run(titel)
    run.bold, run.font.size = True, Pt(14)
    document.add_paragraph(inleiding)


def maak_staand(pad: Path) -> dict:
    document = docx.Document()
    pagina(document, liggend=False)
    stel_lettertype_in(document, "Liberation Sans", 10, 4)
    voettekst(document, pagina_van=True)
    titel = "Voortgang hersteloperatie en vervolgacties"
    titel_en_inleiding(
        document,
        titel,
        "Deze bijlage geeft per actie de stand van zaken weer. Acties die zijn afgerond, "
        "blijven in de tabel staan zodat de nummering gelijk blijft aan eerdere rapportages.",
    )
    t = tabel(
        document,
        ["Nr.", "Actie", "Stand van zaken"],
        [1.3, 5.5, 10.2],
        STAAND,
        lambda a: [[f"{a.nummer}."], a.omschrijving, a.stand],
        kop_herhalen=False,
    )
    randen(t, {})
    document.add_paragraph("")
    noot = document.add_paragraph().add_run(
        "Bron: ministeries, peildatum 1 juni. Cijfers zijn afgerond op honderdtallen."
    )
    noot.font.size = Pt(7.5)
    document.save(pad)
    return verwacht(titel, STAAND)


def maak_liggend(pad: Path) -> dict:
    document = docx.Document()
    pagina(document, liggend=True)
    stel_lettertype_in(document, "DejaVu Serif", 9, 2)
    voettekst(document, pagina_van=False)
    titel = "Stand van zaken vervolgacties Parlementaire Ondervragingscommissie Kinderopvangtoeslag"
    kop = document.add_paragraph()
    run = kop.add_run(titel)
    run.bold, run.font.size = True, Pt(13)
    inleiding = document.add_paragraph(
        "Onderstaande tabel bevat de acties uit de kabinetsreactie en de moties uit het debat "
        "van 19 januari 2021"
    )
    noot = inleiding.add_run("1")
    noot.font.superscript = True
    inleiding.add_run(".")
    t = tabel(
        document,
        ["Nr", "Actie / omschrijving", "Verantwoordelijk", "Stand van zaken juni 2021"],
        [1.2, 7.6, 4.2, 12.7],
        LIGGEND,
        lambda a: [[str(a.nummer)], a.omschrijving, [a.ministerie], a.stand],
    )
    t.style = document.styles["Table Grid"]
    voetnoot = document.add_paragraph()
    teken = voetnoot.add_run("1")
    teken.font.superscript = True
    tekst = voetnoot.add_run(" Handelingen II 2020/21, nr. 40, item 6.")
    tekst.font.size = teken.font.size = Pt(7)
    document.save(pad)
    return verwacht(titel, LIGGEND)


def maak_status(pad: Path) -> dict:
    document = docx.Document()
    pagina(document, liggend=False)
    stel_lettertype_in(document, "Liberation Serif", 10.5, 3)
    titel = "Overzicht acties vakmanschap en toezicht"
    titel_en_inleiding(document, titel, "Peildatum van dit overzicht is 1 juli 2021.")
    t = tabel(
        document,
        ["Nr.", "Omschrijving", "Ministerie", "Status", "Stand van zaken"],
        [1.1, 5.4, 2.2, 2.6, 5.7],
        STATUS,
        lambda a: [[f"{a.nummer}."], a.omschrijving, [a.ministerie], [a.status], a.stand],
    )
    randen(t, {"top": True, "bottom": True, "insideH": True})
    document.save(pad)
    return verwacht(titel, STATUS)


def maak_dubbel(pad: Path) -> None:
    document = docx.Document()
    stel_lettertype_in(document, "Liberation Sans", 10, 0)
    rijen = [Thema("HERSTEL"), *STAAND[1:3], Actie(2, ["Nog een actie twee"], ["Loopt."])]
    t = tabel(
        document,
        ["Actie", "Omschrijving", "Stand van Zaken"],
        [1.5, 5.5, 9.0],
        rijen,
        lambda a: [[f"{a.nummer}."], a.omschrijving, a.stand],
    )
    t.style = document.styles["Table Grid"]
    document.save(pad)


def maak_proza(pad: Path) -> None:
    document = docx.Document()
    stel_lettertype_in(document, "Liberation Sans", 11, 6)
    document.add_heading("Kamerbrief over de hersteloperatie", level=1)
    for _ in range(3):
        document.add_paragraph(
            "Hierbij stuur ik u de achtste voortgangsrapportage. De stand van zaken van de "
            "vervolgacties staat in een aparte bijlage; deze brief bevat geen tabel met acties."
        )
    document.save(pad)


# ---------------------------------------------------------------- PDF's zonder LibreOffice


def handgemaakte_pdf(objecten: list[bytes]) -> bytes:
    """Een minimale PDF met de gegeven objecten (1 = catalogus) en een juiste xref."""
    uit = bytearray(b"%PDF-1.4\n")
    posities = []
    for nummer, inhoud in enumerate(objecten, 1):
        posities.append(len(uit))
        uit += b"%d 0 obj\n" % nummer + inhoud + b"\nendobj\n"
    xref = len(uit)
    uit += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objecten) + 1)
    for positie in posities:
        uit += b"%010d 00000 n \n" % positie
    uit += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objecten) + 1, xref)
    return bytes(uit)


def nul_paginas() -> bytes:
    return handgemaakte_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def bom(mebibytes: int = 512) -> bytes:
    """Een pagina waarvan de inhoud (Flate) uitpakt tot ``mebibytes`` MiB spaties."""
    inpakker = zlib.compressobj(9)
    blok = b" " * (1 << 20)
    stroom = b"".join(inpakker.compress(blok) for _ in range(mebibytes)) + inpakker.flush()
    return handgemaakte_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stroom) + stroom + b"\nendstream",
        ]
    )


def scan(pad: Path) -> None:
    """Een 'gescande' pagina: alleen een afbeelding, geen tekstlaag."""
    beeld = Image.new("L", (827, 1169), 255)
    teken = ImageDraw.Draw(beeld)
    for y in range(120, 1000, 40):
        teken.rectangle([80, y, 740, y + 14], fill=40)
    beeld.save(pad, "PDF", resolution=100)


def regeleinden_met_streepje(pad: Path) -> list[str]:
    """Woorden met een streepje aan het eind van een regel: de tekst is zo gekozen
    dat de parser zulke afbrekingen in elke bijlage tegenkomt."""
    import pdfplumber

    gevonden = []
    with pdfplumber.open(pad) as pdf:
        for page in pdf.pages:
            woorden = page.extract_words()
            for woord, volgend in pairwise([*woorden, None]):
                nieuwe_regel = (
                    volgend is None or volgend["top"] > woord["bottom"] or volgend["x0"] > woord["x1"] + 8
                )
                if woord["text"].endswith("-") and nieuwe_regel:
                    gevonden.append(woord["text"])
            page.close()
    return gevonden


# ---------------------------------------------------------------- LibreOffice


def naar_pdf(docx_bestanden: list[Path], doelmap: Path, filter_: str = "pdf") -> None:
    with tempfile.TemporaryDirectory() as profiel:
        subprocess.run(
            [
                shutil.which("soffice") or "soffice",
                f"-env:UserInstallation=file://{profiel}",
                "--headless",
                "--convert-to",
                filter_,
                "--outdir",
                str(doelmap),
                *map(str, docx_bestanden),
            ],
            check=True,
            capture_output=True,
        )


BEVEILIGD = (
    'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
    '"DocumentOpenPassword":{"type":"string","value":"geheim"}}'
)


def main() -> None:
    if not shutil.which("soffice"):
        sys.exit("soffice (LibreOffice) niet gevonden; installeer libreoffice-writer-nogui.")
    with tempfile.TemporaryDirectory() as tmp:
        werk = Path(tmp)
        verwachtingen = {
            "staand-zonder-lijnen": maak_staand(werk / "staand-zonder-lijnen.docx"),
            "liggend-ministerie": maak_liggend(werk / "liggend-ministerie.docx"),
            "status-kolom": maak_status(werk / "status-kolom.docx"),
        }
        maak_dubbel(werk / "fout-dubbel-nummer.docx")
        maak_proza(werk / "fout-geen-tabel.docx")
        naar_pdf(sorted(werk.glob("*.docx")), MAP)
        beveiligd = werk / "beveiligd"
        beveiligd.mkdir()
        naar_pdf([werk / "staand-zonder-lijnen.docx"], beveiligd, BEVEILIGD)
        (beveiligd / "staand-zonder-lijnen.pdf").replace(MAP / "fout-beveiligd.pdf")
    for naam, inhoud in verwachtingen.items():
        (MAP / f"{naam}.json").write_text(json.dumps(inhoud, ensure_ascii=False, indent=1) + "\n")
    scan(MAP / "fout-scan.pdf")
    (MAP / "fout-nul-paginas.pdf").write_bytes(nul_paginas())
    (MAP / "fout-bom.pdf").write_bytes(bom())
    echt = ECHTE_BIJLAGE.read_bytes()
    (MAP / "fout-afgekapt.pdf").write_bytes(echt[: len(echt) // 2])
    (MAP / "fout-html.pdf").write_bytes(
        b"<!DOCTYPE html><html><head><title>Bijlage</title></head>"
        b"<body><p>Stand van zaken</p></body></html>\n"
    )
    for pad in sorted(MAP.glob("*.pdf")):
        print(f"{pad.name:40} {pad.stat().st_size:>9} bytes")
    for naam in verwachtingen:
        print(naam, "regeleinden met streepje:", regeleinden_met_streepje(MAP / f"{naam}.pdf"))


if __name__ == "__main__":
    main()
