import { registry } from "@web/core/registry";

/** The telephony posts a call event as the PBX would (the company key of the test). */
async function postCallEvent(body) {
    const response = await fetch("/crm_callplan/calls", {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: "Bearer tour-telephony-key" },
        body: JSON.stringify(body),
    });
    if (response.status !== 202) {
        throw new Error(`call event refused: ${response.status} ${await response.text()}`);
    }
}

registry.category("web_tour.tours").add("crm_callplan_incoming_call_tour", {
    steps: () => [
        {
            content: "The web client is up: the telephony reports a ringing call from a client",
            trigger: ".o_main_navbar",
            run: () => postCallEvent({ call_id: "tour-1", phone: "8 495 111 22 33", event: "ringing", user: "201" }),
        },
        { content: "The card pops up", trigger: ".o_notification:contains(Pop Client LLC):contains(Information level)" },
        { content: "Open the card", trigger: ".o_notification button:contains(Open the card)", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=name] input:value(Pop Client LLC)" },
        {
            content: "An unknown number rings",
            trigger: ".o_form_view .o_field_widget[name=name]",
            run: () => postCallEvent({ call_id: "tour-2", phone: "+44 20 7946 0958", event: "ringing", user: "201" }),
        },
        { trigger: ".o_notification:contains(Unknown number)" },
        { content: "Create a client", trigger: ".o_notification button:contains(Create a client)", run: "click" },
        { content: "A new client's form opens", trigger: ".o_breadcrumb:contains(New)" },
        {
            content: "A new client, the caller's number filled in",
            trigger: ".o_form_view .o_field_widget[name=phone] input",
            run() {
                if (this.anchor.value.replace(/\D/g, "") !== "442079460958") {
                    throw new Error(`phone not filled in: ${this.anchor.value}`);
                }
            },
        },
    ],
});
