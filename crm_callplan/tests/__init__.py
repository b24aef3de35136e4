from . import (
    test_crm_callplan_capacity,
    test_crm_callplan_coverage,
    test_crm_callplan_generator,
    test_crm_callplan_generator_concurrency,
    test_crm_callplan_handover,
    test_crm_callplan_partner_merge,
    test_crm_callplan_segments,
    test_crm_callplan_side_effects,
    test_crm_callplan_telephony,
    test_crm_callplan_telephony_apikey,
    test_crm_callplan_telephony_events,
    test_crm_callplan_telephony_pbx,
    test_crm_callplan_telephony_click_to_call,
    test_crm_callplan_tour,
    test_crm_callplan_wizards,
)
from . import test_crm_callplan_job_lang
from . import test_crm_callplan_plan_form
from . import test_crm_callplan_audit
from . import test_crm_callplan_effective_calls
from . import test_crm_callplan_working_calendar
from . import test_crm_callplan_tally
from . import test_crm_callplan_mailing_recipients
from . import test_crm_callplan_greetings
