"""Page 4 — gradient descent on a 1-D quadratic (seed 001 §3.3; momentum as in seed 002)."""

import numpy as np
import pandas as pd
import streamlit as st

from core.format import fmt, latex_number
from core.optim import (
    SEED_QUADRATIC,
    Quadratic,
    convergence_rate,
    descent_trace,
    divergence_threshold,
    first_outside,
    gradient_descent,
    run_regime,
    steps_to_tolerance,
    tangent_segment,
    view_window,
)
from ui.descent_charts import (
    REGIME_COLORS,
    descent_chart,
    gradient_latex,
    race_chart,
    regime_line,
    shifted,
    step_latex,
    step_table,
    sub,
)
from ui.frame import page_frame, page_header, prev_next
from ui.i18n import t
from ui.widgets import (
    chips,
    display_math,
    markdown_table,
    note,
    numbers_table,
    quiz,
    section,
    show_code,
)

PAGE = "gradient_descent"
T = f"{PAGE}."
A_CHOICES = (0.1, 0.25, 0.5, 0.75, 1.0, SEED_QUADRATIC.a, 1.5, 2.0, 3.0, 5.0, 10.0)
DEFAULTS = {"p4_a": SEED_QUADRATIC.a, "p4_w_star": SEED_QUADRATIC.w_star, "p4_w0": 3.0,
            "p4_lr": 0.5, "p4_momentum": 0.0, "p4_steps": 10}
TOLERANCES = (0.1, 0.01, 0.001, 0.0001)
RACE_STEPS = 60     # steps drawn in the momentum race
MAX_STEPS = 1000    # how long the race may take before we say "not within"
PLAY_EVERY = 0.7    # seconds between animated steps
TABLE_ROWS = 8      # rows of the step table shown at once: the start and the latest steps

lang = page_frame(PAGE)
page_header(PAGE)
regime_names = {k: t(T + f"regimes.{k}") for k in REGIME_COLORS}

# --- 1. The article's two steps ---------------------------------------------------
st.header(t(T + "s1.title"))
st.markdown(t(T + "s1.intro"))
seed = descent_trace(SEED_QUADRATIC, DEFAULTS["p4_w0"], DEFAULTS["p4_lr"], 2)
for k in range(2):
    st.latex(step_latex(seed, k, DEFAULTS["p4_lr"], 0.0))
st.markdown(t(T + "s1.quadratic"))
st.latex(rf"L(w) = \tfrac{{4}}{{3}}\,({shifted('w', SEED_QUADRATIC.w_star)})^2,\qquad "
         rf"\frac{{dL}}{{dw}} = 2 \cdot \tfrac{{4}}{{3}}\,({shifted('w', SEED_QUADRATIC.w_star)}):\quad "
         rf"\frac{{dL}}{{dw}}\Big|_{{w=3}} = {latex_number(seed.grad[0])},\quad "
         rf"\frac{{dL}}{{dw}}\Big|_{{w=1.5}} = {latex_number(seed.grad[1])},\quad "
         rf"w^* = {latex_number(SEED_QUADRATIC.w_star)}")
st.caption(t(T + "s1.minimum", w_star=fmt(SEED_QUADRATIC.w_star), w2=fmt(seed.w[2])))

@st.fragment
def experiment(s2, s3, s4) -> None:
    """Sections 2-4 share the controls: a change reruns them, not the whole page. The
    fragment writes into the three sections' containers (``s2``, ``s3``, ``s4``) below their
    titles and introductions, which do not change and so are not sent again."""

    def _restore_defaults() -> None:
        st.session_state.update(DEFAULTS)
        st.session_state.update(p4_pos=0, p4_playing=False)


    # The controls take their starting values from session state (not value=), so the
    # "back to the example" button can write them without Streamlit's duplicate-value warning.
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)
    controls, stage = s2.columns([1, 2.6], gap="large")
    with controls, st.container(border=True):
        a = st.select_slider(t(T + "s2.a"), A_CHOICES, key="p4_a", format_func=fmt, help=t(T + "s2.a_help"))
        w_star = st.slider(t(T + "s2.w_star"), -3.0, 3.0, step=0.125, key="p4_w_star", format="%.3f")
        w0 = st.slider(t(T + "s2.w0"), -5.0, 5.0, step=0.25, key="p4_w0", format="%.2f")
        lr = st.slider(t(T + "s2.lr"), 0.01, 2.0, step=0.01, key="p4_lr", help=t(T + "s2.lr_help"))
        momentum = st.slider(t(T + "s2.momentum"), 0.0, 0.99, step=0.01, key="p4_momentum",
                             help=t(T + "s2.momentum_help"))
        steps = st.slider(t(T + "s2.steps"), 1, 200, step=1, key="p4_steps")
        st.button(t(T + "s2.defaults"), key="p4_defaults", on_click=_restore_defaults,
                  icon=":material/history:", width="stretch")

    q = Quadratic(a, w_star)
    trace = descent_trace(q, w0, lr, steps, momentum)
    window = view_window(q, w0)
    regime = run_regime(q, lr, momentum)
    last = trace.finite_steps
    playing = st.session_state.get("p4_playing", False)


    def _move(to: int) -> None:
        st.session_state.p4_pos = min(max(to, 0), last)
        st.session_state.p4_playing = False


    @st.fragment(run_every=PLAY_EVERY if playing else None)
    def run_view() -> None:
        pos = min(st.session_state.get("p4_pos", 0), last)
        now_playing = st.session_state.get("p4_playing", False)
        if now_playing and pos < last:
            pos += 1
        st.session_state.p4_pos = pos
        with st.container(horizontal=True, vertical_alignment="center"):
            st.button(t(T + "s2.reset"), key="p4_reset", icon=":material/first_page:",
                      on_click=_move, args=(0,), disabled=pos == 0)
            st.button(t(T + "s2.back"), key="p4_back", icon=":material/chevron_left:",
                      on_click=_move, args=(pos - 1,), disabled=pos == 0)
            st.button(t(T + "s2.step"), key="p4_step", icon=":material/chevron_right:", type="primary",
                      on_click=_move, args=(pos + 1,), disabled=pos == last)
            toggled = st.button(t(T + ("s2.pause" if now_playing else "s2.play")), key="p4_play",
                                icon=":material/pause:" if now_playing else ":material/play_arrow:")
            chips([(t(T + "s2.position", k=pos, n=steps), "gray"),
                   (regime_names[regime], REGIME_COLORS[regime])])
        path = pd.DataFrame({"k": range(pos + 1), "w": trace.w[: pos + 1], "L": trace.loss[: pos + 1]})
        path["label"] = [sub("w", k) if k in (0, pos) else "" for k in range(pos + 1)]
        curve_w = np.linspace(window.w_lo, window.w_hi, 241)
        curve = pd.DataFrame({"w": curve_w, "L": q.loss(curve_w)})
        tangent = tangent_segment(q, trace.w[pos], window.tangent_half)
        names = {"curve": "L(w)", "path": t(T + "s2.iterates"), "tangent": t(T + "s2.tangent"),
                 "minimum": "w*", "w": "w", "L": "L(w)"}
        st.image(descent_chart(curve, path, tangent, window, w_star, names))
        outside = first_outside(trace.w[: pos + 1], window.w_lo, window.w_hi)
        if trace.overflow_step is not None:
            st.warning(t(T + "s2.overflow", k=trace.overflow_step, last=last), icon=":material/trending_up:")
        if outside is not None:
            st.warning(t(T + "s2.outside", k=outside), icon=":material/open_in_full:")
        if pos == last and trace.overflow_step is None:
            st.success(t(T + "s2.done", n=last, w=fmt(trace.w[last]), w_star=fmt(w_star)),
                       icon=":material/flag:")
        # the caption, the formulas at this point and the table's title: one element
        text = [note(t(T + "s2.caption")), t(T + "s2.formula_title", k=sub("w", pos)),
                display_math(gradient_latex(trace, pos, a, w_star))]
        if pos > 0:
            text += [note(t(T + "s2.last_step")), display_math(step_latex(trace, pos - 1, lr, momentum))]
        if pos < last:
            text += [note(t(T + "s2.next_step")), display_math(step_latex(trace, pos, lr, momentum))]
        # the step table's first row and its latest ones in the same element; all of them in
        # an expander (drawn only while it is open) once they are too many to show here
        table = step_table(trace, pos, momentum, t(T + "s2.update"))
        shown = table if len(table) <= TABLE_ROWS else pd.concat(
            [table.iloc[:1], pd.DataFrame([["⋮"] * table.shape[1]], columns=table.columns),
             table.iloc[1 - TABLE_ROWS:]])
        st.markdown("\n\n".join([*text, f"**{t(T + 's2.table_title')}**", markdown_table(shown)]))
        if len(table) > TABLE_ROWS:
            numbers_table(table, title=t(T + "s2.all_steps", n=len(table)))
        numbers_table(pd.DataFrame({
            "w": np.r_[curve_w, tangent[0], tangent[2]],
            "L(w)": np.r_[curve["L"], tangent[1], tangent[3]],
            t(T + "s2.col_kind"): [names["curve"]] * len(curve_w) + [names["tangent"]] * 2,
        }))

        if now_playing and pos >= last:
            st.session_state.p4_playing = False
        if playing and not st.session_state.p4_playing:
            st.rerun()  # the whole page, so that this fragment's timer stops
        if toggled:
            st.session_state.p4_playing = not now_playing
            if not now_playing and pos >= last:
                st.session_state.p4_pos = 0  # play again from the start
            st.rerun()  # the whole page, so the fragment is set up with (or without) its timer


    with stage:
        run_view()

    # --- 3. Learning-rate regimes -------------------------------------------------------
    r = q.contraction_factor(lr)
    lo, hi = q.lr_thresholds()
    plain = q.regime(lr)
    with s3:
        regimes(q, lr, momentum, regime, r, lo, hi, plain)
    momentum_race(q, w0, window, s4)


def regimes(q: Quadratic, lr: float, momentum: float, regime: str, r: float, lo: float, hi: float,
            plain: str) -> None:
    """Section 3's numbers, drawn by ``experiment``."""
    a = q.a
    st.latex(rf"r = 1 - 2a\eta = 1 - 2 \times {latex_number(a)} \times {latex_number(lr)}"
             rf" = {latex_number(r)},"
             rf"\qquad \frac{{1}}{{2a}} = {latex_number(lo)},\qquad \frac{{1}}{{a}} = {latex_number(hi)}")
    limit = divergence_threshold(q, momentum) if momentum else None
    line_names = {**regime_names, "lr": t(T + "s3.axis"), "yours": t(T + "s3.yours"),
                  "momentum": t(T + "s3.momentum_limit", M=fmt(momentum), lr=fmt(limit or 0.0))}
    st.image(regime_line((lo, hi), lr, line_names, momentum_limit=limit))
    rate = convergence_rate(q, lr)
    message = (f":{REGIME_COLORS[plain]}-badge[{regime_names[plain]}] "
               + t(T + f"s3.now_{plain}", r=fmt(r), rate=fmt(rate), lr=fmt(lr)))
    if plain == "divergent":
        st.warning(message, icon=":material/warning:")
    elif plain == "cycle":
        st.info(message, icon=":material/sync:")
    else:
        st.success(message, icon=":material/check:")
    if momentum:
        st.info(t(T + "s3.with_momentum", M=fmt(momentum), regime=regime_names[regime],
                  rate=fmt(convergence_rate(q, lr, momentum)), limit=fmt(limit)),
                icon=":material/speed:")
    numbers_table(pd.DataFrame({
        t(T + "s3.col_quantity"): ["a", "1/(2a)", "1/a", "η", "r = 1 − 2aη", "|r|"],
        t(T + "s3.col_value"): [a, lo, hi, lr, r, rate],
    }))


def regime_cards() -> None:
    """The three regimes as cards: the rule, which does not depend on the numbers (the line
    above them and the chart below give the thresholds for the learner's a)."""
    for col, key in zip(st.columns(3), ("monotone", "oscillating", "divergent"), strict=True):
        with col, st.container(border=True, height="stretch"):
            st.markdown(f":{REGIME_COLORS[key]}-badge[{regime_names[key]}]\n\n" + t(T + f"s3.{key}"))


@st.fragment
def momentum_race(q: Quadratic, w0: float, window, box) -> None:
    """Section 4 in ``box``: its own sliders rerun only the race."""
    with box:
        race(q, w0, window)


def race(q: Quadratic, w0: float, window) -> None:
    a, w_star = q.a, q.w_star
    c1, c2, c3 = st.columns(3)
    race_lr = c1.slider(t(T + "s4.lr"), 0.01, 2.0, 0.05, 0.01, key="p4_race_lr")
    race_m = c2.slider(t(T + "s4.momentum"), 0.0, 0.99, 0.5, 0.01, key="p4_race_m")
    tol = c3.select_slider(t(T + "s4.tol"), TOLERANCES, value=0.01, key="p4_tol", format_func=fmt)
    st.caption(t(T + "s4.same_quadratic", a=fmt(a), w_star=fmt(w_star), w0=fmt(w0)))
    n_plain = steps_to_tolerance(q, w0, race_lr, tol, 0.0, MAX_STEPS)
    n_mom = steps_to_tolerance(q, w0, race_lr, tol, race_m, MAX_STEPS)


    def _count(n: int | None) -> str:
        if n is None:
            return t(T + "s4.never", n=MAX_STEPS)
        return t(T + "s4.steps_needed_one") if n == 1 else t(T + "s4.steps_needed", n=n)


    m1, m2 = st.columns(2)
    m1.metric(t(T + "s4.plain"), _count(n_plain))
    m2.metric(t(T + "s4.with_m", M=fmt(race_m)), _count(n_mom))
    plain_run = descent_trace(q, w0, race_lr, RACE_STEPS)
    mom_run = descent_trace(q, w0, race_lr, RACE_STEPS, race_m)
    race_names = {"plain": t(T + "s4.plain"), "momentum": t(T + "s4.with_m", M=fmt(race_m)),
                  "band": t(T + "s4.band", tol=fmt(tol)), "k": t(T + "s4.k"), "w": "w"}
    paths = pd.concat([
        pd.DataFrame({"k": range(run.finite_steps + 1), "w": run.w[: run.finite_steps + 1],
                      "series": race_names[name]})
        for name, run in (("plain", plain_run), ("momentum", mom_run))
    ])
    arrivals = pd.DataFrame([{"k": n, "series": race_names[name], "label": f"k = {n}"}
                             for name, n in (("plain", n_plain), ("momentum", n_mom))
                             if n is not None and n <= RACE_STEPS])
    st.image(race_chart(paths, w_star, tol, window, race_names, arrivals))
    st.caption(t(T + "s4.caption", n=RACE_STEPS))
    if first_outside(paths["w"].to_numpy(), window.w_lo, window.w_hi) is not None:
        st.warning(t(T + "s4.left_picture"), icon=":material/open_in_full:")
    numbers_table(paths.rename(columns={"series": t(T + "s4.col_run")}))


# Sections 2-4: what does not move is drawn here once; experiment() fills the containers.
s2 = section(t(T + "s2.title"), t(T + "s2.intro"))
s3 = section(t(T + "s3.title"), t(T + "s3.intro"),
             r"w_{k+1} - w^* = w_k - \eta \cdot 2a\,(w_k - w^*) - w^* = (1 - 2a\eta)\,(w_k - w^*)")
s4 = section(t(T + "s4.title"), t(T + "s4.intro"),
             r"v_{k+1} = M\,v_k - \eta\,\frac{dL}{dw}\Big|_{w_k},\qquad w_{k+1} = w_k + v_{k+1},"
             r"\qquad v_0 = 0")
st.markdown(t(T + "s4.when"))
with s3:
    regime_cards()
experiment(s2, s3, s4)

# --- 5. From one quadratic to mini-batches ----------------------------------------------
st.header(t(T + "s5.title"))
st.markdown(t(T + "s5.intro"))
st.latex(r"L(w) = \frac{1}{N}\sum_{i=1}^{N} a\,(w - t_i)^2 = a\,(w - \bar t)^2 + \mathrm{const},"
         r"\qquad w^* = \bar t")
st.latex(r"\frac{dL}{dw} = \frac{1}{N}\sum_{i=1}^{N} 2a\,(w - t_i) = 2a\,(w - \bar t)"
         r"\qquad\longrightarrow\qquad "
         r"g_B = \frac{1}{k}\sum_{i \in B} 2a\,(w - t_i) = 2a\,(w - \bar t_B)")
st.markdown(t(T + "s5.batches"))

show_code(Quadratic, gradient_descent, descent_trace, run_regime, convergence_rate,
          divergence_threshold, steps_to_tolerance, tangent_segment, view_window)
quiz(PAGE)
prev_next(PAGE)
