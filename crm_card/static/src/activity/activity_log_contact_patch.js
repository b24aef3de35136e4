import { Activity } from "@mail/core/web/activity";
import { ActivityListPopoverItem } from "@mail/core/web/activity_list_popover_item";

import { user } from "@web/core/user";
import { patch } from "@web/core/utils/patch";

// the planned contacts with a client whose completion is logged in the client's log of contacts
const CONTACT_MODELS = ["res.partner", "crm.lead"];
const CONTACT_CATEGORIES = ["phonecall", "meeting"];

/**
 * Whether "Mark Done" on this activity opens the Log Contact dialog (result,
 * note, next step) instead of Odoo's feedback popover: a planned Call or
 * Meeting on a client or a lead, for a user who may log contacts.
 */
async function logsContact(activity) {
    return (
        CONTACT_MODELS.includes(activity.res_model) &&
        CONTACT_CATEGORIES.includes(activity.activity_category) &&
        (await user.hasGroup("crm_card.group_crm_card_editor"))
    );
}

function openLogContact(env, activity) {
    return new Promise((resolve) =>
        env.services.action.doAction("crm_card.crm_card_log_contact_action", {
            additionalContext: { default_activity_id: activity.id },
            onClose: resolve,
        })
    );
}

patch(Activity.prototype, {
    async onClickMarkAsDone(ev) {
        const target = ev.currentTarget;
        if (!(await logsContact(this.props.activity))) {
            return super.onClickMarkAsDone({ currentTarget: target });
        }
        const thread = this.thread;
        await openLogContact(this.env, this.props.activity);
        this.props.onActivityChanged(thread);
        await thread.fetchNewMessages();
    },
});

patch(ActivityListPopoverItem.prototype, {
    async onClickMarkAsDone() {
        if (!(await logsContact(this.props.activity))) {
            return super.onClickMarkAsDone();
        }
        await openLogContact(this.env, this.props.activity);
        this.props.onActivityChanged?.();
    },
});
