from collections import defaultdict

from odoo.tools.misc import get_lang


def split_by_lang(records, user_of):
    """Group ``records`` by the language of the user each one is written for.

    Text a job writes for a user is rendered in that user's language (house
    style 32), not in the language of the cron user: a job renders each group
    with ``self.env._`` and reads translated fields in that language, once per
    language, not once per record. A user without an active language gets the
    one of the running environment.

    :param records: a recordset
    :param user_of: ``record -> res.users``, the reader of the text
    :return: list of ``(lang code, records of that language)``, each recordset
        in the context of its language
    """
    active = {code for code, _name in records.env["res.lang"].get_installed()}
    fallback = get_lang(records.env).code
    ids_by_lang = defaultdict(list)
    for record in records:
        lang = user_of(record).lang
        ids_by_lang[lang if lang in active else fallback].append(record.id)
    return [(lang, records.browse(ids).with_context(lang=lang)) for lang, ids in ids_by_lang.items()]
