import { registry } from "@web/core/registry";

const NOTE = "Wants the spring price list";

/**
 * A salesperson on a phone logs a call from the client card: Log Contact,
 * the result, a note (typed, not a tap), the next step, Save: four taps.
 */
registry.category("web_tour.tours").add("crm_card_log_contact_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_crm_card_header button.o_crm_card_log_contact_button",
            content: "tap 1: Log Contact",
            run: "click",
        },
        {
            trigger: ".modal .o_crm_card_log_contact_result .o_selection_badge:contains('Reached')",
            content: "tap 2: the client answered",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='note'] textarea",
            content: "type what was said",
            run: `edit ${NOTE}`,
        },
        {
            trigger: ".modal .o_crm_card_log_contact_next .o_selection_badge:contains('In a week')",
            content: "tap 3: call again in a week",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='next_date']:not(.o_field_empty)",
            content: "the date of the next call is shown",
        },
        {
            trigger: ".modal button[name='action_log']",
            content: "tap 4: Save",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal)) .o-mail-Activity:contains('Call')",
            content: "the next call is planned on the card",
        },
    ],
});
