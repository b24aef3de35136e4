import { registry } from "@web/core/registry";

/**
 * A salesperson (in Russian) opens the History of Work of a client who bought
 * a product, sends the questionnaires and sees how many went out; the check
 * made from an earlier answer links to the client's answers.
 */
registry.category("web_tour.tours").add("crm_card_survey_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_notebook a[name='crm_card_history']",
            content: "open the History of Work page",
            run: "click",
        },
        {
            trigger:
                ".o_field_widget[name='card_satisfaction_ids'] .o_data_row " +
                "a[href*='/survey/print/']:contains('Ответы')",
            content: "the check filed from an answer links to the client's answers",
        },
        {
            trigger: ".o_form_view button[name='action_card_survey_invite']:contains('Отправить анкеты')",
            content: "send the questionnaires of the products due",
            run: "click",
        },
        {
            trigger: ".o_notification:contains('Отправлено анкет: 1.')",
            content: "one questionnaire went out: the other product was rated this year",
        },
    ],
});
