import { registry } from "@web/core/registry";

/**
 * A data steward opens a client card, reads the Formal page, sees the duplicate
 * warning and changes the rating, giving the reason the wizard asks for.
 * Runs at desktop and phone sizes.
 */
registry.category("web_tour.tours").add("crm_card_formal_tour", {
    steps: () => [
        {
            trigger: ".o_form_view div[name='crm_card_warning_duplicates']:contains('Possible duplicates')",
            content: "the duplicate warning names the twin",
        },
        {
            trigger: ".o_notebook a[name='crm_card_formal']",
            content: "open the Formal page",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='card_missing_info']:contains('the need for our offer')",
            content: "the card says what is missing for the next level",
        },
        {
            trigger: ".o_notebook .o_field_widget[name='bank_ids']",
            content: "a data steward sees the bank accounts",
        },
        {
            trigger: "button[name='action_card_change_rating']",
            content: "change the rating",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='value'] .o_priority_star:nth-child(4)",
            content: "four stars",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='comment'] textarea",
            content: "give the reason",
            run: "edit Pays early, orders every month",
        },
        {
            trigger: ".modal button[name='action_apply']",
            content: "apply",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal)) .o_field_widget[name='card_rating'] .o_priority_star.fa-star:nth-child(4)",
            content: "the card shows four stars",
        },
        {
            trigger: ".o_field_widget[name='card_rating_ids'] td:contains('Pays early, orders every month')",
            content: "the reason is in the rating history",
        },
    ],
});
