// Copyright 2026 Volunteer Valuation contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import { registry } from "@web/core/registry";

/**
 * A volunteer opens their time bank on the portal, sees their balance and
 * statement, and gives 1.5 units to another member of their association.
 *
 * The data (currency "Tour Time Bank", volunteer Paul Portal with 4 units,
 * Alice Second in the same association) is created by tests/test_portal.py.
 */
registry.category("web_tour.tours").add("volunteer_currency_portal_tour", {
    url: "/my",
    steps: () => [
        {
            content: "The portal home links to the time bank",
            trigger: 'a[href="/my/volunteering/currency"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The breadcrumbs lead back to the portal home",
            trigger: '.o_portal_submenu li.breadcrumb-item:contains("Time bank and currencies")',
        },
        {
            content: "The balance is shown",
            trigger: '.o_volunteer_currency_balance:contains("4.00")',
        },
        {
            content: "The statement lists the credit of the validated contribution",
            trigger: '.o_volunteer_currency_statement td:contains("Tour food distribution")',
        },
        {
            content: "Choose the recipient",
            trigger: 'select[name="recipient_id"]',
            run: "selectByLabel Alice Second",
        },
        {
            content: "Type the amount",
            trigger: 'input[name="amount"]',
            run: "edit 1,5",
        },
        {
            content: "Say what it is for",
            trigger: 'textarea[name="note"]',
            run: "edit Thanks for the ride",
        },
        {
            content: "Transfer",
            trigger: '.o_volunteer_currency_transfer button[type="submit"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The transfer is confirmed",
            trigger: ".o_volunteer_currency_done",
        },
        {
            content: "The balance went down by 1.5",
            trigger: '.o_volunteer_currency_balance:contains("2.50")',
        },
        {
            content: "The statement shows the transfer and its note",
            trigger: '.o_volunteer_currency_statement tr:contains("Transfer to Alice Second"):contains("Thanks for the ride"):contains("-1.50")',
        },
        {
            content: "Giving more than the balance allows is refused",
            trigger: 'select[name="recipient_id"]',
            run: "selectByLabel Alice Second",
        },
        {
            trigger: 'input[name="amount"]',
            run: "edit 10",
        },
        {
            trigger: '.o_volunteer_currency_transfer button[type="submit"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The refusal says why, and the balance did not change",
            trigger: '.o_volunteer_currency_error:contains("cannot go under the minimum")',
        },
        {
            trigger: '.o_volunteer_currency_balance:contains("2.50")',
        },
    ],
});
