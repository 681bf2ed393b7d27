// Copyright 2026 Volunteer Valuation contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/**
 * A coordinator's normal day in the back office: open "To validate", validate a batch,
 * meet the four-eyes rule on their own time, reject one contribution with a reason, then
 * record an activity for several volunteers at once.
 *
 * The data (structure "Day Food Bank", volunteers "Day Volunteer ...", the submitted
 * contributions "Day: ...") is created by tests/test_coordinator_day_tour.py.
 */
const line = (name) => `.o_data_row:contains("${name}")`;
const row = (name) => `.o_list_renderer ${line(name)}`;
const selectRow = (name) => ({
    content: `Select “${name}”`,
    trigger: `${row(name)} td.o_list_record_selector input[type="checkbox"]`,
    run: "click",
});

registry.category("web_tour.tours").add("volunteer_coordinator_day_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Volunteering app",
            trigger: '.o_app[data-menu-xmlid="volunteer_valuation.menu_volunteer_root"]',
            run: "click",
        },
        {
            content: "Open what waits for validation",
            trigger:
                '.o_main_navbar [data-menu-xmlid="volunteer_valuation.menu_volunteer_contribution_to_validate"]',
            run: "click",
        },
        {
            content: "The submitted contributions of the day are listed",
            trigger: row("Day: duplicate entry"),
        },
        selectRow("Day: sorting parcels"),
        selectRow("Day: stocktaking"),
        {
            content: "Validate the two selected contributions",
            trigger: '.o_selection_container button[name="action_validate"]',
            run: "click",
        },
        {
            content: "Validated contributions leave the list",
            trigger: `.o_list_renderer:not(:has(${line("Day: sorting parcels")})):has(${line(
                "Day: duplicate entry"
            )})`,
        },
        selectRow("Day: my own report"),
        {
            content: "Try to validate one's own time",
            trigger: '.o_selection_container button[name="action_validate"]',
            run: "click",
        },
        {
            content: "Four eyes: another coordinator must check it",
            trigger: '.modal:contains("your own time")',
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Unselect one's own time",
            trigger: `${row("Day: my own report")} td.o_list_record_selector input:checked`,
            run: "click",
        },
        selectRow("Day: duplicate entry"),
        {
            content: "Reject the duplicate",
            trigger: '.o_selection_container button[name="action_open_reason_wizard"]',
            run: "click",
        },
        {
            content: "Say why",
            trigger: '.modal .o_field_widget[name="reason"] textarea',
            run: "edit Already recorded on Monday",
        },
        {
            content: "Confirm the rejection",
            trigger: '.modal button[name="action_confirm"]',
            run: "click",
        },
        {
            content: "The rejected contribution leaves the list",
            trigger: `.o_list_renderer:not(:has(${line("Day: duplicate entry")}))`,
        },
        {
            content: "Record one activity for several volunteers",
            trigger:
                '.o_main_navbar [data-menu-xmlid="volunteer_valuation.menu_volunteer_contribution_batch"]',
            run: "click",
        },
        {
            content: "Describe the activity",
            trigger: '.modal .o_field_widget[name="name"] input',
            run: "edit Day: food collection",
        },
        {
            content: "Add a first volunteer",
            trigger: '.modal .o_field_widget[name="partner_ids"] input',
            run: "edit Day Volunteer Alice",
        },
        {
            trigger: '.o-autocomplete--dropdown-item a:contains("Day Volunteer Alice")',
            run: "click",
        },
        {
            content: "Add a second volunteer",
            trigger: '.modal .o_field_widget[name="partner_ids"] input',
            run: "edit Day Volunteer Bruno",
        },
        {
            trigger: '.o-autocomplete--dropdown-item a:contains("Day Volunteer Bruno")',
            run: "click",
        },
        {
            content: "Three hours each",
            trigger: '.modal .o_field_widget[name="duration"] input',
            run: "edit 3:00",
        },
        {
            content: "Create the contributions",
            trigger: '.modal button[name="action_create"]',
            run: "click",
        },
        {
            content: "The two new contributions are shown",
            trigger: `.o_list_renderer:has(${line("Day Volunteer Alice")}):has(${line(
                "Day Volunteer Bruno"
            )})`,
        },
    ],
});
