from . import test_mailing_followup
