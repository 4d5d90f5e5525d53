"""E-mail alerts against a real SMTP server on loopback (aiosmtpd, in
smtp_sink.py), read with Python's email package: a temporary failure is
tried again and delivered, a permanent one is recorded and not tried again,
a process killed with SIGKILL while sending loses no message and repeats at
most one, and two instances on one PostgreSQL database (and a third sender
from the command line) send each message once.

The browser journey (subscribe without JavaScript, confirm, reminder,
one-click unsubscribe) is in tests/alerts.test.mjs."""

import email
import email.policy
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
BIN = os.environ.get("SAMVERKAN_BIN", str(HERE.parent / "target" / "debug" / "samverkan"))
GRANT = "boverket-samlingslokaler"
# A sender's lease: long enough for a send on a loaded machine (a send is cut
# off at three quarters of it), short enough for a restarted server to take
# over the message in flight soon.
LEASE = 6


class Sink:
    """smtp_sink.py in its own process: a real SMTP server."""

    def __init__(self, *args):
        self.dir = Path(tempfile.mkdtemp(prefix="samverkan-smtp-"))
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "smtp_sink.py"), str(self.dir), *args],
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.proc.stdout.readline()
        m = re.match(r"listening on (\d+)", line)
        assert m, "the SMTP server did not start: %r" % line
        self.url = "smtp://127.0.0.1:%s" % m.group(1)

    def messages(self):
        out = []
        for f in sorted(self.dir.glob("*.eml")):
            with open(f, "rb") as fh:
                out.append(email.message_from_binary_file(fh, policy=email.policy.default))
        return out

    def wait_for(self, count, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            got = self.messages()
            if len(got) >= count:
                return got
            time.sleep(0.1)
        raise AssertionError("%d message(s) arrived, not %d" % (len(self.messages()), count))

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


class Server:
    """`samverkan serve` sending through `sink`, on a data directory (and
    database) that outlives a restart."""

    def __init__(self, sink, data_dir=None, database=None, extra=()):
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="samverkan-alerts-")
        self.env = {**os.environ, "SAMVERKAN_DATA_DIR": self.data_dir, "RUST_LOG": "warn,samverkan_web::alerts=info"}
        self.env["SAMVERKAN_DATABASE_URL"] = database or ""
        self.sink = sink
        self.extra = list(extra)
        self.start()

    def start(self):
        self.log = open(os.path.join(self.data_dir, "serve-%s.log" % uuid.uuid4().hex[:6]), "w+")
        self.proc = subprocess.Popen(
            [BIN, "serve", "--addr", "127.0.0.1:0", "--smtp-url", self.sink.url,
             "--mail-lease-seconds", str(LEASE), "--mail-retry-seconds", "1", "--mail-poll-seconds", "1", *self.extra],
            env=self.env, stderr=subprocess.PIPE, text=True,
        )
        for line in self.proc.stderr:
            m = re.search(r"serves (http://[^/\s]+)/", line)
            if m:
                self.base = m.group(1)
                break
        else:
            raise AssertionError("the server did not start")
        # Keep reading its log so that it never blocks on a full pipe.
        import threading

        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        for line in self.proc.stderr:
            self.log.write(line)
            self.log.flush()

    def post(self, path, fields, origin=True):
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if origin:
            headers["Origin"] = self.base
        req = urllib.request.Request(self.base + path, data=body, headers=headers, method="POST")
        with urllib.request.urlopen(req, timeout=10) as res:
            return res.status, res.read().decode()

    def subscribe(self, address, filter_="grant=" + GRANT, reminders=("14", "3")):
        status, body = self.post("/bevaka", {"filter": filter_, "email": address, "reminder": list(reminders), "digest": "none"})
        assert status == 200 and "Kolla din e-post" in body

    def status(self):
        out = subprocess.run([BIN, "alerts", "status", "--format", "json"], env=self.env, capture_output=True, text=True, check=True)
        return json.loads(out.stdout)

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def confirm_all(server, messages):
    """Follows each confirmation message's link and presses its button."""
    for m in messages:
        link = re.search(r"(http://\S+/bevaka/bekrafta\?t=(\S+))", text_of(m))
        assert link, text_of(m)
        status, _ = server.post("/bevaka/bekrafta", {"t": link.group(2)})
        assert status == 200


def wait_until(check, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_a_temporary_failure_is_tried_again_and_delivered():
    sink = Sink("--temporary", "1")
    server = Server(sink)
    try:
        server.subscribe("anna@example.se")
        [message] = sink.wait_for(1)
        assert message["To"] == "anna@example.se"
        assert message["Subject"] == "Bekräfta din bevakning på Samverkan"
        counts = wait_until(lambda: (c := server.status())["messages_sent"] == 1 and c)
        assert counts["messages_failed"] == 0 and counts["messages_pending"] == 0
    finally:
        server.stop()
        sink.stop()


def test_a_permanent_failure_is_recorded_and_not_tried_again():
    sink = Sink("--reject", "studsar")
    server = Server(sink)
    try:
        server.subscribe("studsar@example.se")
        counts = wait_until(lambda: (c := server.status())["messages_failed"] == 1 and c)
        assert counts["messages_pending"] == 0 and counts["messages_sent"] == 0
        # Nothing arrives later either: it is not tried again.
        time.sleep(2.5)
        assert sink.messages() == []
        assert server.status()["messages_failed"] == 1
        # The next address is delivered as usual.
        server.subscribe("anna@example.se")
        sink.wait_for(1)
    finally:
        server.stop()
        sink.stop()


def test_a_process_killed_while_sending_loses_nothing_and_repeats_at_most_one():
    # Each message takes the server 0.4 s to accept, so the sender is in
    # the middle of a batch when it is killed.
    sink = Sink("--delay", "0.4")
    server = Server(sink)
    try:
        for n in range(10):
            server.subscribe("person%d@example.se" % n)
        sink.wait_for(3)
        server.kill()
        killed_at = len(sink.messages())
        assert killed_at < 10, "the batch had ended before the kill"
        server.start()
        wait_until(lambda: len({m["Message-ID"] for m in sink.messages()}) == 10, timeout=60)
        time.sleep(LEASE + 1)
        messages = sink.messages()
        ids = [m["Message-ID"] for m in messages]
        assert len(set(ids)) == 10, "a message was lost"
        assert len(ids) - len(set(ids)) <= 1, "more than one message was repeated: %r" % ids
        assert sorted(m["To"] for m in {m["Message-ID"]: m for m in messages}.values()) == sorted(
            "person%d@example.se" % n for n in range(10)
        )
        counts = server.status()
        assert counts["messages_sent"] == 10 and counts["messages_pending"] == 0
    finally:
        server.stop()
        sink.stop()


@pytest.fixture
def postgres_schema():
    url = os.environ.get("SAMVERKAN_TEST_POSTGRES_URL")
    assert url, "SAMVERKAN_TEST_POSTGRES_URL is not set (scripts/test leaves this test out without it)"
    name = "alerts_%s" % uuid.uuid4().hex[:10]
    subprocess.run(["psql", url, "-q", "-c", "CREATE SCHEMA %s" % name], check=True)
    sep = "&" if "?" in url else "?"
    yield url + sep + "options=" + urllib.parse.quote("-c search_path=%s" % name)
    subprocess.run(["psql", url, "-q", "-c", "DROP SCHEMA %s CASCADE" % name], check=True)


def test_two_instances_on_postgresql_and_a_cron_run_send_each_message_once(postgres_schema):
    sink = Sink("--delay", "0.2")
    first = Server(sink, database=postgres_schema)
    second = Server(sink, database=postgres_schema)
    try:
        # Twenty people subscribe to one grant's reminders, half through each instance.
        for n in range(20):
            (first if n % 2 else second).subscribe("p%02d@example.se" % n)
        confirmations = sink.wait_for(20)
        confirm_all(first, confirmations)
        # A cron run plans the 14-day reminders and sends too, while both
        # instances take messages from the same outbox.
        cron = subprocess.run(
            [BIN, "alerts", "send", "--on", "2027-08-17", "--smtp-url", sink.url, "--public-url", first.base,
             "--mail-lease-seconds", str(LEASE)],
            env=first.env, capture_output=True, text=True, timeout=120,
        )
        assert cron.returncode == 0, cron.stderr
        assert "Planned 20 new message(s)" in cron.stdout, cron.stdout
        messages = sink.wait_for(40, timeout=60)
        time.sleep(2)
        messages = sink.messages()
        ids = [m["Message-ID"] for m in messages]
        assert len(ids) == 40 and len(set(ids)) == 40, "each message once: %d sent, %d distinct" % (len(ids), len(set(ids)))
        reminders = [m for m in messages if m["Subject"].startswith("Påminnelse")]
        assert len(reminders) == 20
        assert all("31 augusti 2027" in text_of(m) for m in reminders)
        assert sorted(m["To"] for m in reminders) == ["p%02d@example.se" % n for n in range(20)]
    finally:
        first.stop()
        second.stop()
        sink.stop()


def test_an_editor_is_reminded_by_email_before_an_entry_falls_due():
    """The verification cycle: Boverket's editor, who has an address, gets
    one message through the SMTP server when Boverket's own entry falls due
    for a check within 14 days, with a link to its edit form; planning
    again sends nothing more."""
    import datetime

    sink = Sink()
    data_dir = tempfile.mkdtemp(prefix="samverkan-verify-")
    env = {**os.environ, "SAMVERKAN_DATA_DIR": data_dir, "SAMVERKAN_DATABASE_URL": "", "RUST_LOG": "warn"}

    def cli(*args, stdin=None):
        return subprocess.run([BIN, *args], env=env, input=stdin, capture_output=True, text=True, check=True).stdout

    cli("user", "add", "bo", "--organisation", "boverket", stdin="ett långt lösenord för bo")
    cli("user", "add", "sko", "--organisation", "skolverket", stdin="ett långt lösenord för sko")
    cli("user", "email", "bo", "bo@boverket.example")
    token = cli("token", "add", "bo", "--name", "test").strip().splitlines()[-1]
    server = Server(sink, data_dir=data_dir)
    try:
        # Boverket's own entry, last checked 360 days ago: due in 5 days.
        req = urllib.request.Request(server.base + "/api/v1/actors/boverket/revisions",
                                     headers={"Authorization": "Bearer " + token})
        with urllib.request.urlopen(req, timeout=10) as res:
            last = json.load(res)["items"][-1]
        entry = last["after"]
        entry["verified"] = (datetime.date.today() - datetime.timedelta(days=360)).isoformat()
        body = json.dumps({"version": last["version"], "entry": entry}).encode()
        req = urllib.request.Request(server.base + "/api/v1/actors/boverket", data=body, method="PUT",
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as res:
            assert res.status == 200
        # A cron run plans and sends (the server planned at start, before this).
        cli("alerts", "send", "--smtp-url", sink.url)
        [message] = sink.wait_for(1)
        assert message["To"] == "bo@boverket.example"
        assert message["Subject"] == "En post ska kontrolleras snart"
        assert message["Auto-Submitted"] == "auto-generated"
        text = text_of(message)
        assert "Boverket" in text and "/redaktion/aktorer/boverket" in text, text
        assert "Kontrolleras senast" in text, text
        html = message.get_body(preferencelist=("html",)).get_content()
        assert "/redaktion/aktorer/boverket" in html
        # Once per entry and due date.
        cli("alerts", "send", "--smtp-url", sink.url)
        time.sleep(1)
        assert len(sink.messages()) == 1
    finally:
        server.stop()
        sink.stop()
