import { registry } from "@web/core/registry";

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
            content: "The latest price of the analogue is shown",
            trigger: ".o_list_view .o_data_row:contains(Rival T100):contains(1,150.00)",
        },
        {
            content: "The substitute is listed too",
            trigger: ".o_list_view .o_data_row:contains(Rival Hand Kit)",
        },
        {
            content: "Open the price history of the analogue",
            trigger: ".o_data_row:contains(Rival T100) button[name=action_open_history]",
            run: "click",
        },
        {
            content: "Both observations are in the history",
            trigger: ".o_list_view:has(.o_data_row:contains(900.00)):has(.o_data_row:contains(1,150.00))",
        },
    ],
});
