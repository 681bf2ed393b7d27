// Copyright 2026 Volunteer Valuation contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import { registry } from "@web/core/registry";
import { checkFitsTheScreen, isOnScreen } from "@volunteer_valuation/../tests/tours/volunteer_portal_steps";

/**
 * The yearly survey of a member structure, on a phone and on a desktop. Run by
 * tests/test_federation_survey_tour.py, which creates the data and checks what was
 * recorded.
 */

const TYPE_LINE = (kind) =>
    `.o_volunteer_survey_form > .o_volunteer_survey_line[data-type='${kind}']:not([data-category])`;

/** Every input of the survey is on screen and big enough for a thumb. */
function checkThumbSizedInputs(what) {
    return {
        content: `The inputs of ${what} are on screen and big enough for a thumb`,
        trigger: ".o_volunteer_survey_form",
        run() {
            const inputs = [
                ...document.querySelectorAll(
                    ".o_volunteer_survey_form input.form-control, .o_volunteer_survey_form select"
                ),
            ].filter((el) => el.checkVisibility());
            if (!inputs.length) {
                throw new Error("No input shown");
            }
            for (const input of inputs) {
                const height = input.getBoundingClientRect().height;
                if (height < 44 || !isOnScreen(input)) {
                    throw new Error(`${input.name}: ${height}px high, or off the screen`);
                }
            }
        },
    };
}

registry.category("web_tour.tours").add("volunteer_survey_phone", {
    url: "/my/volunteering/survey",
    steps: () => [
        {
            content: "One line per kind of contributor",
            trigger: `${TYPE_LINE("skills_sponsorship")} .o_volunteer_survey_line_title`,
        },
        checkFitsTheScreen("the survey"),
        checkThumbSizedInputs("the survey"),
        {
            content: "Copy last year",
            trigger: "button.o_volunteer_survey_copy",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Last year's figures are copied",
            trigger: ".o_volunteer_survey_message:contains(copied)",
        },
        {
            trigger: `${TYPE_LINE("volunteer")} input.o_volunteer_survey_hours:value(160)`,
        },
        {
            content: "The people are copied too",
            trigger: `${TYPE_LINE("volunteer")} input.o_volunteer_survey_headcount:value(10)`,
        },
        checkFitsTheScreen("the copied survey"),
        {
            content: "More hours this year",
            trigger: `${TYPE_LINE("volunteer")} input.o_volunteer_survey_hours`,
            run: "edit 180,5",
        },
        {
            content: "Two civic service volunteers",
            trigger: `${TYPE_LINE("civic_service")} input.o_volunteer_survey_hours`,
            run: "edit 1200",
        },
        {
            trigger: `${TYPE_LINE("civic_service")} input.o_volunteer_survey_headcount`,
            run: "edit 2",
        },
        {
            content: "Open the lines by kind of activity",
            trigger: ".o_volunteer_survey_extra summary",
            run: "click",
        },
        {
            content: "A line for the events",
            trigger: ".o_volunteer_survey_extra .o_volunteer_survey_line:first select[name$='-category_id']",
            run: "selectByLabel Organising events",
        },
        {
            trigger: ".o_volunteer_survey_extra .o_volunteer_survey_line:first input.o_volunteer_survey_hours",
            run: "edit 40",
        },
        {
            trigger: ".o_volunteer_survey_extra .o_volunteer_survey_line:first input.o_volunteer_survey_headcount",
            run: "edit 4",
        },
        checkFitsTheScreen("the lines by kind of activity"),
        checkThumbSizedInputs("the lines by kind of activity"),
        {
            content: "Send to the federation",
            trigger: "button.o_volunteer_survey_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Thanked",
            trigger: ".o_volunteer_survey_message.alert-success",
        },
        {
            content: "The figures sent are shown, to correct them",
            trigger: `${TYPE_LINE("volunteer")} input.o_volunteer_survey_hours:value(180.5)`,
        },
        {
            trigger: ".o_volunteer_survey_sent",
        },
        checkFitsTheScreen("the survey sent"),
    ],
});

registry.category("web_tour.tours").add("volunteer_survey_desktop", {
    url: "/my/volunteering/survey",
    steps: () => [
        {
            content: "Choose the member structure",
            trigger: "select#o_volunteer_survey_structure",
            run: "selectByLabel Section A1",
        },
        {
            trigger: "button.o_volunteer_survey_show",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Its survey is shown",
            trigger: "select#o_volunteer_survey_structure:has(option[selected]:contains(Section A1))",
        },
        {
            content: "A typo: negative hours",
            trigger: `${TYPE_LINE("volunteer")} input.o_volunteer_survey_hours`,
            run: "edit -3",
        },
        {
            trigger: `${TYPE_LINE("volunteer")} input.o_volunteer_survey_headcount`,
            run: "edit 5",
        },
        {
            trigger: "button.o_volunteer_survey_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The line to correct is named, what was typed is kept",
            trigger: ".o_volunteer_survey_error:contains(-3)",
        },
        {
            trigger: `${TYPE_LINE("volunteer")} input.o_volunteer_survey_headcount:value(5)`,
        },
        {
            content: "On a desktop the figures of a line share one row",
            trigger: `${TYPE_LINE("volunteer")} input.o_volunteer_survey_hours`,
            run() {
                const line = this.anchor.closest(".o_volunteer_survey_line");
                const tops = new Set(
                    [...line.querySelectorAll("input.form-control")].map((input) =>
                        Math.round(input.getBoundingClientRect().top)
                    )
                );
                if (tops.size !== 1) {
                    throw new Error("Hours, people and km should be on one row");
                }
            },
        },
        {
            content: "Corrected",
            trigger: `${TYPE_LINE("volunteer")} input.o_volunteer_survey_hours`,
            run: "edit 75",
        },
        {
            trigger: "button.o_volunteer_survey_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Thanked",
            trigger: ".o_volunteer_survey_message.alert-success",
        },
    ],
});
