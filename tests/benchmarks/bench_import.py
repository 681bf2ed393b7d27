# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Time and memory of a Bénévalibre import of 100 000 actions, run as a background job.

    python3 tests/benchmarks/bench_import.py [--database vv_bench_import]
        [--actions 100000] [--format csv|xlsx|json] [--workers 2] [--kill-at 0.4]
        [--in-request] [--json .local/benchmarks/import.json]

1. Writes the export of one association with N actions as Bénévalibre's export
   button writes it (fixed seed; 3 000 volunteers, 1 % unnamed, 12 default and
   3 own categories, new levels and projects, 20 % pending moderation, some
   multi-day actions and distances only), in .local/benchmarks/.
2. Creates the database when it is missing (the addon, no demo data) with an
   importer (volunteering manager), and a new association for this run.
3. Uploads the file through the import wizard as the importer: its
   ``action_import()`` queues the background job (timed).
4. Starts Odoo as in production (``--workers``, one cron worker, the default
   ``--limit-time-real`` of 120 s) and waits for the end of the job, reading
   every 0.2 s the resident memory of every Odoo process (VmRSS) and their
   peak (VmHWM); then stops it.
5. Reports the wall time (server start to end of the job), the job's own
   duration, the peak RSS of each Odoo process, and checks the result: one
   contribution per action, each volunteer, level, category and project once.

``--kill-at F`` kills Odoo (SIGKILL, every process) once the job has imported
the fraction F of the actions, starts it again, and checks the same counts at
the end. ``--in-request`` runs ``action_import()`` in one fresh process and
reports its time and peak RSS instead: on a version without background jobs,
that was the whole import inside one browser request.
"""

import argparse
import base64
import csv
import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib

benchlib.ensure_odoo()

HEADERS = [
    "Prénom", "Nom", "Pseudo", "Association", "Titre", "Description", "Date", "Date de fin",
    "Durée", "Durée (en heures)", "En attente de modération", "Distance (en km)", "Catégorie",
    "Projet", "Niveau",
]
FIRST_NAMES = ("Camille", "Léa", "Louis", "Emma", "Jules", "Chloé", "Hugo", "Manon", "Lucas",
               "Inès", "Nathan", "Sarah", "Paul", "Zoé", "Arthur", "Alice", "Gabriel", "Jade",
               "Raphaël", "Lina", "Yasmine", "Karim", "Nadia", "Thomas", "Marie", "Pierre")
LAST_NAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
              "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David",
              "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier")
ACTIVITIES = ("Distribution alimentaire", "Accueil du public", "Réunion du bureau",
              "Conseil d'administration", "Encadrement des jeunes", "Collecte", "Tenue du stand",
              "Transport de matériel", "Comptabilité", "Entretien des locaux",
              "Animation d'atelier", "Formation des nouveaux", "Permanence téléphonique")
DEFAULT_CATEGORIES = (
    "Participation aux organes dirigeants de l’association (CA, bureau ou autres organes)",
    "Tâches de bureau, administratives, de gestion, de comptabilité",
    "Supervision ou organisation d’événements (spectacles, campagnes, autres manifestations....)"
    ", participation à leur réalisation",
    "Entraînement, encadrement ou animation d’activités",
    "Collecte, transport et distribution de biens (nourriture, vêtements...)",
    "Accueil, accompagnement de personnes, visites à domicile, écoute téléphonique",
    "Autres activités",
)
OWN_CATEGORIES = ("Jardinage", "Cuisine solidaire", "Bricolage")
LEVELS = ("", "", "Débutant", "Confirmé", "Référent")
PROJECTS = tuple(f"Projet {index:02d}" for index in range(1, 26))
IMPORTER_LOGIN = "bench_importer"
ASSOCIATION = "Association des bénévoles du banc d'essai"
START = date(2024, 1, 1)
DAYS = 730
POLL_SECONDS = 0.2
TICKS = os.sysconf("SC_CLK_TCK")


def export_rows(count, seed):
    """The N actions of the export, as tablib gets them from Bénévalibre."""
    rng = random.Random(seed)
    names = sorted({(first, last if rng.random() < 0.7 else f"{last}-{rng.choice(LAST_NAMES)}")
                    for first in FIRST_NAMES for last in LAST_NAMES for _ in range(6)})
    volunteers = rng.sample(names, min(3000, len(names)))
    for index in range(count):
        first, last = rng.choice(volunteers) if rng.random() > 0.01 else ("", "")
        day = START + timedelta(days=rng.randrange(DAYS))
        day_end, seconds, distance = None, rng.randrange(1, 33) * 900, None
        if rng.random() < 0.03:
            day_end = day + timedelta(days=rng.randrange(1, 3))
            seconds += 86400
        if rng.random() < 0.05:
            seconds, distance = 0, Decimal(rng.randrange(5, 400)) / 2
        elif rng.random() < 0.1:
            distance = Decimal(rng.randrange(2, 120))
        category = (rng.choice(OWN_CATEGORIES) if rng.random() < 0.15
                    else rng.choice(DEFAULT_CATEGORIES))
        project = rng.choice(PROJECTS) if rng.random() < 0.6 else ""
        hours, rest = divmod(seconds, 3600)
        days, hours = divmod(hours, 24)
        duration = (f"{days} day, " if days else "") + f"{hours}:{rest // 60:02d}:00"
        yield [
            first, last, "", ASSOCIATION,
            f"{rng.choice(ACTIVITIES)} n° {index + 1}",
            "Compte rendu au bureau" if rng.random() < 0.3 else "",
            day.isoformat(), day_end.isoformat() if day_end else "", duration,
            f"{seconds / 3600}", "True" if rng.random() < 0.2 else "False",
            f"{distance:.2f}" if distance is not None else "", category, project,
            rng.choice(LEVELS),
        ]


def write_export(path, count, seed, kind):
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = export_rows(count, seed)
    if kind == "csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADERS)
            writer.writerows(rows)
    elif kind == "json":
        with path.open("w", encoding="utf-8") as handle:
            handle.write("[")
            for index, row in enumerate(rows):
                handle.write(("," if index else "") + json.dumps(
                    dict(zip(HEADERS, [value or None for value in row], strict=True))))
            handle.write("]")
    else:
        import xlsxwriter

        book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, HEADERS)
        for index, row in enumerate(rows, start=1):
            sheet.write_row(index, 0, row)
        book.close()
    return path


def prepare(args, path):
    """The importer and a new association; the wizard queues the job. Returns its figures."""
    from odoo.fields import Command

    if not benchlib.database_exists(args.database):
        benchlib.install_database(args.database)
    with benchlib.environment(args.database) as env:
        importer = env["res.users"].search([("login", "=", IMPORTER_LOGIN)])
        if not importer:
            importer = env["res.users"].create({
                "name": "Bench Importer", "login": IMPORTER_LOGIN, "group_ids": [Command.set([
                    env.ref("volunteer_valuation.group_volunteer_manager").id,
                    env.ref("project.group_project_manager").id])]})
        runs = env["volunteer.structure"].search_count([("name", "=like", "Bench import %")])
        structure = env["volunteer.structure"].create({"name": f"Bench import {runs + 1}"})
        importer.volunteer_coordinated_structure_ids = [Command.link(structure.id)]
        env.cr.commit()
        return {"importer": importer.id, "structure": structure.id,
                "file_mb": round(path.stat().st_size / 1024 / 1024, 2)}


def request_child(args):
    """In a fresh process: the wizard's action_import(), as one browser request runs it."""
    with benchlib.environment(args.database, args.uid) as env:
        baseline = benchlib.rss_mb()
        start = time.perf_counter()
        wizard = env["volunteer.import.benevalibre"].create({
            "file": base64.b64encode(Path(args.file).read_bytes()),
            "filename": Path(args.file).name, "structure_id": args.structure,
            "skip_invalid": True,
        })
        wizard.action_import()
        env.cr.commit()
        seconds = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_SELF)
        job = wizard._fields.get("job_id") and wizard.job_id
        print("REQUEST_RESULT " + json.dumps({
            "seconds": round(seconds, 1), "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
            "peak_rss_mb": round(benchlib.peak_rss_mb(), 1),
            "rss_before_mb": round(baseline, 1), "job": job.id if job else None,
            "created_in_request": wizard.created_count,
        }), flush=True)


def run_request(args, path, setup):
    command = [sys.executable, __file__, "--child-request", "--database", args.database,
               "--file", str(path), "--structure", str(setup["structure"]),
               "--uid", str(setup["importer"])]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("REQUEST_RESULT "))
    return json.loads(line.removeprefix("REQUEST_RESULT "))


def psql(database, query):
    result = subprocess.run(["psql", "-X", "-Atqd", database, "-F", "\t", "-c", query],
                            capture_output=True, text=True, check=True)
    return [line.split("\t") for line in result.stdout.splitlines() if line]


def job_status(database, job_id):
    row = psql(database, "SELECT state, stage, processed, total, progress, "
                         "EXTRACT(EPOCH FROM date_finished - date_started) "
                         f"FROM volunteer_job WHERE id = {int(job_id)}")[0]
    return {"state": row[0], "stage": row[1], "processed": int(row[2] or 0),
            "total": int(row[3] or 0), "progress": float(row[4] or 0),
            "seconds": float(row[5]) if row[5] else None}


class OdooServer:
    """Odoo started as in production; the memory of its processes sampled on demand."""

    def __init__(self, args, log):
        port = os.environ.get("VV_BENCH_HTTP_PORT", "8829")
        self.command = [
            benchlib.odoo_bin(), "-d", args.database, f"--addons-path={benchlib.addons_path()}",
            f"--db-filter=^{args.database}$", f"--workers={args.workers}",
            "--max-cron-threads=1", f"--http-port={port}",
            f"--gevent-port={int(port) + 1}", "--limit-time-real=120", f"--logfile={log}",
        ]
        self.process = None
        self.peaks = {}
        self.cpu = {}

    def start(self):
        self.process = subprocess.Popen(self.command, start_new_session=True,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def pids(self):
        """{pid: CPU seconds} of the processes of the server's process group."""
        pids = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[2]) == self.process.pid:
                    pids[int(entry.name)] = (int(fields[11]) + int(fields[12])) / TICKS
        return pids

    def sample(self):
        for pid, cpu in self.pids().items():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            values = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            peak = int(values.get("VmHWM", "0 kB").split()[0]) / 1024
            key = f"{'main' if pid == self.process.pid else 'worker'} {pid}"
            self.peaks[key] = max(self.peaks.get(key, 0), round(peak, 1))
            self.cpu[key] = round(cpu, 1)

    def busiest(self):
        """The process that ran the job: the one that used the most CPU."""
        key = max(self.cpu, key=self.cpu.get)
        return {"process": key, "peak_rss_mb": self.peaks[key], "cpu_s": self.cpu[key]}

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()


def run_background(args, setup, log):
    job_id = setup["job"]
    server = OdooServer(args, log)
    start = time.perf_counter()
    server.start()
    killed_at, status, stages = None, job_status(args.database, job_id), {}
    try:
        while status["state"] in ("queued", "running"):
            time.sleep(POLL_SECONDS)
            server.sample()
            status = job_status(args.database, job_id)
            stages.setdefault(status["stage"] or status["state"],
                              round(time.perf_counter() - start, 1))
            if (args.kill_at and killed_at is None and status["stage"] == "import"
                    and status["total"] and status["processed"] >= args.kill_at * status["total"]):
                killed_at = dict(status, after_s=round(time.perf_counter() - start, 1))
                print(f"  killing Odoo at {status['processed']}/{status['total']} actions",
                      flush=True)
                server.kill()
                server.start()
            if time.perf_counter() - start > args.timeout:
                raise SystemExit(f"the job did not finish in {args.timeout} s: see {log}")
    finally:
        server.stop()
    return {"wall_s": round(time.perf_counter() - start, 1), "job_s": status["seconds"],
            "state": status["state"], "stages_seen_at_s": stages,
            "job_process": server.busiest(),
            "peak_rss_mb": server.peaks, "cpu_s": server.cpu,
            "odoo_cpu_s": round(sum(server.cpu.values()), 1), "killed_at": killed_at}


def check(args, setup, count):
    """One contribution per action, and every volunteer, level, category, project once."""
    structure = int(setup["structure"])
    contributions, keys = psql(args.database, (
        "SELECT COUNT(*), COUNT(DISTINCT import_key) FROM volunteer_contribution "
        f"WHERE structure_id = {structure}"))[0]
    duplicates = psql(args.database, (
        "SELECT 'partner', COUNT(*) - COUNT(DISTINCT p.name) FROM res_partner p JOIN "
        "volunteer_structure_partner_rel r ON r.partner_id = p.id "
        f"WHERE r.structure_id = {structure} UNION ALL "
        "SELECT 'level', COUNT(*) - COUNT(DISTINCT name) FROM volunteer_level UNION ALL "
        "SELECT 'category', COUNT(*) - COUNT(DISTINCT name) FROM volunteer_category UNION ALL "
        "SELECT 'project', COUNT(*) - COUNT(DISTINCT name) FROM project_project"))
    return {"actions": count, "contributions": int(contributions), "import_keys": int(keys),
            "duplicates": {kind: int(number) for kind, number in duplicates},
            "exact": int(contributions) == count == int(keys)
            and not any(int(number) for _kind, number in duplicates)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="vv_bench_import")
    parser.add_argument("--actions", type=int, default=100_000)
    parser.add_argument("--format", choices=("csv", "xlsx", "json"), default="csv")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kill-at", type=float, default=0.0)
    parser.add_argument("--in-request", action="store_true")
    parser.add_argument("--timeout", type=int, default=3600)
    parser.add_argument("--json", default=str(
        benchlib.REPO_ROOT / ".local" / "benchmarks" / "import.json"))
    parser.add_argument("--child-request", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--structure", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--uid", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_request:
        return request_child(args)

    folder = benchlib.REPO_ROOT / ".local" / "benchmarks"
    path = folder / f"benevalibre-{args.actions}.{args.format}"
    if not path.exists():
        print(f"Writing {path}...", flush=True)
        write_export(path, args.actions, args.seed, args.format)
    setup = prepare(args, path)
    print(f"File {path.name}: {setup['file_mb']} MB; association {setup['structure']}",
          flush=True)
    request = run_request(args, path, setup)
    print(f"  action_import() in one process: {request}", flush=True)
    report = {"database": args.database, "actions": args.actions, "format": args.format,
              "file_mb": setup["file_mb"], "cpus": os.cpu_count(),
              "load_average_before": os.getloadavg(), "request": request}
    if request.get("job") and not args.in_request:
        setup["job"] = request["job"]
        report["background"] = run_background(args, setup, folder / "bench-import-odoo.log")
        print(f"  background job: {report['background']}", flush=True)
    report["check"] = check(args, setup, args.actions)
    report["load_average_after"] = os.getloadavg()
    print(json.dumps(report, indent=2, default=str))
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    return None


if __name__ == "__main__":
    main()
