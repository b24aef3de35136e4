import re

import polib

from odoo.tools import html2plaintext
from odoo.tools.misc import file_path

# what is not text in a source string: placeholders and HTML tags
NOT_TEXT = re.compile(r"%\(\w+\)[sd]|%[sd]|<[^>]*>")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


class CardJobLanguageMixin:
    """Run the nightly jobs of an addon for a Russian-speaking user and find no English
    in what they wrote for that user (house style 32).

    Mixed into a test case of each addon: ``_run_module_crons`` runs every ``ir.cron``
    the addon declares, as the scheduler's code does, and says which ones wrote
    something for the user; ``assertNoEnglishFor`` compares the activities and messages
    of the user with the English sources of the addons' ``ru.po``.
    """

    @classmethod
    def _setup_russian(cls, users, modules):
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"]._load_module_terms(["mail", *modules], ["ru_RU"])
        users.write({"lang": "ru_RU"})

    @staticmethod
    def _english_fragments(modules):
        """The English pieces (between placeholders and tags) of the strings ``ru.po`` translates."""
        fragments = set()
        for module in modules:
            for entry in polib.pofile(file_path(f"{module}/i18n/ru.po")):
                if not entry.msgstr or entry.msgstr == entry.msgid:
                    continue
                for piece in NOT_TEXT.split(entry.msgid):
                    piece = piece.strip(" \n.,:;!?()–-→")
                    if len(piece) >= 4 and re.search("[A-Za-z]{3}", piece):
                        fragments.add(piece)
        return fragments

    def _user_texts(self, user):
        """{text: where} of what was written for ``user``: activity summaries and notes, message subjects and bodies."""
        activities = self.env["mail.activity"].with_context(active_test=False).search([("user_id", "=", user.id)])
        messages = self.env["mail.message"].search([("partner_ids", "in", user.partner_id.ids)])
        texts = {}
        for activity in activities:
            texts[activity.summary or ""] = f"summary of activity {activity.id}"
            texts[html2plaintext(activity.note or "")] = f"note of activity {activity.id}"
        for message in messages:
            texts[message.subject or ""] = f"subject of message {message.id}"
            texts[html2plaintext(message.body or "")] = f"body of message {message.id}"
        texts.pop("", None)
        return texts, activities

    def _run_module_crons(self, module, user):
        """Run every cron of ``module``; return {cron xmlid: number of activities it gave ``user``}."""
        crons = self.env["ir.model.data"].search([("module", "=", module), ("model", "=", "ir.cron")])
        self.assertTrue(crons, f"{module} declares no cron")
        # the jobs commit per batch (ir.cron._commit_progress); the test keeps them in its transaction
        self.patch(self.env.cr, "commit", lambda: None)
        written = {}
        for data in crons:
            before = len(self._user_texts(user)[1])
            cron = self.env["ir.cron"].browse(data.res_id)
            cron.ir_actions_server_id.with_user(cron.user_id).run()
            written[f"{module}.{data.name}"] = len(self._user_texts(user)[1]) - before
        return written

    def assertNoEnglishFor(self, user, modules):
        """Every text written for ``user`` is Russian: it contains Cyrillic and no English source piece."""
        texts, activities = self._user_texts(user)
        self.assertTrue(activities, "the jobs wrote nothing to check")
        fragments = self._english_fragments(modules)
        for activity in activities:
            self.assertRegex(activity.summary or "", CYRILLIC, f"activity {activity.id} has no Russian summary")
        for text, where in texts.items():
            found = [piece for piece in fragments if re.search(rf"(?<![A-Za-z]){re.escape(piece)}(?![A-Za-z])", text)]
            self.assertFalse(found, f"English in the {where}: {text!r}")
