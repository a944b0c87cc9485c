"""Shared test roster: admin, redactie, coordinator FIN, coordinator BZK, anonymous; plus demo data."""

import datetime
import enum
import hashlib
import inspect
import json
import os
import re
from dataclasses import dataclass, field
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.signals import setting_changed
from django.db import connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from acties.models import Actie, Ministerie, Rol
from importeer.formaat import uit_json
from importeer.laden import laad_bijlage
from importeer.management.commands.demo import wijs_demo_ministeries_toe
from rapportage import ronde
from rapportage.models import Rapportage, Voortgang

# Playwright's sync API runs an event loop in the test thread; the ORM calls in browser tests are
# still synchronous, one at a time, so Django's async guard does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: Playwright must never download a browser of its own."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL"}


def pytest_configure(config):
    # Tests run without collectstatic: the hashed-name manifest storage would refuse every {% static %}.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # TLS ends at the proxy in production; the test client and live server speak plain HTTP.
    settings.SECURE_SSL_REDIRECT = False
    # Hashing a strong password costs 0.4 s per roster user; tests need no strong hashes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Two-step login has its own tests (test_tweestaps.py); elsewhere a redactie login is one step.
    settings.TWEESTAPS_VERPLICHT = False
    # The public page cache has its own tests (test_paginacache.py); elsewhere every request renders.
    settings.PUBLIEK_CACHE_SECONDEN = 0
    # Jobs run at once, in the test's own transaction, with django-tasks' test backend; tests/test_jobs.py
    # also runs a real worker process. The signal makes django-tasks forget backends it already made.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)


BIJLAGE_JSON = settings.BASE_DIR / "fixtures" / "bijlage-2021-06-29.json"
WACHTWOORD = "een-lang-testwachtwoord"


_MIGRATIESTAAT = []
# The models moties 0008 and acties 0012 renamed, for code written against the old names.
HERNOEMDE_MODELLEN = {"Motie": "Opdracht", "MotieDeel": "OpdrachtDeel", "ActieMotie": "ActieOpdracht"}


def zorg_voor_migratiedata():
    """Ministries (with their periods), groups and group permissions come from data migrations. A
    transactional test (browser, concurrency) empties the database afterwards and post_migrate brings back
    only content types and permissions, so put the rest back when it is gone."""
    if Group.objects.exists():
        return
    if not _MIGRATIESTAAT:
        _MIGRATIESTAAT.append(MigrationLoader(connection).project_state().apps)
    import_module("acties.migrations.0002_ministeries_en_groepen").maak(_MIGRATIESTAAT[0], None)
    # 0004's own vul sets fields the final state no longer has; 0006's enters all periods, 2026 included.
    import_module("acties.migrations.0006_ministerie_perioden").vul(_MIGRATIESTAAT[0], None)
    rechten = import_module("rapportage.migrations.0002_rechten_redactie")
    rechten.geef_rechten(_MIGRATIESTAAT[0], None)
    # 0002 names the models as they were then; moties 0008 and acties 0012 carried its rights over to the
    # new names, which are all post_migrate makes after a flush.
    redactie = Group.objects.get(name="Redactie")
    for app_label, modellen in rechten.REDACTIE.items():
        for model, soorten in modellen.items():
            nieuw = {oud.lower(): n.lower() for oud, n in HERNOEMDE_MODELLEN.items()}.get(model)
            if nieuw:
                redactie.permissions.add(
                    *Permission.objects.filter(
                        content_type__app_label=app_label, codename__in=[f"{s}_{nieuw}" for s in soorten]
                    )
                )
    import_module("acties.migrations.0010_opvolging").geef_rechten(_MIGRATIESTAAT[0], None)


@pytest.fixture
def db(db):
    zorg_voor_migratiedata()


@pytest.fixture
def transactional_db(transactional_db):
    zorg_voor_migratiedata()


def maak_gebruiker(naam, groep=None, ministeries=(), **extra):
    gebruiker = User.objects.create_user(naam, f"{naam}@example.org", WACHTWOORD, **extra)
    if groep:
        gebruiker.groups.add(Group.objects.get(name=groep))
    for afkorting in ministeries:
        Ministerie.objects.get(afkorting=afkorting).coordinatoren.add(gebruiker)
    return gebruiker


@pytest.fixture
def migratiedata(transactional_db):
    """For browser and concurrency tests: a transactional database with the migration data in it."""


@pytest.fixture
def beheerder(db):
    return maak_gebruiker("beheerder", "Beheerder", is_staff=True, is_superuser=True)


@pytest.fixture
def redactie(db):
    return maak_gebruiker("redactie", "Redactie", is_staff=True)


@pytest.fixture
def coordinator_fin(db):
    return maak_gebruiker("coordinator-fin", "Coördinator", ["FIN"])


@pytest.fixture
def coordinator_bzk(db):
    return maak_gebruiker("coordinator-bzk", "Coördinator", ["BZK"])


@pytest.fixture
def rollen(beheerder, redactie, coordinator_fin, coordinator_bzk):
    """Every role of the roster, anonymous as None, for matrix tests."""
    return {
        "beheerder": beheerder,
        "redactie": redactie,
        "coordinator_fin": coordinator_fin,
        "coordinator_bzk": coordinator_bzk,
        "anoniem": None,
    }


@pytest.fixture
def bijlage_data():
    return json.loads(BIJLAGE_JSON.read_text())


def _laad_demodata(bijlage_data):
    laad_bijlage(
        uit_json(bijlage_data),
        rapportage_titel="Stand van zaken juni 2021",
        kamerstuk="35 510, nr. 60",
        reden="Testdata",
    )
    wijs_demo_ministeries_toe()


@pytest.fixture
def demodata(db, bijlage_data, request):
    """The June 2021 annex as a closed round, with the demo ministries (FIN lead on HERSTELOPERATIE).

    Loaded for real once; later tests get the same rows written back (see _Opname)."""
    sleutel = (
        "demodata",
        hashlib.sha256(json.dumps(bijlage_data, sort_keys=True).encode()).hexdigest(),
        timezone.localdate(),
        # The loading looks ministries up by abbreviation or name; nothing else that exists before it.
        tuple(Ministerie.objects.order_by("pk").values_list(*_velden_zonder_pk(Ministerie))),
    )
    _LAATSTE_DEMODATA.clear()
    if _OPNAME_AAN and not any(_model(label)._base_manager.exists() for label in _DEMODATA_TABELLEN):
        afgespeeld = _speel_of_neem_op(sleutel, lambda: _laad_demodata(bijlage_data))
        if afgespeeld is not None:
            _LAATSTE_DEMODATA.update(test=request.node, afgespeeld=afgespeeld)
            return bijlage_data
    _laad_demodata(bijlage_data)
    return bijlage_data


@pytest.fixture
def veel_data(demodata):
    """The demo data plus 300 synthetic actions in 4 more rounds: the 'large' size for query guards."""
    call_command("genereer_testdata", acties=300, voortgang=1200, moties=60, stdout=open("/dev/null", "w"))
    return demodata


@pytest.fixture
def drie_rondes(demodata):
    """June 2021 (nothing afgerond), December 2021 (actions 1-3) and June 2022 (1-5, 1 in another theme)."""
    voeg_ronde_toe(
        "Stand van zaken december 2021",
        datetime.date(2021, 12, 1),
        {n: ("Tekst.", "afgerond" if n <= 3 else "in uitvoering") for n in range(1, 11)},
    )
    voeg_ronde_toe(
        "Stand van zaken juni 2022",
        datetime.date(2022, 6, 1),
        {n: ("Tekst.", "afgerond" if n <= 5 else "vertraagd") for n in [*range(1, 11), 80]},
    )
    # A round still open counts nowhere.
    voeg_ronde_toe("Open", datetime.date(2022, 12, 1), {1: ("Concept.", "afgerond")}, toestand="open")
    return demodata


OPEN_RONDE = ("Stand van zaken december 2021", datetime.date(2021, 12, 1))


@pytest.fixture
def open_ronde(demodata, redactie, request):
    titel, peildatum = OPEN_RONDE
    deadline = timezone.localdate() + datetime.timedelta(days=10)

    def open_():
        return ronde.open_ronde(titel, peildatum, deadline, redactie)

    demo = (
        _LAATSTE_DEMODATA.pop("afgespeeld", None) if _LAATSTE_DEMODATA.get("test") is request.node else None
    )
    _LAATSTE_DEMODATA.clear()
    # Replayed only on the untouched demo data of this very test, by the roster's redactie user.
    if demo is not None and demo.ongewijzigd():
        sleutel = (
            "open_ronde",
            id(demo.opname),
            titel,
            peildatum,
            deadline,
            tuple(getattr(redactie, n) for n in ("username", "is_active", "is_staff", "is_superuser")),
            tuple(sorted(redactie.groups.values_list("name", flat=True))),
            tuple(sorted(redactie.user_permissions.values_list("pk", flat=True))),
        )
        afgespeeld = _speel_of_neem_op(sleutel, open_, gebruiker=redactie, alleen=demo.tabellen)
        if afgespeeld is not None:
            # The same permission check (and the group cache it leaves on the user object) as the real call.
            ronde.rechten.controleer_redactie(redactie)
            return afgespeeld.resultaat
    return open_()


# ---------------------------------------------------------------- recorded test data
#
# Loading the demo annex saves some 90 actions with their themes, motions, links, texts and history
# one object at a time, and opening a round saves 90 texts more: together most of the setup time of
# the tests that use them. So each is run for real once per session (in a savepoint that is rolled
# back), every row it wrote in every table is recorded, and each test gets exactly those rows written
# back with one INSERT per table:
# - primary keys as the real run would give them at that moment: the recorded ones shifted by how far
#   each table's sequence has moved since;
# - references to rows that existed before the run (ministries, actions, users) found again by their
#   natural key, references to rows of the run shifted like their keys;
# - every timestamp the run made replaced by "now" (microseconds apart, in the recorded order), so
#   the data is as new as it would have been;
# - the on-commit callbacks the run registered registered again, and on PostgreSQL the sequences set
#   past the new rows, as loaddata does.
# A test's transaction rollback removes the rows as before. The recording is only used when the state
# the run depends on is the same as when it was recorded (the key passed in); otherwise, and for any
# run that changes or deletes existing rows, the real run happens. TESTDATA_OPNAME=0 turns it off.

_OPNAME_AAN = os.environ.get("TESTDATA_OPNAME", "1") != "0"
_DEMODATA_TABELLEN = (
    "acties.thema",
    "acties.actie",
    "acties.actieministerie",
    "acties.actieopdracht",
    "moties.opdracht",
    "rapportage.rapportage",
    "rapportage.voortgang",
    "rapportage.publicatie",
    "rapportage.gepubliceerdetekst",
)
# How a row that existed before a recorded run is found again (its primary key may differ).
NATUURLIJKE_SLEUTEL = {"acties.ministerie": "afkorting", "acties.actie": "nummer", "auth.user": "username"}
_OPNAMES = {}
_LAATSTE_DEMODATA = {}  # the test item whose demodata was written back, and what was written (open_ronde)
_TABELMODELLEN = []
_REEKSEN = {}


class NietOpneembaar(Exception):
    """This run cannot be written back as new rows; it runs for real."""


def _model(label):
    return apps.get_model(label)


def _velden_zonder_pk(model):
    return [f.attname for f in model._meta.concrete_fields if not f.primary_key]


def _tabelmodellen():
    if not _TABELMODELLEN:
        tabellen = set(connection.introspection.table_names())
        _TABELMODELLEN.extend(
            m
            for m in apps.get_models(include_auto_created=True)
            if m._meta.managed and not m._meta.proxy and m._meta.db_table in tabellen
        )
    return _TABELMODELLEN


def _autopk(model):
    return isinstance(model._meta.pk, models.AutoField | models.BigAutoField | models.SmallAutoField)


def _inhoud(model):
    return list(
        model._base_manager.order_by("pk").values_list(*[f.attname for f in model._meta.concrete_fields])
    )


def _volgende_pks(modellen):
    """The primary key each table would give its next row, without taking it."""
    modellen = [m for m in modellen if _autopk(m)]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, seq FROM sqlite_sequence")
            seq = dict(cursor.fetchall())
            return {m: (seq.get(m._meta.db_table) or 0) + 1 for m in modellen}
        if connection.vendor != "postgresql":
            raise NietOpneembaar(connection.vendor)
        for m in modellen:
            if m not in _REEKSEN:
                cursor.execute(
                    "SELECT pg_get_serial_sequence(%s, %s)",
                    [connection.ops.quote_name(m._meta.db_table), m._meta.pk.column],
                )
                _REEKSEN[m] = cursor.fetchone()[0]
        if not modellen:
            return {}
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT {i}, last_value, is_called FROM {_REEKSEN[m]}" for i, m in enumerate(modellen)
            )
        )
        waarden = {i: laatste + 1 if gebruikt else laatste for i, laatste, gebruikt in cursor.fetchall()}
        return {m: waarden[i] for i, m in enumerate(modellen)}


def _zet_reeksen_terug(volgende):
    """PostgreSQL's sequences ignore the rollback: put back what the recorded run took, so that the rows
    written back get the keys the run gave them (SQLite's sqlite_sequence is rolled back with the rest)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model, pk in _volgende_pks(list(volgende)).items():
            if pk != volgende[model]:
                cursor.execute("SELECT setval(%s, %s, false)", [_REEKSEN[model], volgende[model]])


@dataclass
class _Tabel:
    model: type
    rijen: list  # as read back after the run (attnames of the concrete fields, in order)
    voorbereid: list  # the same, as database parameters
    basis: int  # the next primary key when the run began
    # Columns to translate on replay: (index, kind, model referred to); kind "pk", "ref" or "tijd".
    vertalen: list = field(default_factory=list)

    def insert_sql(self):
        qn = connection.ops.quote_name
        kolommen = [f.column for f in self.model._meta.concrete_fields]
        return (
            f"INSERT INTO {qn(self.model._meta.db_table)} ({', '.join(qn(k) for k in kolommen)}) "
            f"VALUES ({', '.join(['%s'] * len(kolommen))})"
        )


@dataclass
class _Opname:
    tabellen: list
    tijden: list  # distinct timestamps the run made, in order
    extern: dict  # model -> {primary key when recorded: natural key}, rows that existed before the run
    op_commit: list  # (callback, robust)
    resultaat_pk: object  # (model, pk) of a returned model instance, or None
    resultaat_attrs: dict  # attributes the run left on that instance (change reason, history user)
    # A callback that refers to the run's own objects (a closure) cannot be registered again; it would only
    # run at a commit, which a test inside a transaction never reaches: so replayed only there.
    alleen_in_transactie: bool = False


@dataclass
class _Afgespeeld:
    opname: _Opname
    ingevoegd: dict  # model -> rows as written, in primary-key order
    resultaat: object = None

    @property
    def tabellen(self):
        return set(self.ingevoegd)

    def ongewijzigd(self):
        """Whether the tables still hold exactly the rows written back (nothing else ran in between)."""
        return all(_inhoud(model) == rijen for model, rijen in self.ingevoegd.items())


def _verwijzing(model, f):
    """The model a column refers to by primary key, or None."""
    if f.is_relation and (f.many_to_one or f.one_to_one):
        if not f.target_field.primary_key:
            raise NietOpneembaar(f"{model.__name__}.{f.name} verwijst niet naar een primaire sleutel")
        return f.related_model
    basis = getattr(model, "instance_type", None)  # a historical model's copy of the object's key
    if basis is not None and not f.primary_key and f.attname == basis._meta.pk.attname:
        return basis
    return None


def _neem_op(doe, gebruiker, alleen):
    modellen = _tabelmodellen()
    with transaction.atomic():
        voor = {m: _inhoud(m) for m in modellen}
        volgende = _volgende_pks(modellen)
        n_commit = len(connection.run_on_commit)
        begin = timezone.now()
        resultaat = doe()
        eind = timezone.now()
        op_commit = [(f, robust) for _sids, f, robust in connection.run_on_commit[n_commit:]]
        tabellen, tijden, extern = [], set(), {}
        for m in modellen:
            pk = [f.primary_key for f in m._meta.concrete_fields].index(True)
            oud = {r[pk]: r for r in voor[m]}
            nieuw = []
            for rij in _inhoud(m):
                if rij[pk] not in oud:
                    nieuw.append(rij)
                elif oud.pop(rij[pk]) != rij:
                    raise NietOpneembaar(f"{m.__name__} {rij[pk]} gewijzigd")
            if oud:
                raise NietOpneembaar(f"{m.__name__} verwijderd")
            if not nieuw:
                continue
            if not _autopk(m) or nieuw[0][pk] < volgende[m]:
                raise NietOpneembaar(f"{m.__name__}: eigen primaire sleutels")
            if alleen is not None and m not in alleen:
                raise NietOpneembaar(f"{m.__name__} buiten de gecontroleerde tabellen")
            velden = m._meta.concrete_fields
            tabellen.append(
                _Tabel(
                    m,
                    nieuw,
                    [
                        tuple(f.get_db_prep_save(w, connection) for f, w in zip(velden, r, strict=True))
                        for r in nieuw
                    ],
                    volgende[m],
                )
            )
        nieuw_in = {t.model: t for t in tabellen}
        for t in tabellen:
            for i, f in enumerate(t.model._meta.concrete_fields):
                if f.primary_key:
                    t.vertalen.append((i, "pk", t.model))
                elif (doel := _verwijzing(t.model, f)) is not None:
                    t.vertalen.append((i, "ref", doel))
                    grens = nieuw_in[doel].basis if doel in nieuw_in else None
                    for r in t.rijen:
                        if r[i] is not None and (grens is None or r[i] < grens):
                            extern.setdefault(doel, {})[r[i]] = None
                elif isinstance(f, models.DateTimeField):
                    gemaakt = {r[i] for r in t.rijen if r[i] is not None and begin <= r[i] <= eind}
                    if gemaakt:
                        t.vertalen.append((i, "tijd", None))
                        tijden |= gemaakt
                elif isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add):
                    raise NietOpneembaar(f"{t.model.__name__}.{f.name}: datum van vandaag")
        for doel, pks in extern.items():
            label = doel._meta.label_lower
            if label not in NATUURLIJKE_SLEUTEL:
                raise NietOpneembaar(f"verwijzing naar {label}")
            gevonden = dict(
                doel._base_manager.filter(pk__in=pks).values_list("pk", NATUURLIJKE_SLEUTEL[label])
            )
            extern[doel] = {pk: gevonden[pk] for pk in pks}
        herhaalbaar = [
            (f, r)
            for f, r in op_commit
            if inspect.isfunction(f) and not f.__closure__ and f.__qualname__ == f.__name__
        ]
        alleen_in_transactie = len(herhaalbaar) < len(op_commit)
        op_commit = herhaalbaar
        resultaat_pk, attrs = None, {}
        if isinstance(resultaat, models.Model):
            if type(resultaat) not in nieuw_in or resultaat._state.fields_cache:
                raise NietOpneembaar("resultaat")
            resultaat_pk = (type(resultaat), resultaat.pk)
            # The instance the run returns, compared with the same row read afresh: what to add to that.
            vers = vars(type(resultaat)._base_manager.get(pk=resultaat.pk))
            for naam, waarde in vars(resultaat).items():
                if naam == "_state":
                    continue
                if naam in vers:
                    gelezen = vers[naam]
                    if isinstance(waarde, FieldFile):
                        gelijk = waarde.name == getattr(gelezen, "name", gelezen)
                    elif isinstance(waarde, enum.Enum) and waarde == gelezen:
                        attrs[naam] = ("soort", type(waarde))  # TextChoices member, not the bare string
                        continue
                    else:
                        gelijk = type(waarde) is type(gelezen) and waarde == gelezen
                    if not gelijk:
                        raise NietOpneembaar(f"resultaat.{naam}")
                elif waarde is gebruiker and gebruiker is not None:
                    attrs[naam] = ("gebruiker", None)
                elif isinstance(waarde, str | int | type(None)):
                    attrs[naam] = ("waarde", waarde)
                else:
                    raise NietOpneembaar(f"resultaat.{naam}")
        elif resultaat is not None:
            raise NietOpneembaar("resultaat")
        transaction.set_rollback(True)
    _zet_reeksen_terug(volgende)
    return _Opname(tabellen, sorted(tijden), extern, op_commit, resultaat_pk, attrs, alleen_in_transactie)


def _speel_af(opname, gebruiker):
    if opname.alleen_in_transactie and not connection.in_atomic_block:
        return None
    volgende = _volgende_pks([t.model for t in opname.tabellen])
    verschuiving = {t.model: volgende[t.model] - t.basis for t in opname.tabellen}
    grens = {t.model: t.basis for t in opname.tabellen}
    extern = {}
    for doel, sleutels in opname.extern.items():
        veld = NATUURLIJKE_SLEUTEL[doel._meta.label_lower]
        nu = dict(
            doel._base_manager.filter(**{f"{veld}__in": set(sleutels.values())}).values_list(veld, "pk")
        )
        if not set(sleutels.values()) <= set(nu):
            return None
        extern[doel] = {pk: nu[s] for pk, s in sleutels.items()}
    nu = timezone.now()
    tijd = {t: nu + datetime.timedelta(microseconds=i) for i, t in enumerate(opname.tijden)}

    def vertaal(waarde, soort, doel):
        if waarde is None:
            return None
        if soort == "tijd":
            return tijd.get(waarde, waarde)
        if soort == "pk" or (doel in grens and waarde >= grens[doel]):
            return waarde + verschuiving[doel]
        return extern[doel][waarde]

    ingevoegd = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for t in opname.tabellen:
            velden = t.model._meta.concrete_fields
            rijen, parameters = [list(r) for r in t.rijen], [list(r) for r in t.voorbereid]
            for i, soort, doel in t.vertalen:
                voorbereid = {}
                for rij, param in zip(rijen, parameters, strict=True):
                    rij[i] = vertaal(rij[i], soort, doel)
                    if soort == "tijd":
                        if rij[i] not in voorbereid:
                            voorbereid[rij[i]] = velden[i].get_db_prep_save(rij[i], connection)
                        param[i] = voorbereid[rij[i]]
                    else:
                        param[i] = rij[i]
            cursor.executemany(t.insert_sql(), parameters)
            ingevoegd[t.model] = [tuple(r) for r in rijen]
        for sql in connection.ops.sequence_reset_sql(no_style(), list(ingevoegd)):
            cursor.execute(sql)
        for f, robust in opname.op_commit:
            transaction.on_commit(f, robust=robust)
    afgespeeld = _Afgespeeld(opname, ingevoegd)
    if opname.resultaat_pk is not None:
        model, pk = opname.resultaat_pk
        resultaat = model._base_manager.get(pk=pk + verschuiving[model])
        for naam, (soort, waarde) in opname.resultaat_attrs.items():
            if soort == "soort":
                waarde = waarde(getattr(resultaat, naam))
            elif soort == "gebruiker":
                waarde = gebruiker
            setattr(resultaat, naam, waarde)
        afgespeeld.resultaat = resultaat
    return afgespeeld


def _speel_of_neem_op(sleutel, doe, gebruiker=None, alleen=None):
    """Write back the recorded run for this key (recording it first if need be); None: run it for real."""
    if sleutel not in _OPNAMES:
        try:
            _OPNAMES[sleutel] = _neem_op(doe, gebruiker, alleen)
        except NietOpneembaar:
            _OPNAMES[sleutel] = None
    opname = _OPNAMES[sleutel]
    return None if opname is None else _speel_af(opname, gebruiker)


def voeg_ronde_toe(titel, peildatum, teksten, toestand=Rapportage.Toestand.VASTGESTELD):
    """A round with texts per action number: {nummer: (tekst, status)}; a closed one is published as
    version 1 through the round's own bulk step (ronde.publiceer_gegenereerd), as synthetic data is."""
    rapportage = Rapportage.objects.create(
        titel=titel,
        peildatum=peildatum,
        toestand=Rapportage.Toestand.OPEN if toestand == Rapportage.Toestand.VASTGESTELD else toestand,
    )
    for nummer, (tekst, status) in teksten.items():
        Voortgang.objects.create(
            actie=Actie.objects.get(nummer=nummer),
            rapportage=rapportage,
            tekst=tekst,
            status=status,
            toestand=Voortgang.Toestand.GOEDGEKEURD
            if toestand == Rapportage.Toestand.VASTGESTELD
            else Voortgang.Toestand.CONCEPT,
        )
    if toestand == Rapportage.Toestand.VASTGESTELD:
        ronde.publiceer_gegenereerd([rapportage], [timezone.now()])
        rapportage.refresh_from_db()
    return rapportage


def nummers(response):
    """The action numbers a page links to, in order."""
    return [int(n) for n in re.findall(r'href="/acties/(\d+)/"', response.content.decode())]


def tekst_van(rapportage, afkorting, n=0):
    """The n-th text (by action number) of the round whose lead ministry is `afkorting`."""
    return (
        Voortgang.objects.filter(
            rapportage=rapportage,
            actie__actieministeries__ministerie__afkorting=afkorting,
            actie__actieministeries__rol=Rol.EERSTVERANTWOORDELIJK,
        )
        .select_related("actie")
        .order_by("actie__nummer")[n]
    )
