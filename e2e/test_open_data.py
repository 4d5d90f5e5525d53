"""Feeds and downloads, found the way a client finds them (from the pages'
links) and read with parsers this project did not write: feedparser,
icalendar, rdflib, and Python's csv, json and xml modules."""

import csv
import datetime
import io
import json
import os
import re
import subprocess
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import icalendar
import pytest
import rdflib

ROOT = Path(__file__).resolve().parent.parent
BIN = os.environ.get("SAMVERKAN_BIN", str(ROOT / "target" / "debug" / "samverkan"))


def server_env(prefix):
    data_dir = tempfile.mkdtemp(prefix=prefix)
    return {**os.environ, "SAMVERKAN_DATA_DIR": data_dir, "SAMVERKAN_DATABASE_URL": "", "RUST_LOG": "warn"}


def start_server(env):
    """Starts `samverkan serve` on a free port; returns the process and its address."""
    proc = subprocess.Popen([BIN, "serve", "--addr", "127.0.0.1:0"], env=env, stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:
        m = re.search(r"serves (http://[^/\s]+)/", line)
        if m:
            return proc, m.group(1)
    raise AssertionError("the server did not say where it listens")


@pytest.fixture(scope="module")
def base():
    proc, url = start_server(server_env("samverkan-feeds-"))
    yield url
    proc.terminate()
    # The server allows its connections 10 s to finish when told to stop.
    proc.wait(timeout=30)


def fetch(url, headers=None):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as res:
            return res.status, res.headers, res.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


class Links(HTMLParser):
    """Collects <link rel=alternate> and <a href> of a page."""

    def __init__(self):
        super().__init__()
        self.alternates, self.anchors, self.json_ld, self._in_ld = [], [], [], False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "alternate" and a.get("type"):
            self.alternates.append((a["type"], a["href"]))
        elif tag == "a" and "href" in a:
            self.anchors.append(a["href"])
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in_ld = True

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False


def page(base, path):
    status, _, body = fetch(base + path)
    assert status == 200, path
    links = Links()
    links.feed(body.decode("utf-8"))
    return links


def test_atom_feeds_are_discovered_from_every_page_and_parse(base):
    for path in ["/", "/en/", "/bidrag", "/aktorer/bra"]:
        feeds = [href for kind, href in page(base, path).alternates if kind == "application/atom+xml"]
        assert feeds, path
        feed = feedparser.parse(fetch(base + feeds[0])[2])
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.title.startswith("Samverkan")
        assert 1 <= len(feed.entries) <= 50
        for entry in feed.entries:
            assert entry.id and entry.title and entry.updated_parsed
            assert all(link.href.startswith("http") for link in entry.get("links", []))
    area = [href for kind, href in page(base, "/omraden/boende").alternates if kind == "application/atom+xml"]
    assert len(area) == 2, "the site's feed and the area's"
    area_feed = feedparser.parse(fetch(base + area[1])[2])
    assert not area_feed.bozo and "boende" in area_feed.feed.title
    titles = {e.title for e in area_feed.entries}
    assert "Ny: Boverket" in titles and "Ny: Stöd till kommuner med svag bostadsmarknad" in titles
    english = feedparser.parse(fetch(base + "/en/changes.atom")[2])
    assert english.feed.language == "en" and english.entries[0].title.startswith("New: ")


def test_a_grants_calendar_file_from_its_page(base):
    links = page(base, "/bidrag/brottsoffermyndigheten-projekt")
    ics = [h for h in links.anchors if h.endswith(".ics")]
    assert ics, links.anchors
    status, headers, body = fetch(base + ics[0])
    assert status == 200 and headers["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(body)
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == 2
    for e in events:
        start, end = e.decoded("DTSTART"), e.decoded("DTEND")
        assert isinstance(start, datetime.date) and not isinstance(start, datetime.datetime), "all-day"
        assert end - start == datetime.timedelta(days=1)
        assert e["RRULE"]["FREQ"] == ["YEARLY"]
        assert str(e["URL"]).endswith("/bidrag/brottsoffermyndigheten-projekt")
        alarm = e.walk("VALARM")[0]
        assert alarm.decoded("TRIGGER") == -datetime.timedelta(days=14)
    assert {(e.decoded("DTSTART").month, e.decoded("DTSTART").day) for e in events} == {(4, 1), (10, 1)}
    # Stable UIDs: the same file twice.
    again = icalendar.Calendar.from_ical(fetch(base + ics[0])[2])
    assert [str(e["UID"]) for e in again.walk("VEVENT")] == [str(e["UID"]) for e in events]


def test_a_subscribable_calendar_from_the_finders_filters(base):
    links = page(base, "/bidrag?area=brottslighet")
    href = next(h for h in links.anchors if h.startswith("/bidrag.ics"))
    assert "area=brottslighet" in href
    cal = icalendar.Calendar.from_ical(fetch(base + href.replace("&amp;", "&"))[2])
    uids = sorted(str(e["UID"]) for e in cal.walk("VEVENT"))
    assert uids == [
        "bra-utvardering-0915@samverkan",
        "brottsoffermyndigheten-projekt-0401@samverkan",
        "brottsoffermyndigheten-projekt-1001@samverkan",
    ]
    fixed = icalendar.Calendar.from_ical(fetch(base + "/bidrag.ics?provider=mucf&on=2020-01-01")[2])
    assert all("RRULE" not in e for e in fixed.walk("VEVENT")), "fixed dates are single events"
    assert len(fixed.walk("VEVENT")) == 3
    # Today, those days have passed: no reminders of them.
    today = icalendar.Calendar.from_ical(fetch(base + "/bidrag.ics?provider=mucf")[2])
    assert len(today.walk("VEVENT")) == 0


def test_downloads_linked_from_the_about_page(base):
    links = page(base, "/om")
    data = {h for h in links.anchors if h.startswith("/data/")}
    assert data == {"/data/samverkan.json", "/data/bidrag.csv", "/data/aktorer.csv", "/data/dcat.rdf"}
    dataset = json.loads(fetch(base + "/data/samverkan.json")[2])
    assert len(dataset["grants"]) == 34 and len(dataset["actors"]) == 32
    api = json.loads(fetch(base + "/api/v1/grants?limit=1000")[2])
    grants = list(csv.DictReader(io.StringIO(fetch(base + "/data/bidrag.csv")[2].decode("utf-8"))))
    assert sorted(g["id"] for g in grants) == sorted(i["id"] for i in api["items"])
    delmos = next(g for g in grants if g["id"] == "delmos-statsbidrag")
    assert delmos["applicants"].split("; ") == ["kommun", "region", "ideell-forening", "stiftelse"]
    actors = list(csv.DictReader(io.StringIO(fetch(base + "/data/aktorer.csv")[2].decode("utf-8"))))
    assert len(actors) == 32 and next(a for a in actors if a["id"] == "bra")["short_name"] == "Brå"


def test_the_dcat_catalogue_is_harvestable(base):
    g = rdflib.Graph().parse(data=fetch(base + "/data/dcat.rdf")[2], format="xml")
    DCAT, DCT = rdflib.Namespace("http://www.w3.org/ns/dcat#"), rdflib.Namespace("http://purl.org/dc/terms/")
    catalogs = list(g.subjects(rdflib.RDF.type, DCAT.Catalog))
    datasets = list(g.subjects(rdflib.RDF.type, DCAT.Dataset))
    assert len(catalogs) == 1 and len(datasets) == 1
    titles = {t.language for t in g.objects(datasets[0], DCT.title)}
    assert titles == {"sv", "en"}
    assert {str(x) for x in g.objects(catalogs[0], DCT.license)} == {"http://creativecommons.org/publicdomain/zero/1.0/"}
    distributions = list(g.objects(datasets[0], DCAT.distribution))
    assert len(distributions) == 3
    for d in distributions:
        url = str(next(g.objects(d, DCAT.downloadURL)))
        assert url.startswith("http://"), "absolute IRIs"
        assert fetch(url)[0] == 200, url
        assert str(next(g.objects(d, DCT.license))) == "http://creativecommons.org/publicdomain/zero/1.0/"


def test_export_import_export_is_identical(base, tmp_path):
    downloaded = fetch(base + "/data/samverkan.json")[2]
    path = tmp_path / "samverkan.json"
    path.write_bytes(downloaded)
    db = f"sqlite://{tmp_path / 'roundtrip.db'}"
    subprocess.run([BIN, "import", str(path), "--database", db], check=True, capture_output=True)
    exported = subprocess.run([BIN, "export", "--database", db], check=True, capture_output=True).stdout
    assert exported == downloaded


def test_conditional_get_answers_304(base):
    for path in ["/andringar.atom", "/data/samverkan.json", "/data/bidrag.csv", "/bidrag.ics"]:
        status, headers, _ = fetch(base + path)
        assert status == 200 and headers.get("ETag"), path
        status, _, body = fetch(base + path, {"If-None-Match": headers["ETag"]})
        assert status == 304 and body == b"", path


def test_the_sitemap_lists_pages_that_exist(base):
    robots = fetch(base + "/robots.txt")[2].decode()
    sitemap_url = re.search(r"^Sitemap: (\S+)$", robots, re.M).group(1)
    root = ET.fromstring(fetch(sitemap_url)[2])
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    assert len(locs) == 2 * (6 + 5 + 32 + 34 + 8)
    for loc in locs:
        assert fetch(loc)[0] == 200, loc


def test_pages_carry_schema_org_json_ld(base):
    actor = json.loads(page(base, "/aktorer/skolverket").json_ld[0])
    assert actor["@type"] == "GovernmentOrganization" and actor["name"] == "Skolverket"
    grant = json.loads(page(base, "/en/grants/riksidrottsforbundet-idrottsforeningar").json_ld[0])
    assert grant["@type"] == "MonetaryGrant" and grant["funder"]["name"] == "Riksidrottsförbundet"
    assert grant["funder"]["@type"] == "Organization"


# ---------------------------------------------------------------- attacks

HOSTILE = 'Bidrag; med, "tecken" \\n och \\ och END:VEVENT BEGIN:VEVENT <script>x</script>'
PASSWORD = "ett långt och hemligt lösenord"


@pytest.fixture(scope="module")
def editor_site():
    """A server of its own, with an admin account, signed in."""
    import http.cookiejar

    env = server_env("samverkan-attacks-")
    subprocess.run([BIN, "user", "add", "anna", "--role", "admin"], input=PASSWORD, text=True, env=env, check=True)
    proc, url = start_server(env)
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def form(path, fields):
        body = urllib.parse.urlencode(fields).encode()
        req = urllib.request.Request(url + path, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
        try:
            with opener.open(req, timeout=10) as res:
                return res.status, res.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def token_on(path):
        with opener.open(url + path, timeout=10) as res:
            html = res.read().decode()
        return re.search(r'name="csrf" value="([^"]+)"', html).group(1)

    status, _ = form("/redaktion/logga-in", {"username": "anna", "password": PASSWORD, "csrf": token_on("/redaktion/logga-in")})
    assert status == 200, "signed in and sent on to the dashboard"
    yield url, form, token_on
    proc.terminate()
    # The server allows its connections 10 s to finish when told to stop.
    proc.wait(timeout=30)


def rfc5545_unescape(text):
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def api_token(site):
    url, form, token_on = site
    status, html = form("/redaktion/nycklar", {"csrf": token_on("/redaktion/nycklar"), "name": "test", "username": "anna"})
    assert status == 201, html[:2000]
    return re.search(r'id="new-token"[^>]*value="(svk_[^"]+)"', html).group(1)


def test_hostile_titles_from_the_form_and_the_api_stay_inside_their_events(editor_site):
    url, form, token_on = editor_site
    # Through the editors' form.
    status, html = form("/redaktion/ny/bidrag", {
        "csrf": token_on("/redaktion/ny/bidrag"), "id": "fientligt-formular", "title": HOSTILE,
        "provider": "delmos", "deadline": "1 april", "verified": "2026-11-25",
    })
    assert status == 200, html[:2000]
    # Through the write API.
    token = api_token(editor_site)
    body = json.dumps({"entry": {"id": "fientligt-api", "title": HOSTILE, "provider": "delmos",
                                 "deadline": "1 oktober", "verified": "2026-11-25"}}).encode()
    req = urllib.request.Request(url + "/api/v1/grants", data=body, method="POST",
                                 headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=10) as res:
        assert res.status == 201
    # A line break is refused, not written into the calendar.
    bad = json.dumps({"entry": {"id": "radbrytning", "title": "Bidrag\r\nBEGIN:VEVENT", "provider": "delmos",
                                "verified": "2026-11-25"}}).encode()
    req = urllib.request.Request(url + "/api/v1/grants", data=bad, method="POST",
                                 headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    try:
        urllib.request.urlopen(req, timeout=10)
        raise AssertionError("a title with a line break was accepted")
    except urllib.error.HTTPError as e:
        assert e.code == 422 and "U+000D" in e.read().decode()

    for grant, (month, day) in [("fientligt-formular", (4, 1)), ("fientligt-api", (10, 1))]:
        status, _, ics = fetch(f"{url}/bidrag/{grant}/kalender.ics")
        assert status == 200
        cal = icalendar.Calendar.from_ical(ics)
        # RFC 7986 makes NAME (and X-WR-CALNAME is by custom) a TEXT value,
        # escaped by RFC 5545 §3.3.11; this parser leaves both as they are
        # written, so the test undoes the escapes itself.
        assert rfc5545_unescape(str(cal["X-WR-CALNAME"])) == HOSTILE
        assert rfc5545_unescape(str(cal["NAME"])) == HOSTILE
        events = cal.walk("VEVENT")
        assert len(events) == 1, [str(e.get("SUMMARY")) for e in events]
        assert HOSTILE in str(events[0]["SUMMARY"])
        assert (events[0].decoded("DTSTART").month, events[0].decoded("DTSTART").day) == (month, day)
    # The subscribable calendar of everything: exactly one event per deadline.
    cal = icalendar.Calendar.from_ical(fetch(url + "/bidrag.ics?q=tecken")[2])
    summaries = sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT"))
    assert len(summaries) == 2 and all(HOSTILE in s for s in summaries), summaries
    # The feed stays well-formed XML with the title as text.
    feed = feedparser.parse(fetch(url + "/andringar.atom")[2])
    assert not feed.bozo, feed.bozo_exception
    assert any(HOSTILE in e.title for e in feed.entries)
    # The CSV reads back the title as text, and a spreadsheet sees no formula.
    rows = list(csv.DictReader(io.StringIO(fetch(url + "/data/bidrag.csv")[2].decode())))
    assert {r["title"] for r in rows if r["id"].startswith("fientligt")} == {HOSTILE}
