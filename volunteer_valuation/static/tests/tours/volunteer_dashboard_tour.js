// Copyright 2026 Volunteer Valuation contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/**
 * A coordinator opens the Volunteering app on its dashboard, goes to what waits for
 * validation, and reads the list with the structures' own names. The data is created
 * by tests/test_dashboard_tour.py.
 */
registry.category("web_tour.tours").add("volunteer_dashboard_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Volunteering app",
            trigger: '.o_app[data-menu-xmlid="volunteer_valuation.menu_volunteer_root"]',
            run: "click",
        },
        {
            content: "The app opens on the dashboard: this month's hours",
            trigger: ".o_volunteer_dashboard .o_kanban_record:contains(This month):contains(12.0)",
            // The first dashboard of a session also loads the chart library.
            timeout: 30000,
        },
        {
            content: "Against the same days of last year",
            trigger: ".o_volunteer_dashboard .o_kanban_record:contains(This month) .fa-arrow-up",
        },
        {
            content: "The hours of the last twelve months are drawn",
            trigger: ".o_volunteer_dashboard .o_kanban_record:contains(Hours by month) canvas",
        },
        {
            content: "Two contributions wait for validation",
            trigger: ".o_volunteer_dashboard .o_kanban_record:contains(To validate) .o_volunteer_dashboard_count",
            run() {
                if (this.anchor.textContent.trim() !== "2") {
                    throw new Error(`Expected 2 to validate, got ${this.anchor.textContent}`);
                }
            },
        },
        {
            content: "Review them",
            trigger: ".o_volunteer_dashboard button[name='action_open']",
            run: "click",
        },
        {
            content: "The list of what waits for validation",
            trigger: ".o_searchview .o_facet_value:contains(To validate)",
        },
        {
            content: "The structure column shows the structure's own name, not its path",
            trigger: ".o_list_view .o_data_row td[name='structure_id']:contains(Tour Soup Kitchen)",
            run() {
                const cells = document.querySelectorAll(".o_data_row td[name='structure_id']");
                for (const cell of cells) {
                    if (cell.textContent.includes("/")) {
                        throw new Error(`A path in the list: ${cell.textContent}`);
                    }
                }
                if (cells.length !== 2) {
                    throw new Error(`Expected 2 rows to validate, got ${cells.length}`);
                }
            },
        },
        {
            content: "The volunteer and the description are readable in full",
            trigger: ".o_data_row:contains(Serving soup to forty guests)",
            run() {
                for (const name of ["partner_id", "name"]) {
                    const cell = this.anchor.querySelector(`td[name='${name}']`);
                    if (cell.scrollWidth > cell.clientWidth + 1) {
                        throw new Error(`The ${name} column cuts "${cell.textContent}"`);
                    }
                }
            },
        },
        {
            content: "The form shows where the structure sits in the network",
            trigger: ".o_data_row:contains(Serving soup) .o_list_record_open_form_view button",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='structure_id'] input:value(Tour Network / Tour Soup Kitchen)",
        },
    ],
});
