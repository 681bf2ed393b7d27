// Copyright 2026 Volunteer Valuation contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/**
 * A coordinator records a contribution in the form, submits it and validates it.
 *
 * The data (structure "Tour Food Bank", volunteer "Tour Volunteer Alice") is created
 * by tests/test_ui_tour.py.
 */
registry.category("web_tour.tours").add("volunteer_contribution_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Volunteering app",
            trigger: '.o_app[data-menu-xmlid="volunteer_valuation.menu_volunteer_root"]',
            run: "click",
        },
        {
            content: "Open Contributions",
            trigger: '.o_main_navbar [data-menu-xmlid="volunteer_valuation.menu_volunteer_contribution"]',
            run: "click",
        },
        {
            content: "The contribution list is shown",
            trigger: '.o_breadcrumb:contains("Contributions")',
        },
        {
            content: "The list is the fast-entry list: its columns are there",
            trigger: '.o_list_view th[data-name="duration"]',
            // The editable list adds rows inline; the full form is opened by its address.
            run() {
                window.location.assign(
                    "/odoo/action-volunteer_valuation.volunteer_contribution_action/new"
                );
            },
            expectUnloadPage: true,
        },
        {
            content: "Describe the contribution",
            trigger: '.o_form_view .o_field_widget[name="name"] input',
            run: "edit Sorting food parcels",
        },
        {
            content: "Choose the volunteer",
            trigger: '.o_field_widget[name="partner_id"] input',
            run: "edit Tour Volunteer",
        },
        {
            trigger: '.o-autocomplete--dropdown-item a:contains("Tour Volunteer Alice")',
            run: "click",
        },
        {
            content: "Choose the structure",
            trigger: '.o_field_widget[name="structure_id"] input',
            run: "edit Tour Food",
        },
        {
            trigger: '.o-autocomplete--dropdown-item a:contains("Tour Food Bank")',
            run: "click",
        },
        {
            content: "Two and a half hours",
            trigger: '.o_field_widget[name="duration"] input',
            run: "edit 2:30",
        },
        {
            content: "Choose the competence level",
            trigger: '.o_field_widget[name="level_id"] input',
            run: "edit Qualified",
        },
        {
            trigger: '.o-autocomplete--dropdown-item a:contains("Qualified")',
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the form is clean",
            trigger: ".o_form_saved",
        },
        {
            content: "Submit",
            trigger: '.o_form_view button[name="action_submit"]',
            run: "click",
        },
        {
            content: "Now waiting for validation",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("To validate")',
        },
        {
            content: "Validate",
            trigger: '.o_form_view .o_statusbar_buttons button[name="action_validate"]',
            run: "click",
        },
        {
            content: "Validated",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("Validated")',
        },
        {
            content: "The value is shown and is not zero",
            trigger: '.o_field_widget[name="amount"]',
            run() {
                const digits = this.anchor.textContent.replace(/[^\d]/g, "");
                if (!digits || !Number(digits)) {
                    throw new Error(`Expected a non-zero value, got "${this.anchor.textContent}"`);
                }
            },
        },
        {
            content: "Hours are shown as 02:30",
            trigger: '.o_field_widget[name="duration"]:contains("02:30")',
        },
        {
            content: "Back to the list",
            trigger: '.o_breadcrumb a:contains("Contributions")',
            run: "click",
        },
        {
            content: "The list shows the validated contribution",
            trigger:
                '.o_list_view .o_data_row:contains("Sorting food parcels") .o_field_badge:contains("Validated")',
        },
        // Fast entry: a second contribution typed straight into the list.
        {
            content: "Add a line in the list",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: '.o_selected_row .o_field_widget[name="partner_id"] input',
            run: "edit Tour Volunteer",
        },
        {
            trigger: '.o-autocomplete--dropdown-item a:contains("Tour Volunteer Alice")',
            run: "click",
        },
        {
            trigger: '.o_selected_row .o_field_widget[name="structure_id"] input',
            run: "edit Tour Food",
        },
        {
            trigger: '.o-autocomplete--dropdown-item a:contains("Tour Food Bank")',
            run: "click",
        },
        {
            trigger: '.o_selected_row .o_field_widget[name="name"] input',
            run: "edit Unloading the truck",
        },
        {
            trigger: '.o_selected_row .o_field_widget[name="duration"] input',
            run: "edit 1:15",
        },
        {
            content: "Save the line",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "The new line is a draft",
            trigger:
                '.o_list_view .o_data_row:not(.o_selected_row):contains("Unloading the truck") .o_field_badge:contains("Draft")',
        },
    ],
});
