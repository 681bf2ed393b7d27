// Copyright 2026 Volunteer Valuation contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";

/**
 * The declaration form offers only what fits the chosen structure: its projects, and
 * the category and task fields when it uses them; the tasks follow the chosen project.
 * Common durations are one tap away. The server checks all of it again.
 */
export class VolunteeringForm extends Interaction {
    static selector = ".o_volunteering_form";
    dynamicContent = {
        "select[name='structure_id']": { "t-on-change": this.update },
        "select[name='project_id']": { "t-on-change": this.update },
        ".o_volunteering_quick_durations": { "t-att-class": () => ({ "d-none": false, "d-flex": true }) },
        ".o_volunteering_quick_durations button": { "t-on-click": this.pickDuration },
    };

    start() {
        this.update();
    }

    pickDuration(ev) {
        const input = this.el.querySelector("input[name='duration']");
        input.value = ev.currentTarget.dataset.duration;
        input.classList.remove("is-invalid");
        input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    update() {
        const structureEl = this.el.querySelector("select[name='structure_id']");
        const projectEl = this.el.querySelector("select[name='project_id']");
        const taskEl = this.el.querySelector("select[name='task_id']");
        const structureOption = structureEl?.selectedOptions[0];
        const structureId = structureEl ? structureEl.value : null;
        if (projectEl && structureId) {
            this.filterOptions(projectEl, (option) =>
                option.dataset.structureIds.split(" ").includes(structureId)
            );
        }
        if (structureEl) {
            const chosen = Boolean(structureOption?.value);
            this.toggleField("category_id", chosen && "useCategories" in structureOption.dataset);
            this.toggleField("task_id", chosen && "useTasks" in structureOption.dataset);
        }
        if (taskEl && projectEl?.value) {
            this.filterOptions(taskEl, (option) => option.dataset.projectId === projectEl.value);
            for (const group of taskEl.querySelectorAll("optgroup")) {
                group.hidden = group.dataset.projectId !== projectEl.value;
            }
        } else if (taskEl) {
            this.filterOptions(taskEl, () => true);
            for (const group of taskEl.querySelectorAll("optgroup")) {
                group.hidden = false;
            }
        }
    }

    /**
     * Hide the options (but the empty one) that ``keep`` refuses; unselect a hidden one.
     */
    filterOptions(selectEl, keep) {
        for (const option of selectEl.options) {
            if (!option.value) {
                continue;
            }
            const shown = keep(option);
            option.hidden = !shown;
            option.disabled = !shown;
            if (!shown && option.selected) {
                selectEl.value = "";
            }
        }
    }

    toggleField(name, shown) {
        const fieldEl = this.el.querySelector(`.o_volunteering_field_${name}`);
        if (fieldEl) {
            fieldEl.classList.toggle("d-none", !shown);
            fieldEl.querySelector("select").disabled = !shown;
        }
    }
}

registry.category("public.interactions").add("volunteer_valuation.volunteering_form", VolunteeringForm);
