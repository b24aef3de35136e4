import { registry } from "@web/core/registry";

function addSegment(name, lower, upper, calls) {
    const row = "div[name=segment_ids] .o_data_row.o_selected_row";
    return [
        {
            content: `Add the segment ${name}`,
            trigger: "div[name=segment_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        { trigger: `${row} div[name=name] input`, run: `edit ${name}` },
        { trigger: `${row} div[name=basis] .o_select_menu_toggler`, run: "click" },
        { trigger: ".o_select_menu_item:contains(Potential volume)", run: "click" },
        { trigger: `${row} div[name=lower_bound] input`, run: `edit ${lower}` },
        { trigger: `${row} div[name=upper_bound] input`, run: `edit ${upper}` },
        { trigger: `${row} div[name=calls_per_year] input`, run: `edit ${calls}` },
    ];
}

registry.category("web_tour.tours").add("crm_callplan_tour", {
    steps: () => [
        { content: "Create a call plan", trigger: ".o_list_button_add", run: "click" },
        { trigger: ".o_field_widget[name=name] input", run: "edit Tour plan" },
        { content: "The plan covers its creator's clients by default", trigger: ".o_field_widget[name=user_ids] .o_tag" },
        ...addSegment("Top", 100000, 0, 52),
        ...addSegment("Middle", 10000, 100000, 12),
        ...addSegment("Rest", 0, 10000, 4),
        { content: "Save the plan", trigger: ".o_form_button_save", run: "click" },
        { trigger: ".o_form_saved" },
        { content: "Compute the segments", trigger: "button[name=action_compute_segments]", run: "click" },
        { trigger: "div[name=segment_ids] .o_data_row td[name=line_count]:contains(1)" },
        { content: "Read the capacity", trigger: "a.nav-link:contains(Capacity)", run: "click" },
        {
            content: "Desktop: the calls a year in the capacity list",
            trigger: "div[name=capacity_ids] .o_data_row td[name=calls_per_year]:contains(68)",
            isActive: ["desktop"],
        },
        {
            content: "Phone: the salesperson's card: three clients, 0.3 calls a day",
            trigger: "div[name=capacity_ids] .o_kanban_record:contains('Clients: 3') [name=load] .fs-4:contains(0.3)",
            isActive: ["mobile"],
        },
        {
            content: "Phone: open the other header buttons",
            trigger: ".o_statusbar_buttons button[title=More]",
            run: "click",
            isActive: ["mobile"],
        },
        { content: "Activate", trigger: "button[name=action_activate]", run: "click" },
        {
            content: "Phone: open the other header buttons",
            trigger: ".o_statusbar_buttons button[title=More]",
            run: "click",
            isActive: ["mobile"],
        },
        { content: "Generate the week", trigger: "button[name=action_generate_calls]", run: "click" },
        { trigger: ".o_notification:contains(calls planned)" },
        { content: "Open My activities", trigger: ".o_menu_systray i.fa-clock-o", run: "click" },
        {
            content: "Open the planned calls (late, today or future, whichever there are)",
            trigger: ".o-mail-ActivityGroup:contains(Contact) .btn-link",
            run: "click",
        },
        { trigger: ".o_content:not(:has(.o_view_sample_data)) .o-mail-ActivityButton", run: "click" },
        { trigger: ".o-mail-ActivityListPopoverItem-markAsDone", run: "click" },
        {
            content: "The call reached the client",
            trigger: ".modal .o_crm_card_log_contact_result .o_selection_badge:contains('Reached')",
            run: "click",
        },
        { content: "Log the call", trigger: ".modal button[name='action_log']", run: "click" },
        { trigger: "body:not(:has(.modal))" },
        {
            content: "Back to the plan",
            trigger: "body",
            run() {
                window.location.href = "/odoo/action-crm_callplan.crm_callplan_action";
            },
            expectUnloadPage: true,
        },
        { trigger: ".o_data_row td:contains(Tour plan)", run: "click" },
        { content: "See coverage move", trigger: "a.nav-link:contains(Coverage)", run: "click" },
        {
            content: "Desktop: one call made, in the coverage list",
            trigger: "div[name=coverage_ids] .o_data_row td[name=calls_made]:contains(1)",
            isActive: ["desktop"],
        },
        {
            content: "Phone: one call made, on the segment's card",
            trigger: "div[name=coverage_ids] .o_kanban_record:contains(Top) footer:contains('Calls: 1')",
            isActive: ["mobile"],
        },
    ],
});
