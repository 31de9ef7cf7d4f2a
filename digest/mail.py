"""Send the briefing as one email (plain text + inlined-CSS HTML), without ever losing it.

Why it is built this way:
- One `multipart/alternative` message from the stdlib `EmailMessage`, text first, HTML last (mail
  clients show the last part they can display).
- The message is written to disk (the spool, or `--save-eml`) before the first connection and
  removed only once the server accepted it, so a failed morning run leaves a file that
  `digest email --resend FILE` sends later. Bcc recipients are kept in the saved file (so a resend
  reaches them) and never transmitted: `smtplib.send_message` drops the Bcc header.
- Transient failures (connection refused, timeouts, 4xx replies) are retried with backoff;
  permanent ones (5xx, bad credentials, certificate errors) fail at once with the server's reply.
- The password comes from DIGEST_SMTP_PASSWORD only and never appears in a message or log line.
"""

from __future__ import annotations

import logging
import os
import smtplib
import socket
import ssl
import string
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid
from pathlib import Path
from typing import TYPE_CHECKING

from digest.errors import DeliveryError, InputError, SettingError
from digest.model import Briefing

if TYPE_CHECKING:
    from digest.settings import MailSettings

log = logging.getLogger(__name__)

PASSWORD_ENV = "DIGEST_SMTP_PASSWORD"
CLIP_BYTES = 100 * 1024  # Gmail clips a message whose HTML is larger ("View entire message")
TIMEOUT = 30.0
RETRY_DELAYS: tuple[float, ...] = (10.0, 60.0)  # waits between the 3 tries; tests pass (0, 0)
DEFAULT_SUBJECT = "{title} — {date} — {stories_label}"
SUBJECT_FIELDS = ("title", "date", "date_iso", "stories", "stories_label", "articles", "outlets")
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
_NO_SUCH_NAME = {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}


# ---------------------------------------------------------------------------------------------
# Building the message


def short_date(value: str) -> str:
    """'2026-11-27' → '27 Nov 2026'; a span 'first/last' → '26–27 Nov 2026'."""
    try:
        days = [Date.fromisoformat(part) for part in value.split("/")]
    except ValueError:
        return value
    first, last = days[0], days[-1]
    if first == last:
        return f"{first.day} {first:%b %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%b %Y}"
    return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"


def subject_line(briefing: Briefing, template: str | None = None) -> str:
    """The Subject: `template` with {title} {date} {date_iso} {stories} {stories_label} {articles} {outlets}."""
    stories = len(briefing.stories)
    values = {
        "title": " ".join((briefing.title or "Daily briefing").split()),
        "date": short_date(briefing.date),
        "date_iso": briefing.date,
        "stories": stories,
        "stories_label": f"{stories} {'story' if stories == 1 else 'stories'}",
        "articles": briefing.articles,
        "outlets": briefing.outlets,
    }
    template = template or DEFAULT_SUBJECT
    try:
        # only plain names: {0}, {} or {title.__class__} would read positions or attributes
        for _, name, _, _ in string.Formatter().parse(template):
            if name is not None and name not in values:
                raise SettingError("subject", f"unknown placeholder {{{name}}} "
                                              f"(use {', '.join('{' + f + '}' for f in SUBJECT_FIELDS)})")
        text = template.format(**values)
    except (KeyError, IndexError, AttributeError) as exc:  # a placeholder nested in a format spec
        raise SettingError("subject", f"cannot fill in {template!r} ({exc})") from None
    except ValueError as exc:
        raise SettingError("subject", f"{exc} (write {{{{ and }}}} for literal braces)") from None
    return " ".join(text.split())  # no line breaks in a header


def parse_addresses(values: Iterable[str], setting: str) -> list[str]:
    """Each value may hold several comma-separated addresses; InputError for one without a domain."""
    values = list(values)
    for value in values:
        if "\r" in value or "\n" in value:
            raise SettingError(setting, "line breaks are not allowed in an address")
    result = []
    for value in values:
        for name, address in getaddresses([value]):
            if not address:
                continue
            local, at, domain = address.rpartition("@")
            if not at or not local or "." not in domain.strip("."):
                # name what was typed ("not an address"), not the first word the parser kept of it
                typed = next((p.strip() for p in value.split(",") if address in p), address)
                raise SettingError(setting, f"{typed!r} is not an email address")
            result.append(f"{name} <{address}>" if name else address)
    return result


def check_addresses(settings: MailSettings) -> None:
    """Refuse a missing sender or recipient, or a malformed address, before the briefing is built."""
    if not settings.sender:
        raise SettingError("sender", "no sender (give one, or set from in the config file)")
    parse_addresses([settings.sender], "sender")
    recipients = [parse_addresses(getattr(settings, name), name) for name in ("to", "cc", "bcc")]
    parse_addresses(settings.reply_to, "reply_to")
    if not any(recipients):
        raise SettingError("to", "no recipients (give one, or set [recipients] in the config file)")


def bare_addresses(values: Iterable[str]) -> list[str]:
    """The envelope form: 'Ana Pérez <ana@example.org>' → 'ana@example.org'."""
    return [address for _, address in getaddresses(list(values)) if address]


def _unsubscribe_value(values: Sequence[str]) -> str:
    """'mailto:x@y.org' or '<mailto:x@y.org>' items → '<mailto:x@y.org>, <https://…>' (RFC 2369)."""
    urls = [v.strip().removeprefix("<").removesuffix(">") for v in values]
    if any(c in url for url in urls for c in "\r\n<>, ") or not all(url.startswith(("mailto:", "https:", "http:"))
                                                                    for url in urls):
        raise SettingError("list_unsubscribe", "give mailto: or https: URLs, one per list item")
    return ", ".join(f"<{url}>" for url in urls)


def build_message(
    briefing: Briefing,
    *,
    sender: str,
    to: Sequence[str] = (),
    cc: Sequence[str] = (),
    bcc: Sequence[str] = (),
    subject: str | None = None,
    reply_to: Sequence[str] = (),
    list_unsubscribe: Sequence[str] = (),
    template_dir: str | Path | None = None,
    now: datetime | None = None,
    full: bool = False,
    charts: bool = True,
) -> EmailMessage:
    """The briefing as one multipart/alternative message: text/plain, then a multipart/related
    text/html (CSS inlined) whose charts are PNG parts referenced by `cid:` (Gmail strips `data:`
    URIs and SVG).

    Bcc recipients are recorded in a Bcc header that `send_message` strips before transmission.
    """
    from digest.render import render

    senders = parse_addresses([sender], "sender")
    if len(senders) != 1:
        raise SettingError("sender", "give exactly one sender address")
    to, cc, bcc = parse_addresses(to, "to"), parse_addresses(cc, "cc"), parse_addresses(bcc, "bcc")
    if not (to or cc or bcc):
        raise SettingError("to", "no recipients (give one, or set [recipients] in the config file)")

    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = senders[0]
    if to:
        msg["To"] = ", ".join(to)
    if cc:
        msg["Cc"] = ", ".join(cc)
    if bcc:
        msg["Bcc"] = ", ".join(bcc)
    if reply_to:
        msg["Reply-To"] = ", ".join(parse_addresses(reply_to, "reply_to"))
    msg["Subject"] = subject_line(briefing, subject)
    msg["Date"] = format_datetime(now or datetime.now().astimezone())
    msg["Message-ID"] = make_msgid(idstring="digest", domain=bare_addresses(senders)[0].rpartition("@")[2])
    if list_unsubscribe:
        msg["List-Unsubscribe"] = _unsubscribe_value(list_unsubscribe)
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to a robot
    msg["MIME-Version"] = "1.0"
    pictures = []
    if charts:
        from digest.charts import briefing_charts

        pictures = briefing_charts(briefing)
    page = render(briefing, "html", template_dir, full=full, charts=pictures, cid=True)
    if len(page.encode("utf-8")) > CLIP_BYTES:
        log.warning("the HTML briefing is %s KB: Gmail clips messages over 100 KB (try fewer --max-stories)",
                    f"{len(page.encode('utf-8')) / 1024:,.0f}")
    # quoted-printable keeps the message 7-bit: it passes servers without 8BITMIME unchanged
    msg.set_content(render(briefing, "text", template_dir, full=full), subtype="plain", charset="utf-8",
                    cte="quoted-printable")
    msg.add_alternative(page, subtype="html", charset="utf-8", cte="quoted-printable")
    html_part = msg.get_payload()[1]
    for picture in pictures:
        html_part.add_related(picture.png, maintype="image", subtype="png", cid=f"<{picture.cid}>",
                              filename=f"{picture.name}.png", disposition="inline")
    return msg


def as_bytes(msg: EmailMessage) -> bytes:
    """The message as it is saved and transmitted (CRLF line ends, long headers folded)."""
    return msg.as_bytes(policy=policy.SMTP)


def preview(msg: EmailMessage) -> str:
    """What the recipients receive (no Bcc header), as text with newline line ends: --dry-run's output."""
    from email import message_from_bytes

    copy = message_from_bytes(as_bytes(msg), _class=EmailMessage, policy=policy.SMTP)
    del copy["Bcc"]
    return as_bytes(copy).decode("utf-8", "replace").replace("\r\n", "\n")


def envelope_recipients(msg: EmailMessage) -> list[str]:
    """Everyone the message goes to: To, Cc and Bcc, bare addresses, without duplicates."""
    values = [v for header in ("To", "Cc", "Bcc") for v in msg.get_all(header, [])]
    return list(dict.fromkeys(bare_addresses(str(v) for v in values)))


# ---------------------------------------------------------------------------------------------
# The spool: nothing is lost


def spool_dir() -> Path:
    """Where unsent messages wait: <user cache dir>/digest/outbox."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("digest")) / "outbox"


def save_eml(msg: EmailMessage, path: str | Path | None = None) -> Path:
    """Write the message atomically (0600: it names its recipients) to `path` or a new spool file."""
    from digest.atomic import write_atomic

    if path is None:
        import secrets

        folder = spool_dir()
        target = folder / f"briefing-{datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(3)}.eml"
    else:
        target = Path(path).expanduser()
        folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return write_atomic(target, as_bytes(msg), mode=0o600)
    except OSError as exc:
        raise DeliveryError(f"cannot save the message to {path or folder}: {exc.strerror or exc}; "
                            "nothing was sent") from None


def load_eml(path: str | Path) -> EmailMessage:
    """A saved message, for --resend; InputError if it is missing or not a message."""
    from email import message_from_bytes

    try:
        data = Path(path).expanduser().read_bytes()
    except OSError as exc:
        raise InputError(f"saved message {path}: {exc.strerror or exc}") from None
    msg = message_from_bytes(data, _class=EmailMessage, policy=policy.SMTP)
    if not msg["From"] or not envelope_recipients(msg):
        raise InputError(f"{path}: not a saved digest message (no From or recipients)")
    return msg


# ---------------------------------------------------------------------------------------------
# Delivery


@dataclass
class SMTPSettings:
    """How to reach the server. `starttls`: None = when offered, True = required, False = never."""

    host: str = "localhost"
    port: int | None = None
    ssl: bool = False
    starttls: bool | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    cafile: str | None = None
    timeout: float = TIMEOUT

    @property
    def effective_port(self) -> int:
        """465 for implicit TLS, 587 (submission) when logging in, else 25 (a relay)."""
        if self.port:
            return self.port
        return 465 if self.ssl else 587 if self.user else 25

    @property
    def where(self) -> str:
        return f"{self.host}:{self.effective_port}"


def settings_from_env(**options) -> SMTPSettings:
    """SMTPSettings with the password from DIGEST_SMTP_PASSWORD (the only place it is read from)."""
    settings = SMTPSettings(**{k: v for k, v in options.items() if v is not None})
    if not settings.host.strip():
        raise SettingError("smtp_host", "is empty")
    if settings.user:
        settings.password = os.environ.get(PASSWORD_ENV)
        if not settings.password:
            raise SettingError("smtp_user", f"is set but the environment variable {PASSWORD_ENV} is empty")
    if settings.ssl and settings.starttls:
        raise SettingError("ssl", "implicit TLS and STARTTLS cannot both be required: use one")
    if settings.cafile and not Path(settings.cafile).is_file():
        raise SettingError("smtp_cafile", f"no such file {settings.cafile}")
    return settings


class Transient(Exception):
    """A failure worth retrying (the server or network may recover)."""


class Permanent(Exception):
    """A failure retrying cannot fix; the message carries the server's reply."""


@dataclass
class SendResult:
    """Who the server accepted the message for, and who it refused (address → reply)."""

    accepted: list[str]
    refused: dict[str, str]
    attempts: int


def _reply(code: int, message: bytes | str) -> str:
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    return f"{code} {' '.join(text.split())}".strip()


def _tls_context(settings: SMTPSettings) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=settings.cafile)


def _connect(settings: SMTPSettings) -> smtplib.SMTP:
    if settings.ssl:
        return smtplib.SMTP_SSL(settings.host, settings.effective_port, timeout=settings.timeout,
                                context=_tls_context(settings))
    return smtplib.SMTP(settings.host, settings.effective_port, timeout=settings.timeout)


def _secure(server: smtplib.SMTP, settings: SMTPSettings) -> bool:
    """Upgrade with STARTTLS when offered (or required); True when the connection is encrypted."""
    if settings.ssl:
        return True
    server.ehlo()
    if settings.starttls is False:
        return False
    if not server.has_extn("starttls"):
        if settings.starttls:
            raise Permanent(f"{settings.where} does not offer STARTTLS (turn STARTTLS off only for a trusted relay)")
        return False
    server.starttls(context=_tls_context(settings))
    server.ehlo()
    return True


def _attempt(msg: EmailMessage, recipients: list[str], settings: SMTPSettings) -> dict[str, tuple[int, bytes]]:
    """One connection: connect, secure, log in, send. Returns the refused recipients."""
    with _connect(settings) as server:
        encrypted = _secure(server, settings)
        if settings.user:
            if not encrypted and settings.host not in _LOCAL_HOSTS:
                raise Permanent(f"{settings.where}: refusing to send the password unencrypted "
                                "(the server offers no TLS; use implicit TLS or a relay that supports STARTTLS)")
            server.login(settings.user, settings.password or "")
        return server.send_message(msg, to_addrs=recipients)


def _classify(exc: BaseException, settings: SMTPSettings) -> Exception:
    """Transient or Permanent, with a one-line reason that never includes the password."""
    where = settings.where
    if isinstance(exc, (Transient, Permanent)):
        return exc
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return Permanent(f"{where} refused the login for {settings.user}: {_reply(exc.smtp_code, exc.smtp_error)}")
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        replies = {addr: _reply(code, text) for addr, (code, text) in exc.recipients.items()}
        detail = "; ".join(f"{addr}: {reply}" for addr, reply in replies.items())
        kind = Transient if all(400 <= code < 500 for code, _ in exc.recipients.values()) else Permanent
        return kind(f"{where} refused every recipient: {detail}")
    if isinstance(exc, smtplib.SMTPResponseException):
        kind = Transient if 400 <= exc.smtp_code < 500 else Permanent
        return kind(f"{where} replied {_reply(exc.smtp_code, exc.smtp_error)}")
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return Permanent(f"{where}: {exc}")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return Permanent(f"{where}: TLS certificate not trusted ({exc.verify_message}; "
                         "set smtp_cafile for a private CA)")
    if isinstance(exc, ssl.SSLError):
        return Permanent(f"{where}: TLS failed ({exc.reason or exc})")
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return Transient(f"{where} closed the connection ({exc or 'unexpectedly'})")
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return Transient(f"{where} timed out after {settings.timeout:g} s")
    if isinstance(exc, socket.gaierror):
        # a name that does not exist will not exist in a minute either; a DNS outage may pass
        kind = Permanent if exc.errno in _NO_SUCH_NAME else Transient
        return kind(f"cannot resolve {settings.host}: {exc.strerror or exc}")
    if isinstance(exc, OSError):
        return Transient(f"cannot connect to {where}: {exc.strerror or exc}")
    if isinstance(exc, smtplib.SMTPException):
        return Permanent(f"{where}: {exc}")
    raise exc


def send(
    msg: EmailMessage,
    settings: SMTPSettings,
    *,
    recipients: Sequence[str] | None = None,
    delays: Sequence[float] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> SendResult:
    """Send over SMTP: up to len(delays) + 1 tries for transient failures, none more for permanent ones.

    Raises Transient (all tries failed) or Permanent; returns who was accepted and refused.
    """
    delays = RETRY_DELAYS if delays is None else tuple(delays)
    targets = list(recipients) if recipients else envelope_recipients(msg)
    if not targets:
        raise Permanent("the message has no recipients")
    attempt = 0
    while True:
        attempt += 1
        try:
            refused = _attempt(msg, targets, settings)
        except Exception as exc:  # noqa: BLE001 - classified below; anything unknown is re-raised
            failure = _classify(exc, settings)
            if isinstance(failure, Permanent) or attempt > len(delays):
                if isinstance(failure, Transient) and attempt > 1:
                    failure = Transient(f"{failure} ({attempt} tries)")
                raise failure from None
            wait = delays[attempt - 1]
            log.warning("%s; trying again in %g s", failure, wait)
            sleep(wait)
            continue
        refused_replies = {addr: _reply(code, text) for addr, (code, text) in refused.items()}
        accepted = [a for a in targets if a not in refused_replies]
        return SendResult(accepted=accepted, refused=refused_replies, attempts=attempt)


def deliver(
    msg: EmailMessage,
    settings: SMTPSettings,
    *,
    save_path: str | Path | None = None,
    saved: Path | None = None,
    recipients: Sequence[str] | None = None,
    delays: Sequence[float] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> SendResult:
    """Save the message, send it, and delete the saved file only once every recipient was accepted.

    `saved` is an existing file (a --resend); otherwise the message is saved to `save_path` or the
    spool first. On failure DeliveryError (exit 3) names the file to resend.
    """
    path = saved or save_eml(msg, save_path)
    log.info("saved the message to %s; sending via %s", path, settings.where)
    resend_hint = f"digest email --resend {path}"
    try:
        result = send(msg, settings, recipients=recipients, delays=delays, sleep=sleep)
    except (Transient, Permanent) as exc:
        raise DeliveryError(f"not sent: {exc}; the message is saved in {path} (send it later with: "
                            f"{resend_hint})") from None
    except KeyboardInterrupt:
        raise DeliveryError(f"interrupted while sending (the server may not have it); the message is saved "
                            f"in {path} (send it later with: {resend_hint})") from None
    if result.refused:
        refused = ", ".join(result.refused)
        lines = [f"delivered to {a}" for a in result.accepted]
        lines += [f"refused {a}: {reply}" for a, reply in result.refused.items()]
        raise DeliveryError(
            f"accepted for {len(result.accepted)} of {len(result.accepted) + len(result.refused)} recipients "
            f"({'; '.join(lines)}); the message is saved in {path} (send it to the refused ones with: "
            f"{resend_hint} --to {' --to '.join(refused.split(', '))})")
    path.unlink(missing_ok=True)
    return result
