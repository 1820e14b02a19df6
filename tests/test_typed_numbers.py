"""Numbers as learners type them: every matrix or vector box on every page reads the same numbers
whether typed with a Japanese input method on, pasted from NumPy or from a spreadsheet."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import LANGS, open_page
from ui.widgets.parse import matrix_text, parse_matrix

_WIDE = str.maketrans("0123456789.-+ e", "０１２３４５６７８９．－＋　ｅ")


def _rows(value: np.ndarray) -> list[list[str]]:
    return [[f"{v:g}" for v in row] for row in np.atleast_2d(value)]


def full_width(value):     # the input method on: １　０．８ / ０　１
    return "\n".join("　".join(row) for row in _rows(value)).translate(_WIDE)


def ideographic_comma(value):  # 1、0.8 / 0、1
    return "\n".join("、".join(row) for row in _rows(value))


def full_width_comma(value):   # １，０．８
    return "\n".join("，".join(row) for row in _rows(value)).translate(_WIDE)


def numpy_list(value):     # print(W.tolist()): [[1.0, 0.8], [0.0, 1.0]]
    return str(value.tolist())


def numpy_repr(value):     # the REPL's array([[1. , 0.8],\n       [0. , 1. ]])
    return repr(value)


def spreadsheet(value):    # cells copied from a spreadsheet: tabs, CRLF, a trailing line break
    return "".join("\t".join(row) + "\r\n" for row in _rows(value))


def long_vowel_minus(value):  # 「ー」 typed for a minus sign
    return matrix_text(value).replace("-", "ー")


FORMS = [full_width, ideographic_comma, full_width_comma, numpy_list, numpy_repr, spreadsheet,
         long_vowel_minus]


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("value", [np.array([[1, 0.8], [0, 1]]), np.array([[3, 1, 2], [-2, -3, -1]]),
                                   np.array([0.8, -0.5]), np.array([-1.5])], ids=str)
def test_each_form_reads_as_the_same_numbers(form, value):
    assert np.array_equal(parse_matrix(form(value), value.shape), value)


# page, address parameters that draw every box of the page
BOXED_PAGES = [("pages/1_linear_vs_affine.py", {}), ("pages/2_activations.py", {}),
               ("pages/3_losses.py", {}), ("pages/5_backprop.py", {}),
               ("pages/7_conv_pooling.py", {"img_kernel": "custom"})]  # the kernel named by its label


def _boxes(at) -> list:
    """The page's matrix and vector boxes: the text boxes that keep a last good value."""
    return [w for w in [*at.text_area, *at.text_input]
            if w.key and f"{w.key}__last_good" in at.session_state]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("page", "query"), BOXED_PAGES, ids=[p for p, _ in BOXED_PAGES])
def test_every_box_on_the_page_takes_every_form_without_a_warning(page, query, lang):
    from ui.shell.i18n import catalog

    if "img_kernel" in query:  # an option widget keeps its label in the address
        query = {"img_kernel": catalog(lang)["conv_pooling"]["kernels"][query["img_kernel"]]}
    at = open_page(page, lang, query=query)
    boxes = _boxes(at)
    assert len(boxes) >= {"pages/1_linear_vs_affine.py": 4, "pages/5_backprop.py": 6,
                          "pages/7_conv_pooling.py": 3}.get(page, 1)
    values = {w.key: np.asarray(at.session_state[f"{w.key}__last_good"]) for w in boxes}
    # a value other than the default, so that "kept the last good one" cannot pass for "read it"
    wanted = {key: np.round(v * -1.5 + 0.25, 3) for key, v in values.items()}
    for form in FORMS:
        for w in _boxes(at):
            w.set_value(form(wanted[w.key]))
        at.run()
        assert not at.exception, form.__name__
        assert [e.value for e in at.error] == [], form.__name__
        assert [e.value for e in at.warning] == [], form.__name__
        for key, want in wanted.items():
            got = np.asarray(at.session_state[f"{key}__last_good"])
            assert np.allclose(got, want), (form.__name__, key, got, want)
        wanted = {key: np.round(v + 0.5, 3) for key, v in wanted.items()}  # a change each time
