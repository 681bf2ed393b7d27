# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Measure the valuation reports on a database made by generate_dataset.py.

    python3 tests/benchmarks/run_benchmark.py [--database vv_bench] [--repeat 5]
        [--year 2025] [--xlsx-repeat 3] [--json .local/benchmarks/valuation.json]

Each measurement runs ``--repeat`` times (the XLSX ``--xlsx-repeat`` times) and
reports the median, with the minimum and maximum:

- the aggregation behind the workbook (structure x month x contributor type x
  entry mode, ``volunteer.contribution._valuation_aggregate``) over the whole
  database and over one year, as a manager and as a region's coordinator
  (record rules), each against the same aggregation written as one raw
  PostgreSQL GROUP BY on the contributions table: the floor;
- what the pivot view asks of ``volunteer.valuation.report`` (rows by
  structure, columns by year: ``formatted_read_grouping_sets``), over the
  whole database and one year, against one raw GROUP BY GROUPING SETS;
- the full XLSX workbook of one calendar year, in a fresh process: wall time
  and peak resident memory (ru_maxrss) of that process.

It prints a table with the ratios to the floor and writes it as JSON. Targets:
aggregation within 1.5x the floor; the one-year XLSX under 60 s and 400 MB.
"""

import argparse
import json
import os
import platform
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
AGGREGATION_FLOOR = """
    SELECT structure_id, date_trunc('month', date::timestamp), contributor_type, entry_mode,
           SUM(duration), SUM(amount), SUM(headcount), COUNT(*)
      FROM volunteer_contribution
     WHERE state = 'validated' {where}
  GROUP BY 1, 2, 3, 4
"""
PIVOT_FLOOR = """
    SELECT structure_id, date_trunc('year', date::timestamp),
           SUM(duration), SUM(amount), COUNT(*)
      FROM volunteer_contribution
     WHERE state = 'validated' {where}
  GROUP BY GROUPING SETS ((), (1), (2), (1, 2))
"""
PIVOT_SETS = [[], ["structure_id"], ["date:year"], ["structure_id", "date:year"]]
PIVOT_MEASURES = ["hours:sum", "amount:sum", "contribution_count:sum"]
TARGET_RATIO = 1.5
TARGET_XLSX_SECONDS = 60
TARGET_XLSX_RSS_MB = 400


def year_domain(year):
    return [("date", ">=", date(year, 1, 1)), ("date", "<=", date(year, 12, 31))]


def year_where(year):
    return f"AND date BETWEEN '{year}-01-01' AND '{year}-12-31'"


def run_sql(env, query):
    env.cr.execute(query)
    return env.cr.fetchall()


def xlsx_child(args):
    """In a fresh process: export the workbook of one year; print the figures as JSON."""
    with benchlib.environment(args.database, ADMIN_UID) as env:
        baseline = benchlib.rss_mb()
        wizard = env["volunteer.valuation.report.wizard"].create({
            "date_from": date(args.year, 1, 1), "date_to": date(args.year, 12, 31)})
        start = time.perf_counter()
        action = wizard.action_export_xlsx()
        seconds = time.perf_counter() - start
        attachment = env["ir.attachment"].browse(int(action["url"].split("/")[3].split("?")[0]))
        print("XLSX_RESULT " + json.dumps({
            "seconds": round(seconds, 2),
            "peak_rss_mb": round(benchlib.peak_rss_mb(), 1),
            "rss_before_export_mb": round(baseline, 1),
            "file_mb": round(attachment.file_size / 1024 / 1024, 1),
        }), flush=True)


def measure_xlsx(args):
    runs = []
    command = [sys.executable, __file__, "--xlsx-child", "--database", args.database,
               "--year", str(args.year)]
    for _index in range(args.xlsx_repeat):
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        line = next(line for line in output.splitlines() if line.startswith("XLSX_RESULT "))
        runs.append(json.loads(line.removeprefix("XLSX_RESULT ")))
        print(f"  XLSX run: {runs[-1]}", flush=True)
    runs.sort(key=lambda run: run["seconds"])
    median = runs[len(runs) // 2]
    return {
        "name": f"XLSX workbook, year {args.year}",
        "median_s": median["seconds"], "min_s": runs[0]["seconds"], "max_s": runs[-1]["seconds"],
        "peak_rss_mb": max(run["peak_rss_mb"] for run in runs),
        "rss_before_export_mb": median["rss_before_export_mb"],
        "file_mb": median["file_mb"], "runs": runs,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=benchlib.DEFAULT_DATABASE)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--xlsx-repeat", type=int, default=3)
    parser.add_argument("--year", type=int, default=date.today().year - 1)
    parser.add_argument("--json", default=str(
        benchlib.REPO_ROOT / ".local" / "benchmarks" / "valuation.json"))
    parser.add_argument("--skip-xlsx", action="store_true")
    parser.add_argument("--xlsx-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.xlsx_child:
        return xlsx_child(args)

    results, load_before = [], os.getloadavg()
    with benchlib.environment(args.database, ADMIN_UID) as env:
        Contribution = env["volunteer.contribution"]
        Report = env["volunteer.valuation.report"]
        coordinator = env["res.users"].search([("login", "=", COORDINATOR_LOGIN)])
        region = coordinator.volunteer_coordinated_structure_ids
        counts = dict(run_sql(env, "SELECT 'all', COUNT(*) FROM volunteer_contribution "
                                   "UNION ALL SELECT 'validated', COUNT(*) FROM "
                                   "volunteer_contribution WHERE state = 'validated' "
                                   f"UNION ALL SELECT 'year', COUNT(*) FROM "
                                   f"volunteer_contribution WHERE state = 'validated' "
                                   f"{year_where(args.year)}"))
        print(f"Database {args.database}: {counts['all']} contributions, "
              f"{counts['validated']} validated, {counts['year']} validated in {args.year}.")
        env.cr.execute("SELECT version()")
        postgres = env.cr.fetchone()[0]
        subtree = ("AND structure_id IN (SELECT id FROM volunteer_structure WHERE parent_path "
                   f"LIKE '{region.parent_path}%')") if region else ""
        validated = [("state", "=", "validated")]
        as_coordinator = Contribution.with_user(coordinator) if coordinator else None

        cases = [
            ("aggregation structure x month, whole database",
             lambda: Contribution._valuation_aggregate(validated),
             AGGREGATION_FLOOR.format(where="")),
            (f"aggregation structure x month, year {args.year}",
             lambda: Contribution._valuation_aggregate(validated + year_domain(args.year)),
             AGGREGATION_FLOOR.format(where=year_where(args.year))),
            ("pivot read_group (analysis view), whole database",
             lambda: Report.formatted_read_grouping_sets([], PIVOT_SETS, PIVOT_MEASURES),
             PIVOT_FLOOR.format(where="")),
            (f"pivot read_group (analysis view), year {args.year}",
             lambda: Report.formatted_read_grouping_sets(
                 year_domain(args.year), PIVOT_SETS, PIVOT_MEASURES),
             PIVOT_FLOOR.format(where=year_where(args.year))),
        ]
        if as_coordinator is not None:
            cases.append((
                f"aggregation as a region coordinator (record rules), year {args.year}",
                lambda: as_coordinator._valuation_aggregate(validated + year_domain(args.year)),
                AGGREGATION_FLOOR.format(where=f"{year_where(args.year)} {subtree}")))
        for name, orm_call, floor_sql in cases:
            floor, floor_rows = benchlib.measure(
                lambda floor_sql=floor_sql: run_sql(env, floor_sql), args.repeat)
            timing, orm_rows = benchlib.measure(orm_call, args.repeat, env.invalidate_all)
            groups = len(orm_rows) if isinstance(orm_rows, list) else None
            if name.startswith("pivot"):
                groups = sum(len(groups_of_set) for groups_of_set in orm_rows)
            results.append({
                "name": name, "median_s": round(timing[0], 4), "min_s": round(timing[1], 4),
                "max_s": round(timing[2], 4), "floor_median_s": round(floor[0], 4),
                "ratio": round(timing[0] / floor[0], 2), "groups": groups,
                "floor_groups": len(floor_rows),
            })
            print(f"  {name}: {timing[0]:.3f} s (floor {floor[0]:.3f} s)", flush=True)

    if not args.skip_xlsx:
        results.append(measure_xlsx(args))
    report = {
        "database": args.database, "contributions": counts["all"],
        "validated": counts["validated"], "validated_in_year": counts["year"], "year": args.year,
        "repeat": args.repeat, "cpus": os.cpu_count(), "python": platform.python_version(),
        "postgresql": postgres, "load_average_before": load_before,
        "load_average_after": os.getloadavg(), "results": results,
        "targets": {"aggregation_ratio": TARGET_RATIO, "xlsx_seconds": TARGET_XLSX_SECONDS,
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
    header = (f"{'measurement':<66} {'median s':>9} {'min':>8} {'max':>8} {'floor s':>8} "
              f"{'ratio':>6}")
    print(header)
    print("-" * len(header))
    for row in report["results"]:
        floor = row.get("floor_median_s")
        print(f"{row['name']:<66} {row['median_s']:>9.3f} {row['min_s']:>8.3f} "
              f"{row['max_s']:>8.3f} {floor if floor is not None else '':>8} "
              f"{row.get('ratio', ''):>6}")
        if "peak_rss_mb" in row:
            print(f"{'':<66} peak RSS {row['peak_rss_mb']} MB (before the export "
                  f"{row['rss_before_export_mb']} MB), file {row['file_mb']} MB")


if __name__ == "__main__":
    main()
