# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Which requests Odoo may serve from a read replica (``--db_replica_host``)."""

from odoo.http import request


def readonly_on_get(_controller, _rule, _args):
    """``readonly`` of a route that shows a form on GET and saves it on POST.

    Odoo calls it before dispatching: the page is read on the replica, the form
    posted back is written on the primary.
    """
    return request.httprequest.method in ("GET", "HEAD")
