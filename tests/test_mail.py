"""`digest email` against a real SMTP server (aiosmtpd on 127.0.0.1, a free port): the message,
TLS, AUTH, retries, the spool and --resend, partial refusals and --dry-run."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ipaddress
import json
import logging
import re
import socket
import ssl
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import html5lib
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from click.testing import CliRunner

from digest import mail
from digest.cli import cli
from digest.errors import DeliveryError, InputError
from digest.model import Article, Briefing, CasualtyLine, Story, SummarySentence

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SENDER = "Digest Bot <digest@example.org>"
NOW = dt.datetime(2026, 11, 27, 7, 0, tzinfo=dt.UTC)

# ---------------------------------------------------------------------------------------------
# Fixtures: a small briefing, an SMTP server, a self-signed certificate


def make_briefing(title: str = "Daily briefing") -> Briefing:
    """Two stories with text we wrote, enough for every part of the templates."""
    ferry = Article(title="Ferry crossings suspended as storm nears", source="Coast Herald",
                    url="https://herald.example/ferry", published=NOW,
                    text="Regional authorities suspended all ferry crossings on Tuesday as a storm approached.")
    bridge = Article(title="Old river bridge closed after cracks found", source="Carden Daily",
                     url="https://carden.example/bridge", published=NOW,
                     text="Engineers closed the old river bridge in Carden after inspectors found cracks.")
    stories = [
        Story(id="s1", headline="Ferry crossings suspended as storm nears", articles=[ferry],
              summary=[SummarySentence(text="Regional authorities suspended all ferry crossings on Tuesday.",
                                       article=ferry.id, position=0, score=1.0, source="Coast Herald",
                                       url=ferry.url)],
              casualties=[CasualtyLine(kind="injured", count=3, low=3, high=3, qualifier="exact",
                                       who="people", scope="incident", sources=["Coast Herald"])]),
        Story(id="s2", headline="Old river bridge closed after cracks found", articles=[bridge],
              summary=[SummarySentence(text="Engineers closed the old river bridge in Carden.",
                                       article=bridge.id, position=0, score=1.0)]),
    ]
    return Briefing(title=title, date="2026-11-27", generated_at=NOW, stories=stories, articles=2,
                    algorithm="default")


class Recorder:
    """An aiosmtpd handler that records what it accepts and can refuse recipients or whole messages."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []
        self.refuse: set[str] = set()
        self.data_replies: list[str] = []  # replies to DATA used before accepting (e.g. "451 …")
        self.data_attempts = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.data_attempts += 1
        if self.data_replies:
            return self.data_replies.pop(0)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted for delivery"

    def message(self, index: int = -1) -> EmailMessage:
        return email.message_from_bytes(self.received[index][2], _class=EmailMessage, policy=email.policy.default)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A running aiosmtpd Controller on 127.0.0.1 and its recorder."""

    def __init__(self, port: int | None = None, **kwargs) -> None:
        self.handler = Recorder()
        self.port = port or free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)

    def __enter__(self) -> Server:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


@pytest.fixture
def smtp() -> Iterator[Server]:
    with Server() as server:
        yield server


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, made here with `cryptography`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder = tmp_path_factory.mktemp("tls")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "digest test server")])
    now = dt.datetime.now(dt.UTC)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                    x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                       critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(ski, critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*map(str, certificate))
    return context


def authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = auth_data.login == b"digest" and auth_data.password == b"correct horse"
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd sends the 535 reply


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path) -> None:
    """No waiting between tries, the spool under tmp_path, and no password unless a test sets one."""
    monkeypatch.setattr(mail, "RETRY_DELAYS", (0.0, 0.0))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(mail.PASSWORD_ENV, raising=False)


@pytest.fixture
def fixture_briefing(monkeypatch, tmp_path) -> Path:
    """For CLI tests: the pipeline gives the small briefing above; returns a SOURCE to pass."""
    import digest.brief

    monkeypatch.setattr(digest.brief, "build_briefing", lambda articles, **options: make_briefing(options["title"]))
    source = tmp_path / "article.txt"
    source.write_text("Ferry crossings suspended\n\nRegional authorities suspended all ferry crossings on Tuesday "
                      "as a storm approached the coast. Forecasters expected strong winds by the evening.\n",
                      encoding="utf-8")
    return source


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


def spool(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").rglob("*.eml"))


def smtp_args(server: Server, *extra: str) -> list[str]:
    return ["--smtp-host", "127.0.0.1", "--smtp-port", str(server.port), "--from", SENDER, *extra]


def message(**options) -> EmailMessage:
    options.setdefault("to", ["ana@example.org"])
    return mail.build_message(make_briefing(), sender=SENDER, **options)


def settings(server: Server, **options) -> mail.SMTPSettings:
    return mail.SMTPSettings(host="127.0.0.1", port=server.port, **options)


def parts(msg: EmailMessage) -> dict[str, str]:
    return {part.get_content_type(): part.get_content() for part in msg.walk() if not part.is_multipart()}


def html_text(document: str) -> str:
    tree = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False).parse(document)
    return " ".join(" ".join(tree.itertext()).split())


# ---------------------------------------------------------------------------------------------
# The message


def test_message_arrives_with_both_parts_headers_and_recipients(smtp, fixture_briefing, tmp_path):
    result = invoke("email", fixture_briefing, *smtp_args(smtp), "--to", "Zoë Ångström <zoe@example.org>",
                    "--to", "ana@example.org", "--cc", "desk@example.org", "--bcc", "archive@example.org")
    assert result.exit_code == 0, result.output + result.stderr
    mail_from, rcpt_tos, _ = smtp.handler.received[0]
    assert mail_from == "digest@example.org"
    assert sorted(rcpt_tos) == ["ana@example.org", "archive@example.org", "desk@example.org", "zoe@example.org"]
    msg = smtp.handler.message()
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "multipart/related"]
    related = list(msg.iter_parts())[1]
    assert [p.get_content_type() for p in related.iter_parts()][0] == "text/html"
    assert str(msg["Auto-Submitted"]) == "auto-generated"
    assert str(msg["To"]) == "Zoë Ångström <zoe@example.org>, ana@example.org"
    assert str(msg["Cc"]) == "desk@example.org"
    assert "Bcc" not in msg and b"archive@example.org" not in smtp.handler.received[0][2]
    assert str(msg["From"]) == SENDER
    assert str(msg["Subject"]) == "Daily briefing — 27 Nov 2026 — 2 stories"
    assert msg["MIME-Version"] == "1.0"
    assert msg["Message-ID"].endswith("@example.org>")
    assert email.utils.parsedate_to_datetime(msg["Date"]) is not None
    assert spool(tmp_path) == []  # accepted: the saved copy is gone
    assert "sent to 4 recipient(s)" in result.stderr


def test_non_ascii_subject_and_names_are_encoded_on_the_wire(smtp):
    msg = message(to=["Zoë Ångström <zoe@example.org>"], subject="Événements — {date}")
    mail.deliver(msg, settings(smtp))
    raw = smtp.handler.received[0][2]
    assert raw.isascii()  # RFC 2047 encoded words and quoted-printable/base64 bodies
    received = smtp.handler.message()
    assert str(received["Subject"]) == "Événements — 27 Nov 2026"
    assert received["To"].addresses[0].display_name == "Zoë Ångström"


def test_html_part_parses_and_contains_the_stories(smtp):
    mail.deliver(message(), settings(smtp))
    content = parts(smtp.handler.message())
    html5lib.HTMLParser(strict=True).parse(content["text/html"])  # raises on invalid HTML5
    text = html_text(content["text/html"])
    for headline in ("Ferry crossings suspended as storm nears", "Old river bridge closed after cracks found"):
        assert headline in text
        assert headline.upper() in content["text/plain"] or headline in content["text/plain"]
    assert "style=" in content["text/html"]  # CSS inlined for mail clients


def test_subject_placeholders_reply_to_and_list_unsubscribe():
    msg = message(subject="{title}: {stories} stories, {articles} articles ({date_iso})",
                  reply_to=["desk@example.org"], list_unsubscribe=["mailto:stop@example.org"])
    assert msg["Subject"] == "Daily briefing: 2 stories, 2 articles (2026-11-27)"
    assert msg["Reply-To"] == "desk@example.org"
    assert msg["List-Unsubscribe"] == "<mailto:stop@example.org>"
    with pytest.raises(InputError, match="unknown placeholder {weather}"):
        message(subject="{weather}")
    with pytest.raises(InputError, match="list_unsubscribe"):
        message(list_unsubscribe=["mailto:a@example.org>\r\nBcc: evil@example.org"])


@pytest.mark.parametrize("address", ["not-an-address", "ana@localhost", "ana@example.org\nBcc: evil@example.org"])
def test_bad_addresses_are_input_errors(address):
    with pytest.raises(InputError):
        message(to=[address])


def test_dry_run_prints_the_message_and_does_not_connect(fixture_briefing, tmp_path):
    port = free_port()  # nothing listens here: a connection attempt would fail
    result = invoke("email", fixture_briefing, "--smtp-host", "127.0.0.1", "--smtp-port", port, "--from", SENDER,
                    "--to", "ana@example.org", "--bcc", "archive@example.org", "--dry-run")
    assert result.exit_code == 0, result.stderr
    printed = email.message_from_string(result.stdout, _class=EmailMessage, policy=email.policy.default)
    assert printed["To"] == "ana@example.org" and "Bcc" not in printed
    assert set(parts(printed)) == {"text/plain", "text/html", "image/png"}
    assert "archive@example.org" in result.stderr  # the operator still sees every recipient
    assert spool(tmp_path) == []


# ---------------------------------------------------------------------------------------------
# TLS and AUTH


def test_auth_accepts_the_right_password(fixture_briefing, tmp_path):
    with Server(authenticator=authenticator, auth_required=True, auth_require_tls=False) as server:
        result = invoke("email", fixture_briefing, *smtp_args(server, "--to", "ana@example.org",
                                                             "--smtp-user", "digest"),
                        env={mail.PASSWORD_ENV: "correct horse"})
        assert result.exit_code == 0, result.stderr
        assert len(server.handler.received) == 1
    assert spool(tmp_path) == []


def test_auth_rejects_a_wrong_password_at_once_and_keeps_the_eml(fixture_briefing, tmp_path):
    with Server(authenticator=authenticator, auth_required=True, auth_require_tls=False) as server:
        result = invoke("email", fixture_briefing, *smtp_args(server, "--to", "ana@example.org",
                                                             "--smtp-user", "digest"),
                        env={mail.PASSWORD_ENV: "wrong battery"})
        assert server.handler.received == []
    assert result.exit_code == 3
    assert "535" in result.stderr and "wrong battery" not in result.stderr + result.stdout
    saved = spool(tmp_path)
    assert len(saved) == 1 and str(saved[0]) in result.stderr


def test_smtp_user_without_password_in_env_is_an_input_error(fixture_briefing, smtp):
    result = invoke("email", fixture_briefing, *smtp_args(smtp, "--to", "ana@example.org", "--smtp-user", "x"))
    assert result.exit_code == 2 and mail.PASSWORD_ENV in result.stderr
    assert smtp.handler.received == []


def test_starttls_with_a_private_ca(certificate, fixture_briefing, tmp_path):
    with Server(tls_context=server_context(certificate), require_starttls=True) as server:
        result = invoke("email", fixture_briefing, *smtp_args(server, "--to", "ana@example.org",
                                                             "--smtp-cafile", certificate[0]))
        assert result.exit_code == 0, result.stderr
        assert len(server.handler.received) == 1


def test_starttls_with_an_untrusted_certificate_fails_without_retry(certificate):
    with Server(tls_context=server_context(certificate), require_starttls=True) as server:
        sleeps: list[float] = []
        with pytest.raises(DeliveryError, match="certificate"):
            mail.deliver(message(), settings(server), sleep=sleeps.append, delays=(1, 1))
        assert sleeps == [] and server.handler.received == []


def test_password_is_never_sent_unencrypted_to_a_remote_server(monkeypatch):
    calls: list[bytes] = []

    def spy(server, session, envelope, mechanism, auth_data):
        calls.append(auth_data.password)
        return authenticator(server, session, envelope, mechanism, auth_data)

    monkeypatch.setattr(mail, "_LOCAL_HOSTS", set())  # treat 127.0.0.1 as a remote host
    with Server(authenticator=spy, auth_required=True, auth_require_tls=False) as server:
        with pytest.raises(DeliveryError, match="unencrypted"):
            mail.deliver(message(), settings(server, user="digest", password="correct horse"))
    assert calls == []


def test_required_starttls_not_offered_is_permanent(smtp):
    sleeps: list[float] = []
    with pytest.raises(DeliveryError, match="does not offer STARTTLS"):
        mail.deliver(message(), settings(smtp, starttls=True), delays=(1, 1), sleep=sleeps.append)
    assert sleeps == [] and smtp.handler.received == []


def test_implicit_tls(certificate):
    with Server(ssl_context=server_context(certificate)) as server:
        mail.deliver(message(), settings(server, ssl=True, cafile=str(certificate[0])))
        assert len(server.handler.received) == 1


# ---------------------------------------------------------------------------------------------
# Failures, retries and the spool


def test_server_down_keeps_the_eml_and_resend_works_once_it_is_up(fixture_briefing, tmp_path):
    port = free_port()
    args = ["--smtp-host", "127.0.0.1", "--smtp-port", str(port)]
    result = invoke("email", fixture_briefing, *args, "--from", SENDER, "--to", "ana@example.org",
                    "--bcc", "archive@example.org")
    assert result.exit_code == 3
    assert "3 tries" in result.stderr
    saved = spool(tmp_path)
    assert len(saved) == 1 and f"--resend {saved[0]}" in result.stderr
    with Server(port=port) as server:
        resent = invoke("email", "--resend", saved[0], *args)
        assert resent.exit_code == 0, resent.stderr
        _, rcpt_tos, raw = server.handler.received[0]
    assert sorted(rcpt_tos) == ["ana@example.org", "archive@example.org"]  # Bcc kept in the spool ...
    assert b"archive@example.org" not in raw  # ... but never transmitted
    assert not saved[0].exists()


def test_save_eml_path_is_written_before_sending(fixture_briefing, tmp_path):
    target = tmp_path / "out" / "today.eml"
    port = free_port()
    result = invoke("email", fixture_briefing, "--smtp-host", "127.0.0.1", "--smtp-port", port, "--from", SENDER,
                    "--to", "ana@example.org", "--save-eml", target)
    assert result.exit_code == 3 and str(target) in result.stderr
    saved = email.message_from_bytes(target.read_bytes(), _class=EmailMessage, policy=email.policy.default)
    assert saved["To"] == "ana@example.org" and set(parts(saved)) == {"text/plain", "text/html", "image/png"}


def test_550_rejection_is_permanent(smtp, fixture_briefing, tmp_path):
    smtp.handler.data_replies = ["550 5.7.1 Message rejected as spam"]
    result = invoke("email", fixture_briefing, *smtp_args(smtp, "--to", "ana@example.org"))
    assert result.exit_code == 3
    assert "550 5.7.1 Message rejected as spam" in result.stderr
    assert smtp.handler.data_attempts == 1  # no retry
    assert len(spool(tmp_path)) == 1


def test_4xx_then_success_is_retried(smtp):
    smtp.handler.data_replies = ["451 4.3.0 Try again later"]
    sleeps: list[float] = []
    result = mail.deliver(message(), settings(smtp), delays=(5.0, 30.0), sleep=sleeps.append)
    assert sleeps == [5.0] and result.attempts == 2
    assert smtp.handler.data_attempts == 2 and len(smtp.handler.received) == 1


def test_4xx_every_time_gives_up_after_three_tries(smtp, tmp_path):
    smtp.handler.data_replies = ["421 4.3.2 Busy"] * 5
    sleeps: list[float] = []
    with pytest.raises(DeliveryError, match="421 4.3.2 Busy"):
        mail.deliver(message(), settings(smtp), delays=(1.0, 2.0), sleep=sleeps.append)
    assert sleeps == [1.0, 2.0] and smtp.handler.data_attempts == 3


def test_partial_refusal_is_reported_per_recipient(smtp, fixture_briefing, tmp_path):
    smtp.handler.refuse = {"gone@example.org"}
    result = invoke("email", fixture_briefing, *smtp_args(smtp, "--to", "ana@example.org",
                                                         "--to", "gone@example.org"))
    assert result.exit_code == 3
    assert "delivered to ana@example.org" in result.stderr
    assert "refused gone@example.org: 550 5.1.1 No such user here" in result.stderr
    assert smtp.handler.received[0][1] == ["ana@example.org"]
    saved = spool(tmp_path)
    assert len(saved) == 1
    smtp.handler.refuse = set()
    resent = invoke("email", "--resend", saved[0], "--to", "gone@example.org",
                    "--smtp-host", "127.0.0.1", "--smtp-port", smtp.port)
    assert resent.exit_code == 0, resent.stderr
    assert smtp.handler.received[1][1] == ["gone@example.org"]  # only the refused one, not ana again


def test_every_recipient_refused_is_a_delivery_error(smtp):
    smtp.handler.refuse = {"ana@example.org"}
    with pytest.raises(DeliveryError, match="refused every recipient"):
        mail.deliver(message(), settings(smtp))


def test_resend_of_a_missing_file_is_an_input_error(tmp_path):
    result = invoke("email", "--resend", tmp_path / "nope.eml")
    assert result.exit_code == 2 and "nope.eml" in result.stderr


def test_missing_sender_or_recipients_are_input_errors(fixture_briefing):
    assert invoke("email", fixture_briefing, "--to", "ana@example.org", "--dry-run").exit_code == 2
    result = invoke("email", fixture_briefing, "--from", SENDER, "--dry-run")
    assert result.exit_code == 2 and "recipients" in result.stderr


# ---------------------------------------------------------------------------------------------
# Config file and end to end on samples/


def test_config_file_supplies_recipients_and_smtp_and_options_override(smtp, fixture_briefing, tmp_path):
    config = tmp_path / "digest.toml"
    config.write_text(f'''
title = "Morning brief"
sources = ["{fixture_briefing.name}"]
from = "Desk <desk@example.org>"
subject = "{{title}} ({{stories}})"
reply_to = "editors@example.org"

[recipients]
to = ["ana@example.org"]
bcc = ["archive@example.org"]

[smtp]
host = "127.0.0.1"
port = {smtp.port}
starttls = false
''', encoding="utf-8")
    result = invoke("email", "--config", config)
    assert result.exit_code == 0, result.stderr
    msg = smtp.handler.message()
    assert msg["Subject"] == "Morning brief (2)" and msg["Reply-To"] == "editors@example.org"
    assert sorted(smtp.handler.received[0][1]) == ["ana@example.org", "archive@example.org"]
    result = invoke("email", "--config", config, "--to", "zoe@example.org", "--title", "Evening brief")
    assert result.exit_code == 0, result.stderr
    assert smtp.handler.message()["Subject"] == "Evening brief (2)"
    assert sorted(smtp.handler.received[1][1]) == ["archive@example.org", "zoe@example.org"]


def test_samples_briefing_reaches_the_server_intact(smtp):
    """End to end with the real pipeline (needs every stage)."""
    manifest = json.loads((SAMPLES / "MANIFEST.json").read_text(encoding="utf-8"))
    result = invoke("email", SAMPLES, *smtp_args(smtp, "--to", "ana@example.org"))
    assert result.exit_code == 0, result.stderr
    msg = smtp.handler.message()
    content = parts(msg)
    html5lib.HTMLParser(strict=True).parse(content["text/html"])
    text = html_text(content["text/html"])
    plain = " ".join(content["text/plain"].split())  # titles may be wrapped
    stories = {a["story"] for a in manifest["articles"]}
    assert f"{len(stories)} stories" in str(msg["Subject"])
    for story in stories:
        titles = [a["title"] for a in manifest["articles"] if a["story"] == story]
        assert any(t in text for t in titles), story
        assert any(t in plain or t.upper() in plain for t in titles), story


# ---------------------------------------------------------------------------------------------
# Pictures and size


def test_charts_travel_as_related_parts_that_every_cid_reference_resolves(smtp):
    mail.deliver(message(), settings(smtp))
    msg = smtp.handler.message()
    alternative = list(msg.iter_parts())
    assert [p.get_content_type() for p in alternative] == ["text/plain", "multipart/related"]
    related = list(alternative[1].iter_parts())
    html_part, images = related[0], related[1:]
    assert html_part.get_content_type() == "text/html" and images
    referenced = set(re.findall(r'src="cid:([^"]+)"', html_part.get_content()))
    attached = {str(p["Content-ID"]).strip("<>") for p in images}
    assert referenced and referenced == attached
    for part in images:
        assert part.get_content_type() == "image/png" and part.get_content().startswith(b"\x89PNG\r\n\x1a\n")
    assert "data:image" not in html_part.get_content()  # Gmail strips data: URIs


def test_no_charts_gives_a_plain_html_alternative():
    msg = message(charts=False)
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    assert "cid:" not in parts(msg)["text/html"]


def test_an_html_part_gmail_would_clip_is_warned_about(caplog):
    big = make_briefing()
    story = big.stories[0]
    long = "Regional authorities suspended all ferry crossings on Tuesday as a storm approached the coast. " * 6
    big.stories = [Story(id=f"s{i}", headline=f"Storm report {i}", articles=story.articles,
                         summary=[SummarySentence(text=long, article=story.articles[0].id, position=0, score=1.0)] * 3)
                   for i in range(40)]
    big.max_stories = 40
    with caplog.at_level(logging.WARNING, logger="digest.mail"):
        mail.build_message(big, sender=SENDER, to=["ana@example.org"], charts=False)
    assert any("Gmail clips messages over 100 KB" in r.getMessage() for r in caplog.records)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="digest.mail"):
        message()
    assert not caplog.records
