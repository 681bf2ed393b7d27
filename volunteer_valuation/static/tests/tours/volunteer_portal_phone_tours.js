// Copyright 2026 Volunteer Valuation contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import { registry } from "@web/core/registry";
import {
    checkCardsShowTheHours,
    checkFitsTheScreen,
    isOnScreen,
} from "@volunteer_valuation/../tests/tours/volunteer_portal_steps";

/**
 * Every page of the volunteering space on a phone, in English and in French, and the
 * list on a desktop. Run by tests/test_portal_phone.py, which creates the data.
 */

function goTo(url) {
    return {
        content: `Go to ${url}`,
        trigger: "body",
        run() {
            window.location.assign(url);
        },
        expectUnloadPage: true,
    };
}

registry.category("web_tour.tours").add("volunteer_portal_phone_pages", {
    url: "/my/volunteering",
    steps: () => [
        {
            content: "A full page of contributions, with a pager",
            trigger: ".o_portal_pager .pagination",
        },
        checkFitsTheScreen("the list"),
        checkCardsShowTheHours(),
        {
            content: "A long rejection reason wraps inside its card",
            trigger: ".o_volunteering_row .text-danger:contains(duplicate)",
            run() {
                if (!isOnScreen(this.anchor)) {
                    throw new Error("The rejection reason sticks out of its card");
                }
            },
        },
        {
            content: "Open the filters",
            trigger: ".o_portal_navbar .navbar-toggler",
            run: "click",
        },
        {
            content: "The filters are shown",
            trigger: "#o_volunteering_state_filter",
        },
        checkFitsTheScreen("the list with its filters open"),
        {
            content: "Open a validated contribution",
            trigger:
                ".o_volunteering_row:has(.o_volunteering_state[data-state='validated']) a.o_volunteering_open",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "It is shown, not editable",
            trigger: ".o_volunteering_summary",
        },
        checkFitsTheScreen("a validated contribution"),
        {
            content: "Back to the list",
            trigger: "a[aria-label='Back to the list']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open a rejected contribution",
            trigger:
                ".o_volunteering_row:has(.o_volunteering_state[data-state='rejected']) a.o_volunteering_open",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Its reason and its form are shown",
            trigger: ".o_volunteering_rejection_reason:contains(duplicate)",
        },
        checkFitsTheScreen("a rejected contribution"),
        {
            content: "The common durations are offered under the duration",
            trigger: ".o_volunteering_quick_durations:visible button[data-duration='2h']",
        },
        goTo("/my/volunteering/data"),
        {
            content: "My data",
            trigger: ".o_volunteering_export",
        },
        checkFitsTheScreen("My data"),
        goTo("/volunteering/link/no-such-link"),
        {
            content: "A link that does not work says so",
            trigger: ".o_volunteering_link_invalid",
        },
        checkFitsTheScreen("a link that does not work"),
    ],
});

const FRENCH_MONTH = /\d{1,2} (janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)/;

registry.category("web_tour.tours").add("volunteer_portal_french", {
    url: "/my/volunteering",
    steps: () => [
        {
            content: "The page is in French",
            trigger: "a.o_volunteering_declare:contains(Déclarer du temps)",
        },
        {
            content: "Dates are written the French way",
            trigger: ".o_volunteering_row .o_volunteering_date",
            run() {
                if (!FRENCH_MONTH.test(this.anchor.textContent)) {
                    throw new Error(`Not a French date: ${this.anchor.textContent.trim()}`);
                }
            },
        },
        {
            content: "Statuses are in French",
            trigger: ".o_volunteering_state[data-state='validated']:contains(Validée)",
        },
        checkFitsTheScreen("the French list"),
        checkCardsShowTheHours(),
        {
            content: "Déclarer du temps",
            trigger: "a.o_volunteering_declare",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The form asks in French",
            trigger: "label[for='o_volunteering_name']:contains(Qu'avez-vous fait)",
        },
        {
            content: "The duration says how to type it, in French",
            trigger: ".o_volunteering_field_duration .form-text:contains(En heures)",
        },
        checkFitsTheScreen("the French form"),
        {
            trigger: "input[name='name']",
            run: "edit Tri des colis alimentaires",
        },
        {
            content: "Deux heures, d'un geste",
            trigger: ".o_volunteering_quick_durations button[data-duration='2h']",
            run: "click",
        },
        {
            content: "Soumettre",
            trigger: "button.o_volunteering_submit:contains(Soumettre)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Thanked in French",
            trigger: ".o_volunteering_message:contains(Merci)",
        },
        {
            content: "Waiting for validation, in French",
            trigger:
                ".o_volunteering_row:contains(Tri des colis alimentaires) .o_volunteering_state:contains(À valider)",
        },
        {
            trigger: ".o_volunteering_row:contains(Tri des colis alimentaires) .o_volunteering_hours:contains(2h00)",
        },
        goTo("/my/volunteering/data"),
        {
            content: "My data, in French",
            trigger: "h3:contains(Mes données)",
        },
        checkFitsTheScreen("the French page of my data"),
    ],
});

registry.category("web_tour.tours").add("volunteer_portal_desktop_table", {
    url: "/my/volunteering",
    steps: () => [
        {
            content: "On a desktop the list is a table with its column titles",
            trigger: ".o_volunteering_table thead th:contains(Hours)",
            run() {
                const rows = [...document.querySelectorAll(".o_volunteering_row")];
                if (!rows.length || rows.some((row) => getComputedStyle(row).display !== "table-row")) {
                    throw new Error("The contributions should be the rows of a table");
                }
                const lefts = new Set(
                    rows.map((row) =>
                        Math.round(row.querySelector(".o_volunteering_hours").getBoundingClientRect().left)
                    )
                );
                if (lefts.size !== 1) {
                    throw new Error("The hours should line up in one column");
                }
                const cell = rows[0].querySelector(".o_volunteering_name");
                const width = cell.getBoundingClientRect().width;
                if (cell.scrollWidth > cell.clientWidth + 1 || width < 300 || !isOnScreen(cell)) {
                    throw new Error(`The description should be readable in full (${width}px)`);
                }
            },
        },
        {
            content: "The value has its column",
            trigger: ".o_volunteering_table thead th:contains(Value)",
        },
    ],
});
