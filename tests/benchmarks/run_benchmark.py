# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Measure the valuation reports on a database made by generate_dataset.py.

    python3 tests/benchmarks/run_benchmark.py [--database vv_bench] [--repeat 5]
        [--year 2025] [--xlsx-repeat 3] [--skip-xlsx] [--skip-portal]
        [--json .local/benchmarks/valuation.json]

Each measurement runs once to warm the caches, then ``--repeat`` times (the
XLSX ``--xlsx-repeat`` times), and reports the median with the minimum and
maximum:

- the aggregation behind the workbook (one query of grouping sets: structure x
  month x contributor type x entry mode, the breakdowns, the rate lines and the
  people of each structure, ``volunteer.contribution._valuation_aggregate``) and what the
  pivot view of the analysis asks (``formatted_read_grouping_sets`` on
  ``volunteer.valuation.report``: rows by structure, columns by year, the
  measures and the count the web client sends), over the whole database and
  over one year, as a manager and as a region's coordinator (record rules).
  Each is timed against the same figures computed by one raw PostgreSQL query
  on the contributions table, the floor, run alternately with it so that the
  load of the machine weighs on both alike;
- the XLSX workbook of about 100 000 contributions and of one calendar year,
  each in a fresh process: wall time and peak resident memory (ru_maxrss);
- the portal list of the volunteer ``bench_volunteer`` (5 000 contributions):
  an Odoo HTTP server is started on loopback, the volunteer logs in, and the
  first page, a far page, one year and the longest entries are fetched; the
  server's resident memory is read before and after.

It prints a table with the ratios to the floor and writes it as JSON.
Targets: the aggregations and the pivot within 1.5x their floor; the XLSX of
100 000 contributions within 6 s and of one year within 20 s, under 400 MB.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib

benchlib.ensure_odoo()

ADMIN_UID = 2
COORDINATOR_LOGIN = "bench_coordinator"
PORTAL_LOGIN = "bench_volunteer"
AGGREGATION_FLOOR = """
    SELECT GROUPING(structure_id, date_trunc('month', date::timestamp), contributor_type,
                    entry_mode, project_id, level_id, category_id, role, rate_id, partner_id),
           structure_id, date_trunc('month', date::timestamp), contributor_type, entry_mode,
           project_id, level_id, category_id, role, rate_id, partner_id,
           SUM(duration), SUM(amount), SUM(headcount), COUNT(*), MAX(headcount)
      FROM volunteer_contribution
     WHERE state = 'validated' {where}
  GROUP BY GROUPING SETS (
      (structure_id, date_trunc('month', date::timestamp), contributor_type, entry_mode),
      (project_id, entry_mode), (level_id, entry_mode), (category_id, entry_mode),
      (role, entry_mode), (structure_id, contributor_type, entry_mode), (rate_id),
      (structure_id, partner_id))
"""
PIVOT_FLOOR = """
    SELECT structure_id, date_trunc('year', date::timestamp),
           SUM(duration), SUM(amount), COUNT(*)
      FROM volunteer_contribution
     WHERE state = 'validated' {where}
  GROUP BY GROUPING SETS ((), (1), (2), (1, 2))
"""
PIVOT_SETS = [[], ["structure_id"], ["date:year"], ["structure_id", "date:year"]]
# What the web client's pivot asks for its default measures (hours, value): the value
# being monetary, its currency and converted sum come with it, and the count always.
PIVOT_MEASURES = ["hours:sum", "amount:sum", "currency_id:array_agg_distinct",
                  "amount:sum_currency", "__count"]
XLSX_100K = 100_000
PORTAL_PAGES = {
    "first page": "/my/volunteering",
    "page 200": "/my/volunteering/page/200",
    "this year": "/my/volunteering?filterby=year",
    "longest first": "/my/volunteering?sortby=duration",
}
TARGET_RATIO = 1.5
TARGET_XLSX_100K_SECONDS = 6
TARGET_XLSX_YEAR_SECONDS = 20
TARGET_XLSX_RSS_MB = 400


def year_domain(year):
    return [("date", ">=", date(year, 1, 1)), ("date", "<=", date(year, 12, 31))]


def period_where(date_from, date_to):
    return f"AND date BETWEEN '{date_from}' AND '{date_to}'"


def run_sql(env, query):
    env.cr.execute(query)
    return env.cr.fetchall()


def measure_pair(floor, orm, repeat, before):
    """Time ``floor`` and ``orm`` alternately, each warmed once first.

    Returns ((median, min, max) of the floor, the same of orm, orm's last result).
    """
    before()
    floor()
    orm()
    floor_times, orm_times, result = [], [], None
    for _index in range(repeat):
        start = time.perf_counter()
        floor()
        floor_times.append(time.perf_counter() - start)
        before()
        start = time.perf_counter()
        result = orm()
        orm_times.append(time.perf_counter() - start)

    def stats(times):
        return statistics.median(times), min(times), max(times)
    return stats(floor_times), stats(orm_times), result


def xlsx_child(args):
    """In a fresh process: export the workbook of a period; print the figures as JSON."""
    with benchlib.environment(args.database, ADMIN_UID) as env:
        baseline = benchlib.rss_mb()
        backend = run_sql(env, "SELECT pg_backend_pid()")[0][0]
        wizard = env["volunteer.valuation.report.wizard"].create({
            "date_from": date.fromisoformat(args.date_from),
            "date_to": date.fromisoformat(args.date_to)})
        cpu, db_cpu = benchlib.cpu_seconds(), benchlib.cpu_seconds(backend)
        start = time.perf_counter()
        # What the background job of a large export runs: the file, then its attachment.
        action = wizard._download(*wizard._export_file("export_workbook"))
        seconds = time.perf_counter() - start
        cpu, db_cpu = benchlib.cpu_seconds() - cpu, benchlib.cpu_seconds(backend) - db_cpu
        attachment = env["ir.attachment"].browse(int(action["url"].split("/")[3].split("?")[0]))
        print("XLSX_RESULT " + json.dumps({
            "seconds": round(seconds, 2),
            "cpu_s": round(cpu, 2),
            "db_cpu_s": round(db_cpu, 2),
            "peak_rss_mb": round(benchlib.peak_rss_mb(), 1),
            "rss_before_export_mb": round(baseline, 1),
            "file_mb": round(attachment.file_size / 1024 / 1024, 1),
        }), flush=True)


def measure_xlsx(args, name, date_from, date_to, contributions):
    runs = []
    command = [sys.executable, __file__, "--xlsx-child", "--database", args.database,
               "--date-from", str(date_from), "--date-to", str(date_to)]
    for _index in range(args.xlsx_repeat):
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        line = next(line for line in output.splitlines() if line.startswith("XLSX_RESULT "))
        runs.append(json.loads(line.removeprefix("XLSX_RESULT ")))
        print(f"  {name}: {runs[-1]}", flush=True)
    seconds = sorted(run["seconds"] for run in runs)
    return {
        "name": name, "contributions": contributions,
        "median_s": statistics.median(seconds), "min_s": seconds[0], "max_s": seconds[-1],
        "median_cpu_s": statistics.median(run["cpu_s"] + run["db_cpu_s"] for run in runs),
        "peak_rss_mb": max(run["peak_rss_mb"] for run in runs),
        "rss_before_export_mb": statistics.median(run["rss_before_export_mb"] for run in runs),
        "file_mb": runs[-1]["file_mb"], "runs": runs,
    }


def floor_cases(env, args):
    """(name, ORM call, raw SQL) of the aggregation and the pivot, per scope and user."""
    Contribution = env["volunteer.contribution"]
    Report = env["volunteer.valuation.report"]
    coordinator = env["res.users"].search([("login", "=", COORDINATOR_LOGIN)])
    region = coordinator.volunteer_coordinated_structure_ids
    subtree = ("AND structure_id IN (SELECT id FROM volunteer_structure WHERE parent_path "
               f"LIKE '{region.parent_path}%')")
    validated = [("state", "=", "validated")]
    users = [("manager", Contribution, Report, "")]
    if coordinator:
        users.append(("region coordinator", Contribution.with_user(coordinator),
                      Report.with_user(coordinator), subtree))
    scopes = [("all years", [], ""),
              (f"year {args.year}", year_domain(args.year),
               period_where(date(args.year, 1, 1), date(args.year, 12, 31)))]
    cases = []
    for scope, domain, where in scopes:
        for user, Contributions, Reports, rule in users:
            cases.append((
                f"aggregation, {scope}, {user}",
                lambda Contributions=Contributions, domain=domain:
                    Contributions._valuation_aggregate(validated + domain),
                AGGREGATION_FLOOR.format(where=f"{where} {rule}")))
            cases.append((
                f"pivot, {scope}, {user}",
                lambda Reports=Reports, domain=domain:
                    Reports.formatted_read_grouping_sets(domain, PIVOT_SETS, PIVOT_MEASURES),
                PIVOT_FLOOR.format(where=f"{where} {rule}")))
    return cases


def measure_floors(env, args):
    results = []
    for name, orm_call, floor_sql in floor_cases(env, args):
        floor, timing, orm_rows = measure_pair(
            lambda floor_sql=floor_sql: run_sql(env, floor_sql), orm_call, args.repeat,
            env.invalidate_all)
        sets = orm_rows.values() if isinstance(orm_rows, dict) else orm_rows
        groups = sum(len(groups_of_set) for groups_of_set in sets)
        results.append({
            "name": name, "median_s": round(timing[0], 4), "min_s": round(timing[1], 4),
            "max_s": round(timing[2], 4), "floor_median_s": round(floor[0], 4),
            "ratio": round(timing[0] / floor[0], 2), "groups": groups,
        })
        print(f"  {name}: {timing[0]:.3f} s (floor {floor[0]:.3f} s)", flush=True)
    return results


def xlsx_periods(env, year):
    """(date_to of a period of about 100 000 validated contributions from 1 January of
    ``year``, its count), and the count of the whole year."""
    env.cr.execute("""
        SELECT date FROM volunteer_contribution
         WHERE state = 'validated' AND date >= %s ORDER BY date OFFSET %s LIMIT 1""",
                   [date(year, 1, 1), XLSX_100K])
    row = env.cr.fetchone()
    date_to = row[0] if row else date(year, 12, 31)
    counts = run_sql(env, f"""
        SELECT COUNT(*) FILTER (WHERE date <= '{date_to}'), COUNT(*)
          FROM volunteer_contribution
         WHERE state = 'validated' AND date BETWEEN '{year}-01-01' AND '{year}-12-31'""")[0]
    return date_to, counts[0], counts[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=benchlib.DEFAULT_DATABASE)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--xlsx-repeat", type=int, default=3)
    parser.add_argument("--year", type=int, default=date.today().year - 1)
    parser.add_argument("--json", default=str(
        benchlib.REPO_ROOT / ".local" / "benchmarks" / "valuation.json"))
    parser.add_argument("--skip-xlsx", action="store_true")
    parser.add_argument("--skip-portal", action="store_true")
    parser.add_argument("--xlsx-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--date-from", help=argparse.SUPPRESS)
    parser.add_argument("--date-to", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.xlsx_child:
        return xlsx_child(args)

    load_before = os.getloadavg()
    with benchlib.environment(args.database, ADMIN_UID) as env:
        counts = dict(run_sql(env, "SELECT 'all', COUNT(*) FROM volunteer_contribution "
                                   "UNION ALL SELECT 'validated', COUNT(*) FROM "
                                   "volunteer_contribution WHERE state = 'validated'"))
        postgres = run_sql(env, "SELECT version()")[0][0]
        date_to_100k, count_100k, count_year = xlsx_periods(env, args.year)
        print(f"Database {args.database}: {counts['all']} contributions, "
              f"{counts['validated']} validated, {count_year} validated in {args.year}.")
        results = measure_floors(env, args)

    if not args.skip_xlsx:
        results.append(measure_xlsx(
            args, f"XLSX workbook, {count_100k} contributions", date(args.year, 1, 1),
            date_to_100k, count_100k))
        results.append(measure_xlsx(
            args, f"XLSX workbook, year {args.year}", date(args.year, 1, 1),
            date(args.year, 12, 31), count_year))
    if not args.skip_portal:
        results += benchlib.measure_portal(args.database, PORTAL_LOGIN, PORTAL_PAGES,
                                           args.repeat)
    report = {
        "database": args.database, "contributions": counts["all"],
        "validated": counts["validated"], "validated_in_year": count_year, "year": args.year,
        "repeat": args.repeat, "cpus": os.cpu_count(), "python": platform.python_version(),
        "postgresql": postgres, "load_average_before": load_before,
        "load_average_after": os.getloadavg(), "results": results,
        "targets": {"ratio": TARGET_RATIO, "xlsx_100k_seconds": TARGET_XLSX_100K_SECONDS,
                    "xlsx_year_seconds": TARGET_XLSX_YEAR_SECONDS,
                    "xlsx_peak_rss_mb": TARGET_XLSX_RSS_MB},
    }
    print_table(report)
    path = Path(args.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    print(f"Written to {path}")
    return None


def print_table(report):
    print()
    print(f"{report['contributions']} contributions ({report['validated_in_year']} validated in "
          f"{report['year']}), {report['cpus']} CPUs, load average "
          f"{report['load_average_before'][0]:.2f} before / "
          f"{report['load_average_after'][0]:.2f} after")
    header = (f"{'measurement':<58} {'median s':>9} {'min':>8} {'max':>8} {'floor s':>8} "
              f"{'ratio':>6}")
    print(header)
    print("-" * len(header))
    for row in report["results"]:
        floor = row.get("floor_median_s")
        print(f"{row['name']:<58} {row['median_s']:>9.3f} {row['min_s']:>8.3f} "
              f"{row['max_s']:>8.3f} {floor if floor is not None else '':>8} "
              f"{row.get('ratio', ''):>6}")
        if "peak_rss_mb" in row:
            print(f"{'':<58} CPU {row['median_cpu_s']} s (Odoo and PostgreSQL), peak RSS "
                  f"{row['peak_rss_mb']} MB (before the export {row['rss_before_export_mb']} "
                  f"MB), file {row['file_mb']} MB")
        if "server_rss_mb" in row:
            print(f"{'':<58} server RSS {row['server_rss_mb'][0]} -> "
                  f"{row['server_rss_mb'][1]} MB")


if __name__ == "__main__":
    main()
