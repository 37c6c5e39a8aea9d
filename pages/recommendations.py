"""Recommendations: the best plans to earn more rebate and the step to start with, what each subtrack
must sell for closing its gaps to pay back, and what a sales shortfall puts at risk.

The profile on screen is assessed once and recommended on once per run (`vip.recommend`); the
shortfall slider reruns only its own fragment, which works the risk out again from that assessment.
A plan is applied as a what-if through the state module, so that it appears on Compare.
"""

from decimal import Decimal
from typing import Final, NamedTuple

import streamlit as st

from ui import charts, data, state, views
from ui.i18n import fmt, literal, t, tn
from vip.calc.engine import assess
from vip.calc.plans import Action, Plan, apply_plan
from vip.calc.recommend import Recommendation, recommend
from vip.calc.results import Assessment
from vip.calc.risk import at_risk
from vip.model.edition import Edition
from vip.present.explain import Fmt
from vip.present.html import render
from vip.present.plans import action_label, next_step_text, reason_text

# Widget and page keys of this page (all start with "rec.").
APPLY: Final = "rec.apply"  # "Apply as a what-if" buttons, one per plan (+ ".<n>")
APPLIED: Final = "rec.applied"  # the name of the scenario the last click saved, to confirm once
SHORTFALL: Final = "rec.shortfall"  # the shortfall slider, in percent
RISK: Final = "rec.risk"  # the rebate-at-risk fragment

SWING_COLOURS = (charts.RED, charts.GREEN)

editions = data.editions()


def _apply(name: str, actions: tuple[Action, ...]) -> None:
    """Save the profile on screen with a plan done as a scenario for Compare; the screen stays as it is."""
    profile, edition = state.to_model(state.profile(), editions)
    planned = apply_plan(profile, edition, actions).model_dump(mode="json")
    if state.save_scenario(name, (planned, editions)):
        st.session_state[APPLIED] = name


def _scenario_name(number: int, plan: Plan, edition: Edition, f: Fmt) -> str:
    """`Plan 1: Earn ATP UCS Invicta +1`: named by what it does. Not by its value, which Compare does
    not show: there a what-if's NPV is that of closing the gaps it still has."""
    first = action_label(plan.actions[0], edition, f.lang)
    more = f" +{len(plan.actions) - 1}" if len(plan.actions) > 1 else ""
    name = t("rec.scenario", n=number, what=first)
    limit = 60 - len(more)  # the Advisor's limit for a scenario name
    return (name if len(name) <= limit else name[:limit - 1].rstrip() + "…") + more


def _names(ids: tuple[str, ...], edition: Edition) -> str:
    return ", ".join(edition.name_of(x) for x in ids)


def plans(rec: Recommendation) -> None:
    f, e = fmt(), rec.assessment.edition
    st.subheader(t("rec.plans"), anchor=False)
    st.caption(t("rec.plans_caption"))
    full = len(state.scenarios()) >= state.MAX_SCENARIOS
    for number, plan in enumerate(rec.plans, start=1):
        with st.container(border=True):
            what = "; ".join(action_label(a, e, f.lang) for a in plan.actions) or t("rec.nothing")
            st.markdown(f"**{literal(t('rec.plan', n=number))}** · {literal(what)}")
            _figures(plan, rec.assessment, f)
            for r in plan.reasons:
                st.markdown(f"- {literal(reason_text(r, e, f))}")
            if plan.late:
                st.caption(t("rec.late", names=_names(plan.late, e)))
            if plan.actions:
                name = _scenario_name(number, plan, e, f)
                st.button(t("rec.apply"), key=f"{APPLY}.{number}", icon=":material/add_task:", disabled=full,
                          help=t("rec.apply_help"), on_click=_apply, args=(name, plan.actions))
    saved = len(state.scenarios())
    st.caption(t("save.full", max=state.MAX_SCENARIOS) if full else t("save.count", n=saved, max=state.MAX_SCENARIOS))
    st.page_link("pages/compare.py", label=t("save.to_compare"), icon=":material/compare_arrows:")


def _figures(plan: Plan, base: Assessment, f: Fmt) -> None:
    """A plan's figures as the Advisor's KPI cards."""
    ret = views.return_cards(base, plan.investment, plan.roi, plan.value, f, of="plan")
    views.kpi_row([
        ret["npv"], ret["payback"], ret["investment"],
        views.Card("extra", t("rec.extra"), f.money(plan.steady), t("rec.extra_help"),
                   t("rec.extra_first", amount=f.money(plan.first)) if plan.first != plan.steady else ""),
    ])


def _distance(amount: Decimal) -> str:
    """How far projected sales are from a level, in words: still to book, or already above it."""
    f = fmt()
    return t("rec.be_to_go", amount=f.money(amount)) if amount > 0 else t("rec.be_above", amount=f.money(-amount))


class BreakEvenRow(NamedTuple):
    """A subtrack's row of the break-even table, worded and formatted; `later` says, if so, that
    closing its gaps counts only from the next period."""

    name: str
    sales: str
    minimum: str
    to_minimum: str
    cost: str
    later: str
    even: str
    to_even: str


def break_even(rec: Recommendation) -> None:
    f, e = fmt(), rec.assessment.edition
    st.subheader(t("rec.break_even"), anchor=False)
    st.caption(tn("rec.break_even_caption", rec.assessment.roi.horizon_periods))
    if not rec.break_even:
        st.caption(t("rec.be_none"))
        return
    body = []
    for b in rec.break_even:
        if b.break_even is None:
            even = t("rec.be_needs", levels=_names(b.blocked_by, e)) if b.blocked_by else t("rec.be_never")
            to_even = ""
        else:
            even, to_even = f.money(b.break_even), _distance(b.to_break_even or Decimal(0))
        body.append(BreakEvenRow(e.name_of(b.subtrack), f.money(b.sales), f.money(b.minimum), _distance(b.to_minimum),
                                 f.money(b.investment), "" if b.this_period else t("rec.be_next_period"), even,
                                 to_even))
    st.html(render("app/break_even.html", rows=body, numeric=range(1, 7),
                   heads=[t(k) for k in ("rec.be_subtrack", "rec.be_sales", "rec.be_minimum", "rec.be_to_minimum",
                                         "rec.be_cost", "rec.be_even", "rec.be_to_even")]))


class CliffRow(NamedTuple):
    """A subtrack's row of the cliffs table: whether the shortfall crosses its minimum (`crossed`,
    said in `status`), its rebate, the shortfall at which it falls short and what is lost there."""

    name: str
    crossed: bool
    status: str
    rebate: str
    at: str
    lost: str
    alone: str


@st.fragment
def risk(base: Assessment) -> None:
    f, e = fmt(), base.edition
    st.subheader(t("rec.risk"), anchor=False)
    percent = st.slider(t("rec.shortfall"), 0, 60, step=1, format="%d%%", help=t("rec.shortfall_help"),
                        **state.bind(SHORTFALL, default=10))
    result = at_risk(base, Decimal(percent) / 100)
    # Where orders are still to ship, the figure counts them as not shipping in time, and says so.
    x = f.pct(result.shortfall, 0)
    label, help_ = ((t("rec.at_shortfall_unshipped", x=x), t("rec.shortfall_help_unshipped",
                                                              unshipped=f.money(result.unshipped)))
                    if base.profile.to_ship and base.edition.shipping else
                    (t("rec.at_shortfall", x=x), t("rec.shortfall_help")))
    cards = [
        views.Card("now", t("kpi.now"), f.money(result.now), t("kpi.now_help")),
        views.Card("at_shortfall", label, f.money(result.at_shortfall), help_,
                   f.money(-result.lost, signed=True) if result.lost else "", "down"),
    ]
    views.kpi_row(cards)
    crossed = tuple(c.subtrack for c in result.cliffs if c.crossed)
    if crossed:
        st.warning(t("rec.crossed", names=_names(crossed, e)), icon=":material/trending_down:")
    elif result.cliffs:
        st.caption(t("rec.none_crossed"))
    if not result.cliffs:
        st.caption(t("rec.no_cliffs"))
        return
    body = [
        CliffRow(e.name_of(c.subtrack), c.crossed, t("rec.cliff_crossed") if c.crossed else t("rec.cliff_holds"),
                 f.money(c.rebate), f.pct(c.at) if c.at is not None else "–", f.money(c.lost), f.money(c.alone))
        for c in result.cliffs
    ]
    st.html(render("app/cliffs.html", rows=body, numeric=range(2, 6),
                   heads=[t(k) for k in ("rec.cliff_subtrack", "rec.cliff_status", "rec.cliff_rebate",
                                         "rec.cliff_at", "rec.cliff_lost", "rec.cliff_alone")]))
    st.caption(t("rec.cliff_caption", x=f.pct(result.shortfall, 0)))


def tornado(rec: Recommendation) -> charts.Figure:
    """Per subtrack, the change in the total rebate when its sales alone are lower or higher: the
    widest span at the top. A subtrack whose sales change no rebate either way has no bars and is
    left out (`unchanged` names it under the chart), and so is a way (less, more) that changes
    nothing anywhere: its legend entry would stand for no bar."""
    f, e = fmt(), rec.assessment.edition
    per = float(f.per_usd)
    rows = [w for w in reversed(rec.swings) if w.low or w.high]  # Plotly draws the first category at the bottom
    names = [e.name_of(w.subtrack) for w in rows]
    swing = f.pct(rec.swing, 0)
    data_ = [
        {"type": "bar", "orientation": "h", "name": label, "y": names, "x": [float(v) * per for v in values],
         "marker": {"color": colour}, "hoverinfo": "text",
         "hovertext": [f"{n}<br>{label}: {f.money(v, signed=True)}" for n, v in zip(names, values, strict=True)]}
        for label, colour, values in (
            (t("rec.tornado_low", x=swing), SWING_COLOURS[0], [w.low for w in rows]),
            (t("rec.tornado_high", x=swing), SWING_COLOURS[1], [w.high for w in rows]),
        )
        if any(values)
    ]
    layout = charts.legend_on_top(charts._layout(
        t("rec.tornado", x=swing), max(240, 90 + 40 * len(rows)), barmode="overlay", showlegend=True,
        xaxis={"gridcolor": charts.GRID, "zeroline": True, "zerolinecolor": charts.MUTED, "tickformat": ",.0f",
               "title": {"text": f.currency, "font": {"size": 12}}, "automargin": True},
        yaxis={"automargin": True, "tickvals": names, "ticktext": [charts.wrap(n, charts.NAME_CHARS) for n in names]},
        separators=".," if f.lang == "en" else ",.",
    ))
    return {"data": data_, "layout": layout}


profile, edition = state.to_model(state.current(), editions)
base = assess(profile, edition, data.memo())
rec = recommend(profile, edition, base=base, memo=data.memo())
f = fmt()

st.title(t("rec.title"), anchor=False)
st.caption(tn("rec.caption", base.roi.horizon_periods, partner=profile.partner, rate=f.pct(base.discount_rate)))
if state.current() != st.session_state[state.BASELINE]:
    # The plans start from the what-if on screen; Compare values a plan applied here together with the
    # what-if's own changes, against the partner as loaded: say so, or the two figures seem to disagree.
    loaded = st.session_state[state.BASELINE].get("partner", profile.partner)
    st.caption(t("rec.from_whatif", partner=loaded))
if rec.next_step is not None:
    st.success(next_step_text(rec.next_step, edition, f), icon=":material/flag:")
else:
    st.info(t("rec.no_step"), icon=":material/check_circle:")
applied = st.session_state.pop(APPLIED, "")
if applied:
    st.toast(t("save.done", name=applied), icon=":material/check:")

plans(rec)
break_even(rec)
risk(base)
st.subheader(t("rec.sensitivity"), anchor=False)
if any(w.low or w.high for w in rec.swings):
    st.plotly_chart(tornado(rec), config=charts.CONFIG, key="chart.tornado")
    unchanged = tuple(w.subtrack for w in rec.swings if not (w.low or w.high))
    if unchanged:
        st.caption(t("rec.tornado_unchanged", x=f.pct(rec.swing, 0), names=_names(unchanged, edition)))
else:
    st.caption(t("rec.no_swings", x=f.pct(rec.swing, 0)))
for note in rec.notes:
    st.caption(t(f"plans.note.{note}"))
