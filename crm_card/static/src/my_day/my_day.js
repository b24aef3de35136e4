import { Component, onWillStart, useState } from "@odoo/owl";

import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * "My day": the salesperson's home in CRM. One screen of cards, readable on a
 * phone: what is due today or overdue, special events coming, clients to win
 * back; each card opens its client, its button logs a contact. The sections
 * come from one server method read as the user (``res.users.crm_card_my_day``).
 */
export class CrmCardMyDay extends Component {
    static template = "crm_card.MyDay";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ scope: "mine", data: null });
        onWillStart(() => this.load());
    }

    async load() {
        const data = await this.orm.call("res.users", "crm_card_my_day", [], {
            scope: this.state.scope,
        });
        this.state.scope = data.scope;
        this.state.data = data;
    }

    async setScope(scope) {
        this.state.scope = scope;
        await this.load();
    }

    formatDate(value) {
        return value ? formatDate(deserializeDate(value)) : "";
    }

    openItem(item) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            res_model: item.open.res_model,
            res_id: item.open.res_id,
            views: [[false, "form"]],
        });
    }

    logContact(item) {
        return this.action.doAction("crm_card.crm_card_log_contact_action", {
            additionalContext: item.log_context,
            onClose: () => this.load(),
        });
    }
}

registry.category("actions").add("crm_card_my_day", CrmCardMyDay);
