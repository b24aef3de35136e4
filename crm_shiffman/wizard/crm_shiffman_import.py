import base64
import binascii
import csv
import io
import os
import re
from collections import defaultdict

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command, Domain
from odoo.tools.mimetypes import guess_mimetype
from odoo.tools.translate import LazyTranslate

from odoo.addons.base_import.models.base_import import ImportValidationError

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# base_import's reading options: auto-detected separator and encoding, first row = titles
READ_OPTIONS = {"quoting": '"', "separator": "", "has_headers": True}
# sane sizes for one request; system parameters crm_shiffman.import_max_mb / import_max_rows change them
DEFAULT_MAX_MB = 10
DEFAULT_MAX_ROWS = 5000
CONTENT_PREVIEW = 200

_lt = LazyTranslate(__name__)

# The column titles of a list of prospects, per lead field, in one place: the title the
# template gives the column (the quick-add form's label, in the user's language; None: not in
# the template) and the usual synonyms in English and Russian. Titles are compared without
# case, the dots of "ё", extra spaces or closing dots; a title not listed here is matched by
# Odoo's own field labels. "Company" is the prospect's firm: the Odoo company comes from the team.
PROSPECT_COLUMNS = {
    "name": (_lt("Prospect"), ["Name", "Title", "Lead", "Opportunity", "Потенциальный клиент", "Название",
                               "Наименование", "Лид", "Сделка", "Возможность"]),
    "partner_name": (_lt("Company"), ["Company Name", "Firm", "Organisation", "Organization", "Компания",
                                      "Название компании", "Организация", "Фирма"]),
    "contact_name": (_lt("Person"), ["Contact", "Contact Person", "Contact Name", "Контактное лицо", "Контакт",
                                     "ФИО", "Имя контакта"]),
    "phone": (_lt("Phone"), ["Telephone", "Tel", "Mobile", "Phone Number", "Телефон", "Тел", "Мобильный"]),
    "email_from": (_lt("Email"), ["E-mail", "Mail", "Email Address", "Эл. почта", "Электронная почта", "Почта"]),
    "source_id": (_lt("Source"), ["Lead Source", "Источник"]),
    "card_category_id": (_lt("Client Category"), ["Category", "Категория клиента", "Категория"]),
    "tag_ids": (None, ["Tags", "Теги", "Метки"]),
    "user_id": (None, ["Salesperson", "Продавец", "Менеджер", "Ответственный"]),
}
XLSX_TEMPLATE_WIDTH = 24
# Models whose name search is Odoo's own except for the overrides of these modules, and the
# fields that override tries in turn: a user is first looked for by login, then by name.
NAME_SEARCH_TIERS = {"res.users": ({"base", "web"}, [["login"]])}


class CrmShiffmanImport(models.TransientModel):
    """Upload a spreadsheet of prospects: good rows join the table, bad rows come back with
    the reason, in a file to fix and upload again.

    The file is read by Odoo's own import (``base_import.import``), its titles are matched to
    lead fields the way that import suggests them, and the rows go through ``_load_prospects``,
    which keeps the good rows and writes nothing of the bad.
    """

    _name = "crm.shiffman.import"
    _description = "Import Prospects"

    state = fields.Selection([("upload", "Upload"), ("done", "Done")], required=True, default="upload")
    file = fields.Binary(
        attachment=False,
        help="A CSV or XLSX file whose first row holds the column titles.",
    )
    file_name = fields.Char()
    team_id = fields.Many2one(
        "crm.team",
        string="Shiffman Team",
        required=True,
        domain=[("use_shiffman", "=", True)],
        default=lambda self: self.env["crm.lead"]._shiffman_user_team(),
        help="The Shiffman table the prospects join, in its Prospect column.",
    )
    created_count = fields.Integer(string="Prospects Created", readonly=True)
    lead_ids = fields.Many2many("crm.lead", string="Created Prospects", readonly=True)
    line_ids = fields.One2many("crm.shiffman.import.line", "import_id", string="Rejected Rows", readonly=True)
    rejected_count = fields.Integer(string="Rows Rejected", compute="_compute_rejected_count")
    rejected_file = fields.Binary(string="Rejected Rows File", attachment=False, readonly=True)
    rejected_file_name = fields.Char(string="Rejected Rows File Name", readonly=True)
    template_file = fields.Binary(attachment=False, readonly=True)
    template_file_name = fields.Char(readonly=True)

    @api.depends("line_ids")
    def _compute_rejected_count(self):
        for wizard in self:
            wizard.rejected_count = len(wizard.line_ids)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_import(self):
        """Read the file, load its good rows as prospects and show what became of each row."""
        self.ensure_one()
        self.env["crm.lead"].check_access("create")
        if self.state == "done":
            raise UserError(self.env._("This file is already imported: upload another file."))
        header, rows = self._read_rows()
        columns = self._map_columns(header, rows)
        data, origins, refused = self._prepare_rows(columns, rows)
        result = {"ids": [], "messages": []}
        if data:
            loader = self.with_context(**self._prepare_load_context())
            result = loader._load_prospects([column for column in columns if column], data)
        for message in result["messages"]:
            refused.setdefault(origins[message["line"] - 1], message["message"])
        self.write(self._prepare_result_vals(header, rows, result["ids"], refused))
        return self._action_reopen()

    def action_open_prospects(self):
        """The prospects this upload created, in the Shiffman table (list first)."""
        self.ensure_one()
        action = self.env["crm.lead"]._shiffman_pipeline_action(self.team_id)
        action["views"] = sorted(action["views"], key=lambda view: view[1] != "list")
        action["domain"] = [("id", "in", self.lead_ids.ids)]
        action["display_name"] = self.env._("Imported Prospects")
        return action

    def action_upload_again(self):
        """A fresh upload for the same team, e.g. the rejected rows once fixed."""
        self.ensure_one()
        action = self._action_reopen()
        del action["res_id"]
        action["context"] = {"default_team_id": self.team_id.id}
        return action

    def action_download_template(self):
        """An XLSX with the quick-add form's column titles in the user's language, to fill in."""
        self.ensure_one()
        self.write(
            {
                "template_file": base64.b64encode(self._template_xlsx()),
                "template_file_name": self.env._("prospects template.xlsx"),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content?model={self._name}&id={self.id}&field=template_file"
            "&filename_field=template_file_name&download=true",
            "target": "download",
        }

    def _action_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import Prospects"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    # ------------------------------------------------------------
    # READING THE FILE
    # ------------------------------------------------------------

    def _read_rows(self):
        """``(header, rows)`` of the file as base_import reads it, every cell a string.

        Blank rows are left out by the reader; at least one row must follow the header.
        """
        raw = self._file_content()
        importer = self.env["base_import.import"].new(
            {"res_model": "crm.lead", "file": raw, "file_type": self._file_type(raw)}
        )
        options = dict(READ_OPTIONS)
        try:
            _length, rows = importer._read_file(options)
        except (UserError, ImportValidationError, ValueError) as error:
            raise UserError(
                self.env._(
                    "%(file)s cannot be read: %(error)s",
                    file=self._file_label(),
                    error=str(error),
                )
            ) from error
        rows = [[self._cell_text(importer, cell, options) for cell in row] for row in rows]
        if not rows:
            raise UserError(self.env._("%(file)s holds no rows.", file=self._file_label()))
        if len(rows) < 2:
            raise UserError(
                self.env._(
                    "%(file)s holds a single row: the first row gives the column titles, the prospects follow it.",
                    file=self._file_label(),
                )
            )
        max_rows = self._get_limit("crm_shiffman.import_max_rows", DEFAULT_MAX_ROWS)
        if len(rows) - 1 > max_rows:
            raise UserError(
                self.env._(
                    "%(file)s holds %(count)s prospects, more than the %(max)s one upload takes: split it.",
                    file=self._file_label(),
                    count=len(rows) - 1,
                    max=max_rows,
                )
            )
        return [cell.strip() for cell in rows[0]], rows[1:]

    def _file_content(self):
        """The uploaded bytes; an empty, unreadable or oversized upload is refused before reading."""
        if not self.file:
            raise UserError(self.env._("Choose a CSV or XLSX file of prospects to import."))
        max_bytes = self._get_limit("crm_shiffman.import_max_mb", DEFAULT_MAX_MB) * 1024 * 1024
        # base64 takes 4 bytes for 3: an oversized file is refused before it is decoded
        if len(self.file) * 3 // 4 > max_bytes:
            raise UserError(
                self.env._(
                    "%(file)s is larger than %(size)s MB: split it into smaller files.",
                    file=self._file_label(),
                    size=max_bytes // (1024 * 1024),
                )
            )
        try:
            raw = base64.b64decode(self.file, validate=True)
        except (binascii.Error, ValueError) as error:
            raise UserError(self.env._("The upload of %(file)s is damaged.", file=self._file_label())) from error
        if not raw.strip():
            raise UserError(self.env._("%(file)s is empty.", file=self._file_label()))
        return raw

    def _file_type(self, raw):
        """The mimetype base_import reads the file as: XLSX by its content, CSV for text.

        A submodule may return another of base_import's types (ODS, XLS) to accept it too.
        """
        mimetype = guess_mimetype(raw, default="application/octet-stream")
        if mimetype == XLSX_MIMETYPE:
            return mimetype
        extension = os.path.splitext(self.file_name or "")[1].lower()
        # without python-magic, Odoo tells no text from binary: trust a .csv name without NUL bytes
        if mimetype.startswith("text/") or (
            mimetype == "application/octet-stream" and extension == ".csv" and b"\x00" not in raw
        ):
            return "text/csv"
        raise UserError(
            self.env._(
                "%(file)s is not a CSV or XLSX file. Save the spreadsheet as XLSX or CSV and upload it again.",
                file=self._file_label(),
            )
        )

    @api.model
    def _cell_text(self, importer, cell, options):
        """Spreadsheet dates as the server's date format, anything else as text."""
        cell = importer._stringify_date_like_objects(cell, options)
        return cell if isinstance(cell, str) else str(cell)

    def _file_label(self):
        return self.file_name or self.env._("The file")

    @api.model
    def _get_limit(self, param, default):
        """A size limit from the system parameters; a missing or unreadable value gives the default."""
        value = self.env["ir.config_parameter"].sudo().get_param(param)
        try:
            return int(value) if value else default
        except ValueError:
            return default

    def _template_xlsx(self):
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet(self.env._("Prospects"))
        bold = workbook.add_format({"bold": True})
        titles = [label._translate(self.env.lang) for label, _synonyms in PROSPECT_COLUMNS.values() if label]
        sheet.write_row(0, 0, titles, bold)
        sheet.set_column(0, len(titles) - 1, XLSX_TEMPLATE_WIDTH)
        sheet.freeze_panes(1, 0)
        workbook.close()
        return buffer.getvalue()

    # ------------------------------------------------------------
    # MAPPING THE COLUMNS
    # ------------------------------------------------------------

    def _map_columns(self, header, rows):
        """The lead field path of each column, ``False`` for a column left out.

        A title matches a field through ``PROSPECT_COLUMNS`` (the template's titles and their
        synonyms), else by its technical name or its label, in the user's language or in
        English, as Odoo's import matches them, but without its fuzzy guesses: a wrong guess
        would fill the wrong field of thousands of prospects. The reason column of a
        rejected-rows file is left out, so that the fixed file can be uploaded as it is.
        """
        importer = self.env["base_import.import"].new({"res_model": "crm.lead"})
        excluded = self._get_excluded_fields()
        fields_tree = [
            field for field in importer.get_fields_tree("crm.lead", depth=1) if field["name"] not in excluded
        ]
        reason_titles = self._reason_titles()
        known = self._get_column_titles()
        columns, unknown = [], []
        for index, title in enumerate(header):
            if title.casefold() in reason_titles or not (title or self._column_has_values(rows, index)):
                columns.append(False)
                continue
            if _title_key(title) in known:
                columns.append(known[_title_key(title)])
                continue
            match = importer._get_mapping_suggestion(title, fields_tree, [], {}) if title else {}
            if not match:
                unknown.append(title or self.env._("column %(number)s (no title)", number=index + 1))
            columns.append("/".join(match.get("field_path", [])))
        if unknown:
            raise UserError(
                self.env._(
                    "These columns match no field of a prospect: %(columns)s.\n"
                    "The first row must hold the column titles: a field's name or label, e.g. Name, Email, "
                    "Phone, Company Name, Source, Tags, Salesperson.",
                    columns=", ".join(f"“{title}”" for title in unknown),
                )
            )
        self._check_columns(header, columns)
        return columns

    @api.model
    def _column_has_values(self, rows, index):
        return any(index < len(row) and row[index].strip() for row in rows)

    def _check_columns(self, header, columns):
        """Each field in one column only, and the fields a prospect needs all present."""
        titles_by_field = {}
        for title, column in zip(header, columns, strict=True):
            if column:
                titles_by_field.setdefault(column, []).append(title)
        doubled = [titles for titles in titles_by_field.values() if len(titles) > 1]
        if doubled:
            raise UserError(
                self.env._(
                    "Columns %(columns)s fill the same field: keep one of them.",
                    columns=", ".join(f"“{title}”" for title in doubled[0]),
                )
            )
        present = {column.split("/")[0] for column in titles_by_field}
        missing = [name for name in self._get_required_fields() if name not in present]
        if missing:
            labels = self.env["crm.lead"].fields_get(missing, ["string"])
            raise UserError(
                self.env._(
                    "The file has no column for %(fields)s: every prospect needs it.",
                    fields=", ".join(f"“{labels[name]['string']}” ({name})" for name in missing),
                )
            )

    @api.model
    def _get_column_titles(self):
        """``{title key: field}`` of ``PROSPECT_COLUMNS``, the template's titles in every active language."""
        langs = {"en_US", *(code for code, _name in self.env["res.lang"].get_installed())}
        titles = {}
        for field, (label, synonyms) in PROSPECT_COLUMNS.items():
            names = [*synonyms, *(label._translate(lang) for lang in langs)] if label else synonyms
            titles.update(dict.fromkeys(map(_title_key, names), field))
        return titles

    @api.model
    def _get_excluded_fields(self):
        """Fields a prospect upload does not fill: an external ID would update existing leads, and the
        Odoo company comes from the team (a "Company" column names the prospect's firm)."""
        return {"id", "company_id"}

    @api.model
    def _get_required_fields(self):
        return ["name"]

    def _reason_titles(self):
        return {
            self.with_context(lang=lang).env._("Rejection Reason").casefold()
            for lang in {self.env.lang or "en_US", "en_US"}
        }

    # ------------------------------------------------------------
    # LOADING: the good rows kept, the bad ones reported
    # ------------------------------------------------------------

    def _prepare_rows(self, columns, rows):
        """``(data, origins, refused)``: the rows cut to the mapped columns for the loader,
        the file row index of each, and ``{row index: reason}`` for rows refused here."""
        width = len(columns)
        kept = [index for index, column in enumerate(columns) if column]
        data, origins, refused = [], [], {}
        for index, row in enumerate(rows):
            extra = [cell for cell in row[width:] if cell.strip()]
            if extra:
                refused[index] = self.env._(
                    "The row has more cells than the header has titles: %(cells)s", cells=", ".join(extra)
                )
                continue
            row = row + [""] * (width - len(row))
            data.append([row[position] for position in kept])
            origins.append(index)
        return data, origins, refused

    def _prepare_load_context(self):
        """Prospects join the chosen team's table, in its Prospect column. No chatter message
        or subscription per row, as in Odoo's own import by default: that is most of its cost."""
        return {"default_team_id": self.team_id.id, "default_type": "opportunity", "tracking_disable": True}

    @api.model
    def _load_prospects(self, fields_list, rows, chunk_size=500):
        """Load rows of lead fields as prospects, keeping the good rows and reporting the bad ones.

        Odoo's ``load`` is all-or-nothing and stops reporting after too many errors. Here
        the rows are first converted and checked without writing anything (unknown
        category or source, empty name, bad e-mail), then the good rows are loaded in
        chunks, each on its own savepoint; should a chunk still fail (a record rule refusing
        a row, say), the rows its errors are really about (``_load_failures``) are set aside
        and the rest of the chunk is loaded again. Nothing of a bad row is written. The
        names of sources, tags or salespeople are looked up once per column for both passes
        (``_lookup_names``), not once per cell and pass. The leads get the defaults of the
        context (``_prepare_load_context``). Returns ``{'ids': [...], 'messages': [{'line': n,
        'message': ...}]}`` with 1-based data lines (header excluded).
        """
        Lead = self.env["crm.lead"].with_context(import_file=True, crm_shiffman_intake=True)
        # the only place that sets the key ``ir.fields.converter.db_id_for`` answers from
        Lead = Lead.with_context(crm_shiffman_import_names=self._lookup_names(Lead, fields_list, rows))
        bad = {}
        for line, message in self._precheck_rows(Lead, fields_list, rows):
            bad.setdefault(line, message)
        ids = []
        good = [line for line in range(len(rows)) if line not in bad]
        for start in range(0, len(good), chunk_size):
            lines = good[start : start + chunk_size]
            while lines:
                with self.env.cr.savepoint(flush=False):
                    result = Lead.load(fields_list, [rows[line] for line in lines])
                if result["ids"]:
                    ids += result["ids"]
                    break
                errors = [m for m in result["messages"] if m.get("type") == "error"]
                failed = self._load_failures(errors)
                if not failed:  # an error without a row: refuse the whole chunk, saying why
                    bad.update(dict.fromkeys(lines, errors[0]["message"] if errors else ""))
                    break
                bad.update({lines[index]: message for index, message in failed.items()})
                lines = [line for index, line in enumerate(lines) if index not in failed]
        self.env.invalidate_all()
        messages = [{"line": line + 1, "message": message} for line, message in sorted(bad.items())]
        return {"ids": ids, "messages": messages}

    @api.model
    def _load_failures(self, errors):
        """``{row index: message}`` for the rows a failed ``load`` refused, from its errors.

        ``load`` creates the rows in one batch; when the batch fails, it creates them again one
        by one, each row that fails getting its own error, and then puts the batch's error first,
        on the batch's first row, whether that row failed or not (Odoo 19, ``BaseModel.load``).
        The two cannot be told apart when they say the same, as an access error does for every
        row. So the first error counts against its row only when it is the only error; with
        others, that row is refused by an error of its own, or loaded again with the rows left,
        where, should it be bad too, it fails again.
        """
        located = [error for error in errors if error.get("rows")]
        if len(located) == 1:
            return {located[0]["rows"]["from"]: located[0]["message"]}
        failed = {}
        for error in located[1:]:
            failed.setdefault(error["rows"]["from"], error["message"])
        return failed

    @api.model
    def _precheck_rows(self, Lead, fields_list, rows):
        """``[(row index, message)]`` for rows that cannot be imported; writes nothing."""
        messages, errors = [], []
        savepoint = self.env.cr.savepoint(flush=False)
        try:
            paths = [re.sub(r"([^/]):id", r"\1/id", name).split("/") for name in fields_list]
            extracted = Lead._extract_records(paths, rows, log=messages.append)
            converted = Lead._convert_records(extracted, log=messages.append, savepoint=savepoint)
            for _id, _xid, record, info in converted:
                error = Lead._shiffman_import_error(record)
                if error:
                    errors.append((info["rows"]["from"], error))
        finally:
            savepoint.close(rollback=True)
        errors += [
            (message["rows"]["from"], message["message"])
            for message in messages
            if message.get("type") == "error" and message.get("rows")
        ]
        return errors

    @api.model
    def _lookup_names(self, Lead, fields_list, rows):
        """``{field: {name: answer}}`` for the columns that name related records (a source, tags,
        a salesperson): the distinct names of each column looked up with one query, so that
        converting the rows, in the pre-check and again at load, does not search cell by cell.

        Read by ``ir.fields.converter.db_id_for`` (context key ``crm_shiffman_import_names``),
        which also keeps there the answer to each name the lookup left to it. Searches as the
        uploading user, as the cell-by-cell search does.
        """
        created = Lead.env.context.get("name_create_enabled_fields") or {}
        lookups = {}
        for index, fname in enumerate(fields_list):
            field = Lead._fields.get(fname)
            # leads are what this load creates, and a name Odoo may create must be searched again
            if (
                not field
                or field.type not in ("many2one", "many2many")
                or field.comodel_name == Lead._name
                or created.get(fname)
            ):
                continue
            cells = {row[index] for row in rows if index < len(row) and isinstance(row[index], str)}
            # split as ir.fields.converter splits them, spaces kept
            names = {name for cell in cells for name in cell.split(",")} if field.type == "many2many" else cells
            lookups[field] = self._name_lookup(Lead.env[field.comodel_name], names - {""})
        return lookups

    @api.model
    def _name_lookup(self, Model, names):
        """``{name: (record id, [])}`` for each of ``names`` that ``Model``'s name search (operator
        ``=``, as an import uses it) matches with exactly one record, found with one query.

        Only where that search can be told in advance: names matched by several records or by
        none, and models whose name search is their own, are left out for Odoo to answer.
        """
        tiers = self._name_search_tiers(Model)
        if not tiers or not names:
            return {}
        fnames = list(dict.fromkeys(fname for tier in tiers for fname in tier))
        records = Model.search_fetch(Domain.OR(Domain(fname, "in", list(names)) for fname in fnames), fnames)
        matches = defaultdict(set)  # (tier, name): ids
        for record in records:
            for index, tier in enumerate(tiers):
                for fname in tier:
                    matches[index, record[fname]].add(record.id)
        lookup = {}
        for name in names:
            found = next((ids for index in range(len(tiers)) if (ids := matches.get((index, name)))), None)
            if found and len(found) == 1:
                lookup[name] = (next(iter(found)), [])
        return lookup

    @api.model
    def _name_search_tiers(self, Model):
        """The lists of fields ``Model``'s name search tries in turn, the first list that matches
        deciding; ``[]`` when that search cannot be told from its fields (an override of its own,
        a field that is not plain text)."""
        overriding, tiers = NAME_SEARCH_TIERS.get(Model._name, (set(), []))
        modules = {
            cls._module
            for cls in type(Model).mro()
            if getattr(cls, "_module", None) and {"name_search", "_search_display_name"} & vars(cls).keys()
        }
        fnames = Model._rec_names_search or ([Model._rec_name] if Model._rec_name else [])
        tiers = [*tiers, fnames]
        fields = [Model._fields.get(fname) for tier in tiers for fname in tier]
        if modules - overriding or not fnames or not all(_plain_text(field) for field in fields):
            return []
        return tiers

    # ------------------------------------------------------------
    # REPORTING
    # ------------------------------------------------------------

    def _prepare_result_vals(self, header, rows, lead_ids, refused):
        lines = [
            Command.create(
                {
                    "row": index + 2,  # the header is row 1
                    "reason": reason,
                    "content": self._row_preview(rows[index]),
                }
            )
            for index, reason in sorted(refused.items())
        ]
        vals = {
            "state": "done",
            "created_count": len(lead_ids),
            "lead_ids": [Command.set(lead_ids)],
            "line_ids": [Command.clear(), *lines],
            "rejected_file": False,
            "rejected_file_name": False,
        }
        if refused:
            stem = os.path.splitext(self.file_name or "")[0] or self.env._("prospects")
            vals["rejected_file"] = base64.b64encode(self._rejected_csv(header, rows, refused))
            vals["rejected_file_name"] = self.env._("%(name)s - rejected rows.csv", name=stem)
        return vals

    @api.model
    def _row_preview(self, row):
        cells = list(row)
        while cells and not cells[-1].strip():
            cells.pop()
        return " | ".join(cells)[:CONTENT_PREVIEW]

    def _rejected_csv(self, header, rows, refused):
        """The rejected rows under the file's titles, the reason in a last column: a file to fix
        and upload again (the reason column is left out then). UTF-8 with a BOM, which
        spreadsheet programs need to show non-Latin text."""
        reason_titles = self._reason_titles()
        keep = [index for index, title in enumerate(header) if title.casefold() not in reason_titles]
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([header[index] for index in keep] + [self.env._("Rejection Reason")])
        for index, reason in sorted(refused.items()):
            row = rows[index] + [""] * len(header)
            writer.writerow([row[position] for position in keep] + [reason])
        return buffer.getvalue().encode("utf-8-sig")


def _plain_text(field):
    """A text field the database compares as Python does: stored, or stored on a parent."""
    return bool(field) and field.type == "char" and (field.store or field.inherited)


def _title_key(title):
    """A column title as compared: without case, "ё", repeated spaces or closing dots and colons."""
    return " ".join(title.casefold().replace("ё", "е").split()).rstrip(".:* ")
