import { registry } from "@web/core/registry";
import { onScreen } from "@crm_card/../tests/tours/tour_utils";

const ANNA = "Анна Петрова";

/**
 * A figure in the one2many `field`, in the row (list) or card (kanban) that contains all of `texts`:
 * `cell` in a list's row, `figure` in a card (a card prints a plain field as bare text, found by its block).
 */
function inRow(field, texts, cell, figure) {
    const has = texts.map((text) => `:contains(${text})`).join("");
    return `div[name=${field}] .o_data_row${has} ${cell}, div[name=${field}] .o_kanban_record${has} ${figure}`;
}

/** A step that fails when a header of the list is cut off (its label wider than its column). */
function headersReadable(content) {
    return {
        content,
        trigger: ".o_list_view thead th[data-name]",
        run() {
            const cut = [...document.querySelectorAll(".o_list_view thead th[data-name] span.text-truncate")]
                .filter((label) => label.scrollWidth > label.clientWidth + 1)
                .map((label) => label.textContent.trim());
            if (cut.length) {
                throw new Error(`${content}: cut off headers ${cut.join(", ")}`);
            }
        },
        isActive: ["desktop"],
    };
}

/**
 * A head of sales' week, in Russian: the load and coverage of each salesperson, then the
 * month's inbound calls by source. On a desktop the lists, their headers whole; on a phone one
 * card per salesperson (and per segment) with the figures on screen.
 */
registry.category("web_tour.tours").add("crm_callplan_head_of_sales_tour", {
    steps: () => [
        // Capacity ("Нагрузка")
        {
            content: "desktop: the short header of the calls a day",
            trigger: ".o_list_view th[data-name=calls_per_day]:contains(Зв./день)",
            isActive: ["desktop"],
        },
        {
            content: "desktop: Anna's coverage in her capacity row",
            trigger: `.o_data_row:contains(${ANNA}) td[name=coverage_display]:contains(33,3 %)`,
            isActive: ["desktop"],
        },
        headersReadable("capacity"),
        {
            content: "phone: Anna's card reads her coverage",
            trigger: `.o_kanban_record:contains(${ANNA}) [name=coverage]:contains(33,3 %)`,
            isActive: ["mobile"],
        },
        {
            ...onScreen(`.o_kanban_record:contains(${ANNA}) [name=load] .fs-4`, "phone: the calls a day on screen"),
            isActive: ["mobile"],
        },
        {
            ...onScreen(`.o_kanban_record:contains(${ANNA}) [name=neglected] .fs-4:contains(1)`,
                "phone: one neglected client, on screen"),
            isActive: ["mobile"],
        },
        // Coverage ("Охват")
        {
            content: "open the coverage",
            trigger: ".o_action_manager",
            run: "goToUrl /odoo/action-crm_callplan.crm_callplan_coverage_action",
            expectUnloadPage: true,
        },
        {
            content: "desktop: Anna's coverage of the segment",
            trigger: `.o_data_row:contains(${ANNA}):contains(Middle) td[name=coverage_display]:contains(33,3 %)`,
            isActive: ["desktop"],
        },
        headersReadable("coverage"),
        {
            content: "phone: Anna's card for the segment reads the coverage",
            trigger: `.o_kanban_record:contains(${ANNA}):contains(Middle) [name=coverage]:contains(33,3 %)`,
            isActive: ["mobile"],
        },
        {
            ...onScreen(`.o_kanban_record:contains(${ANNA}) [name=neglected] .fs-4:contains(1)`,
                "phone: the neglected figure on screen"),
            isActive: ["mobile"],
        },
        {
            content: "phone: open the neglected clients from the card",
            trigger: `.o_kanban_record:contains(${ANNA}) button[name=action_open_neglected]`,
            run: "click",
            isActive: ["mobile"],
        },
        {
            content: "phone: the neglected client",
            trigger: ".o_kanban_record:contains(Client cp_anna 00002), .o_data_row:contains(Client cp_anna 00002)",
            isActive: ["mobile"],
        },
        // The plan's own Capacity and Coverage tabs ("Нагрузка", "Охват"): cards on a phone too
        {
            content: "open the call plans",
            trigger: ".o_action_manager",
            run: "goToUrl /odoo/action-crm_callplan.crm_callplan_action",
            expectUnloadPage: true,
        },
        { content: "open the plan", trigger: ".o_data_row:contains(Key accounts) td[name=name]", run: "click" },
        { content: "the plan's capacity tab", trigger: ".o_notebook_headers a[name=capacity]", run: "click" },
        {
            content: "desktop: Anna's calls a day in the plan's capacity list",
            trigger: `div[name=capacity_ids] .o_data_row:contains(${ANNA}) td[name=calls_per_day]`,
            isActive: ["desktop"],
        },
        {
            ...onScreen(inRow("capacity_ids", [ANNA], "td[name=calls_per_day]", "[name=load] .fs-4"),
                "phone: Anna's calls a day on screen in the plan's capacity tab"),
            isActive: ["mobile"],
        },
        {
            ...onScreen(inRow("capacity_ids", [ANNA], "td[name=plan_capacity]", "[name=capacity] .fs-4"),
                "phone: the calls a day she has for the plan, on screen"),
            isActive: ["mobile"],
        },
        { content: "the plan's coverage tab", trigger: ".o_notebook_headers a[name=coverage]", run: "click" },
        {
            content: "desktop: Anna's coverage of the segment in the plan's coverage list",
            trigger: `div[name=coverage_ids] .o_data_row:contains(${ANNA}):contains(Middle) td[name=coverage_display]:contains(33,3 %)`,
            isActive: ["desktop"],
        },
        {
            ...onScreen(inRow("coverage_ids", [ANNA, "Middle"], "td[name=neglected_count]:contains(1)", "[name=neglected] .fs-4:contains(1)"),
                "phone: the neglected figure on screen in the plan's coverage tab"),
            isActive: ["mobile"],
        },
        // Inbound calls by source ("Входящие звонки по источникам")
        {
            content: "open the inbound calls by source",
            trigger: ".o_action_manager",
            run: "goToUrl /odoo/action-crm_callplan.crm_card_interaction_action_tally_pivot",
            expectUnloadPage: true,
        },
        {
            content: "desktop: the sources down the side of the tally",
            trigger: ".o_pivot tbody th:contains(Выставка)",
            isActive: ["desktop"],
        },
        {
            ...onScreen(".o_list_view .o_group_header .o_group_name:contains(Выставка (2))",
                "phone: the month's calls from the exhibition"),
            isActive: ["mobile"],
        },
    ],
});
