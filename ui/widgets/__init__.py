"""What a learner works with: typed numbers, the stepper, expanders, self-checks, small text.

- ``inputs``     ``matrix_input`` (a vector or matrix typed in a box), ``reset_inputs``
- ``choice``     option widgets whose choice the address names the same in both languages
- ``parse``      reading typed numbers, with messages that say what to change
- ``images``     sample images and uploads for the convolution page, as small grey arrays
- ``stepper``    ``step_through``: first / previous / next / last / play above a drawing
- ``expanders``  ``numbers_table``, ``show_code`` and ``lazy_expander``: built only while open
- ``predict``    prediction moments: the page asks before it shows a result
- ``quiz``       the page's self-check questions
- ``text``       Markdown pieces joined into one element: ``note``, ``display_math``,
                 ``markdown_table``, ``chips``
"""

from ui.widgets.choice import choice
from ui.widgets.expanders import lazy_expander, numbers_table, show_code
from ui.widgets.inputs import matrix_input, reset_inputs
from ui.widgets.predict import answered, predict
from ui.widgets.quiz import quiz
from ui.widgets.stepper import step_through
from ui.widgets.text import chips, display_math, markdown_table, note

__all__ = ["answered", "chips", "choice", "display_math", "lazy_expander", "markdown_table", "matrix_input",
           "note", "numbers_table", "predict", "quiz", "reset_inputs", "show_code", "step_through"]
