from odoo.exceptions import UserError

from odoo.addons.phone_validation.tools.phone_validation import phone_format


def phone_sanitize(number, country_code=None):
    """``number`` in E.164 (``+74951234567``) as Odoo's ``phone_sanitized`` stores a phone
    (``mail.thread.phone`` on partners and leads), or False where Odoo refuses it as a phone.

    The one rule for "the same phone": the duplicate guards compare ``phone_sanitized`` itself;
    a number that is not a record's phone (one a telephony system reports, a dialled number)
    goes through here, so that it matches what Odoo stored. A number without its country prefix
    is read in the plan of ``country_code``: "8 (912) 345-67-89" in ``RU`` is +79123456789.
    Odoo accepts only numbers valid in their country's plan, not merely possible ones: a number
    with an unallocated prefix (+7 000...) is no phone, on a card as from the telephony.
    """
    if not number or not isinstance(number, str):
        return False
    try:
        # the dialling code only chooses a national format: E.164 does not need it
        return phone_format(number, country_code or None, None, force_format="E164")
    except UserError:
        return False
