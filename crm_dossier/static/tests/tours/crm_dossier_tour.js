import { registry } from "@web/core/registry";
import { onScreen as onScreenStep } from "@crm_card/../tests/tours/tour_utils";

/** On a phone only: the figure's text lies inside the window. */
function onScreen(trigger, content) {
    return { ...onScreenStep(trigger, content), isActive: ["mobile"] };
}

/** A figure of the comparison line of `product`: its `cell` in a list's row, its `figure` in a card. */
function inLine(product, cell, figure) {
    return `.o_data_row:contains(${product}) ${cell}, .o_kanban_record:contains(${product}) ${figure}`;
}

registry.category("web_tour.tours").add("crm_dossier_add_fact_tour", {
    steps: () => [
        {
            content: "The competitor's dossier is open",
            trigger: ".o_form_view .o_field_widget[name=name] input:value(Tour Rival)",
        },
        {
            content: "Add a fact",
            trigger: "button[name=action_add_entry]",
            run: "click",
        },
        {
            content: "Write what we learnt",
            trigger: ".modal .o_field_widget[name=summary] input",
            run: "edit Opened a warehouse in Samara",
        },
        {
            content: "Say where it comes from",
            trigger: ".modal .o_field_widget[name=source] input",
            run: "edit Client's purchasing manager",
        },
        {
            content: "Save the fact",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The fact is on the dossier's timeline",
            trigger: ".o_field_widget[name=entry_ids] :contains(Opened a warehouse in Samara)",
        },
    ],
});

registry.category("web_tour.tours").add("crm_dossier_comparison_tour", {
    steps: () => [
        {
            content: "The product dossier is open",
            trigger: ".o_form_view .o_field_widget[name=name] input:value(Tour Drill)",
        },
        {
            content: "On a phone, smart buttons sit behind the bolt button",
            isActive: ["mobile"],
            trigger: ".o-form-buttonbox .o_button_more",
            run: "click",
        },
        {
            content: "Open the comparison with the analogues",
            trigger: "button[name=action_open_comparison]",
            run: "click",
        },
        {
            content: "desktop: the comparison opens as a list with the latest price of the analogue",
            trigger: ".o_list_view .o_data_row:contains(Rival T100):contains(1,150.00)",
            isActive: ["desktop"],
        },
        {
            content: "desktop: the substitute is listed too",
            trigger: ".o_list_view .o_data_row:contains(Rival Hand Kit)",
            isActive: ["desktop"],
        },
        onScreen(inLine("Rival T100", "td[name=price]", "[name=their_price] .fw-bold"),
            "phone: their latest price (1,150.00) on screen"),
        onScreen(inLine("Rival T100", "td[name=price_gap_percent]", "[name=gap] .fw-bold"),
            "phone: the gap to our price (+15.0 %) on screen"),
        onScreen(inLine("Rival T100", "td[name=list_price]", "[name=our_price] .fw-bold"),
            "phone: our list price on screen"),
        {
            content: "phone: the card reads their price and the gap",
            trigger: ".o_kanban_record:contains(Rival T100):has([name=their_price]:contains(1,150.00)):has([name=gap]:contains(15.0))",
            isActive: ["mobile"],
        },
        {
            content: "phone: the substitute has its card too",
            trigger: ".o_kanban_record:contains(Rival Hand Kit) [name=gap]:contains(-70.0)",
            isActive: ["mobile"],
        },
        {
            content: "Open the price history of the analogue",
            trigger: inLine("Rival T100", "button[name=action_open_history]", "button[name=action_open_history]"),
            run: "click",
        },
        {
            content: "Both observations are in the history",
            trigger: ".o_list_view:has(.o_data_row:contains(900.00)):has(.o_data_row:contains(1,150.00))",
        },
    ],
});
