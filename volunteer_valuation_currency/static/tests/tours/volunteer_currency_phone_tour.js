// Copyright 2026 Volunteer Valuation contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import { registry } from "@web/core/registry";
import {
    checkFitsTheScreen,
    isOnScreen,
} from "@volunteer_valuation/../tests/tours/volunteer_portal_steps";

/**
 * The time bank page on a 390 x 844 phone: balance, statement as cards, a transfer
 * typed with the number keyboard, and the second currency's tab. The data is created
 * by tests/test_portal_phone.py.
 */
function checkStatementOnScreen() {
    return {
        content: "Each move of the statement shows its units and the balance, on screen",
        trigger: ".o_volunteer_currency_statement tr",
        run() {
            for (const row of document.querySelectorAll(".o_volunteer_currency_statement tr")) {
                for (const selector of [
                    ".o_volunteer_currency_description",
                    ".o_volunteer_currency_date",
                    ".o_volunteer_currency_units",
                    ".o_volunteer_currency_balance_after",
                ]) {
                    if (!isOnScreen(row.querySelector(selector))) {
                        throw new Error(`${selector} of "${row.textContent.trim()}" is not on screen`);
                    }
                }
            }
        },
    };
}

registry.category("web_tour.tours").add("volunteer_currency_portal_phone", {
    url: "/my/volunteering/currency",
    steps: () => [
        {
            content: "The balance is shown",
            trigger: ".o_volunteer_currency_balance:contains(4.00)",
        },
        checkFitsTheScreen("the time bank"),
        checkStatementOnScreen(),
        {
            content: "Choose the recipient",
            trigger: "select[name='recipient_id']",
            run: "selectByLabel Alice Second",
        },
        {
            content: "The amount opens the number keyboard",
            trigger: "input[name='amount'][inputmode='decimal']",
            run: "edit 0,5",
        },
        {
            trigger: ".o_volunteer_currency_transfer button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The transfer is confirmed",
            trigger: ".o_volunteer_currency_done",
        },
        {
            trigger: ".o_volunteer_currency_statement tr:contains(Alice Second) .o_volunteer_currency_units:contains(-0.50)",
        },
        checkFitsTheScreen("the time bank after a transfer"),
        checkStatementOnScreen(),
        {
            content: "Open the other currency",
            trigger: ".o_volunteer_currency .nav a:contains(Local units)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_volunteer_currency_balance:contains(4.81)",
        },
        checkFitsTheScreen("the second currency"),
    ],
});
