"""Identity matching: finding the nodes that stand for one person or organisation, and folding them.

Once a CRM, mailboxes and social accounts are imported, one volunteer turns up
as several nodes (a CRM contact, two e-mail addresses, a handle), and a hub
looks like several small nodes. :func:`suggest` proposes the nodes that are
probably one entity, with a score and the evidence
(:mod:`netnp.identities.matching`); a person reviews the candidates file, and
:func:`apply_candidates` folds what is left through the aliases of the imports.
:func:`identity` shows what a node stands for. docs/identities.md tells more.
"""

from netnp.identities.apply import ApplyReport, apply_candidates
from netnp.identities.listing import identity
from netnp.identities.suggest import DEFAULT_MIN_SCORE, Progress, SuggestReport, suggest

__all__ = ["ApplyReport", "DEFAULT_MIN_SCORE", "Progress", "SuggestReport", "apply_candidates", "identity", "suggest"]
