#!/bin/sh
# The scheduler container: Debian's cron runs deploy/crontab; the commands' log is
# followed to standard output (docker compose logs scheduler).
set -e
# cron gives its commands an empty environment: keep the container's for them,
# readable by root and the faskel user only (it holds the database password).
mkdir -p /run/faskel /var/log/faskel
# (root's own HOME and working folder left out).
export -p | grep -v -e ' HOME=' -e ' PWD=' -e ' OLDPWD=' >/run/faskel/environment
chown root:faskel /run/faskel/environment
chmod 0640 /run/faskel/environment
chown faskel:faskel /var/log/faskel
touch /var/log/faskel/scheduled.log
chown faskel:faskel /var/log/faskel/scheduled.log
cron
exec tail -F /var/log/faskel/scheduled.log
