# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The network of the load test, written once through the ORM before the server starts.

A federation with one region per coordinator, two associations per region (the
first one with a section), projects open to regions or to all, tasks; portal
volunteers spread over the associations, every fifth one also in an association
of the next region (so that two coordinators may credit the same member at once);
each coordinator coordinates one region (their branch). Two currencies credit
validated contributions: a time bank used everywhere (1 unit per hour) and local
units used in the first three regions (0.1 unit per euro of value).
"""

from datetime import date

import benchlib

RULES_FROM = date(2020, 1, 1)
TASKS_PER_PROJECT = 3


def build_network(database, volunteers, coordinators, password):
    """Create the network in ``database`` and commit it; returns what the clients and
    the checks need (plain data, no records)."""
    with benchlib.environment(database) as env:
        facts = _build(env, volunteers, coordinators, password)
        env.cr.commit()  # the environment rolls back at exit: keep the network
    return facts


def _build(env, volunteer_count, coordinator_count, password):
    from odoo import Command

    company = env.company
    Structure = env["volunteer.structure"]
    federation = Structure.create({"name": "Load federation", "company_id": company.id})
    regions = Structure.create([
        {"name": f"Load region {index + 1}", "parent_id": federation.id}
        for index in range(coordinator_count)])
    associations = Structure.browse()
    for region_index, region in enumerate(regions):
        for number in (1, 2):
            index = 2 * region_index + number - 1
            associations |= Structure.create({
                "name": f"Load association {region_index + 1}.{number}",
                "parent_id": region.id,
                "portal_use_categories": index % 2 == 0,
                "portal_use_tasks": index % 3 == 0,
                "show_amount_to_volunteers": index % 4 == 0,
            })
    section = Structure.create({
        "name": "Load section 1.1.a", "parent_id": associations[0].id,
        "portal_use_categories": True})
    homes = associations | section

    projects = env["project.project"].create([
        {"name": f"Load project of region {index + 1}",
         "volunteer_structure_ids": [Command.set(region.ids)]}
        for index, region in enumerate(regions[:3])
    ] + [{"name": "Load project of the federation",
          "volunteer_structure_ids": [Command.set(federation.ids)]}])
    env["project.task"].create([
        {"name": f"Load task {number} of {project.name}", "project_id": project.id}
        for project in projects for number in range(1, TASKS_PER_PROJECT + 1)])

    portal = env.ref("base.group_portal")
    Users = env["res.users"].with_context(no_reset_password=True, mail_create_nolog=True)
    volunteer_users = Users.create([{
        "name": f"Load volunteer {index:02d}", "login": f"load_volunteer_{index:02d}",
        "email": f"load_volunteer_{index:02d}@example.org", "password": password,
        "group_ids": [Command.set(portal.ids)],
    } for index in range(1, volunteer_count + 1)])
    members = {structure.id: [] for structure in homes}
    volunteer_facts = []
    for index, user in enumerate(volunteer_users):
        home = homes[index % len(homes)]
        structures = [home]
        if index % 5 == 4:  # also in an association of the next region (another branch)
            region_index = regions.ids.index(_region_of(home, regions).id)
            structures.append(associations[2 * ((region_index + 1) % len(regions))])
        for structure in structures:
            members[structure.id].append(user.partner_id.id)
        volunteer_facts.append({
            "login": user.login, "partner_id": user.partner_id.id,
            "structure_ids": [structure.id for structure in structures]})
    for structure in homes:
        structure.volunteer_ids = [Command.set(members[structure.id])]

    coordinator_group = env.ref("volunteer_valuation.group_volunteer_coordinator")
    coordinator_users = Users.create([{
        "name": f"Load coordinator {index + 1}", "login": f"load_coordinator_{index + 1}",
        "email": f"load_coordinator_{index + 1}@example.org", "password": password,
        "group_ids": [Command.set(coordinator_group.ids)],
        "volunteer_coordinated_structure_ids": [Command.set(region.ids)],
    } for index, region in enumerate(regions)])

    Currency = env["volunteer.currency"]
    Currency.search([]).write({"active": False})  # nothing but the test's currencies
    currencies = Currency.create([{
        "name": "Load time bank", "symbol": "h", "basis": "hours", "decimal_places": 2,
        "rule_ids": [Command.create({"date_from": RULES_FROM, "rate": 1})],
    }, {
        "name": "Load local units", "symbol": "LU", "basis": "value", "decimal_places": 2,
        "structure_ids": [Command.set(regions[:3].ids)],
        "rule_ids": [Command.create({"date_from": RULES_FROM, "rate": 0.1})],
    }])
    env.flush_all()
    return {
        "company_id": company.id,
        "structure_ids": (federation | regions | homes).ids,
        "volunteers": volunteer_facts,
        "coordinators": [{"login": user.login, "uid": user.id, "region_id": region.id}
                         for user, region in zip(coordinator_users, regions, strict=True)],
        "currencies": [{
            "id": currency.id, "name": currency.name, "basis": currency.basis,
            "rate": currency.rule_ids.rate, "decimal_places": currency.decimal_places,
            "scope_ids": currency.structure_ids.ids,
        } for currency in currencies],
    }


def _region_of(structure, regions):
    ancestors = {int(part) for part in structure.parent_path.split("/") if part}
    return regions.filtered(lambda region: region.id in ancestors)
