"""How the published figures are made, in plain English and in Easy Read,
for the methodology page and the open-data bundle alike."""

from __future__ import annotations

from ..services.i18n import gettext as _
from ..services.i18n import ngettext
from ..questionnaire import Questionnaire


def _counted(counted: str) -> str:
    if counted == "sample":
        return _("The figures count the answers of the people in the random sample who finished the survey and sent "
                 "their answers, online with the access code in their letter or with help from a community worker. "
                 "Answers through the open link are not counted here. Answers that were started but not sent are not counted.")
    if counted == "both":
        return _("The figures count the answers of everyone who finished the survey and sent their answers, from the "
                 "random sample and through the open link, online or with help from a community worker. Answers that "
                 "were started but not sent are not counted.")
    return _("The figures count the answers of everyone who finished the survey and sent their answers, online or "
             "with help from a community worker. Answers that were started but not sent are not counted.")


def _integrity(questionnaire: Questionnaire, flagged_left_out: int) -> tuple[str, list[str]]:
    settings = questionnaire.integrity
    return (_("Checks on answers through the open link"), [
        _("Nobody is stopped from answering through the open link. Instead, each set of answers sent online through it "
          "is checked for signs that it was made by a program or sent more than once, and marked if it was:"),
        _("Sent very fast: in under %(share)s of the usual time an answer takes.", share=f"{settings.fast_share:.0%}"),
        _("The same answers as another set sent within the hour before it."),
        ngettext("More than %(num)s sets of answers sent from one network address within an hour (the address is kept "
                 "only as a scrambled code, and only for a day).",
                 "More than %(num)s sets of answers sent from one network address within an hour (the address is kept "
                 "only as a scrambled code, and only for a day).", settings.responses_per_address),
        ngettext("Marked answers are left out of these figures: %(num)s set of answers so far.",
                 "Marked answers are left out of these figures: %(num)s sets of answers so far.", flagged_left_out)
        if settings.exclude_from_results else
        _("Marked answers are still counted in these figures; the marks are in the data for analysts."),
    ])


def plain(questionnaire: Questionnaire, sample: dict | None = None, counted: str = "open_link",
          flagged_left_out: int = 0) -> list[tuple[str, list[str]]]:
    """Headed sections of paragraphs; with ``sample`` (``services.samples.report``),
    how the sample was drawn and its response rate so far, wave by wave;
    ``counted``: which responses the figures count (``reading.source``)."""
    settings = questionnaire.results
    sections = [
        (_("Who the figures are about"), [
            _counted(counted),
            _("Each table shows answers to one question. The base is the number of people who were asked the "
              "question and answered it. People who chose not to answer are not in the base."),
        ]),
        (_("How we protect people’s privacy"), [
            ngettext(
                "We never publish a count under %(num)s, including zero. These cells show [c], which stands for "
                "confidential.",
                "We never publish a count under %(num)s, including zero. These cells show [c], which stands for "
                "confidential.",
                settings.minimum_count,
            ),
            _("When a hidden count could be worked out by taking the other numbers in a row or column away from the "
              "total, we hide other counts too, until none of the hidden counts can be worked out from the figures we "
              "publish. We check this with a computer for every table."),
            _("Nor can a hidden count under %(minimum)s be narrowed down: from everything we publish, it could be "
              "anything over a range of at least %(width)s.", minimum=settings.minimum_count, width=settings.protection),
            ngettext(
                "Counts are rounded to the nearest %(num)s. Percentages are worked out before rounding.",
                "Counts are rounded to the nearest %(num)s. Percentages are worked out before rounding.",
                settings.rounding,
            ) if settings.rounding > 1 else _("Counts are not rounded."),
            _("Percentages are only shown for groups of %(minimum)s or more people.", minimum=settings.minimum_count),
        ]),
        (_("Groups"), [
            _("%(breakdown)s: %(groups)s.", breakdown=b.label, groups=", ".join(
                (g.label for g in b.groups.values())) if b.groups else _("the answers to the question")) for b in settings.breakdowns
        ] + [_("“Not known” counts people who did not say, preferred not to say or were not asked.")]),
    ]
    if settings.margins:
        sections.append((_("Weighting"), [
            _("The people who answer a survey are not exactly like everyone who lives in the area. Weighting makes "
              "the answers count in proportion to the population, using these figures:"),
            *[_("%(breakdown)s: %(source)s.", breakdown=_breakdown_label(questionnaire, m.breakdown), source=m.source)
              for m in settings.margins],
            _("We use raking (iterative proportional fitting): the weights are adjusted to match each set of figures in "
              "turn, until they match all of them. People who did not answer a question used for weighting keep their "
              "share."),
            *([_("Each answer from the sample starts with its design weight: one over the chance of its address being "
                 "chosen, so that strata sampled at different rates count in proportion. The raking starts from these "
                 "weights, so the weights used are the two multiplied together.")] if counted == "sample" else []),
            _("Weighted percentages are shown beside unweighted counts. The effective base is the number of people the "
              "weighted answers are worth; it is used for the margins of error. It is rounded like the counts."),
        ]))
    if sample and sample.get("waves"):
        sections.insert(1, (_("The sample"), [
            *[_("Wave %(wave)s: we wrote to %(cases)s addresses chosen at random. So far %(rr1)s of them have answered "
                "(AAPOR response rate 1). Leaving out the addresses where nobody could answer (empty homes, places that "
                "are not homes, and our estimate of how many of those are among the addresses we have not heard from), "
                "the response rate is %(rr3)s (AAPOR response rate 3).",
                wave=w["wave"], cases=w["cases"], rr1=_percent(w["rates"]["RR1"]), rr3=_percent(w["rates"]["RR3"]))
              for w in sample["waves"]],
            _("People can also take part through the survey’s open link, for example with a community group. The "
              "figures on these pages count answers from the sample alone, weighted by each address’s chance of being "
              "chosen.") if counted == "sample" else
            _("People can also take part through the survey’s open link, for example with a community group. The "
              "figures on these pages count answers from the sample and from the open link together, without the "
              "sample’s design weights.") if counted == "both" else
            _("People can also take part through the survey’s open link, for example with a community group. The "
              "figures on these pages count answers from the open link only."),
        ]))
    if counted != "sample":
        sections.append(_integrity(questionnaire, flagged_left_out))
    sections.append((_("Differences between groups"), [
        _("The aim is to keep gaps between groups within %(target)s percentage points. Gaps larger than that are "
          "highlighted.", target=_number(settings.gap_target)),
        _("Each gap has a %(level)s confidence interval: the range the true gap is likely to be in (Newcombe’s "
          "hybrid score interval, which holds up for small groups). When the range includes zero, the gap may be "
          "down to chance: a gap over the target is then marked “over the target, but not significant”.", level="95%"),
        _("The more gaps are compared, the more look significant by chance: about 1 in 20 of those that are really "
          "nothing. Each table says how many gaps it compares."),
    ]))
    return sections


def easy_read(questionnaire: Questionnaire) -> list[str]:
    settings = questionnaire.results
    return [
        _("These numbers come from people who did the survey."),
        _("We keep people’s answers private."),
        _("If fewer than %(minimum)s people gave an answer, we do not show the number. We show [c] instead.",
          minimum=settings.minimum_count),
        _("We also hide some other numbers, so nobody can work out the hidden ones."),
        _("We round numbers to the nearest %(rounding)s.", rounding=settings.rounding) if settings.rounding > 1 else "",
        _("We check if groups of people gave different answers."),
    ]


def _breakdown_label(questionnaire: Questionnaire, breakdown_id: str) -> str:
    return next(b.label for b in questionnaire.results.breakdowns if b.id == breakdown_id)


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def markdown(questionnaire: Questionnaire, counted: str = "open_link", flagged_left_out: int = 0) -> str:
    lines = [f"# {_('How these results are made')}: {questionnaire.title}", ""]
    for heading, paragraphs in plain(questionnaire, None, counted, flagged_left_out):
        lines += [f"## {heading}", ""] + [p + "\n" for p in paragraphs]
    lines += [f"## {_('In Easy Read')}", ""] + [f"- {s}" for s in easy_read(questionnaire) if s] + [""]
    return "\n".join(lines)
