import { registry } from "@web/core/registry";

// the columns of Shiffman's table in Russian, in the table's order
const COLUMNS = ["Потенциальный клиент", "Интерес", "Контакт 1", "Контакт 2", "Контакт 3", "Результат"];

function texts(selector) {
    return [...document.querySelectorAll(selector)].map((element) => element.textContent.trim());
}

function assertColumns(found, content) {
    const names = found.map((text) => COLUMNS.find((column) => text.startsWith(column)));
    if (JSON.stringify(names) !== JSON.stringify(COLUMNS)) {
        throw new Error(`${content}: ${found.join(" | ")}`);
    }
}

/**
 * A head of sales reads Shiffman's ratios, in Russian. On a desktop the pivot has the six
 * columns in the table's order with two figures each, and fits the screen; on a phone the list
 * grouped by column carries the same figures on screen.
 */
registry.category("web_tour.tours").add("crm_shiffman_analysis_tour", {
    steps: () => [
        {
            content: "desktop: the pivot's columns go from Prospect to Result, two figures each",
            trigger: ".o_pivot thead th.o_pivot_header_cell_closed",
            run() {
                assertColumns(texts(".o_pivot thead th.o_pivot_header_cell_closed"), "pivot columns");
                const measures = texts(".o_pivot thead th.o_pivot_measure_row");
                if (measures.length !== 2 * (COLUMNS.length + 1)) {
                    throw new Error(`pivot measures: ${measures.join(" | ")}`);
                }
                const table = document.querySelector(".o_pivot table").getBoundingClientRect();
                if (table.right > window.innerWidth) {
                    throw new Error(`the pivot is ${table.width} px wide at ${window.innerWidth} px`);
                }
            },
            isActive: ["desktop"],
        },
        {
            content: "phone: the list grouped by column, Prospect to Result",
            trigger: ".o_list_view .o_group_header:contains(Результат)",
            run() {
                assertColumns(texts(".o_list_view .o_group_header .o_group_name"), "list groups");
            },
            isActive: ["mobile"],
        },
        {
            content: "phone: ten prospects entered, 40 % went on: both figures on screen",
            trigger: `.o_list_view .o_group_header:contains(${COLUMNS[0]}) td:contains(40,0)`,
            run() {
                // the group row's first cells are its first aggregates: entered, then conversion
                const [entered, conversion] = this.anchor.closest("tr").querySelectorAll("td");
                const found = [entered, conversion].map((cell) => cell.textContent.trim());
                if (JSON.stringify(found) !== JSON.stringify(["10", "40,0"])) {
                    throw new Error(`prospect figures: ${found.join(" | ")}`);
                }
                for (const cell of [entered, conversion]) {
                    if (cell.getBoundingClientRect().right > window.innerWidth) {
                        throw new Error(`off screen: ${cell.textContent.trim()}`);
                    }
                }
            },
            isActive: ["mobile"],
        },
    ],
});
