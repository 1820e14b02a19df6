"""What every page stands in: the frame, the catalogs, the list of pages, progress, sections.

- ``frame``     ``page_frame`` (page config, language, sidebar), ``page_header``, ``prev_next``,
                ``link_to``
- ``i18n``      ``t``, ``t_list``, ``labels``: every learner-facing string, from locales/*.toml
- ``registry``  the one list of pages (home cards, sidebar, previous/next links)
- ``progress``  pages visited, self-checks passed, predictions made: in the session and in the
                browser's storage (``store.js``, an ``st.components.v2`` component)
- ``sections``  ``section`` and ``linked``: a page as a list of sections, each a fragment
"""

from ui.shell.frame import link_to, page_frame, page_header, prev_next
from ui.shell.i18n import labels, t, t_list
from ui.shell.sections import linked, section

__all__ = ["labels", "link_to", "linked", "page_frame", "page_header", "prev_next", "section", "t",
           "t_list"]
