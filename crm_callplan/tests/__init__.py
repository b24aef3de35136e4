from . import (
    test_capacity,
    test_coverage,
    test_generator,
    test_generator_concurrency,
    test_handover,
    test_partner_merge,
    test_segments,
    test_side_effects,
    test_telephony,
    test_telephony_apikey,
    test_telephony_events,
    test_telephony_pbx,
    test_telephony_click_to_call,
    test_tour,
    test_wizards,
)
from . import test_job_lang
from . import test_plan_form
from . import test_audit
from . import test_effective_calls
from . import test_working_calendar
from . import test_tally
from . import test_mailing_recipients
from . import test_greetings
