# shellcheck shell=bash
# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
#
# Stage f of .ci/test (sourced by it, never run): our addons beside Odoo's.
#   1. reference: the Odoo suites of the modules we depend on or extend, on a
#      new database without our addons
#   2. the same suites on a new database where our addons are installed in
#      the same run, as Odoo runs its own: at_install tests as each module is
#      installed, post_install ones (tours, HTTP, portal...) once all are,
#      ours included. A failure or error fails the stage unless the
#      reference failed that very test in the same stage (then the line names
#      it: what fails with Odoo alone on this machine says nothing of our
#      addons), and so does a skip the reference does not have.
#   3. uninstall of our addons from that database: nothing of ours is left
#      (uninstall_residue.sql), and the post_install tests pass again (an
#      at_install test is only meaningful at install)
#   4. neighbours: our addons installed with hr_timesheet and the French
#      accounting on a French company, with the suites of hr_timesheet and
#      l10n_fr_account and our accounting import tests (tag vv_accounting);
#      then coexistence_check.py drives a server through the web client's
#      routes (menus, access rights, task form, portal home)
# Runs 1 to 3 retry a failed test once, as Odoo's own CI does
# (ODOO_TEST_FAILURE_RETRIES=1): only a second failure counts, and each
# summary line names the tests that needed the retry. The tests of
# VV_COEX_ALONE (none by default) run in an Odoo process of their own, on a
# database of their own with the same modules, in each run.
# Environment: VV_COEX_SUITES (default project,portal,base_import,mail's
# controller tests), VV_COEX_NEIGHBOURS, VV_COEX_NEIGHBOUR_SUITES,
# VV_COEX_RETRIES (default 1), VV_COEX_ALONE (comma-separated test specs).

# project's test_05 is left out: a race of the web client, it passes and fails by
# turns on a new database with Odoo alone, so it cannot tell anything of our addons
# (see the addon README's "Tests and performance").
COEX_SUITES="${VV_COEX_SUITES:-/project,/portal,/base_import,mail_controller/mail,-/project:TestProjectSharingUi.test_05_project_sharing_chatter_mention_users}"
COEX_NEIGHBOURS="${VV_COEX_NEIGHBOURS:-hr_timesheet,account,l10n_fr_account}"
COEX_NEIGHBOUR_SUITES="${VV_COEX_NEIGHBOUR_SUITES:-/hr_timesheet,/l10n_fr_account,vv_accounting/volunteer_valuation}"
COEX_RETRIES="${VV_COEX_RETRIES:-1}"
COEX_ALONE="${VV_COEX_ALONE:-}"
DB_REF="vv_test_$$_ref"
DB_COEX="vv_test_$$_coex"
DB_NEIGHBOURS="vv_test_$$_neighbours"

# The modules a --test-tags value names ("/project,tag/mail" -> project,mail).
coex_suite_modules() {
    local spec module out=""
    local -a specs
    IFS=, read -r -a specs <<<"$1"
    for spec in "${specs[@]}"; do
        module="${spec#*/}"
        module="${module%%[:.]*}"
        [[ -z "$module" || ",$out," == *",$module,"* ]] || out+="${out:+,}$module"
    done
    printf '%s' "$out"
}

# coex_record NAME RESULT DETAIL: one line of the summary, counted once.
coex_record() {
    record "$1" "$2" "$3"
    if [[ "$2" == passed ]]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); fi
}

# coex_run_suites LOG DB ALONE_DB TAGS ARGS...: run_odoo on DB with the tests
# of TAGS, a failed test retried once as on Odoo's CI (its "Retrying a failed
# test" lines are read by coex_retried). The tests of COEX_ALONE are left out
# of that run and run in an Odoo process of their own on ALONE_DB, with the
# same ARGS (with -i, a new database gets the same modules), so that no test
# of the suites runs before them; their log is added to LOG
# (read_test_results adds up the runs).
coex_run_suites() {
    local log="$1" db="$2" alone_db="$3" tags="$4" rc=0 spec exclude=""
    shift 4
    local -a alone=()
    IFS=, read -r -a alone <<<"$COEX_ALONE"
    for spec in "${alone[@]}"; do exclude+=",-${spec}"; done
    ODOO_TEST_FAILURE_RETRIES="$COEX_RETRIES" run_odoo "$log" -d "$db" --test-tags "$tags$exclude" "$@" || rc=$?
    if ((${#alone[@]})); then
        [[ " ${DBS_CREATED[*]} " == *" $alone_db "* ]] || DBS_CREATED+=("$alone_db")
        ODOO_TEST_FAILURE_RETRIES="$COEX_RETRIES" run_odoo "$log.alone" -d "$alone_db" \
            --test-tags "$COEX_ALONE" "$@" || rc=$((rc ? rc : $?))
        cat "$log.alone" >>"$log"
    fi
    return "$rc"
}

# Prints the ids ("module:Class.test") of the tests Odoo retried in log $1:
# "... INFO db odoo.tests.suite: Retrying a failed test: test_y (odoo.addons.project.tests.test_x.TestX.test_y)"
coex_retried() {
    sed -nE "s/${RECORD_RE}INFO [^ ]+ [^ ]+: Retrying a failed test: ([A-Za-z0-9_]+) \(odoo\.addons\.([a-z0-9_]+)\.[A-Za-z0-9_.]*\.([A-Za-z0-9_]+)\.\1\).*/\2:\3.\1/p" "$1" | sort -u
}

# Prints why tests were skipped in log $1, one "module:Class.test: reason" a line.
coex_skip_reasons() {
    sed -nE "s/${RECORD_RE}INFO [^ ]+ odoo\.addons\.([a-z0-9_]+)\.[^ ]*: skipped ([^ ]+) : (.*)/\1:\2: \3/p" "$1" | sort -u
}

# Prints how many tests of our addons ran in log $1 ("Starting TestX.test_y"
# lines), with the classes: "3 of ours (TestAccountingImport)".
coex_ours_ran() {
    local name pattern="" lines
    for name in "${VV_ADDON_NAMES[@]}"; do pattern+="${pattern:+|}$name"; done
    lines="$(grep -E "${RECORD_RE}INFO [^ ]+ odoo\.addons\.($pattern)\.[^ ]*: Starting [^ ]+ \.\.\." "$1" |
        sed -E 's/.*: Starting ([^ .]+)\..*/\1/' || true)"
    printf '%s of ours (%s)' "$(grep -c . <<<"$lines" || true)" "$(sort -u <<<"$lines" | paste -sd ' ' -)"
}

# coex_suites LABEL LOG REF_LOG START RC [NOTE]: records a run of Odoo's
# suites (started at START, exit code RC); with REF_LOG, failures and skips
# are compared with that reference run: a failure the reference has too is
# named, not counted, and a skip it has not fails. Without REF_LOG (the
# reference itself) failures are named: they are Odoo's alone. The tests
# that passed only when retried and the reasons of skips are named; NOTE is
# added to the line, and a NOTE that says "0 of ours" fails it (our tests
# were asked for).
coex_suites() {
    local label="$1" log="$2" ref="${3:-}" start="$4" rc="$5" note="${6:-}" id reasons=() retried skip_reasons
    read_test_results "$log"
    local -a failed_ids=("${TR_FAILED[@]}") skipped=("${TR_SKIPPED[@]}") new_skips=() ours=() known=()
    retried="$(coex_retried "$log" | paste -sd ' ' -)"
    skip_reasons="$(coex_skip_reasons "$log")"
    [[ -z "$skip_reasons" ]] || printf '    skipped %s\n' "${skip_reasons//$'\n'/$'\n'    skipped }"
    if [[ -n "$ref" ]]; then
        read_test_results "$ref"
        for id in "${skipped[@]}"; do
            [[ " ${TR_SKIPPED[*]} " == *" $id "* ]] || new_skips+=("$id")
        done
        for id in "${failed_ids[@]}"; do
            if [[ " ${TR_FAILED[*]} " == *" $id "* ]]; then known+=("$id"); else ours+=("$id"); fi
        done
        read_test_results "$log"
    else
        # The reference: Odoo alone. What fails there is Odoo's (or this
        # machine's), named on its line and left out of the comparison.
        known=("${failed_ids[@]}")
        # Odoo's own skips are shown with their reasons above (most need demo
        # data, which these databases have not); a skip of one of our tests
        # still fails.
        for id in "${skipped[@]}"; do
            [[ " ${VV_ADDON_NAMES[*]} " != *" ${id%%:*} "* ]] || new_skips+=("$id")
        done
    fi
    ((rc == 0 || ${#failed_ids[@]} > 0)) || reasons+=("Odoo exited with code $rc")
    [[ -n "$TR_FINAL" ]] || reasons+=("Odoo's final test line is missing")
    ((TR_RAN > 0)) || reasons+=("no test ran")
    [[ "$note" != "0 of ours"* ]] || reasons+=("none of our tests ran")
    ((${#ours[@]} == 0)) || reasons+=("failed${ref:+ (passed in the reference)}: ${ours[*]}")
    ((${#new_skips[@]} == 0)) || reasons+=("skipped${ref:+ (not in the reference)}: ${new_skips[*]}")
    local known_note="" failed_note="$((${#failed_ids[@]} - ${#known[@]})) failed"
    if ((${#known[@]})) && [[ -n "$ref" ]]; then
        known_note=", ${#known[@]} failing with Odoo alone too (${known[*]})"
    elif ((${#known[@]})); then
        failed_note="${#known[@]} failed with Odoo alone (${known[*]})"
    fi
    if ((${#reasons[@]})); then
        coex_record "$label" failed "$(join_reasons "${reasons[@]}") - $TR_RAN run${note:+, $note}${known_note}, retried: ${retried:-none} ($(elapsed "$start"), log: $log)"
    else
        coex_record "$label" passed "$TR_RAN run${note:+ ($note)}, ${failed_note}${known_note}, ${#skipped[@]} skipped${ref:+ as in the reference}${skipped[*]:+ (${skipped[*]})}, retried: ${retried:-none} ($(elapsed "$start"))"
    fi
}

# coex_odoo_shell DB LOG < SCRIPT: Odoo's shell on DB, output into LOG.
coex_odoo_shell() {
    local db="$1" log="$2"
    "$ODOO_BIN" shell -c "$WORK_DIR/odoo.conf" "${VV_ODOO_DB_ARGS[@]}" -d "$db" \
        --addons-path="$VV_ADDONS_PATH" --data-dir="$WORK_DIR/odoo-data" --no-http \
        --max-cron-threads=0 --log-level=info >"$log" 2>&1
}

stage_coexistence() {
    local suites_modules
    suites_modules="$(coex_suite_modules "$COEX_SUITES")"
    banner "f. coexistence: Odoo's suites of $suites_modules with and without $VV_ADDONS, uninstall, neighbours"
    if ((!ODOO_READY)) && ! prepare_odoo; then
        coex_record "coexistence" failed "not run: $VV_LAST_ERROR"
        return
    fi
    local stage_start=$SECONDS start rc log ref_log="$LOG_DIR/coex-reference.log"

    # 1. The reference: Odoo alone.
    start=$SECONDS rc=0
    DBS_CREATED+=("$DB_REF")
    coex_run_suites "$ref_log" "$DB_REF" "${DB_REF}_alone" "$COEX_SUITES" -i "$suites_modules" \
        --screenshots="$LOG_DIR/screenshots" || rc=$?
    coex_suites "Odoo suites, reference" "$ref_log" "" "$start" "$rc"
    dropdb --if-exists --force "$DB_REF" >/dev/null 2>&1 || true
    dropdb --if-exists --force "${DB_REF}_alone" >/dev/null 2>&1 || true

    # 2. The same suites, our addons installed in the same run.
    start=$SECONDS rc=0 log="$LOG_DIR/coex-with-addons.log"
    DBS_CREATED+=("$DB_COEX")
    coex_run_suites "$log" "$DB_COEX" "${DB_COEX}_alone" "$COEX_SUITES" -i "$VV_ADDONS,$suites_modules" \
        --screenshots="$LOG_DIR/screenshots" || rc=$?
    if [[ -n "$(not_installed "$DB_COEX")" ]]; then
        show_problems "$log"
        coex_record "Odoo suites + addons" failed "installing $VV_ADDONS failed (log: $log)"
    else
        coex_suites "Odoo suites + addons" "$log" "$ref_log" "$start" "$rc"
        coex_uninstall "$ref_log"
    fi

    # 4. The apps an association often runs beside ours.
    coex_neighbours
    vv_say "Coexistence stage: $(elapsed "$stage_start")"
}

# 3. Uninstall: a snapshot of what our modules own, the uninstall, then what
# is left of it, and Odoo's suites once more.
coex_uninstall() {
    local ref_log="$1" start=$SECONDS log="$LOG_DIR/coex-uninstall.log" rc=0 residue modules
    local -a reasons=()
    modules="$(sql_list "${VV_ADDON_NAMES[@]}")"
    if ! psql -X -q -d "$DB_COEX" -v modules="$modules" -v phase=snapshot \
        -f "$VV_ROOT/.ci/uninstall_residue.sql" >"$WORK_DIR/snapshot.txt" 2>&1; then
        coex_record "uninstall leaves nothing" failed "snapshot failed: $(tail -n 1 "$WORK_DIR/snapshot.txt")"
        return
    fi
    coex_odoo_shell "$DB_COEX" "$log" <<EOF || rc=$?
names = "$VV_ADDONS".split(",")
env["ir.module.module"].search([("name", "in", names)]).button_immediate_uninstall()
EOF
    local states
    states="$(psql -X -q -d "$DB_COEX" -Atc "select string_agg(name || '=' || state, ' ') from ir_module_module
                                                where name in ($modules) and state != 'uninstalled'")"
    residue="$(psql -X -q -d "$DB_COEX" -v modules="$modules" -v phase=check \
        -f "$VV_ROOT/.ci/uninstall_residue.sql" 2>&1)" || residue+=$'\n'"(the check itself failed)"
    ((rc == 0)) || reasons+=("the uninstall exited with code $rc")
    [[ -z "$states" ]] || reasons+=("still $states")
    [[ -z "$residue" ]] || reasons+=("$(grep -c . <<<"$residue") thing(s) of ours left")
    if ((${#reasons[@]})); then
        ((rc == 0)) || show_problems "$log"
        [[ -z "$residue" ]] || printf '    left: %s\n' "${residue//$'\n'/$'\n'    left: }"
        coex_record "uninstall leaves nothing" failed "$(join_reasons "${reasons[@]}") (log: $log)"
        return
    fi
    coex_record "uninstall leaves nothing" passed "checked $(<"$WORK_DIR/snapshot.txt") ($(elapsed "$start"))"
    start=$SECONDS rc=0 log="$LOG_DIR/coex-after-uninstall.log"
    # This run is a new server on the database of run 2, on another port.
    # web.base.url still names run 2's port, as a database moved to another
    # server names its old address until an administrator logs in (Odoo then
    # updates it); tests that build links from it and compare them with the
    # server's port (project's share wizard) need it updated, as that login
    # would.
    local port db
    port="$(vv_free_port)"
    if [[ -n "$COEX_ALONE" ]]; then
        # The tests run alone have their own database (see coex_run_suites).
        coex_odoo_shell "${DB_COEX}_alone" "$LOG_DIR/coex-uninstall-alone.log" <<EOF || true
names = "$VV_ADDONS".split(",")
env["ir.module.module"].search([("name", "in", names)]).button_immediate_uninstall()
EOF
    fi
    for db in "$DB_COEX" "${DB_COEX}_alone"; do
        psql -X -q -d "$db" -c "update ir_config_parameter set value = 'http://localhost:$port'
                                 where key = 'web.base.url'" >/dev/null 2>&1 || true
    done
    coex_run_suites "$log" "$DB_COEX" "${DB_COEX}_alone" "$COEX_SUITES,-at_install" --http-port="$port" \
        --screenshots="$LOG_DIR/screenshots" || rc=$?
    coex_suites "Odoo suites, uninstalled" "$log" "$ref_log" "$start" "$rc"
}

coex_neighbours() {
    local start=$SECONDS log="$LOG_DIR/coex-neighbours.log" rc=0 port pid name missing=""
    local modules="$VV_ADDONS,$COEX_NEIGHBOURS"
    local -a tests=() names=()
    [[ -z "$COEX_NEIGHBOUR_SUITES" ]] || tests=(--test-tags "$COEX_NEIGHBOUR_SUITES")
    DBS_CREATED+=("$DB_NEIGHBOURS")
    # A French company, as an association has it (country, currency, chart),
    # made as Odoo's database manager makes it; then all the modules in one
    # run, with the neighbours' suites as Odoo runs them.
    "$ODOO_BIN" db -c "$WORK_DIR/odoo.conf" "${VV_ODOO_DB_ARGS[@]}" --data-dir="$WORK_DIR/odoo-data" \
        --addons-path="$VV_ADDONS_PATH" init "$DB_NEIGHBOURS" --country FR >"$WORK_DIR/db-init.log" 2>&1 || rc=$?
    if ((rc == 0)); then
        # "db init" wrote port 8069 into web.base.url: the run's own port, as
        # for the run after the uninstall.
        port="$(vv_free_port)"
        psql -X -q -d "$DB_NEIGHBOURS" -c "update ir_config_parameter set value = 'http://localhost:$port'
                                            where key = 'web.base.url'" >/dev/null
        run_odoo "$log" -d "$DB_NEIGHBOURS" --http-port="$port" -i "$modules" "${tests[@]}" || rc=$?
    else
        cp "$WORK_DIR/db-init.log" "$log"
    fi
    IFS=, read -r -a names <<<"$modules"
    for name in "${names[@]}"; do
        [[ "$(psql -X -q -d "$DB_NEIGHBOURS" -Atc "select state from ir_module_module where name = '$name'" 2>/dev/null)" == installed ]] ||
            missing+=" $name"
    done
    if [[ -n "$missing" ]] || { ((${#tests[@]} == 0)) && (($(count_problems "$log"))); }; then
        show_problems "$log"
        coex_record "neighbours install" failed "installing $modules on a French company failed${missing:+ (not installed:$missing)} (log: $log)"
        return
    fi
    coex_record "neighbours install" passed "$modules on a French company ($(elapsed "$start") with their suites)"
    ((${#tests[@]} == 0)) || coex_suites "Odoo suites, neighbours" "$log" "" "$start" "$rc" "$(coex_ours_ran "$log")"

    start=$SECONDS port="$(vv_free_port)" log="$LOG_DIR/coex-neighbours-server.log"
    "$ODOO_BIN" -c "$WORK_DIR/odoo.conf" "${VV_ODOO_DB_ARGS[@]}" -d "$DB_NEIGHBOURS" \
        --db-filter="^$DB_NEIGHBOURS\$" --addons-path="$VV_ADDONS_PATH" \
        --data-dir="$WORK_DIR/odoo-data" --http-interface=127.0.0.1 --http-port="$port" \
        --max-cron-threads=0 >"$log" 2>&1 &
    pid=$!
    local output
    rc=0
    if coex_wait_http "$port" "$pid"; then
        output="$(python3 "$VV_ROOT/.ci/coexistence_check.py" "http://127.0.0.1:$port" "$DB_NEIGHBOURS" 2>&1)" || rc=$?
    else
        output="the server did not answer on port $port (log: $log)" rc=1
    fi
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    printf '    %s\n' "${output//$'\n'/$'\n'    }"
    if ((rc == 0)); then
        coex_record "neighbours side by side" passed "$(grep -c '^ok: ' <<<"$output") checks: menus, access rights, task form, portal home ($(elapsed "$start"))"
    else
        coex_record "neighbours side by side" failed "$(grep -c '^FAILED' <<<"$output") check(s) failed (above; server log: $log)"
    fi
}

# coex_wait_http PORT PID: true once /web/login answers (Odoo may first
# build its asset bundles); false when the server died or after 5 minutes.
coex_wait_http() {
    local tries=0
    while ((tries++ < 300)); do
        kill -0 "$2" 2>/dev/null || return 1
        python3 -c "import urllib.request, sys; urllib.request.urlopen('http://127.0.0.1:$1/web/login', timeout=30)" \
            2>/dev/null && return 0
        sleep 1
    done
    return 1
}
