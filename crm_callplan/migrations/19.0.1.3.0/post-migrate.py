"""19.0.1.3.0: the plan lines' own index on the plan goes (Odoo keeps an index a field no longer
declares): the unique (plan, client) index and the new (plan, due date, id) one lead with the plan,
and one index fewer is one less to write for each of a plan's lines."""


def migrate(cr, version):
    cr.execute("DROP INDEX IF EXISTS crm_callplan_line__plan_id_index")
