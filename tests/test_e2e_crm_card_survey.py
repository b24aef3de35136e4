"""Satisfaction questionnaires end to end: a salesperson sends them over JSON-RPC, the client
answers on the public survey pages (no login), the answer is the card's satisfaction check."""

import pytest
from conftest import JsonRpc, RpcError

ACCESS_ERROR = "odoo.exceptions.AccessError"


@pytest.fixture(scope="module")
def salesperson(make_user):
    return make_user("e2e_survey_sales", groups=["sales_team.group_sale_salesman"])


@pytest.fixture(scope="module")
def bought(admin, salesperson):
    """A client of ``salesperson`` who bought a product today, with a buyer who has an e-mail."""
    [client] = admin.call(
        "res.partner", "create", [{"name": "E2E Kazan Glass LLC", "is_company": True, "user_id": salesperson.uid}]
    )
    admin.call(
        "res.partner",
        "create",
        [{"name": "E2E Olga Buyer", "parent_id": client, "email": "olga@kazanglass.example.com",
          "buying_role_id": admin.ref("crm_card.crm_card_buying_role_decision_maker")}],
    )
    [product] = admin.call("product.product", "create", [{"name": "E2E Float Glass 4 mm", "type": "consu"}])
    [order] = admin.call(
        "sale.order",
        "create",
        [{"partner_id": client, "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 2,
                                                       "price_unit": 300.0})]}],
    )
    admin.call("sale.order", "action_confirm", [order])
    return client, product


def test_reader_cannot_send(make_user, bought):
    """A Client base Reader sends no questionnaire."""
    reader = make_user("e2e_survey_reader", groups=["crm_card.group_crm_card_reader"])
    with pytest.raises(RpcError) as caught:
        reader.call("res.partner", "action_card_survey_invite", [bought[0]])
    assert caught.value.name == ACCESS_ERROR


def test_sent_answered_filed(server, admin, salesperson, bought):
    """Sent from the card, answered on the public page, filed as the check of the product with its score."""
    client, product = bought
    action = salesperson.call("res.partner", "action_card_survey_invite", [client])
    assert action["params"]["message"] == "1 questionnaire(s) sent."
    [invitation] = admin.call(
        "survey.user_input",
        "search_read",
        [("card_partner_id", "=", client)],
        ["access_token", "survey_id", "card_product_id", "state"],
    )
    assert (invitation["card_product_id"][0], invitation["state"]) == (product, "new")
    [survey] = admin.call("survey.survey", "read", [invitation["survey_id"][0]], ["access_token"])
    questions = {
        name: admin.ref(f"crm_card_survey.survey_question_product_satisfaction_{name}")
        for name in ("product", "service", "comment")
    }
    visitor = JsonRpc(server.url, server.db)  # the client: no login
    tokens = f"{survey['access_token']}/{invitation['access_token']}"
    visitor.rpc(f"/survey/begin/{tokens}", {})
    visitor.rpc(
        f"/survey/submit/{tokens}",
        {str(questions["product"]): "4", str(questions["service"]): "5", str(questions["comment"]): "Pack better"},
    )
    [check] = salesperson.call(
        "crm.card.satisfaction",
        "search_read",
        [("partner_id", "=", client)],
        ["product_id", "score", "comment", "user_id", "card_survey_answer_url"],
    )
    assert check["product_id"][0] == product
    assert check["score"] == 5, "(4 + 5) / 2 = 4.5, rounded half up"
    assert "Pack better" in check["comment"]
    assert check["user_id"][0] == salesperson.uid
    assert invitation["access_token"] in check["card_survey_answer_url"]
    with pytest.raises(RpcError) as caught:
        salesperson.call("res.partner", "action_card_survey_invite", [client])
    assert caught.value.name == "odoo.exceptions.UserError", "rated today: nothing more to send"
