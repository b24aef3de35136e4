import { markup } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { escape } from "@web/core/utils/strings";

/**
 * Screen pop of an incoming call: the telephony endpoint (``POST /crm_callplan/calls`` with
 * ``event`` ringing or answered) notifies the salesperson the call is routed to; a sticky
 * notification shows who calls and opens the client card, or, for an unknown number, offers to
 * create a client or to open the calls to triage.
 */
export const incomingCallService = {
    dependencies: ["action", "bus_service", "notification"],

    start(env, { action, bus_service, notification }) {
        const shown = new Map(); // call_id -> close function: a call pops up once, answered replaces ringing

        function line(label, value) {
            return value ? `<div><b>${escape(label)}:</b> ${escape(value)}</div>` : "";
        }

        function body(call) {
            if (!call.known) {
                return markup(`<div>${escape(_t("Unknown number %s", call.phone))}</div>`);
            }
            let html = `<div class="fw-bold">${escape(call.client.name)}</div>`;
            if (call.contact) {
                html += line(_t("Contact person"), call.contact.name);
            }
            html += line(_t("Phone"), call.phone);
            html += line(_t("Category"), call.category);
            html += line(_t("Information level"), call.info_level);
            html += line(_t("Rating"), call.rating);
            if (call.last_interaction) {
                html += line(
                    _t("Last contact"),
                    [call.last_interaction.date, call.last_interaction.summary, call.last_interaction.note]
                        .filter(Boolean)
                        .join(" · ")
                );
            }
            if (call.planned_call) {
                html += line(
                    _t("Planned call"),
                    `${call.planned_call.date} ${call.planned_call.summary}`.trim()
                );
            }
            return markup(html);
        }

        function buttons(call, close) {
            const open = (todo) => async () => {
                await action.doAction(todo);
                close();
            };
            if (call.known) {
                return [
                    {
                        name: _t("Open the card"),
                        primary: true,
                        onClick: open({
                            type: "ir.actions.act_window",
                            res_model: "res.partner",
                            res_id: call.client.id,
                            views: [[false, "form"]],
                            target: "current",
                        }),
                    },
                ];
            }
            return [
                {
                    name: _t("Create a client"),
                    primary: true,
                    onClick: open({
                        type: "ir.actions.act_window",
                        res_model: "res.partner",
                        views: [[false, "form"]],
                        target: "current",
                        context: { default_phone: call.phone, default_is_company: true },
                    }),
                },
                {
                    name: _t("Calls to Triage"),
                    onClick: open("crm_callplan.crm_card_interaction_action_triage"),
                },
            ];
        }

        bus_service.subscribe("crm_callplan/incoming_call", (call) => {
            shown.get(call.call_id)?.();
            let close = () => {};
            const remove = notification.add(body(call), {
                title: call.event === "answered" ? _t("Call answered") : _t("Incoming call"),
                type: "info",
                sticky: true,
                buttons: buttons(call, () => close()),
                onClose: () => {
                    if (shown.get(call.call_id) === remove) {
                        shown.delete(call.call_id);
                    }
                },
            });
            close = remove;
            shown.set(call.call_id, remove);
        });
        bus_service.start();
    },
};

registry.category("services").add("crm_callplan_incoming_call", incomingCallService);
