# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Build a realistic database for the valuation benchmark.

    python3 tests/benchmarks/generate_dataset.py [--database vv_bench]
        [--contributions 1000000] [--volunteers 20000] [--recreate]

A federation of 200 structures in 4 levels (1 federation, 9 regions, 40
departmental committees, 150 associations), 20 projects, 20 000 volunteers
(10 % in two associations, a few in a committee or region, 30 % agreeing to be
named), and N contributions spread over 1 January 2024 to today (about three
years): 5 % estimates, 92 % validated, roles, levels, categories, contributor
types and projects in realistic shares, each valued with the addon's own
valuation engine and scale as validation would have done.

The structures, projects and users go through the ORM; partners and
memberships are inserted by one SQL statement each, and contributions are
streamed with COPY through the ORM's cursor, 100 000 rows at a time. The
database is created (with the addon installed, no demo data) when it does not
exist; ``--recreate`` drops it first. Each step prints its duration.
"""

import argparse
import io
import random
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib

benchlib.ensure_odoo()

FIRST_NAMES = ("Camille", "Léa", "Louis", "Emma", "Jules", "Chloé", "Hugo", "Manon", "Lucas",
               "Inès", "Nathan", "Sarah", "Paul", "Zoé", "Arthur", "Alice", "Gabriel", "Jade",
               "Raphaël", "Lina", "Yasmine", "Karim", "Nadia", "Thomas", "Marie", "Pierre")
LAST_NAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
              "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David",
              "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "Andre", "Mercier")
ACTIVITIES = ("Distribution alimentaire", "Accueil du public", "Réunion du bureau",
              "Conseil d'administration", "Encadrement des jeunes", "Collecte", "Tenue du stand",
              "Transport de matériel", "Comptabilité", "Entretien des locaux",
              "Animation d'atelier", "Formation des nouveaux", "Permanence téléphonique")
COPY_COLUMNS = (
    "name", "partner_id", "structure_id", "project_id", "level_id", "category_id", "date",
    "date_last", "duration", "distance_km", "contributor_type", "role", "entry_mode",
    "headcount", "state", "rate_id", "hourly_rate", "amount", "source", "company_id",
    "validated_by_id", "validation_date", "create_uid", "create_date", "write_uid",
    "write_date",
)
CHUNK = 100_000
START = date(2024, 1, 1)
PORTAL_LOGIN = "bench_volunteer"


class Step:
    """Prints how long a step took."""

    def __init__(self, label):
        self.label = label

    def __enter__(self):
        self.start = time.perf_counter()
        print(f"{self.label}...", end=" ", flush=True)
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        print(f"{self.seconds:.1f} s", flush=True)
        TIMINGS[self.label] = round(self.seconds, 1)


TIMINGS = {}


def siren(rng):
    """A random SIREN with a valid Luhn check digit."""
    base = f"{rng.randrange(10**7, 10**8)}"
    for digit in "0123456789":
        number = base + digit
        total = 0
        for index, char in enumerate(reversed(number)):
            value = int(char) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return number
    raise AssertionError("unreachable: one digit always completes a Luhn number")


def create_network(env, rng):
    Structure = env["volunteer.structure"].with_context(tracking_disable=True)
    federation = Structure.create({"name": "Fédération nationale"})
    regions = Structure.create([{"name": f"Région {index:02d}", "parent_id": federation.id}
                                for index in range(1, 10)])
    committees = Structure.create([
        {"name": f"Comité {index:02d}", "parent_id": regions[index % len(regions)].id}
        for index in range(1, 41)])
    associations = Structure.create([{
        "name": f"Association {index:03d}",
        "parent_id": committees[index % len(committees)].id,
        "rna": f"W{rng.randrange(10**8, 10**9)}" if rng.random() < 0.9 else False,
        "siren": siren(rng) if rng.random() < 0.7 else False,
    } for index in range(1, 151)])
    projects = env["project.project"].with_context(
        tracking_disable=True, mail_create_nolog=True).create(
        [{"name": f"Projet {index:02d}"} for index in range(1, 21)])
    coordinator = env["res.users"].with_context(no_reset_password=True).create({
        "name": "Coordinatrice Région 01", "login": "bench_coordinator",
        "password": "bench_coordinator",
        "group_ids": [(4, env.ref("volunteer_valuation.group_volunteer_coordinator").id)],
        "volunteer_coordinated_structure_ids": [(6, 0, regions[:1].ids)],
    })
    return federation, regions, committees, associations, projects, coordinator


def create_portal_volunteer(env, association):
    """A portal user (``bench_volunteer``) who is a member of ``association``: their
    partner gets ``--portal-entries`` contributions of their own (the portal list)."""
    user = env["res.users"].with_context(no_reset_password=True).create({
        "name": "Bénévole Portail", "login": PORTAL_LOGIN, "password": PORTAL_LOGIN,
        "group_ids": [(6, 0, [env.ref("base.group_portal").id])],
    })
    user.partner_id.volunteer_structure_ids = [(4, association.id)]
    return user.partner_id.id


def create_volunteers(env, rng, count, associations, upper):
    """Partners (one INSERT) and their memberships (one INSERT); returns {partner: structures}."""
    names = [f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _index in range(count)]
    shares = [rng.random() < 0.3 for _index in range(count)]
    env.cr.execute("""
        INSERT INTO res_partner (name, complete_name, active, type, is_company, lang,
                                 volunteer_share_identity, create_uid, write_uid,
                                 create_date, write_date)
        SELECT name, name, TRUE, 'contact', FALSE, 'en_US', share, 1, 1,
               now() at time zone 'UTC', now() at time zone 'UTC'
          FROM unnest(%s::varchar[], %s::boolean[]) AS volunteer(name, share)
        RETURNING id""", [names, shares])
    partner_ids = [row[0] for row in env.cr.fetchall()]
    env.cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
                   [partner_ids])
    # Bigger and smaller associations (Zipf-like), a few volunteers in two of them or
    # directly in a committee or region (board members).
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(associations))]
    firsts = rng.choices(associations.ids, weights=weights, k=count)
    memberships = {}
    for partner_id, first in zip(partner_ids, firsts, strict=True):
        structures = [first]
        if rng.random() < 0.10:
            second = rng.choice(associations.ids)
            if second != first:
                structures.append(second)
        if rng.random() < 0.02:
            structures.append(rng.choice(upper.ids))
        memberships[partner_id] = structures
    pairs = [(partner_id, structure_id) for partner_id, structures in memberships.items()
             for structure_id in structures]
    env.cr.execute("""
        INSERT INTO volunteer_structure_partner_rel (partner_id, structure_id)
        SELECT * FROM unnest(%s::int[], %s::int[])""",
                   [[pair[0] for pair in pairs], [pair[1] for pair in pairs]])
    return memberships


class Valuer:
    """Rate line and value of contributions with the addon's engine, cached by facts."""

    def __init__(self, env, company, structures):
        from odoo.addons.volunteer_valuation.engine import rates

        self.engine = rates
        self.lines = env["volunteer.rate"].search([("company_id", "=", company.id)])._as_lines()
        self.wages = env["volunteer.reference.wage"]._wage_periods(company)[company.id]
        self.paths = {structure.id: frozenset(int(part) for part in structure.parent_path
                                              .split("/") if part) for structure in structures}
        self.rates, self.amounts = {}, {}

    def value(self, day, structure_id, level_id, category_id, contributor_type, hours):
        wage = self.engine.wage_in_force(self.wages, day)
        key = (wage.date_from if wage else None, structure_id, level_id, category_id,
               contributor_type)
        if key not in self.rates:
            facts = self.engine.ContributionFacts(
                day, self.paths[structure_id], level_id, category_id, contributor_type)
            valuation = self.engine.valuate(self.lines, self.wages, facts, 1.0)
            self.rates[key] = (valuation.rate.id if valuation.found else None,
                               valuation.hourly_rate)
        rate_id, hourly = self.rates[key]
        amount = self.amounts.get((hourly, hours))
        if amount is None:
            amount = self.amounts[hourly, hours] = self.engine.round_money(
                Decimal(str(hours)) * hourly)
        return rate_id, hourly, amount


def contribution_rows(rng, count, memberships, env, projects, company, valuer,
                      portal_partner=None, portal_entries=0):
    """Lines of COPY text, one per contribution; the last ``portal_entries`` of the
    ``count`` are the portal volunteer's."""
    levels = env["volunteer.level"].search([]).ids
    categories = env["volunteer.category"].search([]).ids
    partners = [partner for partner in memberships if partner != portal_partner]
    # A few very active volunteers, many occasional ones.
    activity = [rng.paretovariate(1.2) for _partner in partners]
    chosen = rng.choices(partners, weights=activity, k=count - portal_entries)
    chosen += [portal_partner] * portal_entries
    all_structures = sorted({sid for structures in memberships.values() for sid in structures})
    days = (date.today() - START).days + 1
    now = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    null = "\\N"
    for partner_id in chosen:
        day = START + timedelta(days=rng.randrange(days))
        estimate = rng.random() < 0.05
        if estimate:
            structure_id = rng.choice(all_structures)
            partner, headcount = null, rng.randrange(2, 41)
            # at most 24 hours a day for each person (the model's constraint)
            hours = min(rng.randrange(4, 241) / 4, 24 * headcount)
        else:
            structures = memberships[partner_id]
            structure_id = structures[0] if rng.random() < 0.85 else rng.choice(structures)
            partner, headcount = str(partner_id), 1
            hours = rng.randrange(1, 33) / 4
        draw = rng.random()
        role = "governance" if draw < 0.12 else "supervision" if draw < 0.20 else "other"
        draw = rng.random()
        contributor_type = ("volunteer" if draw < 0.92 else "civic_service" if draw < 0.97
                            else "skills_sponsorship")
        level_id = rng.choice(levels) if rng.random() < 0.6 else None
        category_id = rng.choice(categories) if rng.random() < 0.9 else None
        project_id = rng.choice(projects.ids) if rng.random() < 0.3 else None
        draw = rng.random()
        state = ("validated" if draw < 0.92 else "submitted" if draw < 0.96
                 else "draft" if draw < 0.99 else "rejected")
        rate_id, hourly, amount = valuer.value(
            day, structure_id, level_id, category_id, contributor_type, hours)
        validated = state == "validated"
        fields = (
            rng.choice(ACTIVITIES), partner, str(structure_id),
            str(project_id) if project_id else null, str(level_id) if level_id else null,
            str(category_id) if category_id else null, day.isoformat(), day.isoformat(),
            str(hours), "0", contributor_type, role, "estimate" if estimate else "detailed",
            str(headcount), state, str(rate_id) if rate_id else null, str(hourly), str(amount),
            "backend", str(company.id), "2" if validated else null,
            f"{day.isoformat()} 18:00:00" if validated else null, "2", now, "2", now,
        )
        yield "\t".join(fields) + "\n"


def copy_contributions(env, rows, count):
    sql = f"COPY volunteer_contribution ({', '.join(COPY_COLUMNS)}) FROM STDIN"
    buffer, written = io.StringIO(), 0
    for line in rows:
        buffer.write(line)
        written += 1
        if written % CHUNK == 0 or written == count:
            buffer.seek(0)
            env.cr.copy_expert(sql, buffer)
            buffer = io.StringIO()
            print(f"{written}", end=" ", flush=True)
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=benchlib.DEFAULT_DATABASE)
    parser.add_argument("--contributions", type=int, default=1_000_000)
    parser.add_argument("--volunteers", type=int, default=20_000)
    parser.add_argument("--portal-entries", type=int, default=5_000,
                        help="contributions of the portal user bench_volunteer (within N)")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--recreate", action="store_true",
                        help="drop the database first if it exists")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    total = time.perf_counter()
    if args.recreate and benchlib.database_exists(args.database):
        subprocess.run(["dropdb", "--force", args.database], check=True)
    if not benchlib.database_exists(args.database):
        with Step("Database with the addon installed"):
            benchlib.install_database(args.database)
    with benchlib.environment(args.database) as env:
        if env["volunteer.structure"].search_count([]):
            sys.exit(f"{args.database} already has structures: use --recreate.")
        company = env.ref("base.main_company")
        with Step("200 structures, 20 projects, a coordinator (ORM)"):
            federation, regions, committees, associations, projects, _user = create_network(
                env, rng)
        with Step(f"{args.volunteers} volunteers and their memberships (SQL)"):
            memberships = create_volunteers(env, rng, args.volunteers, associations,
                                            regions | committees)
        with Step(f"A portal volunteer with {args.portal_entries} contributions (ORM)"):
            portal_partner = create_portal_volunteer(env, associations[0])
            memberships[portal_partner] = [associations[0].id]
        structures = federation | regions | committees | associations
        valuer = Valuer(env, company, structures)
        with Step(f"{args.contributions} contributions (COPY)"):
            copy_contributions(env, contribution_rows(
                rng, args.contributions, memberships, env, projects, company, valuer,
                portal_partner, min(args.portal_entries, args.contributions)),
                args.contributions)
        with Step("ANALYZE"):
            env.cr.execute("ANALYZE volunteer_contribution")
            env.cr.execute("ANALYZE res_partner")
            env.cr.execute("ANALYZE volunteer_structure_partner_rel")
        env.cr.commit()
    print(f"Done in {time.perf_counter() - total:.1f} s: {TIMINGS}")


if __name__ == "__main__":
    main()
