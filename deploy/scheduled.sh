#!/bin/sh
# Runs one scheduled command (deploy/crontab) the way the web service would run it:
# with the container's environment, which cron does not pass on. Its output and a
# line with its start, end and exit status go to the scheduler's log; a success
# also writes the time into LOG_DIR/<command>.last-success.
ENV_FILE="${FASKEL_ENV_FILE:-/run/faskel/environment}"
APP_DIR="${FASKEL_APP_DIR:-/app}"
LOG_DIR="${FASKEL_LOG_DIR:-/var/log/faskel}"
[ -r "$ENV_FILE" ] && . "$ENV_FILE"
cd "$APP_DIR" || exit 1
command="$1"
{
    echo "$(date -Iseconds) scheduled $*: started"
    python manage.py "$@"
    status=$?
    echo "$(date -Iseconds) scheduled $*: finished, exit status $status"
} >>"$LOG_DIR/scheduled.log" 2>&1
[ "$status" -eq 0 ] && date -Iseconds >"$LOG_DIR/$command.last-success"
exit "$status"
