import { registry } from "@web/core/registry";

const CSV = [
    "Name,Email,Company Name",
    "Tour Import Bricks,oleg@tourbricks.example.com,Tour Bricks",
    "Tour Import Typo,oleg at tourtypo,Tour Typo",
].join("\n");

registry.category("web_tour.tours").add("crm_shiffman_import_tour", {
    steps: () => [
        {
            trigger: ".o_menu_sections button[data-menu-xmlid='crm_shiffman.crm_shiffman_menu_root']",
            content: "open the Shiffman menu",
            run: "click",
        },
        {
            trigger: ".o-dropdown-item[data-menu-xmlid='crm_shiffman.crm_shiffman_menu_import']",
            run: "click",
        },
        {
            trigger: ".o_dialog .o_field_widget[name=file] .o_select_file_button",
            content: "upload a CSV with a good and a bad row (as if picked in the file dialog)",
            run() {
                const input = document.querySelector(".o_dialog .o_field_widget[name=file] input[type=file]");
                const files = new DataTransfer();
                files.items.add(new File([CSV], "tour prospects.csv", { type: "text/csv" }));
                input.files = files.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            trigger: ".o_dialog .o_field_widget[name=file] input.o_input:value('tour prospects.csv')",
        },
        {
            trigger: ".o_dialog button[name=action_import]",
            run: "click",
        },
        {
            trigger: ".o_dialog .o_crm_shiffman_import_result .o_field_widget[name=created_count]:contains('1')",
            content: "one prospect created",
        },
        {
            trigger: ".o_dialog .o_field_widget[name=line_ids] .o_data_row:contains('not a valid e-mail')",
            content: "the bad row is listed with its reason",
        },
        {
            trigger: ".o_dialog .o_field_widget[name=rejected_file] a:contains('tour prospects - rejected rows.csv')",
            content: "the rejected rows can be downloaded",
        },
        {
            trigger: ".o_dialog button[name=action_open_prospects]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.o_dialog)) .o_list_view .o_data_row:contains('Tour Import Bricks')",
            content: "the created prospect, in the Shiffman table's list",
        },
    ],
});
