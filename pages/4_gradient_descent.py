"""Page 4 — gradient descent on a 1-D quadratic (seed 001 §3.3; momentum as in seed 002), batch sizes
on the same data (seeds 000, 002, 004) and a loss with a local and a global minimum (seed 001 §3.3)."""

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from core.format import fmt, latex_gathered, latex_number
from core.optim import (
    NONCONVEX,
    SEED_QUADRATIC,
    DescentTrace,
    DoubleWell,
    Quadratic,
    ViewWindow,
    convergence_rate,
    descent_trace,
    divergence_threshold,
    first_outside,
    gradient_descent,
    mean_square,
    minibatch_descent,
    outcome_map,
    race_data,
    race_winner,
    run_regime,
    steps_to_tolerance,
    tangent_segment,
    view_window,
)
from ui.shell import linked, page_frame, page_header, prev_next, section, t
from ui.views import gradient_descent as view
from ui.widgets import (
    chips,
    numbers_table,
    predict,
    quiz,
    show_code,
    step_through,
)

PAGE = "gradient_descent"
T = f"{PAGE}."
A_CHOICES = (0.1, 0.25, 0.5, 0.75, 1.0, SEED_QUADRATIC.a, 1.5, 2.0, 3.0, 5.0, 10.0)
DEFAULTS = {"a": SEED_QUADRATIC.a, "w_star": SEED_QUADRATIC.w_star, "w0": 3.0,
            "lr": 0.5, "m": 0.0, "steps": 10}
TOLERANCES = (0.1, 0.01, 0.001, 0.0001)
RACE_STEPS = 60     # steps drawn in the momentum race
MAX_STEPS = 1000    # how long the race may take before we say "not within"
REGIMES = ("monotone", "oscillating", "cycle", "divergent")
RACE_N, RACE_W0 = 16, 0.0           # the batch-size race: data points and start
RACE_SIZES = (RACE_N, 4, 1)         # as the RBF, the Qiita and the regression article: all, 4, 1
VALLEY_STEPS = 200                  # steps of a run on the loss with two valleys
VALLEY_STARTS = np.round(np.linspace(-3.5, 4.5, 81), 10)  # every start the slider offers

lang = page_frame(PAGE)
page_header(PAGE)
regime_names = {k: t(T + f"regimes.{k}") for k in view.REGIME_COLORS}


@dataclass(frozen=True)
class Run:
    """The learner's quadratic, start and learning rate, and the run they give."""

    q: Quadratic
    w0: float
    lr: float
    momentum: float
    steps: int
    trace: DescentTrace
    window: ViewWindow
    regime: str


@section(T + "s1")
def the_articles_two_steps() -> None:
    seed = descent_trace(SEED_QUADRATIC, DEFAULTS["w0"], DEFAULTS["lr"], 2)
    st.latex(latex_gathered(*(view.step_latex(seed, k, DEFAULTS["lr"], 0.0) for k in range(2))))
    st.markdown(t(T + "s1.quadratic"))
    w = view.shifted("w", SEED_QUADRATIC.w_star)
    st.latex(rf"L(w) = \tfrac{{4}}{{3}}\,({w})^2,\qquad "
             rf"\frac{{dL}}{{dw}} = 2 \cdot \tfrac{{4}}{{3}}\,({w}):\quad "
             rf"\frac{{dL}}{{dw}}\Big|_{{w=3}} = {latex_number(seed.grad[0])},\quad "
             rf"\frac{{dL}}{{dw}}\Big|_{{w=1.5}} = {latex_number(seed.grad[1])},\quad "
             rf"w^* = {latex_number(SEED_QUADRATIC.w_star)}")
    st.caption(t(T + "s1.minimum", w_star=fmt(SEED_QUADRATIC.w_star), w2=fmt(seed.w[2])))


def _back_to_the_example() -> None:
    st.session_state.update(DEFAULTS, p4_pos=0, p4_pos_playing=False)


@section(T + "s2")
def step_downhill() -> Run:
    url = {"bind": "query-params"}  # the address bar reproduces the view: ?lr=1.2&a=2
    controls, stage = st.columns([1, 2.6], gap="large")
    with controls, st.container(border=True):
        a = st.select_slider(t(T + "s2.a"), A_CHOICES, DEFAULTS["a"], key="a", format_func=fmt,
                             help=t(T + "s2.a_help"), **url)
        w_star = st.slider(t(T + "s2.w_star"), -3.0, 3.0, DEFAULTS["w_star"], 0.125, key="w_star",
                           format="%.3f", **url)
        w0 = st.slider(t(T + "s2.w0"), -5.0, 5.0, DEFAULTS["w0"], 0.25, key="w0", format="%.2f", **url)
        lr = st.slider(t(T + "s2.lr"), 0.01, 2.0, DEFAULTS["lr"], 0.01, key="lr", help=t(T + "s2.lr_help"),
                       **url)
        momentum = st.slider(t(T + "s2.momentum"), 0.0, 0.99, DEFAULTS["m"], 0.01, key="m",
                             help=t(T + "s2.momentum_help"), **url)
        steps = st.slider(t(T + "s2.steps"), 1, 200, DEFAULTS["steps"], 1, key="steps", **url)
        st.button(t(T + "s2.defaults"), key="p4_defaults", on_click=_back_to_the_example,
                  icon=":material/history:", width="stretch")
    q = Quadratic(a, w_star)
    run = Run(q, w0, lr, momentum, steps, descent_trace(q, w0, lr, steps, momentum), view_window(q, w0),
              run_regime(q, lr, momentum))
    with stage:
        if predict(PAGE, "regime", run.regime, options=REGIMES, context=(a, lr, momentum),
                   fields={"a": fmt(a), "lr": fmt(lr), "M": fmt(momentum),
                           "rate": fmt(convergence_rate(q, lr, momentum))}):
            step_through("p4_pos", run.trace.finite_steps + 1, lambda pos: descent_at(run, pos),
                         play_every=0.7)
        else:  # the curve and the start, without the steps the learner is predicting
            descent_at(run, 0, regime=False)
    return run


def descent_at(run: Run, pos: int, regime: bool = True) -> None:
    """The run up to step ``pos``: where it is, the chart, the formulas and the step table."""
    trace, window, last = run.trace, run.window, run.trace.finite_steps
    chips([(t(T + "s2.position", k=pos, n=run.steps), "gray"),
           *([(regime_names[run.regime], view.REGIME_COLORS[run.regime])] if regime else [])])
    curve_w = np.linspace(window.w_lo, window.w_hi, 121)
    tangent = tangent_segment(run.q, trace.w[pos], window.tangent_half)
    view.descent(curve_w, run.q.loss(curve_w), trace, pos, tangent, window, run.q.w_star,
                 ("L(w)", t(T + "s2.iterates"), t(T + "s2.tangent"), "w*"))
    outside = first_outside(trace.w[: pos + 1], window.w_lo, window.w_hi)
    if trace.overflow_step is not None:
        st.warning(t(T + "s2.overflow", k=trace.overflow_step, last=last), icon=":material/trending_up:")
    if outside is not None:
        st.warning(t(T + "s2.outside", k=outside), icon=":material/open_in_full:")
    if regime and pos == last and trace.overflow_step is None:
        st.success(t(T + "s2.done", n=last, w=fmt(trace.w[last]), w_star=fmt(run.q.w_star)),
                   icon=":material/flag:")
    view.step_numbers(trace, pos, run.q, run.lr, run.momentum)
    numbers_table(pd.DataFrame({"w": np.r_[curve_w, tangent[0], tangent[2]],
                                "L(w)": np.r_[run.q.loss(curve_w), tangent[1], tangent[3]],
                                t(T + "s2.col_kind"): ["L(w)"] * len(curve_w) + [t(T + "s2.tangent")] * 2}))


def regime_cards() -> None:
    """The three regimes and their rules, which do not depend on the numbers."""
    for col, key in zip(st.columns(3), ("monotone", "oscillating", "divergent"), strict=True):
        with col, st.container(border=True, height="stretch"):
            st.markdown(f":{view.REGIME_COLORS[key]}-badge[{regime_names[key]}]\n\n" + t(T + f"s3.{key}"))
    st.markdown(t(T + "notes.rule_of_thumb"))


@section(T + "s3", fixed=regime_cards,
         formula=r"w_{k+1} - w^* = w_k - \eta \cdot 2a\,(w_k - w^*) - w^* = (1 - 2a\eta)\,(w_k - w^*)")
def three_regimes(run: Run) -> None:
    q, lr = run.q, run.lr
    r, (lo, hi), plain = q.contraction_factor(lr), q.lr_thresholds(), q.regime(lr)
    N = latex_number
    st.latex(rf"r = 1 - 2a\eta = 1 - 2 \times {N(q.a)} \times {N(lr)} = {N(r)},"
             rf"\qquad \frac{{1}}{{2a}} = {N(lo)},\qquad \frac{{1}}{{a}} = {N(hi)}")
    limit = divergence_threshold(q, run.momentum) if run.momentum else None
    limit_name = t(T + "s3.momentum_limit", M=fmt(run.momentum), lr=fmt(limit or 0))
    view.regime_line((lo, hi), lr, {**regime_names, "lr": t(T + "s3.axis"), "momentum": limit_name},
                     momentum_limit=limit)
    rate = convergence_rate(q, lr)
    message = (f":{view.REGIME_COLORS[plain]}-badge[{regime_names[plain]}] "
               + t(T + f"s3.now_{plain}", r=fmt(r), rate=fmt(rate), lr=fmt(lr)))
    if plain == "divergent":
        st.warning(message, icon=":material/warning:")
    elif plain == "cycle":
        st.info(message, icon=":material/sync:")
    else:
        st.success(message, icon=":material/check:")
    if run.momentum:
        st.info(t(T + "s3.with_momentum", M=fmt(run.momentum), regime=regime_names[run.regime],
                  rate=fmt(convergence_rate(q, lr, run.momentum)), limit=fmt(limit)), icon=":material/speed:")
    numbers_table(pd.DataFrame({t(T + "s3.col_quantity"): ["a", "1/(2a)", "1/a", "η", "r = 1 − 2aη", "|r|"],
                                t(T + "s3.col_value"): [q.a, lo, hi, lr, r, rate]}))


@section(T + "s4", formula=r"v_{k+1} = M\,v_k - \eta\,\frac{dL}{dw}\Big|_{w_k},"
                           r"\qquad w_{k+1} = w_k + v_{k+1},\qquad v_0 = 0")
def momentum_race(run: Run) -> None:
    q, w0 = run.q, run.w0
    c1, c2, c3 = st.columns(3)
    lr = c1.slider(t(T + "s4.lr"), 0.01, 2.0, 0.05, 0.01, key="race_lr", bind="query-params")
    momentum = c2.slider(t(T + "s4.momentum"), 0.0, 0.99, 0.5, 0.01, key="race_m", bind="query-params")
    tol = c3.select_slider(t(T + "s4.tol"), TOLERANCES, value=0.01, key="tol", format_func=fmt,
                           bind="query-params")
    st.caption(t(T + "s4.same_quadratic", a=fmt(q.a), w_star=fmt(q.w_star), w0=fmt(w0)))
    names = {"plain": t(T + "s4.plain"), "momentum": t(T + "s4.with_m", M=fmt(momentum)),
             "band": t(T + "s4.band", tol=fmt(tol)), "k": t(T + "s4.k")}
    needed = {name: steps_to_tolerance(q, w0, lr, tol, m, MAX_STEPS)
              for name, m in (("plain", 0.0), ("momentum", momentum))}
    if not predict(PAGE, "race", race_winner(needed["plain"], needed["momentum"]),
                   options=("plain", "momentum", "tie", "neither"),
                   context=(q.a, q.w_star, w0, lr, momentum, tol),
                   fields={"lr": fmt(lr), "M": fmt(momentum), "tol": fmt(tol), "max": MAX_STEPS,
                           "plain": needed["plain"] or "—", "momentum": needed["momentum"] or "—"}):
        return
    arrivals, runs = {}, {}
    for col, name, m in zip(st.columns(2), ("plain", "momentum"), (0.0, momentum), strict=True):
        n = needed[name]
        shown = descent_trace(q, w0, lr, RACE_STEPS, m)
        runs[names[name]] = shown.w[: shown.finite_steps + 1]
        arrivals[names[name]] = n if n is not None and n <= RACE_STEPS else None
        col.metric(
            names[name], t(T + "s4.never", n=MAX_STEPS) if n is None
            else t(T + "s4.steps_needed_one") if n == 1 else t(T + "s4.steps_needed", n=n))
    view.race(runs, arrivals, q.w_star, tol, run.window, names)
    st.caption(t(T + "s4.caption", n=RACE_STEPS))
    all_w = np.concatenate(list(runs.values()))
    if first_outside(all_w, run.window.w_lo, run.window.w_hi) is not None:
        st.warning(t(T + "s4.left_picture"), icon=":material/open_in_full:")
    numbers_table(pd.DataFrame({"k": np.concatenate([np.arange(len(w)) for w in runs.values()]), "w": all_w,
                                t(T + "s4.col_run"): np.repeat(list(runs), [len(w) for w in runs.values()])}))


@section(T + "s5")
def towards_mini_batches() -> None:
    st.latex(r"L(w) = \frac{1}{N}\sum_{i=1}^{N} a\,(w - t_i)^2 = a\,(w - \bar t)^2 + \mathrm{const},"
             r"\qquad w^* = \bar t")
    st.latex(r"\frac{dL}{dw} = \frac{1}{N}\sum_{i=1}^{N} 2a\,(w - t_i) = 2a\,(w - \bar t)"
             r"\qquad\longrightarrow\qquad "
             r"g_B = \frac{1}{k}\sum_{i \in B} 2a\,(w - t_i) = 2a\,(w - \bar t_B)")
    st.markdown(t(T + "s5.batches"))


@section(T + "s6")
def batch_size_race() -> None:
    url = {"bind": "query-params"}
    c1, c2, c3 = st.columns(3)
    lr = c1.slider(t(T + "s6.lr"), 0.01, 1.2, 0.1, 0.01, key="batch_lr", help=t(T + "s6.lr_help"), **url)
    epochs = c2.slider(t(T + "s6.epochs"), 1, 50, 10, 1, key="race_epochs", **url)
    seed = int(c3.number_input(t(T + "s6.seed"), 0, 9999, 0, key="batch_seed", **url) or 0)
    data = race_data(seed, RACE_N)
    runs = [minibatch_descent(data, RACE_W0, lr, epochs, k, seed) for k in RACE_SIZES]
    st.caption(t(T + "s6.data", n=RACE_N, seed=seed, mean=fmt(data.mean()), w0=fmt(RACE_W0)))
    counts = {"full": runs[0].updates, "four": runs[1].updates, "one": runs[2].updates}
    if not predict(PAGE, "updates", runs[2].updates, tol=0.5, context=(epochs,),
                   fields={"n": RACE_N, "epochs": epochs, **counts}):
        return
    view.race_results(runs, data, RACE_W0, float(mean_square(data, data.mean())))
    if any(run.diverged for run in runs):
        st.warning(t(T + "s6.diverged", lr=fmt(lr)), icon=":material/trending_up:")
    st.markdown(t(T + "s6.see", n=RACE_N, epochs=epochs, **counts))


@section(T + "s7", formula=view.well_latex(NONCONVEX), fixed=lambda: view.valley_limits(NONCONVEX))
def two_valleys() -> None:
    well, url = NONCONVEX, {"bind": "query-params"}
    c1, c2 = st.columns(2)
    w0 = c1.slider(t(T + "s7.w0"), -3.5, 4.5, -1.0, 0.1, key="valley_w0", format="%.1f", **url)
    lr = c2.slider(t(T + "s7.lr"), 0.01, 2.0, 0.1, 0.01, key="valley_lr", **url)
    trace = descent_trace(well, w0, lr, VALLEY_STEPS)
    end, last = well.outcome(trace.w[-1]), trace.finite_steps
    fields = {"w0": fmt(w0), "lr": fmt(lr), "n": VALLEY_STEPS, "w_end": fmt(trace.w[last]),
              "L_end": fmt(trace.loss[last]), "peak": fmt(well.peak), "local": fmt(well.local_min),
              "global": fmt(well.global_min), "L_local": fmt(well.loss(well.local_min)),
              "limit": fmt(well.lr_limit(well.global_min))}
    fields["how"] = view.how_it_ended(well, w0, lr, end, fields)
    if not predict(PAGE, "valley", end, options=view.ENDS, context=(w0, lr), fields=fields):
        view.valleys(well, w0, VALLEY_STARTS)  # the loss and the start, without the run
        return
    view.valleys(well, w0, VALLEY_STARTS, trace, outcome_map(well, VALLEY_STARTS, lr, VALLEY_STEPS))
    alert = {"global": st.success, "local": st.info, "peak": st.info}.get(end, st.warning)
    alert(t(T + f"s7.now.{end}", **fields), icon=":material/flag:")
    st.caption(t(T + "s7.caption", lr=fmt(lr), n=VALLEY_STEPS))
    if first_outside(trace.w[: last + 1], VALLEY_STARTS[0], VALLEY_STARTS[-1]) is not None:
        st.warning(t(T + "s7.outside"), icon=":material/open_in_full:")
    numbers_table(pd.DataFrame({"k": np.arange(last + 1), "w": trace.w[: last + 1],
                                "L(w)": trace.loss[: last + 1], "dL/dw": trace.grad[: last + 1]}))


the_articles_two_steps()
linked(step_downhill, three_regimes, momentum_race)
st.markdown(t(T + "s4.when") + "\n\n" + t(T + "notes.qiita_momentum"))  # closing words, drawn once
towards_mini_batches()
batch_size_race()
two_valleys()
show_code(Quadratic, gradient_descent, descent_trace, convergence_rate, DoubleWell, minibatch_descent)
quiz(PAGE, numbers={"q1": descent_trace(SEED_QUADRATIC, 3.0, 0.5, 1).w[1]})
prev_next(PAGE)
