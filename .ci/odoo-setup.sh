# shellcheck shell=bash
# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
#
# "Odoo when there is none": sets Odoo 19 up in $VV_STATE_DIR/odoo for
# .ci/demo, .ci/test and .ci/run. Sourced by lib.sh, never run.
#
#   ODOO_SRC          where Odoo's source comes from: a local folder (used in
#                     place, nothing copied), a local git repository or a git
#                     URL (shallow clone); default Odoo's official repository
#   ODOO_BRANCH       branch of a git source (default 19.0; a source without
#                     it is cloned at its default branch, which must be 19.0)
#   VV_SETUP_PYTHON   the Python of the venv (default: the first of python3,
#                     python3.12, python3.13, python3.11 that is 3.11 to 3.13)
#
# Layout: odoo/src (the clone, or a link to the local folder), odoo/venv,
# odoo/bin/odoo (the command), odoo/setup.log, odoo/source (what it came from),
# odoo/.complete (written last: a setup cut short is resumed, not reused).

VV_ODOO_URL="https://github.com/odoo/odoo.git"
VV_LOCAL_ODOO="$VV_STATE_DIR/odoo"

# True when stdin is a terminal and this is not CI: the user can be asked.
vv_interactive() {
    [[ -t 0 && "${CI:-}" != true ]]
}

# Offers to set Odoo up when none was found, and does it when told to: in CI
# or without a terminal when ODOO_SRC is set, else when the user says yes.
# Returns 1 with VV_LAST_ERROR saying what to do otherwise.
vv_offer_odoo_setup() {
    local src="${ODOO_SRC:-}" answer
    local next="set ODOO_SRC (a local Odoo 19 folder, git repository or git URL) to set one up in $VV_LOCAL_ODOO, or install Odoo 19 ($VV_ODOO_DOC_URL) and put \`odoo\` on PATH or set ODOO_BIN"
    if [[ "${VV_ODOO_SETUP_DECLINED:-}" == 1 ]] || { [[ -z "$src" ]] && ! vv_interactive; }; then
        vv_error 'no Odoo 19 found: %s' "$next"
        return 1
    fi
    if vv_interactive; then
        vv_say "Odoo 19 can be set up in $VV_LOCAL_ODOO from ${src:-$VV_ODOO_URL (branch ${ODOO_BRANCH:-19.0})}:"
        vv_say "its source and a Python virtual environment with its requirements (a few minutes, about 2 GB)."
        [[ -n "$src" ]] || vv_say "(For another source, answer n and set ODOO_SRC.)"
        read -r -p "Set up Odoo 19 there now? [y/N] " answer || answer=""
        if [[ ! "$answer" =~ ^[yYoO] ]]; then
            # .ci/run runs .ci/test: one question is enough.
            export VV_ODOO_SETUP_DECLINED=1
            vv_error 'no Odoo 19: %s' "$next"
            return 1
        fi
    fi
    vv_setup_odoo "${src:-$VV_ODOO_URL}"
}

# vv_setup_odoo SOURCE: the source, the venv, the command; idempotent.
vv_setup_odoo() {
    local src="$1" dir="$VV_LOCAL_ODOO" start=$SECONDS
    local log="$dir/setup.log" src_dir python version
    mkdir -p "$dir/bin" || { vv_error 'cannot create %s' "$dir"; return 1; }
    : >>"$log"
    vv_say "Odoo: setting Odoo 19 up in $dir from $src (log: $log)"
    vv_setup_odoo_source "$src" || return 1
    src_dir="$VV_SETUP_SRC_DIR"
    vv_setup_python || return 1
    python="$VV_SETUP_PY"
    version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    vv_say "Odoo: virtual environment with Python $version ($python)"
    if [[ ! -x "$dir/venv/bin/python" ]] && ! "$python" -m venv "$dir/venv" >>"$log" 2>&1; then
        rm -rf "$dir/venv"
        vv_error 'could not create a virtual environment with %s (log: %s): install the venv module of that Python (Debian: apt-get install python3-venv) or set VV_SETUP_PYTHON' \
            "$python" "$log"
        return 1
    fi
    vv_setup_requirements "$src_dir" || return 1
    vv_setup_command "$src_dir" || return 1
    printf 'ODOO_SRC=%s\nsource folder=%s\npython=%s\nset up %s\n' "$src" "$src_dir" "$version" \
        "$(date -u '+%Y-%m-%d %H:%M UTC')" >"$dir/source"
    touch "$dir/.complete"
    vv_say "Odoo: ready in $dir ($((SECONDS - start)) s); later runs reuse it (remove the folder to set it up again)"
}

# Sets VV_SETUP_SRC_DIR to the folder of the Odoo source, cloning a git
# source into odoo/src.
vv_setup_odoo_source() {
    local src="$1" dir="$VV_LOCAL_ODOO" branch="${ODOO_BRANCH:-19.0}" url rc=0 out
    local -a clone=(git clone --quiet --depth 1 --single-branch)
    # A local folder with Odoo in it: used where it is.
    if [[ -f "$src/odoo-bin" && -f "$src/odoo/release.py" ]]; then
        src="$(cd "$src" && pwd -P)"
        vv_check_odoo_release "$src" "ODOO_SRC=$1" || return 1
        ln -sfn "$src" "$dir/src"
        VV_SETUP_SRC_DIR="$src"
        return 0
    fi
    if [[ -f "$dir/src/odoo-bin" && ! -L "$dir/src" ]] && vv_check_odoo_release "$dir/src" "$dir/src" 2>/dev/null; then
        vv_say "Odoo: reusing the source already cloned in $dir/src"
        VV_SETUP_SRC_DIR="$dir/src"
        return 0
    fi
    rm -rf "$dir/src" "$dir/src.part"
    url="$src"
    if [[ -d "$src" ]]; then
        if ! git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
            vv_error 'ODOO_SRC=%s is a folder without Odoo in it (no odoo-bin) and no git repository: point ODOO_SRC at an Odoo 19 source' "$src"
            return 1
        fi
        # A local repository: by file:// so that --depth is honoured.
        url="file://$(cd "$src" && pwd -P)"
    elif [[ "$src" == /* || "$src" == .* || "$src" == "~"* ]]; then
        vv_error 'ODOO_SRC=%s: no such folder; point ODOO_SRC at an Odoo 19 folder, git repository or URL' "$src"
        return 1
    fi
    if ! command -v git >/dev/null 2>&1; then
        vv_error 'ODOO_SRC=%s is no Odoo folder, and git is missing to clone it: apt-get install git' "$src"
        return 1
    fi
    out="$(GIT_TERMINAL_PROMPT=0 timeout 120 git ls-remote --exit-code --heads "$url" "$branch" 2>&1)" || rc=$?
    if ((rc == 2)); then
        vv_say "Odoo: $src has no branch $branch: cloning its default branch, which must hold Odoo 19.0"
    elif ((rc != 0)); then
        vv_error 'cannot reach the Odoo source ODOO_SRC=%s (%s): set ODOO_SRC to a local Odoo 19 folder, git repository or URL that this machine reaches' \
            "$src" "$( (grep -m 1 '^fatal: ' <<<"$out" || head -n 1 <<<"$out") | sed 's/^fatal: //')"
        return 1
    else
        clone+=(--branch "$branch")
    fi
    vv_say "Odoo: cloning $src (shallow) into $dir/src"
    if ! GIT_TERMINAL_PROMPT=0 "${clone[@]}" "$url" "$dir/src.part" >>"$dir/setup.log" 2>&1; then
        rm -rf "$dir/src.part"
        vv_error 'cloning ODOO_SRC=%s failed (log: %s): check the source, or set ODOO_SRC to a local Odoo 19 folder' \
            "$src" "$dir/setup.log"
        return 1
    fi
    vv_check_odoo_release "$dir/src.part" "ODOO_SRC=$src" || { rm -rf "$dir/src.part"; return 1; }
    mv "$dir/src.part" "$dir/src"
    VV_SETUP_SRC_DIR="$dir/src"
}

# vv_check_odoo_release FOLDER LABEL: the folder holds Odoo 19.0.
vv_check_odoo_release() {
    if ! grep -qE '^version_info = \(19, 0,' "$1/odoo/release.py" 2>/dev/null; then
        vv_error '%s holds no Odoo 19.0 (odoo/release.py): point ODOO_SRC at an Odoo 19.0 source' "$2"
        return 1
    fi
}

# Sets VV_SETUP_PY to a Python 3.11 to 3.13 for the venv.
vv_setup_python() {
    local candidate path
    for candidate in ${VV_SETUP_PYTHON:-python3 python3.12 python3.13 python3.11}; do
        path="$(command -v "$candidate" 2>/dev/null)" || continue
        # pyenv's shims exist for versions that are not active: run it to know.
        if "$path" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null; then
            VV_SETUP_PY="$path"
            return 0
        fi
    done
    vv_error 'no Python 3.11 to 3.13 found (tried %s): install one (Debian: apt-get install python3 python3-venv) or set VV_SETUP_PYTHON' \
        "${VV_SETUP_PYTHON:-python3 python3.12 python3.13 python3.11}"
    return 1
}

# Odoo's requirements (see odoo_requirements.py), websocket-client for the
# browser tests, phonenumbers (an external dependency of account_peppol, which
# l10n_fr_account installs in the coexistence stage; Odoo's requirements.txt
# does not name it) and our addons' own Python dependencies, into the venv.
vv_setup_requirements() {
    local src_dir="$1" dir="$VV_LOCAL_ODOO" py="$VV_LOCAL_ODOO/venv/bin/python"
    local log="$VV_LOCAL_ODOO/setup.log" reqs="$VV_LOCAL_ODOO/requirements.txt" line
    local -a extras=(--extra websocket-client --extra phonenumbers) unbuilt=()
    for line in $(vv_addons_python_dependencies); do extras+=(--extra "$line"); done
    if ! "$py" "$VV_ROOT/.ci/odoo_requirements.py" "$src_dir/requirements.txt" "${extras[@]}" \
        >"$reqs" 2>>"$log"; then
        vv_error "could not read Odoo's requirements (%s, log: %s)" "$src_dir/requirements.txt" "$log"
        return 1
    fi
    vv_say "Odoo: installing $(grep -c . "$reqs") Python packages into $dir/venv (list: $reqs)"
    export PIP_DISABLE_PIP_VERSION_CHECK=1
    if "$py" -m pip install -q -r "$reqs" >>"$log" 2>&1; then
        return 0
    fi
    # One failing package fails the whole command: install the rest one by one.
    vv_warn "pip could not install them all at once; installing them one by one (log: $log)"
    while IFS= read -r line; do
        [[ -n "$line" ]] || continue
        "$py" -m pip install -q "$line" >>"$log" 2>&1 || unbuilt+=("$line")
    done <"$reqs"
    if ((${#unbuilt[@]})); then
        vv_error 'could not install %s into %s (log: %s): install their build dependencies (compiler, headers) and run again' \
            "${unbuilt[*]}" "$dir/venv" "$log"
        return 1
    fi
}

# The "python" external dependencies of our addons' manifests.
vv_addons_python_dependencies() {
    python3 - "${VV_ADDON_DIRS[@]}" <<'EOF' 2>/dev/null || true
import ast, sys
names = set()
for folder in sys.argv[1:]:
    with open(folder + "/__manifest__.py", encoding="utf-8") as handle:
        manifest = ast.literal_eval(handle.read())
    names.update(manifest.get("external_dependencies", {}).get("python", []))
print("\n".join(sorted(names)))
EOF
}

# odoo/bin/odoo: Odoo's own odoo-bin, run by the venv's Python, with the
# source on the venv's path (a .pth file) so that nothing is installed from it.
vv_setup_command() {
    local src_dir="$1" dir="$VV_LOCAL_ODOO" site
    site="$("$dir/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" || return 1
    printf '%s\n' "$src_dir" >"$site/odoo-source.pth"
    cat >"$dir/bin/odoo" <<EOF
#!$dir/venv/bin/python
# Written by .ci/odoo-setup.sh: Odoo 19 from $src_dir in this venv.
import runpy
import sys

sys.argv[0] = "$src_dir/odoo-bin"
runpy.run_path(sys.argv[0], run_name="__main__")
EOF
    chmod +x "$dir/bin/odoo"
    local version
    version="$("$dir/bin/odoo" --version 2>>"$dir/setup.log" | tail -n 1)"
    if [[ "$version" != *" 19.0"* ]]; then
        vv_error 'the Odoo set up in %s does not start (it says "%s"; log: %s): remove %s and run again' \
            "$dir" "$version" "$dir/setup.log" "$dir"
        return 1
    fi
}
