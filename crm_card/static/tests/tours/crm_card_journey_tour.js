import { registry } from "@web/core/registry";

const CLIENT = "Volga Trade LLC";
const OTHER_CLIENT = "Ural Build JSC";
const EVENT = "25 years of Volga Trade";
const CALL_SUMMARY = "Call about the spring order";
const FEEDBACK = "Agreed to a trial pallet in March";

/**
 * Journey 1 of a salesperson: find a client in CRM > Client Base > Clients,
 * read its information level and what is missing, add a special event, log
 * a call by marking its activity done (the Log Contact dialog), then see the call in the interaction
 * log and the order figures in the history of work.
 * Runs at desktop and phone sizes (the menu and the search bar differ).
 */
registry.category("web_tour.tours").add("crm_card_journey_tour", {
    steps: () => [
        // Find the client.
        {
            isActive: ["desktop"],
            trigger: ".o_menu_sections button[data-menu-xmlid='crm_card.crm_card_menu_root']",
            content: "open the Client Base menu",
            run: "click",
        },
        {
            isActive: ["desktop"],
            trigger: ".dropdown-item[data-menu-xmlid='crm_card.crm_card_menu_clients']",
            content: "open the clients",
            run: "click",
        },
        {
            isActive: ["mobile"],
            trigger: ".o_menu_toggle",
            content: "open the app menu",
            run: "click",
        },
        {
            isActive: ["mobile"],
            trigger: ".o_burger_menu_content li[data-menu-xmlid='crm_card.crm_card_menu_clients']",
            content: "open the clients",
            run: "click",
        },
        {
            trigger: `.o_kanban_view .o_kanban_record:contains('${OTHER_CLIENT}')`,
            content: "the client base lists every client",
        },
        {
            isActive: ["mobile"],
            trigger: ".o_control_panel button:has(.fa-search)",
            content: "show the search bar",
            run: "click",
        },
        {
            trigger: ".o_searchview_input",
            content: "search the client by name",
            run: "edit Volga",
        },
        {
            trigger: ".o_searchview_input",
            content: "apply the search",
            run: "press Enter",
        },
        {
            trigger: `.o_kanban_view:not(:has(.o_kanban_record:contains('${OTHER_CLIENT}'))) .o_kanban_record:contains('${CLIENT}')`,
            content: "open the client card",
            run: "click",
        },
        // Information level and what is missing.
        {
            trigger: `.o_last_breadcrumb_item:contains('${CLIENT}')`,
            content: "the card of the client is open",
        },
        {
            trigger: ".o_notebook a[name='crm_card_formal']",
            content: "open the Formal page",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='card_info_level'] .badge:contains('Buyer')",
            content: "the client is a buyer",
        },
        {
            trigger: ".o_field_widget[name='card_missing_info']:contains('orders in at least 3 different months')",
            content: "the card says what is missing to become a regular client",
        },
        // A special event.
        {
            trigger: ".o_notebook a[name='crm_card_events']",
            content: "open the Special Events page",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='card_event_ids'] .o_field_x2many_list_row_add a",
            content: "add a special event",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='card_event_ids'] .o_selected_row .o_field_widget[name='name'] input",
            content: "name the event",
            run: `edit ${EVENT}`,
        },
        {
            isActive: ["desktop"],
            trigger: ".o_field_widget[name='card_event_ids'] .o_selected_row .o_field_widget[name='event_type_id'] input",
            content: "choose its type",
            run: "edit Anniversary",
        },
        {
            isActive: ["desktop"],
            trigger: ".o-autocomplete--dropdown-menu a:contains('Company Anniversary')",
            content: "a company anniversary",
            run: "click",
        },
        {
            isActive: ["mobile"],
            trigger: ".o_field_widget[name='card_event_ids'] .o_selected_row .o_field_widget[name='event_type_id'] input",
            content: "choose its type",
            run: "click",
        },
        {
            isActive: ["mobile"],
            trigger: ".modal .o_kanban_record:contains('Company Anniversary')",
            content: "a company anniversary",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='card_event_ids'] .o_selected_row .o_field_widget[name='event_type_id'] input:value('Company Anniversary')",
            content: "the type is set",
        },
        {
            trigger: ".o_form_button_save",
            content: "save the card",
            run: "click",
        },
        {
            trigger: `.o_form_saved .o_field_widget[name='card_event_ids'] .o_data_row:contains('${EVENT}'):contains('Company Anniversary')`,
            content: "the event is on the card",
        },
        // Log the call from its activity.
        {
            trigger: `.o-mail-Activity:contains('${CALL_SUMMARY}') .o-mail-Activity-markDone`,
            content: "mark the planned call done",
            run: "click",
        },
        {
            trigger: ".modal .o_crm_card_log_contact_result .o_selection_badge:contains('Reached')",
            content: "the call reached the client",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='note'] textarea",
            content: "say how the call went",
            run: `edit ${FEEDBACK}`,
        },
        {
            trigger: ".modal button[name='action_log']",
            content: "save the contact",
            run: "click",
        },
        {
            trigger: `.o-mail-Chatter:not(:has(.o-mail-Activity)) .o-mail-Message:contains('${FEEDBACK}')`,
            content: "the call is logged in the chatter",
        },
        // The call in the interaction log.
        {
            trigger: ".o_notebook a[name='crm_card_interactions']",
            content: "open the Contact Log page",
            run: "click",
        },
        {
            trigger: ".o_notebook button[name='action_open_card_interactions']",
            content: "open the full log",
            run: "click",
        },
        {
            // the full log has replaced the card (the card's own Contact Log page lists the call
            // too: going "back" from there would leave the card for the client list)
            trigger: `.o_action_manager:not(:has(.o_form_view)) .o_list_view .o_data_row:contains('${FEEDBACK}'):contains('Call')`,
            content: "the call is in the client's interaction log",
        },
        {
            trigger: ".o_back_button",
            content: "back to the card",
            run: "click",
        },
        // The history of work.
        {
            trigger: ".o_form_view .o_notebook a[name='crm_card_history']",
            content: "open the History of Work page",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='card_order_count']:text(2)",
            content: "two confirmed orders",
        },
        {
            trigger: ".o_field_widget[name='card_sales_this_year']:contains('4,000.00')",
            content: "their sales this year",
        },
        {
            trigger: ".o_notebook a[name='crm_card_interactions']",
            content: "open the Contact Log page again",
            run: "click",
        },
        {
            trigger: `.o_field_widget[name='card_interaction_ids'] .o_data_row:contains('${FEEDBACK}')`,
            content: "the call is on the card",
        },
    ],
});
