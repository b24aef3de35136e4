from . import models


def uninstall_hook(env):
    """Uninstalling keeps the questionnaire the module shipped, and so the clients' answers to it
    (Odoo deletes a survey's answers with it): without its external id it is an ordinary survey."""
    env["ir.model.data"].search(
        [
            ("module", "=", "crm_card_survey"),
            ("model", "in", ["survey.survey", "survey.question", "survey.question.answer"]),
        ]
    ).unlink()
