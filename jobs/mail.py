"""Mail through the queue: the request (or command) only queues it, a worker sends it.

A slow or unreachable mail server then never holds a request. Queue mail with
`send_mail_on_commit`: it is put on the queue once the current transaction
commits, so a rolled-back change sends nothing (outside a transaction it is
queued at once). Render the subject and body first: the queue keeps text, not
model instances; attachments travel as text too (a calendar file, say). A mail
the server refuses leaves its task failed in the queue (admin: Task results)
with the error; it is not tried again.
"""

from django.core.mail import EmailMessage
from django.db import transaction
from django_tasks import task


def one_line(text: str) -> str:
    """Text for a mail header or a calendar line: its lines and spaces joined by one
    space. A line break there fails the sending (BadHeaderError) or, unchecked,
    would add a header of its own."""
    return " ".join(str(text).split())


@task()
def send_mail_task(
    subject: str, body: str, recipients: list[str], attachments: list | None = None
) -> None:
    message = EmailMessage(one_line(subject), body, None, recipients)
    for name, content, mimetype in attachments or []:
        message.attach(name, content, mimetype)
    message.send()


def send_mail_on_commit(
    *,
    subject: str,
    body: str,
    recipients: list[str],
    attachments: list[tuple[str, str, str]] = (),
) -> None:
    """`attachments`: (file name, text content, MIME type) of each file to attach."""
    subject, recipients = one_line(subject), list(recipients)
    files = [list(attachment) for attachment in attachments]
    transaction.on_commit(lambda: send_mail_task.enqueue(subject, body, recipients, files))
