"""E-mail delivery of reminders over SMTP: one message per user per run with what is new
for them, or one daily digest for users who chose it. Off while no SMTP host is set.

No transaction is open while the SMTP server is talked to (a slow server must never hold up
the county's writes): each user's batch is claimed and committed, then sent (with the
settings' timeout), then recorded as sent with a compare-and-set on `emailed_at IS NULL` and on
this sender's claim, so two senders (an old leader that lost its lock and the new one) never
both send one reminder. A failed send releases the claim and the next run retries; a sender
that dies between its claim and its record leaves a claim the next sender takes over once
CLAIM_LEASE has passed (that batch may then be sent twice: e-mail is at-least-once).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import smtplib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage

from casework import telemetry
from casework.db import write_transaction
from casework.models import EmailPreference, Reminder, User
from casework.reminders.rules import OPEN, snoozed_by
from casework.rules.deadlines import local_date
from casework.services.inbox import due_on, title
from casework.settings import Settings

log = logging.getLogger(__name__)
ENTITY_LABELS = {"rehab": "康复救助申请", "screening_village": "村级排查"}
CLAIM_LEASE = dt.timedelta(minutes=15)  # far past any send's timeout
# (sent, claimed) columns of a reminder's own e-mail and of its escalation's
OWN = (Reminder.emailed_at, Reminder.email_claimed_at)
ESCALATED = (Reminder.escalation_emailed_at, Reminder.escalation_email_claimed_at)


def send(settings: Settings, to: str, subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = settings.smtp_sender, to, subject
    message.set_content(body)
    smtp_class = smtplib.SMTP_SSL if settings.smtp_tls == "ssl" else smtplib.SMTP
    with smtp_class(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout) as smtp:
        if settings.smtp_tls == "starttls":
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(message)


def _awake(now: dt.datetime, recipient=User.id):
    """Not snoozed by the one it is mailed to (a snooze is each person's own)."""
    return ~snoozed_by(recipient, now)


def _digest_users():
    return EmailPreference.select(EmailPreference.user).where(EmailPreference.digest == True)  # noqa: E712


def _always() -> bool:
    return True


@dataclass
class Delivery:
    """What one run did with its messages, counted for Prometheus as it goes."""

    kind: str
    sent: int = 0
    failed: int = 0
    deferred: int = 0

    def count(self, outcome: str | None) -> None:
        if outcome is not None:
            setattr(self, outcome, getattr(self, outcome) + 1)
            telemetry.mail_messages(self.kind, outcome)

    @property
    def failing(self) -> bool | None:
        """True when every message tried failed (the server is down or refuses us), False
        when one went out, None when none was tried."""
        if self.sent:
            return False
        return True if self.failed else None

    def __str__(self) -> str:
        return f"{self.sent} sent, {self.failed} failed, {self.deferred} deferred"


def deliver(settings: Settings, now: dt.datetime, leading: Callable[[], bool] = _always) -> int:
    """The number of messages `send_reminders` sent."""
    return send_reminders(settings, now, leading).sent


def send_reminders(
    settings: Settings, now: dt.datetime, leading: Callable[[], bool] = _always
) -> Delivery:
    """E-mail each user (who has an address and no digest) their new and newly escalated
    reminders. `leading()` is asked before each batch: a scheduler that lost its lock stops at
    once, and the batches left are deferred to the next leader."""
    delivery = Delivery("reminders")
    if not settings.email_enabled:
        return delivery
    pending = (
        Reminder.select(Reminder, User)
        .join(User, on=(User.id == Reminder.assignee), attr="recipient")
        .where(Reminder.emailed_at.is_null())
    )
    escalated = (
        Reminder.select(Reminder, User)
        .join(User, on=(User.id == Reminder.escalated_to), attr="recipient")
        .where(Reminder.escalated_at.is_null(False), Reminder.escalation_emailed_at.is_null())
    )
    users: dict[int, User] = {}
    own: defaultdict[int, list[Reminder]] = defaultdict(list)
    theirs: defaultdict[int, list[Reminder]] = defaultdict(list)
    for query, batch in ((pending, own), (escalated, theirs)):
        query = query.where(
            Reminder.state == OPEN,
            _awake(now),
            User.email != "",
            User.active == True,  # noqa: E712 (a deactivated user is routed away at the next scan)
            User.id.not_in(_digest_users()),
        )
        for reminder in query.order_by(Reminder.due_at):
            users[reminder.recipient.id] = reminder.recipient
            batch[reminder.recipient.id].append(reminder)
    batches = list(users.values())
    for done, user in enumerate(batches):
        if not leading():
            log.error("no longer the scheduler's leader: e-mail stopped")
            for _ in batches[done:]:
                delivery.count("deferred")
            break
        delivery.count(_send_batch(settings, now, user, own[user.id], theirs[user.id]))
    return delivery


def _send_batch(settings, now, user: User, own: list, escalated: list) -> str | None:
    """ "sent", "failed", or None where another sender holds the whole batch."""
    stamp = _stamp(now)
    with write_transaction():
        own = _claim(own, OWN, stamp, now)
        escalated = _claim(escalated, ESCALATED, stamp, now)
    if not (own or escalated):
        return None  # another sender has them
    subject = f"[casework] {_count(own, escalated)} 条待办提醒"
    try:
        send(settings, user.email, subject, _body(settings, user, own, escalated))
    except (OSError, smtplib.SMTPException) as exc:
        log.error("e-mail to %s failed, will retry next run: %s", user.email, exc)
        with write_transaction():
            _release(own, OWN, stamp)
            _release(escalated, ESCALATED, stamp)
        return "failed"
    with write_transaction():
        _record(own, OWN, stamp, now)
        _record(escalated, ESCALATED, stamp, now)
    return "sent"


def _stamp(now: dt.datetime) -> dt.datetime:
    """A claim's mark: `now` with random microseconds, so that two senders starting in the
    same second tell their claims apart."""
    return now.replace(microsecond=secrets.randbelow(1_000_000))


def _ids(reminders: list) -> list[int]:
    return [r.id for r in reminders]


def _claim(reminders: list, columns, stamp: dt.datetime, now: dt.datetime) -> list:
    """Claim the reminders nobody sent nor holds a live claim on; returns those now ours."""
    if not reminders:
        return []
    sent, claimed = columns
    free = sent.is_null() & (claimed.is_null() | (claimed < now - CLAIM_LEASE))
    Reminder.update({claimed: stamp}).where(Reminder.id.in_(_ids(reminders)), free).execute()
    ours = Reminder.select(Reminder.id).where(Reminder.id.in_(_ids(reminders)), claimed == stamp)
    mine = {row.id for row in ours}
    return [r for r in reminders if r.id in mine]


def _record(reminders: list, columns, stamp: dt.datetime, now: dt.datetime) -> None:
    sent, claimed = columns
    if reminders:
        Reminder.update({sent: now}).where(
            Reminder.id.in_(_ids(reminders)), sent.is_null(), claimed == stamp
        ).execute()


def _release(reminders: list, columns, stamp: dt.datetime) -> None:
    sent, claimed = columns
    if reminders:
        Reminder.update({claimed: None}).where(
            Reminder.id.in_(_ids(reminders)), sent.is_null(), claimed == stamp
        ).execute()


def _mark(reminders: list, column, now: dt.datetime) -> None:
    """Mark as sent what a digest listed (compare-and-set: a first sending is kept)."""
    if reminders:
        Reminder.update({column: now}).where(
            Reminder.id.in_(_ids(reminders)), column.is_null()
        ).execute()


def digest(settings: Settings, now: dt.datetime) -> int:
    """The number of digests `send_digests` sent."""
    return send_digests(settings, now).sent


def send_digests(settings: Settings, now: dt.datetime) -> Delivery:
    """Once a local day, send each digest user every open reminder of theirs."""
    delivery = Delivery("digest")
    if not settings.email_enabled:
        return delivery
    today = local_date(now)
    users = (
        User.select(User)
        .join(EmailPreference, on=(EmailPreference.user == User.id))
        .where(EmailPreference.digest == True, User.email != "", User.active == True)  # noqa: E712
    )
    for user in users:
        delivery.count(_send_digest(settings, now, today, user))
    return delivery


def _send_digest(settings, now, today: dt.date, user: User) -> str | None:
    """Claim today's digest (compare-and-set on the last day sent), commit, send, and give the
    day back if the send failed, so that the next run retries."""
    with write_transaction():
        preference = EmailPreference.get(EmailPreference.user == user.id)
        earlier = preference.last_digest_on
        claimed = (
            EmailPreference.update(last_digest_on=today)
            .where(
                EmailPreference.user == user.id,
                EmailPreference.last_digest_on.is_null() | (EmailPreference.last_digest_on < today),
            )
            .execute()
        )
        own = list(_open_for(now, user, Reminder.assignee == user.id))
        escalated = list(_open_for(now, user, Reminder.escalated_to == user.id))
    if not claimed or not (own or escalated):
        return None
    subject = f"[casework] {today:%Y-%m-%d} 待办提醒汇总：{_count(own, escalated)} 条"
    try:
        send(settings, user.email, subject, _body(settings, user, own, escalated))
    except (OSError, smtplib.SMTPException) as exc:
        log.error("digest to %s failed, will retry next run: %s", user.email, exc)
        with write_transaction():
            EmailPreference.update(last_digest_on=earlier).where(
                EmailPreference.user == user.id, EmailPreference.last_digest_on == today
            ).execute()
        return "failed"
    with write_transaction():
        _mark(own, Reminder.emailed_at, now)
        _mark(escalated, Reminder.escalation_emailed_at, now)
    return "sent"


def _open_for(now, user, whose):
    return (
        Reminder.select()
        .where(Reminder.state == OPEN, _awake(now, user.id), whose)
        .order_by(Reminder.due_at)
    )


def _line(reminder: Reminder) -> str:
    entity = ENTITY_LABELS.get(reminder.entity, reminder.entity)
    due = due_on(reminder)
    return f"- {title(reminder)}：{entity} #{reminder.entity_id}，期限 {due:%Y-%m-%d}"


def _only_escalated(own: list, escalated: list) -> list:
    """The escalated reminders that are not the reader's own too: a reader who is both a
    reminder's assignee and its escalation target sees it once, as theirs to handle (both
    lists are still claimed and marked, so neither comes back alone)."""
    mine = set(_ids(own))
    return [r for r in escalated if r.id not in mine]


def _count(own: list, escalated: list) -> int:
    return len(own) + len(_only_escalated(own, escalated))


def _body(settings: Settings, user: User, own: list, escalated: list) -> str:
    escalated = _only_escalated(own, escalated)
    lines = [f"{user.name}，您好：", ""]
    if own:
        lines += ["以下事项已超过办理时限，请尽快处理：", *map(_line, own), ""]
    if escalated:
        lines += ["以下事项经办人逾期未处理，已提交给您督办：", *map(_line, escalated), ""]
    lines.append(f"在收件箱中查看：{settings.base_url}/api/v1/inbox")
    return "\n".join(lines)
