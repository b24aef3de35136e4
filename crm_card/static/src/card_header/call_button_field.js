import { Component } from "@odoo/owl";

import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/**
 * The client card's large "Call" button: a tel: link to the phone of the
 * field, so that a salesperson on a phone starts the call in one tap (the
 * phone's dialer opens). Shows nothing when there is no phone to call.
 */
export class CrmCardCallButton extends Component {
    static template = "crm_card.CallButton";
    static props = { ...standardFieldProps };

    get phone() {
        return this.props.record.data[this.props.name] || "";
    }

    get href() {
        return "tel:" + this.phone.replace(/[^\d+]/g, "");
    }
}

registry.category("fields").add("crm_card_call_button", {
    component: CrmCardCallButton,
    displayName: _t("Call Button"),
    supportedTypes: ["char"],
});
