import { registry } from "@web/core/registry";

function quickCreateSteps(mobile = false) {
    return [
        {
            trigger: ".o_kanban_group:has(.o_column_title:contains('Prospect'))",
            content: "the Shiffman table shows the Prospect column",
        },
        {
            trigger: ".o-kanban-button-new",
            content: "quick-create a prospect from a business card",
            run: "click",
        },
        {
            trigger: ".o_kanban_quick_create .o_field_widget[name=name] input",
            run: "edit Tour Bricks",
        },
        {
            trigger: ".o_kanban_quick_create .o_field_widget[name=partner_name] input",
            run: "edit Kama Bricks",
        },
        {
            trigger: ".o_kanban_quick_create .o_field_widget[name=contact_name] input",
            run: "edit Oleg Smirnov",
        },
        {
            trigger: ".o_kanban_quick_create .o_field_widget[name=email_from] input",
            run: "edit oleg@kamabricks.example.com",
        },
        ...(mobile
            ? [
                  {
                      trigger: ".o_kanban_quick_create .o_field_widget[name=source_id] input",
                      run: "click",
                  },
                  {
                      trigger: ".o_dialog .o_kanban_record:contains('Tour Expo')",
                      content: "on a phone, the source is picked from a list",
                      run: "click",
                  },
              ]
            : [
                  {
                      trigger: ".o_kanban_quick_create .o_field_widget[name=source_id] input",
                      run: "edit Tour Expo",
                  },
                  {
                      trigger: ".o-autocomplete--dropdown-item:contains('Tour Expo')",
                      run: "click",
                  },
              ]),
        {
            trigger: ".o_kanban_quick_create button.o_kanban_add",
            content: "add it to the Prospect column",
            run: "click",
        },
        {
            trigger: ".o_kanban_group:has(.o_column_title:contains('Prospect')) .o_kanban_record:contains('Tour Bricks')",
        },
    ];
}

function logCallAndCloseSteps() {
    return [
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Interest')",
            content: "the lead is in Interest",
        },
        {
            trigger: "button.o_crm_shiffman_log_contact",
            content: "log a call on the lead",
            run: "click",
        },
        {
            trigger: ".o_dialog .o_crm_card_log_contact_result .o_selection_badge:contains('Reached')",
            content: "the client answered",
            run: "click",
        },
        {
            trigger: ".o_dialog button[name='action_log']",
            run: "click",
        },
        {
            trigger: "body:not(:has(.o_dialog)) .o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Contact 1')",
            content: "the call moved the lead to Contact 1",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button:contains('Result')",
            content: "the client signs: move it to Result",
            run: "click",
        },
        {
            trigger: "button[name=action_shiffman_set_result]",
            content: "the result is asked for",
            run: "click",
        },
        {
            trigger: ".o_dialog .o_field_widget[name=result] input[data-value=contract]",
            run: "click",
        },
        {
            trigger: ".o_dialog button[name=action_apply]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.o_dialog)) .o_form_view:not(:has(button[name=action_shiffman_set_result]))",
            content: "the result is set",
        },
    ];
}

registry.category("web_tour.tours").add("crm_shiffman_tour", {
    steps: () => [
        ...quickCreateSteps(),
        {
            trigger: ".o_kanban_record:contains('Tour Bricks')",
            content: "drag the prospect to Interest",
            run: "drag_and_drop (.o_opportunity_kanban .o_kanban_group:has(.o_column_title:contains('Interest')))",
        },
        {
            trigger: ".o_kanban_group:has(.o_column_title:contains('Interest')) .o_kanban_record:contains('Tour Bricks')",
            run: "click",
        },
        ...logCallAndCloseSteps(),
    ],
});

function mobileStageSteps(stage) {
    return [
        {
            trigger: ".o_form_view .o_statusbar_status .dropdown-toggle",
            content: "on a phone, change the stage from the form's stage menu",
            run: "click",
        },
        {
            trigger: `.o-dropdown--menu .dropdown-item:contains('${stage}')`,
            run: "click",
        },
    ];
}

function mobileHeaderButtonSteps(selector) {
    return [
        {
            trigger: ".o_form_view .o_statusbar_buttons button[title=More]",
            run: "click",
        },
        {
            trigger: `.o-dropdown--menu ${selector}`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("crm_shiffman_tour_mobile", {
    steps: () => [
        ...quickCreateSteps(true),
        {
            trigger: ".o_kanban_record:contains('Tour Bricks')",
            content: "open the prospect",
            run: "click",
        },
        ...mobileStageSteps("Interest"),
        {
            trigger: ".o_form_view .o_statusbar_status .dropdown-toggle:contains('Interest')",
            content: "the lead is in Interest",
        },
        ...mobileHeaderButtonSteps("button.o_crm_shiffman_log_contact"),
        {
            trigger: ".o_dialog .o_crm_card_log_contact_result .o_selection_badge:contains('Reached')",
            content: "the client answered",
            run: "click",
        },
        {
            trigger: ".o_dialog button[name='action_log']",
            content: "log the call",
            run: "click",
        },
        {
            trigger: "body:not(:has(.o_dialog)) .o_form_view .o_statusbar_status .dropdown-toggle:contains('Contact 1')",
            content: "the call moved the lead to Contact 1",
        },
        ...mobileStageSteps("Result"),
        {
            trigger: ".o_form_view .o_statusbar_status .dropdown-toggle:contains('Result')",
        },
        ...mobileHeaderButtonSteps("button[name=action_shiffman_set_result]"),
        {
            trigger: ".o_dialog .o_field_widget[name=result] input[data-value=contract]",
            run: "click",
        },
        {
            trigger: ".o_dialog button[name=action_apply]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.o_dialog)) .o_form_view .o_statusbar_status .dropdown-toggle:contains('Result')",
            content: "closed as a contract",
        },
    ],
});
