// Copyright 2026 Volunteer Valuation contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

/**
 * Steps shared by the tours of the volunteering pages, which run on a 390 x 844 phone
 * screen: nothing may stick out sideways, and what counts must be on screen.
 */

/** The page is phone-wide and nothing makes it scroll sideways. */
export function checkFitsTheScreen(what = "the page") {
    return {
        content: `Nothing sticks out of the phone's screen on ${what}`,
        trigger: "body",
        run() {
            const overflow = document.documentElement.scrollWidth - window.innerWidth;
            if (window.innerWidth > 400 || overflow > 0) {
                throw new Error(
                    `${what}: expected a phone-size page, got ${window.innerWidth}px wide with ${overflow}px too wide`
                );
            }
        },
    };
}

/** Whether ``el`` is displayed, with some size, and wholly inside the screen's width. */
export function isOnScreen(el) {
    const rect = el.getBoundingClientRect();
    return (
        el.checkVisibility() &&
        rect.width > 0 &&
        rect.height > 0 &&
        rect.left >= 0 &&
        rect.right <= window.innerWidth
    );
}

/**
 * Every contribution of the list shows, on screen: its description, structure, date,
 * hours and status badge.
 */
export function checkCardsShowTheHours() {
    return {
        content: "Each card shows the description, structure, date, hours and status",
        trigger: ".o_volunteering_row",
        run() {
            const parts = {
                description: ".o_volunteering_open",
                structure: ".o_volunteering_where",
                date: ".o_volunteering_date",
                hours: ".o_volunteering_hours",
                status: ".o_volunteering_state",
            };
            for (const row of document.querySelectorAll(".o_volunteering_row")) {
                for (const [name, selector] of Object.entries(parts)) {
                    const el = row.querySelector(selector);
                    if (!el || !el.textContent.trim() || !isOnScreen(el)) {
                        throw new Error(`The ${name} of "${row.textContent.trim()}" is not on screen`);
                    }
                }
                if (!/^\d+h\d\d$/.test(row.querySelector(".o_volunteering_hours").textContent.trim())) {
                    throw new Error(`Hours are not shown as 2h30 in "${row.textContent.trim()}"`);
                }
            }
        },
    };
}
