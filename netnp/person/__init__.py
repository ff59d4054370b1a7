"""One person's data: export it (right of access), forget it (right to erasure), and anonymise what goes out.

* :mod:`netnp.person.access`: ``netnp person export``, everything the graph holds about one person;
* :mod:`netnp.person.erasure`: ``netnp person forget``, erase them everywhere and prove it;
* :mod:`netnp.person.identifiers`: what identifies a person, and the keyed hashes that keep a
  forgotten person out of later imports;
* :mod:`netnp.person.anonymise`: ``--anonymise`` of ``netnp report`` and ``netnp export``.

docs/privacy.md describes what netnp stores about people, and how each of these works.
"""

from netnp.person.access import export_person, person_record
from netnp.person.anonymise import Anonymiser, anonymise_document
from netnp.person.erasure import ForgetReport, Plan, forget, plan_forget, prove
from netnp.person.identifiers import forgotten_ids

__all__ = ["Anonymiser", "ForgetReport", "Plan", "anonymise_document", "export_person", "forget", "forgotten_ids",
           "person_record", "plan_forget", "prove"]
