// Copyright 2026 Volunteer Valuation contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import { registry } from "@web/core/registry";

/**
 * A volunteer erases their own data from their phone; run by
 * tests/test_erasure_portal.py, which checks the e-mail, the register and that the
 * volunteer is gone.
 */

const onAPhone = {
    content: "The page fits a phone's screen",
    trigger: "body",
    run() {
        const tooWide = document.documentElement.scrollWidth - window.innerWidth;
        if (window.innerWidth > 400 || tooWide > 0) {
            throw new Error(`${window.innerWidth}px wide page, ${tooWide}px too wide for a phone`);
        }
    },
};

registry.category("web_tour.tours").add("volunteer_portal_erase", {
    url: "/my/volunteering/data",
    steps: () => [
        {
            content: "My data says how long data is kept",
            trigger: ".o_volunteering_retention:contains(3 years)",
        },
        onAPhone,
        {
            content: "Ask to erase my data",
            trigger: "a.o_volunteering_erase_link",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The page says what happens to my contributions",
            trigger: ".o_volunteering_erase_notices li:contains(without your name)",
        },
        {
            content: "... and that my data comes by e-mail first",
            trigger: ".o_volunteering_erase_email:contains(@)",
        },
        onAPhone,
        {
            content: "Confirm that I want it",
            trigger: "#o_volunteering_erase_confirm",
            run: "click",
        },
        {
            content: "Type my password",
            trigger: "input[name='password']",
            run: "edit vv_portal_a",
        },
        {
            content: "Erase",
            trigger: "button.o_volunteering_erase_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Done, and logged out",
            trigger: ".o_volunteering_erased:contains(Your data is erased)",
        },
        onAPhone,
    ],
});
