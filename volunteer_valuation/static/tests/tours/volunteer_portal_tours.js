// Copyright 2026 Volunteer Valuation contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import { registry } from "@web/core/registry";
import {
    checkCardsShowTheHours,
    checkFitsTheScreen,
} from "@volunteer_valuation/../tests/tours/volunteer_portal_steps";

/**
 * Tours of the volunteering space, run on a phone-size screen by
 * tests/test_portal_tour.py, which creates their data and checks the records.
 */

registry.category("web_tour.tours").add("volunteer_portal_declare", {
    url: "/my",
    steps: () => [
        {
            content: "Open the volunteering space from the portal home",
            trigger: ".o_portal_index_card:not(.d-none) a[href='/my/volunteering']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Nothing declared yet",
            trigger: ".o_volunteering_total_hours:contains(0h00)",
        },
        checkFitsTheScreen("the empty list"),
        {
            content: "Declare time",
            trigger: "a.o_volunteering_declare",
            run: "click",
            expectUnloadPage: true,
        },
        checkFitsTheScreen("the declaration form"),
        {
            content: "The duration and the distance open the phone's number keyboard",
            trigger: "input[name='duration'][inputmode='decimal']",
            run() {
                if (!document.querySelector("input[name='distance_km'][inputmode='decimal']")) {
                    throw new Error("The distance should open the number keyboard");
                }
                if (document.querySelector("input[name='date']").type !== "date") {
                    throw new Error("The date should open the phone's date picker");
                }
            },
        },
        {
            content: "Say what was done",
            trigger: "input[name='name']",
            run: "edit Sorting food parcels",
        },
        {
            content: "Type the duration as people do",
            trigger: "input[name='duration']",
            run: "edit 2h30",
        },
        {
            content: "Save as a draft",
            trigger: "button.o_volunteering_save",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Saved",
            trigger: ".o_volunteering_message",
        },
        {
            content: "The list shows it with 2h30",
            trigger:
                ".o_volunteering_row:contains(Sorting food parcels) .o_volunteering_hours:contains(2h30)",
        },
        {
            content: "The total is right",
            trigger: ".o_volunteering_total_hours:contains(2h30)",
        },
        checkFitsTheScreen("the list"),
        checkCardsShowTheHours(),
        {
            content: "Open it to edit it",
            trigger: ".o_volunteering_row a:contains(Sorting food parcels)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The form comes back with the duration",
            trigger: "input[name='duration']:value(2h30)",
        },
        checkFitsTheScreen("the form of a draft"),
        {
            content: "Correct the duration",
            trigger: "input[name='duration']",
            run: "edit 3:15",
        },
        {
            content: "Submit it",
            trigger: "button.o_volunteering_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Sent for validation",
            trigger: ".o_volunteering_row:contains(Sorting food parcels) .o_volunteering_state[data-state='submitted']",
        },
        {
            content: "The total follows",
            trigger: ".o_volunteering_total_hours:contains(3h15)",
        },
    ],
});

registry.category("web_tour.tours").add("volunteer_portal_two_structures", {
    url: "/my/volunteering/new",
    steps: () => [
        {
            content: "Say what was done",
            trigger: "input[name='name']",
            run: "edit Coaching the under-12s",
        },
        {
            content: "Type the duration",
            trigger: "input[name='duration']",
            run: "edit 45min",
        },
        {
            content: "No task before a structure is chosen",
            trigger: "form.o_volunteering_form",
            run() {
                const taskField = this.anchor.querySelector(".o_volunteering_field_task_id");
                if (!taskField.classList.contains("d-none")) {
                    throw new Error("The task field should wait for the structure");
                }
            },
        },
        {
            content: "Choose the second structure",
            trigger: "select[name='structure_id']",
            run: "selectByLabel Association B",
        },
        {
            content: "Only the projects open to that structure are offered",
            trigger: "select[name='project_id']",
            run() {
                const offered = [...this.anchor.options]
                    .filter((option) => option.value && !option.hidden)
                    .map((option) => option.textContent.trim());
                if (offered.includes("Food bank A") || !offered.includes("Sports club B")) {
                    throw new Error(`Unexpected projects: ${offered.join(", ")}`);
                }
            },
        },
        {
            content: "Choose its project",
            trigger: "select[name='project_id']",
            run: "selectByLabel Sports club B",
        },
        {
            content: "This structure uses tasks: choose one",
            trigger: ".o_volunteering_field_task_id:not(.d-none) select[name='task_id']",
            run: "selectByLabel Coaching kids",
        },
        checkFitsTheScreen("the form of a volunteer of two structures"),
        {
            content: "Submit",
            trigger: "button.o_volunteering_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Sent for validation",
            trigger: ".o_volunteering_row:contains(Coaching the under-12s) .o_volunteering_state[data-state='submitted']",
        },
    ],
});

registry.category("web_tour.tours").add("volunteer_portal_link", {
    steps: () => [
        {
            content: "The page says whose space it is",
            trigger: ".o_volunteering_link_header:contains(Alice Second)",
        },
        checkFitsTheScreen("the page of a personal link"),
        {
            content: "Declare time",
            trigger: "a.o_volunteering_declare",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Say what was done",
            trigger: "input[name='name']",
            run: "edit Welcoming families",
        },
        {
            content: "Type a wrong duration",
            trigger: "input[name='duration']",
            run: "edit two hours",
        },
        {
            content: "Submit",
            trigger: "button.o_volunteering_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "A clear message next to the duration, and what was typed is still there",
            trigger: "#o_volunteering_duration_error:contains(is not a duration)",
        },
        {
            trigger: "input[name='name']:value(Welcoming families)",
        },
        checkFitsTheScreen("the form of a personal link"),
        {
            content: "Pick a common duration instead of typing it",
            trigger: ".o_volunteering_quick_durations button[data-duration='1h30']",
            run: "click",
        },
        {
            content: "The duration is filled in",
            trigger: "input[name='duration']:value(1h30)",
        },
        {
            content: "Submit again",
            trigger: "button.o_volunteering_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "It is in the list, sent for validation",
            trigger: ".o_volunteering_row:contains(Welcoming families) .o_volunteering_state[data-state='submitted']",
        },
        {
            content: "The total is right",
            trigger: ".o_volunteering_total_hours:contains(1h30)",
        },
        checkFitsTheScreen("the list of a personal link"),
        checkCardsShowTheHours(),
    ],
});

registry.category("web_tour.tours").add("volunteer_portal_export", {
    url: "/my/volunteering",
    steps: () => [
        {
            content: "Open My data",
            trigger: "a[href='/my/volunteering/data']",
            run: "click",
            expectUnloadPage: true,
        },
        checkFitsTheScreen("My data"),
        {
            content: "Download each format and look inside",
            trigger: ".o_volunteering_export a[href$='format=json']",
            async run() {
                const links = document.querySelectorAll(".o_volunteering_export a");
                const types = {
                    csv: "text/csv",
                    xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    json: "application/json",
                };
                if (links.length !== 3) {
                    throw new Error(`Expected 3 download links, got ${links.length}`);
                }
                for (const link of links) {
                    const format = new URL(link.href).searchParams.get("format");
                    const response = await fetch(link.href);
                    const type = response.headers.get("Content-Type") || "";
                    const disposition = response.headers.get("Content-Disposition") || "";
                    if (!response.ok || !type.startsWith(types[format])) {
                        throw new Error(`${format}: status ${response.status}, type ${type}`);
                    }
                    if (!disposition.includes("attachment") || !disposition.includes(`.${format}`)) {
                        throw new Error(`${format}: not a download (${disposition})`);
                    }
                    const body = await response.arrayBuffer();
                    const text = new TextDecoder().decode(body);
                    if (format === "json") {
                        const names = JSON.parse(text).contributions.map((row) => row.name);
                        if (!names.includes("Exported stand")) {
                            throw new Error(`JSON without the contribution: ${names}`);
                        }
                    } else if (format === "csv" && !text.includes("Exported stand")) {
                        throw new Error("CSV without the contribution");
                    } else if (format === "xlsx" && text.slice(0, 2) !== "PK") {
                        throw new Error("XLSX is not a workbook");
                    }
                }
            },
        },
        {
            content: "Opt out of reminders",
            trigger: "input[name='reminder_opt_out']",
            run: "click",
        },
        {
            content: "Save my choices",
            trigger: ".o_volunteering_settings button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Saved",
            trigger: ".alert-success:contains(Your choices were saved)",
        },
    ],
});
