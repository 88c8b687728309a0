"""Mail servers that fail, as real mail backends (outside the app): one that refuses
every message with an error, one that answers that it took none."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class SilentBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        return 0
