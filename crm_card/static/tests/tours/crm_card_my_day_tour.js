import { registry } from "@web/core/registry";

const CLIENT = "Volga Trade LLC";

/**
 * A salesperson on a phone opens My day from the CRM menu and logs the due
 * call from its card: the result, Save.
 */
registry.category("web_tour.tours").add("crm_card_my_day_tour", {
    steps: () => [
        {
            trigger: ".o_menu_toggle",
            content: "open the app menu",
            run: "click",
        },
        {
            trigger: ".o_burger_menu_content li[data-menu-xmlid='crm_card.crm_card_menu_my_day']",
            content: "open My day",
            run: "click",
        },
        {
            trigger: `.o_crm_card_my_day_section[data-section='activities'] .o_crm_card_my_day_item:contains('${CLIENT}'):contains('Call about the spring order') .o_crm_card_my_day_log`,
            content: "log the due call",
            run: "click",
        },
        {
            trigger: ".modal .o_crm_card_log_contact_result .o_selection_badge:contains('No answer')",
            content: "nobody answered",
            run: "click",
        },
        {
            trigger: ".modal button[name='action_log']",
            content: "save",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal)) .o_crm_card_my_day_section[data-section='activities']:not(:has(.o_crm_card_my_day_item))",
            content: "the call is off the list",
        },
    ],
});
