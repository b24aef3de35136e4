import { registry } from "@web/core/registry";

/**
 * A salesperson works a claim through the ISO loop: each step asks for its own
 * content (the cause, what was done about this complaint, the change of process).
 */
registry.category("web_tour.tours").add("crm_card_claim_tour", {
    steps: () => [
        {
            trigger: ".o_notebook a[name='loop']",
            content: "open the cause and actions",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='cause'] textarea",
            content: "write the cause",
            run: "edit Film too thin for winter transport",
        },
        {
            trigger: ".o_form_view button[name='action_analyse']",
            content: "the cause is found",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Cause Found')",
            content: "the claim has its cause",
        },
        {
            trigger: ".o_field_widget[name='corrective_action'] textarea",
            content: "write what was done about this complaint",
            run: "edit Pallets replaced and rewrapped with thicker film",
        },
        {
            trigger: "button[name='action_cause_removed']",
            content: "the cause is removed",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='preventive_action'] textarea",
            content: "write the change of process that prevents it",
            run: "edit Winter packing instruction for November to March",
        },
        {
            trigger: "button[name='action_process_improved']",
            content: "the process is improved",
            run: "click",
        },
        {
            trigger: "button[name='action_close']",
            content: "close the claim",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Closed')",
            content: "the claim is closed",
        },
    ],
});
