# shellcheck shell=bash disable=SC2034
# (SC2034: the variables set here are read by the scripts that source this file.)
# Helpers shared by .ci/test, .ci/demo and .ci/run. Sourced, never run: it only
# defines variables and functions.
#
# Environment honoured (all optional):
#   ODOO_BIN              the Odoo 19 command (default: `odoo` on PATH, else
#                         the one set up in $VV_STATE_DIR/odoo)
#   ODOO_PYTHON           Odoo's Python (default: read from ODOO_BIN's shebang)
#   ODOO_SRC ODOO_BRANCH  where to set Odoo up from when there is none: see
#                         odoo-setup.sh
#   VV_ADDONS             comma-separated subset of the repository's addons
#   VV_EXTRA_ADDONS_PATH  comma-separated folders of extra addons our addons depend on
#   VV_STATE_DIR          local state (private PostgreSQL, logs, demo filestore);
#                         default <repo>/.local, ignored by git
#   PGHOST PGPORT PGUSER  an existing PostgreSQL server to use; when none answers,
#                         a private cluster is started (see vv_pg_setup)
#   VV_PRIVATE_PG=1       always use the private cluster, even if a server answers
#   PG_BINDIR             folder of initdb/pg_ctl (default: newest /usr/lib/postgresql/*/bin)
#   CI=true               no question is asked (as without a terminal)

VV_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
VV_STATE_DIR="${VV_STATE_DIR:-$VV_ROOT/.local}"
VV_ODOO_DOC_URL="https://www.odoo.com/documentation/19.0/administration/on_premise.html"

vv_say() { printf '%s\n' "$*"; }
vv_warn() { printf 'WARNING: %s\n' "$*" >&2; }
# vv_error FORMAT ARGS...: an error message on stderr, also kept in
# VV_LAST_ERROR for the caller's summary.
VV_LAST_ERROR=""
vv_error() {
    # shellcheck disable=SC2059 # the format is the caller's
    VV_LAST_ERROR="$(printf "$@")"
    printf 'ERROR: %s\n' "$VV_LAST_ERROR" >&2
}
# vv_die MESSAGE: the last line of a failed run; MESSAGE ends with what to do.
vv_die() {
    printf 'ERROR: %s\n' "$*" >&2
    VV_EXPLAINED=1
    exit 1
}

# Any failure ends with one line saying what to do next. vv_die and the
# scripts' own summaries say it; for a command that stops a script through
# `set -e` unexpectedly, the ERR trap notes it and the EXIT trap says it.
VV_EXPLAINED=0
VV_FAILED_COMMAND=""
vv_trap_failures() {
    set -E
    trap 'VV_FAILED_COMMAND="line $LINENO: $BASH_COMMAND"' ERR
}
# vv_explain_exit RC: called first thing in a script's EXIT trap.
vv_explain_exit() {
    local rc="$1" name=".ci/${0##*/}"
    ((rc == 0 || rc == 130 || rc == 143 || VV_EXPLAINED)) && return 0
    printf 'ERROR: %s stopped (exit code %s%s): fix what the messages above name, then run %s again\n' \
        "$name" "$rc" "${VV_FAILED_COMMAND:+, $VV_FAILED_COMMAND}" "$name" >&2
}

# --- Addons ------------------------------------------------------------------

# Sets VV_ADDON_NAMES (array) and VV_ADDONS (comma list): the top-level folders
# of the repository that hold a __manifest__.py, or the VV_ADDONS subset.
vv_find_addons() {
    local dir name wanted
    local -a found=()
    VV_ADDON_DIRS=()
    for dir in "$VV_ROOT"/*/; do
        [[ -f "$dir/__manifest__.py" ]] && found+=("$(basename "$dir")")
    done
    if [[ -n "${VV_ADDONS:-}" ]]; then
        IFS=, read -r -a VV_ADDON_NAMES <<<"$VV_ADDONS"
        for wanted in "${VV_ADDON_NAMES[@]}"; do
            [[ -f "$VV_ROOT/$wanted/__manifest__.py" ]] ||
                vv_die "VV_ADDONS names '$wanted', which is no addon folder of $VV_ROOT"
        done
    else
        VV_ADDON_NAMES=("${found[@]}")
    fi
    ((${#VV_ADDON_NAMES[@]})) ||
        vv_die "no addon in $VV_ROOT (no top-level folder with a __manifest__.py)"
    VV_ADDONS="$(
        IFS=,
        printf '%s' "${VV_ADDON_NAMES[*]}"
    )"
    VV_ADDONS_PATH="$VV_ROOT${VV_EXTRA_ADDONS_PATH:+,$VV_EXTRA_ADDONS_PATH}"
    for name in "${VV_ADDON_NAMES[@]}"; do
        VV_ADDON_DIRS+=("$VV_ROOT/$name")
    done
}

# --- Odoo ----------------------------------------------------------------------

# vv_use_odoo BIN: when BIN runs Odoo 19.0, sets ODOO_BIN (absolute path) and
# ODOO_PYTHON and returns 0; else sets VV_ODOO_PROBLEM and returns 1, quietly.
vv_use_odoo() {
    local bin version shebang
    bin="$(command -v "$1" 2>/dev/null || true)"
    if [[ -z "$bin" || ! -x "$bin" ]]; then
        VV_ODOO_PROBLEM="$1 is no executable"
        return 1
    fi
    # Odoo prints a root warning on stderr; the version is on stdout.
    version="$("$bin" --version 2>/dev/null | tail -n 1 || true)"
    if [[ "$version" != *" 19.0"* ]]; then
        VV_ODOO_PROBLEM="$bin says '$version', not Odoo 19.0"
        return 1
    fi
    local python="${ODOO_PYTHON:-}"
    if [[ -z "$python" ]]; then
        # "#!/path/python3" or "#!/usr/bin/env python3"
        IFS= read -r shebang <"$bin" || true
        shebang="${shebang#\#!}"
        read -r -a shebang_words <<<"$shebang"
        if [[ "${shebang_words[0]:-}" == */env ]]; then
            python="$(command -v "${shebang_words[1]:-python3}" || true)"
        else
            python="${shebang_words[0]:-}"
        fi
    fi
    if [[ -z "$python" || ! -x "$python" ]]; then
        VV_ODOO_PROBLEM="cannot tell Odoo's Python from $bin's first line; set ODOO_PYTHON"
        return 1
    fi
    ODOO_BIN="$bin"
    ODOO_PYTHON="$python"
    export ODOO_BIN ODOO_PYTHON
}

# Finds Odoo 19: ODOO_BIN when set (and then only it), else `odoo` on PATH,
# else the one set up in $VV_LOCAL_ODOO (see odoo-setup.sh). Returns 1 with
# an error message when there is none, so that the caller decides whether that
# ends the run. vv_get_odoo also offers to set one up.
vv_find_odoo() {
    vv_locate_odoo && return 0
    if [[ -n "${ODOO_BIN:-}" ]]; then
        vv_error '%s: point ODOO_BIN at the odoo command of an Odoo 19, or unset it' "$VV_ODOO_PROBLEM"
        return 1
    fi
    # shellcheck disable=SC2016 # `odoo` is a command's name, not an expansion
    vv_error '%s: set ODOO_SRC (a local Odoo 19 folder, git repository or git URL) to set one up in %s, or install Odoo 19 (%s) and put `odoo` on PATH or set ODOO_BIN' \
        "$VV_ODOO_PROBLEM" "$VV_LOCAL_ODOO" "$VV_ODOO_DOC_URL"
    return 1
}

vv_locate_odoo() {
    if [[ -n "${ODOO_BIN:-}" ]]; then
        vv_use_odoo "$ODOO_BIN" || { VV_ODOO_PROBLEM="ODOO_BIN: $VV_ODOO_PROBLEM"; return 1; }
        return 0
    fi
    local on_path problem="no Odoo 19 found (no ODOO_BIN, no \`odoo\` on PATH, nothing set up in $VV_LOCAL_ODOO)"
    on_path="$(command -v odoo 2>/dev/null || true)"
    if [[ -n "$on_path" ]]; then
        vv_use_odoo "$on_path" && return 0
        problem="no Odoo 19 found (\`odoo\` on PATH: $VV_ODOO_PROBLEM)"
    fi
    if [[ -f "$VV_LOCAL_ODOO/.complete" ]]; then
        vv_use_odoo "$VV_LOCAL_ODOO/bin/odoo" && return 0
        problem="the Odoo set up in $VV_LOCAL_ODOO does not start ($VV_ODOO_PROBLEM): remove that folder to set it up again"
    fi
    VV_ODOO_PROBLEM="$problem"
    return 1
}

# Like vv_find_odoo, but when no Odoo 19 is found (and ODOO_BIN is not set),
# offers to set one up in $VV_LOCAL_ODOO and goes on with it.
vv_get_odoo() {
    vv_locate_odoo && return 0
    if [[ -n "${ODOO_BIN:-}" || -f "$VV_LOCAL_ODOO/.complete" ]]; then
        vv_find_odoo
        return 1
    fi
    if [[ -n "${ODOO_SRC:-}" ]] || vv_interactive; then vv_say "Odoo: $VV_ODOO_PROBLEM"; fi
    vv_offer_odoo_setup || return 1
    vv_find_odoo
}

# Browser tests (HttpCase tours) need Chromium and websocket-client in Odoo's
# Python; without them Odoo SKIPS them and still reports success.
vv_check_browser_prereqs() {
    local ok=0 browser
    if ! "$ODOO_PYTHON" -c 'import websocket' 2>/dev/null; then
        vv_error "websocket-client is not importable by Odoo's Python (%s): Odoo would skip every browser test. Install it: %s -m pip install websocket-client" \
            "$ODOO_PYTHON" "$ODOO_PYTHON"
        ok=1
    fi
    # The executables Odoo looks for, in its order.
    for browser in google-chrome chromium chromium-browser google-chrome-stable; do
        command -v "$browser" >/dev/null 2>&1 && return "$ok"
    done
    vv_error 'no Chromium on PATH: Odoo would skip every browser test. Install it: apt-get install chromium'
    return 1
}

# Prints the path of an installed copy of an addon that would shadow the
# repository's folder (Odoo's Python finds site-packages/odoo/addons/<name>
# before the --addons-path folders), or nothing.
vv_shadowing_copy() {
    "$ODOO_PYTHON" - "$1" "$VV_ROOT" <<'EOF' 2>/dev/null || true
import importlib.util, os, sys
name, root = sys.argv[1], os.path.realpath(sys.argv[2])
try:
    spec = importlib.util.find_spec("odoo.addons." + name)
except Exception:
    spec = None
for location in (spec.submodule_search_locations or []) if spec else []:
    if not os.path.realpath(location).startswith(root + os.sep):
        print(location)
        break
EOF
}

# Writes an Odoo configuration file with no option set, so that a developer's
# ~/.odoorc (addons path, database, ports...) does not leak into our runs.
vv_write_odoo_conf() {
    printf '[options]\n' >"$1"
}

vv_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --- Odoo logs ----------------------------------------------------------------

# Lines of an Odoo log record start with "YYYY-MM-DD HH:MM:SS,mmm PID LEVEL ...".
RECORD_RE='^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:,]+ [0-9]+ '

count_problems() {
    grep -cE "${RECORD_RE}(ERROR|CRITICAL) " "$1" || true
}

# Prints the ERROR/CRITICAL records of a log with their tracebacks. (No {n}
# in the awk regex: Debian's mawk may not know intervals.)
show_problems() {
    awk '
        /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9:,]+ [0-9]+ / { show = ($4 == "ERROR" || $4 == "CRITICAL") }
        show { print "    " $0 }
    ' "$1" | head -n 400
}

# read_test_results LOG: what an Odoo test run logged. Sets TR_FINAL (its
# final line, "" when missing), TR_RAN, TR_FAILURES, TR_ERRORS, TR_FAILED (ids
# "module: Class.test" of failed tests) and TR_SKIPPED (ids of skipped ones).
read_test_results() {
    local log="$1"
    TR_RAN=0 TR_FAILURES=0 TR_ERRORS=0
    # One final line per Odoo process whose log is in $log: they add up.
    local finals line
    finals="$(grep -E '[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests when loading database' "$log" || true)"
    TR_FINAL="$(tail -n 1 <<<"$finals")"
    while IFS= read -r line; do
        if [[ "$line" =~ ([0-9]+)\ failed,\ ([0-9]+)\ error\(s\)\ of\ ([0-9]+)\ tests ]]; then
            TR_FAILURES=$((TR_FAILURES + BASH_REMATCH[1])) TR_ERRORS=$((TR_ERRORS + BASH_REMATCH[2]))
            TR_RAN=$((TR_RAN + BASH_REMATCH[3]))
        fi
    done <<<"$finals"
    # "... ERROR db odoo.addons.project.tests.test_x: FAIL: TestX.test_y"
    # ("FAIL: Subtest TestX.test_y (login='x')" for a subtest)
    mapfile -t TR_FAILED < <(sed -nE "s/${RECORD_RE}ERROR [^ ]+ odoo\.addons\.([a-z0-9_]+)\.[^ ]*: (FAIL|ERROR): (Subtest )?([^ ]+).*/\1:\4/p" "$log" | sort -u)
    # "... INFO db odoo.addons.project.tests.test_x: skipped TestX.test_y : reason"
    mapfile -t TR_SKIPPED < <(sed -nE "s/${RECORD_RE}INFO [^ ]+ odoo\.addons\.([a-z0-9_]+)\.[^ ]*: skipped ([^ ]+).*/\1:\2/p" "$log" | sort -u)
}

# --- PostgreSQL ---------------------------------------------------------------

VV_PG_STARTED=0 # 1 when this process started the private cluster
VV_PG_DIR=""
VV_PG_OWNER=""

vv_pg_bindir() {
    local dir
    if [[ -n "${PG_BINDIR:-}" ]]; then
        printf '%s\n' "$PG_BINDIR"
        return 0
    fi
    # Debian/Ubuntu keep initdb and pg_ctl off PATH, one folder per major version.
    local -a dirs=(/usr/lib/postgresql/*/bin)
    for dir in $(printf '%s\n' "${dirs[@]}" | sort -V -r); do
        [[ -x "$dir/initdb" ]] && printf '%s\n' "$dir" && return 0
    done
    dir="$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"
    [[ -x "$dir/initdb" ]] && printf '%s\n' "$dir" && return 0
    return 1
}

# Runs a command as the owner of the private cluster: initdb and pg_ctl refuse
# to run as root, so as root it is the `postgres` system user.
vv_as_pg_owner() {
    if [[ -n "$VV_PG_OWNER" ]]; then
        # From /, so that a cwd postgres cannot enter does not matter.
        # runuser lives in /usr/sbin, which a user's PATH may leave out.
        (cd / && env -u PGHOST -u PGPORT -u PGUSER -u PGDATABASE PATH="$PATH:/usr/sbin:/sbin" \
            runuser -u "$VV_PG_OWNER" -- "$@")
    else
        (cd / && env -u PGHOST -u PGPORT -u PGUSER -u PGDATABASE "$@")
    fi
}

vv_pg_reachable() {
    command -v psql >/dev/null 2>&1 &&
        PGCONNECT_TIMEOUT=5 psql -X -q -d postgres -Atc 'select 1' >/dev/null 2>&1
}

# Makes PostgreSQL available to Odoo and exports PGHOST/PGPORT/PGUSER for it.
# Uses the server the environment points at when one answers; else starts a
# private cluster in $VV_STATE_DIR/pg that listens on a unix socket only.
# Returns 1 with a message when neither is possible.
vv_pg_setup() {
    if [[ "${VV_PRIVATE_PG:-0}" != 1 ]] && vv_pg_reachable; then
        VV_PG_MODE=external
        export PGUSER="${PGUSER:-$(id -un)}"
        vv_say "PostgreSQL: using the server at ${PGHOST:-the default socket}${PGPORT:+ port $PGPORT} as $PGUSER"
        vv_check_db_user
        return
    fi
    VV_PG_MODE=private
    local bindir superuser data run log
    if ! bindir="$(vv_pg_bindir)"; then
        vv_error 'no PostgreSQL server answers (PGHOST=%s) and no PostgreSQL binaries (initdb, pg_ctl) to start a private one: apt-get install postgresql (or set PG_BINDIR, or point PGHOST/PGPORT/PGUSER at a server)' \
            "${PGHOST:-}"
        return 1
    fi
    if [[ "$(id -u)" == 0 ]]; then
        if ! id -u postgres >/dev/null 2>&1; then
            vv_error 'running as root, the private PostgreSQL cluster needs the postgres system user (initdb refuses root); apt-get install postgresql creates it'
            return 1
        fi
        VV_PG_OWNER=postgres
        superuser=postgres
    else
        superuser="$(id -un)"
    fi
    vv_pg_pick_dir || return 1
    data="$VV_PG_DIR/data"
    run="$VV_PG_DIR/run"
    log="$VV_PG_DIR/postgresql.log"
    if [[ ! -s "$data/PG_VERSION" ]]; then
        vv_say "PostgreSQL: creating a private cluster in $data"
        rm -rf "$data"
        # --no-sync / fsync=off: throwaway test data, speed over durability.
        if ! vv_as_pg_owner "$bindir/initdb" -D "$data" -U "$superuser" -A trust -E UTF8 \
            --locale=C --no-sync >"$VV_PG_DIR/initdb.log" 2>&1; then
            cat "$VV_PG_DIR/initdb.log" >&2
            vv_error 'initdb failed (log above)'
            return 1
        fi
        printf "\ninclude_if_exists = 'vv.conf'\n" >>"$data/postgresql.conf"
    fi
    # Rewritten at each start: the repository may have moved.
    cat >"$data/vv.conf" <<EOF
# Written by .ci/lib.sh: a private cluster for tests and the demo.
listen_addresses = ''
port = 5432
unix_socket_directories = '$run'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
EOF
    [[ -z "$VV_PG_OWNER" ]] || chown "$VV_PG_OWNER:" "$data/vv.conf"
    if vv_as_pg_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        vv_say "PostgreSQL: reusing the private cluster already running in $data"
    else
        vv_say "PostgreSQL: starting the private cluster in $data (socket in $run)"
        if ! vv_as_pg_owner "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null 2>&1; then
            tail -n 20 "$log" >&2 || true
            vv_error 'the private PostgreSQL cluster did not start (log: %s)' "$log"
            return 1
        fi
        VV_PG_STARTED=1
    fi
    export PGHOST="$run" PGPORT=5432
    unset PGDATABASE
    # Odoo refuses to connect as `postgres`: give the OS user a superuser role.
    local me
    me="$(id -un)"
    if [[ "$me" != "$superuser" ]] &&
        [[ "$(psql -X -q -U "$superuser" -d postgres -Atc "select 1 from pg_roles where rolname = '$me'")" != 1 ]]; then
        psql -X -q -U "$superuser" -d postgres -c "create role \"$me\" superuser login" >/dev/null ||
            { vv_error 'could not create the role %s' "$me"; return 1; }
    fi
    export PGUSER="$me"
    VV_PG_BINDIR="$bindir"
    vv_check_db_user
}

vv_check_db_user() {
    if [[ "$PGUSER" == postgres ]]; then
        vv_error 'Odoo refuses to connect as the database user postgres: set PGUSER to another superuser role (e.g. createuser -s %s)' \
            "$(id -un)"
        return 1
    fi
}

# Chooses VV_PG_DIR. As root, the folder must be reachable by `postgres`: a
# repository under /root is not, so the cluster then lives in /tmp, in a
# folder named after a hash of the repository path (one per checkout).
vv_pg_pick_dir() {
    local dir="$VV_STATE_DIR/pg"
    mkdir -p "$VV_STATE_DIR" || return 1
    # A unix socket path is limited to ~107 bytes.
    if [[ -n "$VV_PG_OWNER" ]] && ! vv_as_pg_owner test -x "$VV_STATE_DIR" 2>/dev/null ||
        ((${#dir} > 80)); then
        dir="/tmp/vv-pg-$(printf '%s' "$VV_ROOT" | sha256sum | cut -c1-12)"
    fi
    VV_PG_DIR="$dir"
    mkdir -p "$dir/run" || return 1
    if [[ -n "$VV_PG_OWNER" ]]; then
        chown "$VV_PG_OWNER:" "$dir" "$dir/run"
    fi
    chmod 700 "$dir"
    chmod 755 "$dir/run"
}

vv_pg_stop() {
    if [[ "$VV_PG_STARTED" == 1 ]]; then
        vv_say "PostgreSQL: stopping the private cluster"
        vv_as_pg_owner "$VV_PG_BINDIR/pg_ctl" -D "$VV_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 ||
            vv_warn "could not stop the private cluster in $VV_PG_DIR/data"
        VV_PG_STARTED=0
    fi
}

# Arguments that point Odoo at the database server set up by vv_pg_setup.
vv_odoo_db_args() {
    VV_ODOO_DB_ARGS=("--db_user=$PGUSER")
    [[ -z "${PGHOST:-}" ]] || VV_ODOO_DB_ARGS+=("--db_host=$PGHOST")
    [[ -z "${PGPORT:-}" ]] || VV_ODOO_DB_ARGS+=("--db_port=$PGPORT")
}

vv_db_exists() {
    [[ "$(psql -X -q -d postgres -Atc "select 1 from pg_database where datname = '$1'")" == 1 ]]
}

# shellcheck source=.ci/odoo-setup.sh
source "$VV_ROOT/.ci/odoo-setup.sh"
