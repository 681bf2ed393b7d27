// Copyright 2026 Volunteer Valuation contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import { patch } from "@web/core/utils/patch";
import { PortalHomeCounters } from "@portal/interactions/portal_home_counters";

/**
 * A volunteer sees the "Volunteering" entry of /my even before declaring anything.
 * The server sends this counter to volunteers only.
 */
patch(PortalHomeCounters.prototype, {
    getCountersAlwaysDisplayed() {
        return super.getCountersAlwaysDisplayed(...arguments).concat(["volunteering_count"]);
    },
});
