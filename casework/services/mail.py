"""E-mail delivery of reminders over SMTP: one message per user per run with what is new
for them, or one daily digest for users who chose it. Off while no SMTP host is set.

Each user's batch is marked sent in a transaction that commits only after the SMTP server
accepted the message: a failure sends nothing and marks nothing, so the next run retries.
(A crash between the server's acceptance and the commit sends that batch again: e-mail is
at-least-once.)
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections import defaultdict
from email.message import EmailMessage

from casework.db import write_transaction
from casework.models import EmailPreference, Reminder, User
from casework.reminders.rules import OPEN
from casework.rules.deadlines import local_date
from casework.services.inbox import title
from casework.settings import Settings

log = logging.getLogger(__name__)
ENTITY_LABELS = {"rehab": "康复救助申请"}


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


def _awake(now: dt.datetime):
    return Reminder.snoozed_until.is_null() | (Reminder.snoozed_until <= now)


def _digest_users():
    return EmailPreference.select(EmailPreference.user).where(EmailPreference.digest == True)  # noqa: E712


def deliver(settings: Settings, now: dt.datetime) -> int:
    """E-mail each user (who has an address and no digest) their new and newly escalated
    reminders; returns the number of messages sent."""
    if not settings.email_enabled:
        return 0
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
    return sum(_send_batch(settings, now, u, own[u.id], theirs[u.id]) for u in users.values())


def _send_batch(settings, now, user: User, own: list, escalated: list) -> int:
    subject = f"[casework] {len(own) + len(escalated)} 条待办提醒"
    try:
        with write_transaction():
            _mark(own, Reminder.emailed_at, now)
            _mark(escalated, Reminder.escalation_emailed_at, now)
            send(settings, user.email, subject, _body(settings, user, own, escalated))
    except (OSError, smtplib.SMTPException) as exc:
        log.error("e-mail to %s failed, will retry next run: %s", user.email, exc)
        return 0
    return 1


def _mark(reminders: list, column, now: dt.datetime) -> None:
    if reminders:
        Reminder.update({column: now}).where(Reminder.id.in_([r.id for r in reminders])).execute()


def digest(settings: Settings, now: dt.datetime) -> int:
    """Once a local day, send each digest user every open reminder of theirs."""
    if not settings.email_enabled:
        return 0
    today = local_date(now)
    users = (
        User.select(User)
        .join(EmailPreference, on=(EmailPreference.user == User.id))
        .where(EmailPreference.digest == True, User.email != "", User.active == True)  # noqa: E712
    )
    return sum(_send_digest(settings, now, today, user) for user in users)


def _send_digest(settings, now, today: dt.date, user: User) -> int:
    try:
        with write_transaction():
            claimed = (
                EmailPreference.update(last_digest_on=today)
                .where(
                    EmailPreference.user == user.id,
                    EmailPreference.last_digest_on.is_null()
                    | (EmailPreference.last_digest_on < today),
                )
                .execute()
            )
            own = list(_open_for(now, Reminder.assignee == user.id))
            escalated = list(_open_for(now, Reminder.escalated_to == user.id))
            if not claimed or not (own or escalated):
                return 0
            _mark(own, Reminder.emailed_at, now)
            _mark(escalated, Reminder.escalation_emailed_at, now)
            subject = f"[casework] {today:%Y-%m-%d} 待办提醒汇总：{len(own) + len(escalated)} 条"
            send(settings, user.email, subject, _body(settings, user, own, escalated))
    except (OSError, smtplib.SMTPException) as exc:
        log.error("digest to %s failed, will retry next run: %s", user.email, exc)
        return 0
    return 1


def _open_for(now, whose):
    return (
        Reminder.select()
        .where(Reminder.state == OPEN, _awake(now), whose)
        .order_by(Reminder.due_at)
    )


def _line(reminder: Reminder) -> str:
    entity = ENTITY_LABELS.get(reminder.entity, reminder.entity)
    due = local_date(reminder.due_at - dt.timedelta(seconds=1))
    return f"- {title(reminder)}：{entity} #{reminder.entity_id}，期限 {due:%Y-%m-%d}"


def _body(settings: Settings, user: User, own: list, escalated: list) -> str:
    lines = [f"{user.name}，您好：", ""]
    if own:
        lines += ["以下事项已超过办理时限，请尽快处理：", *map(_line, own), ""]
    if escalated:
        lines += ["以下事项经办人逾期未处理，已提交给您督办：", *map(_line, escalated), ""]
    lines.append(f"在收件箱中查看：{settings.base_url}/api/v1/inbox")
    return "\n".join(lines)
