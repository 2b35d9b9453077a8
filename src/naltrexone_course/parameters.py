"""Every literature value the models use, with its unit, source and confidence.

A chapter or model never holds a number of its own: it asks this registry with
:func:`value` (the number) or :func:`get` (the whole record). The book's
"Parameters and sources" page is generated from :data:`PARAMETERS`, so the book and
the code cannot disagree.

Confidence grades follow ``shared/science/facts.md``:

* ``high``: read in the primary source or its label/abstract;
* ``medium``: partly supported by retrieved material;
* ``derived``: computed from high/medium inputs (the note shows how);
* ``toy``: an illustrative value for a teaching model, not a measurement.

Evidence labels say where a value comes from: ``human``, ``animal``, ``in vitro``,
``hypothesis`` (a value a model needs that nobody has measured, e.g. a fitted rate whose
mechanism is assumed) or ``toy``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

CONFIDENCE_GRADES = ("high", "medium", "derived", "toy")
EVIDENCE_KINDS = ("human", "animal", "in vitro", "hypothesis", "toy")


@dataclass(frozen=True)
class Parameter:
    """One number with its provenance.

    ``citation`` is a key in ``book/references.bib``; ``family`` groups the
    parameters on the generated sources page.
    """

    name: str
    value: float
    unit: str
    citation: str
    confidence: str
    evidence: str
    family: str
    description: str
    note: str = ""

    def __post_init__(self) -> None:
        if self.confidence not in CONFIDENCE_GRADES:
            raise ValueError(
                f"confidence of {self.name!r} must be one of {CONFIDENCE_GRADES}, got {self.confidence!r}"
            )
        if self.evidence not in EVIDENCE_KINDS:
            raise ValueError(
                f"evidence of {self.name!r} must be one of {EVIDENCE_KINDS}, got {self.evidence!r}"
            )
        if not math.isfinite(self.value):
            raise ValueError(f"value of {self.name!r} must be finite, got {self.value!r}")
        if not self.citation:
            raise ValueError(f"parameter {self.name!r} needs a citation key")


PARAMETERS: dict[str, Parameter] = {}


def _human(family, name, value, unit, citation, description, note="", confidence="high") -> Parameter:
    """A value measured or tabulated in people (evidence "human"), in ``family``: the one
    shorthand the registry's long lists use (trials, mortality, potencies)."""
    return Parameter(name, value, unit, citation, confidence, "human", family, description, note)


def _register(*params: Parameter) -> None:
    for p in params:
        if p.name in PARAMETERS:
            raise ValueError(f"parameter {p.name!r} is registered twice")
        PARAMETERS[p.name] = p


def get(name: str) -> Parameter:
    """The full record of parameter ``name``; ``ValueError`` if unknown."""
    try:
        return PARAMETERS[name]
    except KeyError:
        known = ", ".join(sorted(PARAMETERS))
        raise ValueError(f"name must be a known parameter ({known}); got {name!r}") from None


def value(name: str) -> float:
    """The numeric value of parameter ``name`` in its stated unit."""
    return get(name).value


# --- chemistry and unit conversion ------------------------------------------------
_register(
    Parameter(
        name="naltrexone_molar_mass",
        value=341.4,
        unit="g/mol",
        citation="pubchem_naltrexone",
        confidence="high",
        evidence="in vitro",
        family="chemistry",
        description="Molar mass of naltrexone (free base); 1 ng/mL = 2.93 nM",
    ),
    Parameter(
        name="naltrexol_molar_mass",
        value=343.4,
        unit="g/mol",
        citation="pubchem_naltrexol",
        confidence="high",
        evidence="in vitro",
        family="chemistry",
        description="Molar mass of 6-beta-naltrexol; 1 ng/mL = 2.91 nM",
    ),
    Parameter(
        name="naltrexone_unbound_fraction",
        value=0.79,
        unit="fraction",
        citation="fda_revia_label",
        confidence="high",
        evidence="human",
        family="chemistry",
        description="Fraction of plasma naltrexone not bound to protein (21% bound)",
    ),
)

# --- binding (issue 2: the exemplar chapter) --------------------------------------
_register(
    Parameter(
        name="naltrexone_ki_mu_nM",
        value=0.11,
        unit="nM",
        citation="peng2007bivalent",
        confidence="medium",
        evidence="in vitro",
        family="binding",
        description="Naltrexone inhibition constant at the cloned human mu receptor",
        note=(
            "[3H]DAMGO competition in CHO cell membranes. The exact figure was not re-read in"
            " the paper for this course; other assays give 0.1-0.5 nM, and the chapter's lessons"
            " (mu and kappa bound tightly, delta about 80 times less) hold across that range."
        ),
    ),
    Parameter(
        name="naltrexone_delta_to_mu_ratio",
        value=79.0,
        unit="ratio",
        citation="trostheim2022primer",
        confidence="high",
        evidence="in vitro",
        family="binding",
        description="How many times weaker naltrexone binds delta than mu receptors",
        note=(
            "The ratio Trøstheim et al. use to turn MOR into DOR blockade (their Table S1). The delta "
            "K_i the course shows (about 9 nM) is derived from it, 0.11 nM x 79, not measured; published "
            "delta K_i values of naltrexone differ between assays and were not re-read for this course, so "
            "no range is quoted."
        ),
    ),
    Parameter(
        name="naltrexone_kappa_to_mu_ratio",
        value=2.0,
        unit="ratio",
        citation="trostheim2022primer",
        confidence="high",
        evidence="in vitro",
        family="binding",
        description="How many times weaker naltrexone binds kappa than mu receptors",
        note="The ratio Trøstheim et al. use to turn MOR into KOR blockade (their Table S1).",
    ),
    Parameter(
        name="morphine_ki_mu_nM",
        value=1.2,
        unit="nM",
        citation="chen1991opioid",
        confidence="high",
        evidence="animal",
        family="binding",
        description="Morphine inhibition constant at mu receptors ([3H]DAMGO, rat brain)",
    ),
    Parameter(
        name="fentanyl_ki_mu_nM",
        value=1.346,
        unit="nM",
        citation="volpe2011uniform",
        confidence="medium",
        evidence="in vitro",
        family="binding",
        description="Fentanyl inhibition constant at recombinant human mu receptors",
        note="The abstract places fentanyl in the 1-100 nM group; the exact value is from the table.",
    ),
    Parameter(
        name="oral_50mg_naltrexone_cmax_ng_ml",
        value=13.3,
        unit="ng/mL",
        citation="swiss_naltrexone_smpc",
        confidence="high",
        evidence="human",
        family="binding",
        description="Mean peak plasma naltrexone about 1 h after a 50 mg tablet",
    ),
    Parameter(
        name="mu_occupancy_ed50_mg",
        value=5.59,
        unit="mg",
        citation="trostheim2022primer",
        confidence="high",
        evidence="human",
        family="binding",
        description="Oral dose that blocks half of brain mu receptors within 8 h",
        note="Hyperbolic fit (Hill slope 1) to the [11C]carfentanil PET data of Rabiner et al. 2011.",
    ),
)

# --- pharmacokinetics (issue 3) ---------------------------------------------------
_register(
    Parameter(
        name="oral_tmax_h",
        value=1.0,
        unit="h",
        citation="swiss_naltrexone_smpc",
        confidence="high",
        evidence="human",
        family="pk",
        description="Time of peak plasma naltrexone and 6-beta-naltrexol after a tablet",
        note="US label: peaks 'within one hour'.",
    ),
    Parameter(
        name="naltrexol_oral_50mg_cmax_ng_ml",
        value=108.0,
        unit="ng/mL",
        citation="swiss_naltrexone_smpc",
        confidence="high",
        evidence="human",
        family="pk",
        description="Mean peak plasma 6-beta-naltrexol about 1 h after a 50 mg tablet",
    ),
    Parameter(
        name="naltrexone_half_life_h",
        value=4.0,
        unit="h",
        citation="fda_revia_label",
        confidence="high",
        evidence="human",
        family="pk",
        description="Elimination half-life of naltrexone after a tablet",
        note="Meyer et al. 1984 also report about 4 h. The model uses it for the terminal phase.",
    ),
    Parameter(
        name="naltrexol_half_life_h",
        value=13.0,
        unit="h",
        citation="fda_revia_label",
        confidence="high",
        evidence="human",
        family="pk",
        description="Elimination half-life of 6-beta-naltrexol",
        note="Meyer et al. 1984 report about 12 h.",
    ),
    Parameter(
        name="naltrexone_clearance_L_h",
        value=94.0,
        unit="L/h",
        citation="meyer1984bioequivalence",
        confidence="high",
        evidence="human",
        family="pk",
        description="Total systemic clearance of naltrexone",
        note=(
            "A 3H study found 210 L/h for unconjugated naltrexone (Licko 1981); the model uses Meyer's value."
        ),
    ),
    # --- issue 10: fitted jointly (tools/pk_fit.py) or assumed; none is tuned to one point
    Parameter(
        name="naltrexone_oral_bioavailability",
        value=0.07546,
        unit="fraction",
        citation="pk_joint_fit",
        confidence="derived",
        evidence="human",
        family="pk",
        description="Fraction of a tablet's naltrexone reaching the blood unchanged (after first pass)",
        note=(
            "Fitted jointly with every other pk and blockade parameter (weighted least squares over "
            "all reference points, tools/pk_fit.py). Pulled up by the labelled 13.3 ng/mL peak and the "
            "injection's 3-4x exposure, down by Meyer 1984's 5%; the US label gives 5-40%."
        ),
    ),
    Parameter(
        name="naltrexone_xr_bioavailability",
        value=1.0,
        unit="fraction",
        citation="dunbar2006single",
        confidence="toy",
        evidence="toy",
        family="pk",
        description="Fraction of the injected naltrexone that reaches the blood (assumed complete)",
        note=(
            "An assumption: the muscle depot avoids the liver's first pass (Dunbar 2006: less "
            "6-beta-naltrexol)."
        ),
    ),
    Parameter(
        name="naltrexone_oral_absorption_rate_per_h",
        value=2.077,
        unit="1/h",
        citation="pk_joint_fit",
        confidence="derived",
        evidence="human",
        family="pk",
        description="First-order absorption rate of a tablet",
        note="Fitted jointly (tools/pk_fit.py); no label gives it: it is set by the peak time (about 1 h).",
    ),
    Parameter(
        name="naltrexone_oral_fast_half_life_h",
        value=0.3114,
        unit="h",
        citation="pk_joint_fit",
        confidence="derived",
        evidence="human",
        family="pk",
        description="Half-life of the fast early fall of plasma naltrexone after a tablet",
        note="Fitted jointly (tools/pk_fit.py) against the peak, the 4 h half-life and the exposure.",
    ),
    Parameter(
        name="naltrexone_oral_fast_share",
        value=0.3093,
        unit="fraction",
        citation="pk_joint_fit",
        confidence="derived",
        evidence="human",
        family="pk",
        description="Share of a tablet's naltrexone exposure carried by the fast early phase",
        note="Fitted jointly (tools/pk_fit.py); the rest leaves with the labelled 4 h half-life.",
    ),
    Parameter(
        name="naltrexol_oral_appearance_rate_per_h",
        value=4.49,
        unit="1/h",
        citation="pk_joint_fit",
        confidence="derived",
        evidence="human",
        family="pk",
        description="Rate at which 6-beta-naltrexol appears in plasma after a tablet (first pass)",
        note="Fitted jointly (tools/pk_fit.py) to the 6-beta-naltrexol peak (108 ng/mL at about 1 h).",
    ),
    Parameter(
        name="naltrexol_oral_50mg_auc_ng_h_ml",
        value=2130,
        unit="ng*h/mL",
        citation="pk_joint_fit",
        confidence="derived",
        evidence="human",
        family="pk",
        description="6-beta-naltrexol exposure (AUC) after one 50 mg tablet",
        note="Fitted jointly (tools/pk_fit.py) to its peak (Swiss SmPC) with the 13 h half-life (label).",
    ),
    Parameter(
        name="naltrexol_xr_ratio",
        value=2.7,
        unit="ratio",
        citation="galloway2005pharmacokinetics",
        confidence="derived",
        evidence="human",
        family="pk",
        description="Steady 6-beta-naltrexol to naltrexone ratio in plasma during a depot injection",
        note="Ratio of mean levels (1.51-5.52 vs 0.58-2.04 ng/mL) after a 300 mg depot of another brand.",
    ),
    Parameter(
        name="xr_apparent_half_life_days",
        value=4.561,
        unit="days",
        citation="pk_joint_fit",
        confidence="derived",
        evidence="human",
        family="pk",
        description="Apparent half-life of naltrexone after the 380 mg injection (late release phase)",
        note=(
            "Fitted jointly (tools/pk_fit.py); data: Dunbar 2006 5-7 days, the label 5-10 days, Comer "
            "2002's weeks above 1 ng/mL and the opioid challenges of Bigelow 2012."
        ),
    ),
    Parameter(
        name="xr_burst_fraction",
        value=0.015,
        unit="fraction",
        citation="vivitrol_label",
        confidence="toy",
        evidence="toy",
        family="pk",
        description="Share of the injected dose released in the first hours (early peak)",
        note=(
            "The label gives the timing (about 2 h) but not the height of the early peak; chosen for "
            "illustration."
        ),
    ),
    Parameter(
        name="xr_burst_rise_per_h",
        value=0.99,
        unit="1/h",
        citation="vivitrol_label",
        confidence="toy",
        evidence="toy",
        family="pk",
        description="Rise rate of the early release from the injection",
        note="Hand-chosen with the fall rate to put the first peak at about 2 h (label); not fitted.",
    ),
    Parameter(
        name="xr_burst_fall_per_h",
        value=0.231,
        unit="1/h",
        citation="vivitrol_label",
        confidence="toy",
        evidence="toy",
        family="pk",
        description="Fall rate after the early peak of the injection",
        note="Hand-chosen with the rise rate to put the first peak at about 2 h (label); not fitted.",
    ),
    Parameter(
        name="xr_diffusion_fraction",
        value=0.1594,
        unit="fraction",
        citation="pk_joint_fit",
        confidence="derived",
        evidence="human",
        family="pk",
        description="Share of the injected dose in the release phase that peaks at 2-3 days",
        note="Fitted jointly (tools/pk_fit.py) to the second peak at 2-3 days and the month's levels.",
    ),
    Parameter(
        name="xr_diffusion_rise_half_life_days",
        value=0.5,
        unit="days",
        citation="vivitrol_label",
        confidence="toy",
        evidence="toy",
        family="pk",
        description="Rise half-time of the release phase that peaks at 2-3 days",
        note="Hand-chosen to put the second peak at 2-3 days (label's timing only); not fitted.",
    ),
    Parameter(
        name="xr_diffusion_fall_half_life_days",
        value=2.0,
        unit="days",
        citation="vivitrol_label",
        confidence="toy",
        evidence="toy",
        family="pk",
        description="Fall half-time of the release phase that peaks at 2-3 days",
        note="Hand-chosen to put the second peak at 2-3 days (label's timing only); not fitted.",
    ),
    Parameter(
        name="xr_erosion_rise_half_life_days",
        value=4.561,
        unit="days",
        citation="pk_joint_fit",
        confidence="derived",
        evidence="human",
        family="pk",
        description="Rise half-time of the late release phase (microsphere erosion)",
        note="Fitted jointly (tools/pk_fit.py): holds levels to about day 14, then the slow decline.",
    ),
    Parameter(
        name="naltrexone_brain_half_time_h",
        value=5.745,
        unit="h",
        citation="pk_joint_fit",
        confidence="derived",
        evidence="hypothesis",
        family="pk",
        description="Half-time for brain naltrexone to follow plasma (effect compartment)",
        note=(
            "Fitted jointly (tools/pk_fit.py). A hypothesis, never measured: it comes out slower than "
            "naltrexone's entry into the brain is thought to be (Trøstheim et al. advise testing 1-2 h after "
            "a tablet), because the delay also stands in for naltrexone's slow terminal plasma phase (Lee "
            "1988: about 96 h), which the model's two-phase tablet curve lacks. Held at 0.5 or 1 h, the fit "
            "misses the tablet's 1 h peak time by more than 2 SD."
        ),
    ),
    Parameter(
        name="naltrexol_brain_half_time_h",
        value=45.85,
        unit="h",
        citation="pk_joint_fit",
        confidence="derived",
        evidence="hypothesis",
        family="pk",
        description=(
            "Half-time for brain 6-beta-naltrexol to follow plasma (slow: it crosses the blood-brain "
            "barrier poorly)"
        ),
        note=(
            "Fitted jointly (tools/pk_fit.py), mainly to the 72-108 h half-time of blockade (Lee 1988), "
            "70-80% blockade 48 h after a dose of 50 mg every other day (Swiss SmPC) and the label's "
            "24/48/72 h blockade after 50/100/150 mg. A hypothesis: nobody has measured it in people."
        ),
    ),
    Parameter(
        name="naltrexone_brain_ec50_ng_ml",
        value=0.2659,
        unit="ng/mL",
        citation="pk_joint_fit",
        confidence="derived",
        evidence="human",
        family="pk",
        description="Plasma-equivalent naltrexone level that blocks half of brain mu receptors",
        note=(
            "Fitted jointly (tools/pk_fit.py) to the PET points of Rabiner 2011 and the opioid "
            "challenges. Rabiner et al. reported no plasma EC50 (they found the relation indirect): "
            "this value is the model's, not theirs."
        ),
    ),
    Parameter(
        name="naltrexol_brain_ec50_ng_ml",
        value=13.28,
        unit="ng/mL",
        citation="pk_joint_fit",
        confidence="derived",
        evidence="human",
        family="pk",
        description="Plasma-equivalent 6-beta-naltrexol level that blocks half of brain mu receptors",
        note=(
            "Fitted jointly (tools/pk_fit.py), mainly to the 72-108 h half-time of blockade "
            "(Lee 1988, a dual-detector system in 5 people) and the oral heroin challenges."
        ),
    ),
    Parameter(
        name="naltrexone_plasma_band_low_ng_ml",
        value=1.0,
        unit="ng/mL",
        citation="castillo2024naltrexone",
        confidence="high",
        evidence="human",
        family="pk",
        description="Lower end of the plasma naltrexone range considered therapeutic (1-2 ng/mL)",
    ),
    Parameter(
        name="naltrexone_plasma_band_high_ng_ml",
        value=2.0,
        unit="ng/mL",
        citation="castillo2024naltrexone",
        confidence="high",
        evidence="human",
        family="pk",
        description="Plasma naltrexone above which 25 mg IV heroin 'liking' was nearly all blocked",
    ),
    Parameter(
        name="tablet_blockade_h_per_50mg",
        value=24.0,
        unit="h per 50 mg",
        citation="fda_revia_label",
        confidence="high",
        evidence="human",
        family="blockade",
        description="How long the label says a tablet blocks 25 mg IV heroin: 'as long as' 24 h for 50 mg, "
        "48 h for 100 mg, 72 h for 150 mg",
        note="The figures count on no blockade beyond this window after the last tablet, whatever the model "
        "says: the model's slow fade after repeated tablets is not established.",
    ),
)

# --- reward learning, dopamine, glutamate (issue 4) -------------------------------
_register(
    Parameter(
        name="reward_opioid_share",
        value=0.5,
        unit="fraction",
        citation="mitchell2012alcohol",
        confidence="toy",
        evidence="toy",
        family="reward",
        description="Share of the reward of one drinking episode that is carried by endogenous opioids "
        "at mu receptors (and so can be blocked by naltrexone)",
        note="Illustrative. Drinking releases endogenous opioids in the human nucleus accumbens "
        "(Mitchell et al. 2012), but no study measures this share.",
    ),
    Parameter(
        name="reward_learning_rate",
        value=0.1,
        unit="per episode",
        citation="rescorla1972theory",
        confidence="toy",
        evidence="toy",
        family="reward",
        description="Rescorla-Wagner learning rate: the fraction of the prediction error learned "
        "from each drinking episode",
        note="Illustrative; real learning rates differ between people, cues and contexts.",
    ),
    Parameter(
        name="dopamine_endogenous_opioid_level",
        value=1.0,
        unit="multiples of Kd",
        citation="mitchell2012alcohol",
        confidence="toy",
        evidence="toy",
        family="dopamine",
        description="Endogenous opioid released by a drink at mu receptors on VTA GABA "
        "interneurons, in units of its dissociation constant (1 = half the receptors bound)",
        note="Illustrative. Alcohol releases endogenous opioids (Mitchell et al. 2012); "
        "the local concentration is unknown.",
    ),
    Parameter(
        name="dopamine_118gg_fold",
        value=4.0,
        unit="ratio",
        citation="ramchandani2011genetic",
        confidence="high",
        evidence="animal",
        family="dopamine",
        description="Peak striatal dopamine response to alcohol in humanised OPRM1 118GG mice "
        "relative to 118AA mice",
        note="Mouse microdialysis; in the same paper the human PET response was restricted to 118G carriers.",
    ),
    Parameter(
        name="dopamine_cue_response",
        value=0.5,
        unit="x 118AA alcohol response",
        citation="gonzales1998suppression",
        confidence="toy",
        evidence="toy",
        family="dopamine",
        description="Anticipatory (cue) dopamine rise before drinking, relative to the "
        "alcohol-evoked rise of a 118AA brain without naltrexone",
        note="Illustrative size. Gonzales and Weiss (1998) saw an anticipatory rise in rats that "
        "naltrexone did not change.",
    ),
    Parameter(
        name="dopamine_craving_cue_share",
        value=0.5,
        unit="fraction",
        citation="gonzales1998suppression",
        confidence="toy",
        evidence="toy",
        family="dopamine",
        description="Share of the toy craving index driven by cues (anticipation) rather than by "
        "the opioid-dependent response to alcohol itself",
        note="Illustrative; craving is not measured in dopamine units.",
    ),
    Parameter(
        name="glutamate_lapse_probability",
        value=0.4,
        unit="probability",
        citation="kalivas2009glutamate",
        confidence="toy",
        evidence="toy",
        family="glutamate",
        description="Chance that one strong drinking cue leads to a first drink (a lapse) without naltrexone",
        note="Illustrative. Cue-triggered relapse involves prefrontal-to-accumbens glutamate in "
        "animal models, mostly of other drugs (Kalivas 2009).",
    ),
    Parameter(
        name="glutamate_relapse_after_lapse",
        value=0.95,
        unit="probability",
        citation="volpicelli1992naltrexone",
        confidence="high",
        evidence="human",
        family="glutamate",
        description="Chance that a lapse becomes a relapse to heavy drinking without naltrexone",
        note="Placebo group of Volpicelli et al. (1992): 19 of 20 patients who sampled alcohol "
        "relapsed (8 of 16 on naltrexone). A small trial.",
    ),
    Parameter(
        name="glutamate_opioid_coupling",
        value=0.3,
        unit="fraction",
        citation="kalivas2009glutamate",
        confidence="toy",
        evidence="toy",
        family="glutamate",
        description="HYPOTHESIS: share of the cue-evoked glutamate drive that depends on "
        "endogenous opioid signalling, and so could be blocked by naltrexone",
        note="No human or animal study found measures this for naltrexone; even its sign is "
        "unknown (mu receptors on glutamate terminals usually reduce release).",
    ),
)

# --- craving, immune system, many mechanisms (issue 5) ----------------------------


_register(
    _human(
        "craving",
        "aud_rr_heavy_drinking",
        0.83,
        "risk ratio",
        "rosner2010opioid",
        "Risk of returning to heavy drinking on naltrexone relative to placebo (pooled)",
        "28 trials, 4433 people (Cochrane review of opioid antagonists for alcohol dependence).",
    ),
    _human(
        "craving",
        "aud_rr_heavy_drinking_low",
        0.76,
        "risk ratio",
        "rosner2010opioid",
        "Lower end of the 95% confidence interval of the heavy-drinking risk ratio",
    ),
    _human(
        "craving",
        "aud_rr_heavy_drinking_high",
        0.90,
        "risk ratio",
        "rosner2010opioid",
        "Upper end of the 95% confidence interval of the heavy-drinking risk ratio",
    ),
    _human(
        "craving",
        "aud_rr_any_drinking",
        0.96,
        "risk ratio",
        "rosner2010opioid",
        "Risk of returning to any drinking on naltrexone relative to placebo (pooled)",
        "27 trials, 4693 people; not statistically significant.",
    ),
    _human(
        "craving",
        "aud_rr_any_drinking_low",
        0.92,
        "risk ratio",
        "rosner2010opioid",
        "Lower end of the 95% confidence interval of the any-drinking risk ratio",
    ),
    _human(
        "craving",
        "aud_rr_any_drinking_high",
        1.00,
        "risk ratio",
        "rosner2010opioid",
        "Upper end of the 95% confidence interval of the any-drinking risk ratio",
    ),
    _human(
        "craving",
        "aud_nnt_heavy_drinking",
        12.0,
        "people",
        "jonas2014pharmacotherapy",
        "Number needed to treat with oral naltrexone 50 mg to prevent one return to heavy drinking",
        "95% CI 8-26; risk difference -0.09 (19 trials, 2875 people).",
    ),
    _human(
        "craving",
        "aud_nnt_any_drinking",
        20.0,
        "people",
        "jonas2014pharmacotherapy",
        "Number needed to treat with oral naltrexone 50 mg to prevent one return to any drinking",
        "95% CI 11-500; risk difference -0.05 (16 trials, 2347 people).",
    ),
    _human(
        "craving",
        "aud_nnt_heavy_drinking_2023",
        11.0,
        "people",
        "mcpheeters2023pharmacotherapy",
        "Number needed to treat to prevent one return to heavy drinking (updated review)",
        "95% CI 5-41; the 2023 update of the 2014 review.",
    ),
    _human(
        "craving",
        "volpicelli_relapse_placebo",
        0.543,
        "fraction",
        "volpicelli1992naltrexone",
        "Share of men on placebo who relapsed over 12 weeks in the first naltrexone trial",
        "70 men, 50 mg/day; 23% relapsed on naltrexone.",
    ),
    _human(
        "craving",
        "volpicelli_relapse_naltrexone",
        0.23,
        "fraction",
        "volpicelli1992naltrexone",
        "Share of men on naltrexone who relapsed over 12 weeks in the first naltrexone trial",
    ),
)

_register(
    Parameter(
        name="tlr4_effect_low_uM",
        value=1.0,
        unit="µM",
        citation="hutchinson2008nonstereoselective",
        confidence="medium",
        evidence="in vitro",
        family="immune",
        description="Low end of the concentrations at which TLR4 effects of naltrexone or naloxone "
        "isomers were reported in cells",
        note=(
            "Across in-vitro studies the effects appear at roughly 1-100 µM or more (mostly the (+)-isomers, "
            "rodent and reporter cells); no IC50 was retrieved. Used only as a generous threshold."
        ),
    ),
    Parameter(
        name="tlr4_effect_high_uM",
        value=100.0,
        unit="µM",
        citation="wang2016pharmacological",
        confidence="medium",
        evidence="in vitro",
        family="immune",
        description="Upper end of the usual range of concentrations used in in-vitro TLR4 studies "
        "of naltrexone isomers",
        note="Range, not a potency; see tlr4_effect_low_uM.",
    ),
    Parameter(
        name="tlr4_no_effect_human_pbmc_uM",
        value=200.0,
        unit="µM",
        citation="cant2017naltrexone",
        confidence="high",
        evidence="in vitro",
        family="immune",
        description="Highest naltrexone concentration tested without any effect on TLR4 (LPS)-induced "
        "IL-6 in human blood cells",
        note="Human PBMCs, 1-200 µM; 200 µM did inhibit TLR7/8 and TLR9 responses.",
    ),
    Parameter(
        name="ldn_typical_dose_mg",
        value=4.5,
        unit="mg",
        citation="younger2013low",
        confidence="high",
        evidence="human",
        family="immune",
        description="Daily dose of low-dose naltrexone used in most trials",
    ),
)


def _weight(name, value, description):
    return Parameter(
        name,
        value,
        "weight 0-1",
        "guyatt2008grade",
        "toy",
        "toy",
        "mechanisms",
        description,
        "A teaching choice, not a measurement: how much of a pathway's modelled effect to count "
        "given the strength of its evidence (in the spirit of GRADE's certainty ratings).",
    )


_register(
    _weight("weight_established", 1.0, "Weight given to a pathway established in humans (estimate)"),
    _weight("weight_established_low", 0.8, "Weight given to a pathway established in humans (low end)"),
    _weight("weight_established_high", 1.0, "Weight given to a pathway established in humans (high end)"),
    _weight("weight_animals", 0.5, "Weight given to a pathway shown only in animals (estimate)"),
    _weight("weight_animals_low", 0.2, "Weight given to a pathway shown only in animals (low end)"),
    _weight("weight_animals_high", 0.8, "Weight given to a pathway shown only in animals (high end)"),
    _weight("weight_hypothesis", 0.1, "Weight given to a hypothesised pathway (estimate)"),
    _weight("weight_hypothesis_low", 0.0, "Weight given to a hypothesised pathway (low end)"),
    _weight("weight_hypothesis_high", 0.4, "Weight given to a hypothesised pathway (high end)"),
)

# --- opioid use disorder: trials and mortality (issue 11) -------------------------


_register(
    _human(
        "oud",
        "xbot_randomised_xrntx",
        283,
        "people",
        "lee2018comparative",
        "People randomised to extended-release injectable naltrexone (XR-NTX) in X:BOT",
        "570 randomised in all at 8 US inpatient units; 24 weeks of outpatient treatment.",
    ),
    _human(
        "oud",
        "xbot_randomised_bupnx",
        287,
        "people",
        "lee2018comparative",
        "People randomised to sublingual buprenorphine-naloxone (BUP-NX) in X:BOT",
    ),
    _human(
        "oud",
        "xbot_inducted_xrntx",
        204,
        "people",
        "lee2018comparative",
        "People in the XR-NTX arm of X:BOT who received their first injection (72%)",
        "Induction needed at least 3 days since last opioid use, a negative urine test and a negative "
        "naloxone challenge.",
    ),
    _human(
        "oud",
        "xbot_inducted_bupnx",
        270,
        "people",
        "lee2018comparative",
        "People in the BUP-NX arm of X:BOT who started buprenorphine-naloxone (94%)",
    ),
    _human(
        "oud",
        "xbot_relapse_itt_xrntx",
        0.65,
        "fraction",
        "lee2018comparative",
        "Share of everyone randomised to XR-NTX who relapsed within 24 weeks (intention to treat)",
        "Relapse: 4 consecutive weeks of non-study opioid use, or 7 consecutive days by self-report. "
        "OR 1.44 (1.02-2.01) against BUP-NX.",
    ),
    _human(
        "oud",
        "xbot_relapse_itt_bupnx",
        0.57,
        "fraction",
        "lee2018comparative",
        "Share of everyone randomised to BUP-NX who relapsed within 24 weeks (intention to treat)",
    ),
    _human(
        "oud",
        "xbot_relapse_pp_xrntx",
        0.52,
        "fraction",
        "lee2018comparative",
        "Share of the people who started XR-NTX who relapsed within 24 weeks (per protocol)",
        "OR 0.87 (0.60-1.25) against BUP-NX: no clear difference once treatment had started.",
    ),
    _human(
        "oud",
        "xbot_relapse_pp_bupnx",
        0.56,
        "fraction",
        "lee2018comparative",
        "Share of the people who started BUP-NX who relapsed within 24 weeks (per protocol)",
    ),
    _human(
        "oud",
        "krupitsky2011_abstinent_weeks_xrntx",
        0.90,
        "fraction of weeks",
        "krupitsky2011injectable",
        "Median share of weeks 5-24 with confirmed abstinence on XR-NTX 380 mg (Russia, 250 people)",
        "Urine tests and self-report; 95% CI 69.9-92.4%.",
    ),
    _human(
        "oud",
        "krupitsky2011_abstinent_weeks_placebo",
        0.35,
        "fraction of weeks",
        "krupitsky2011injectable",
        "Median share of weeks 5-24 with confirmed abstinence on placebo injections",
        "95% CI 11.4-63.8%.",
    ),
    _human(
        "oud",
        "krupitsky2012_retained_implant",
        0.529,
        "fraction",
        "krupitsky2012randomized",
        "Share retained in treatment without relapse at 6 months with a naltrexone implant (54/102)",
    ),
    _human(
        "oud",
        "krupitsky2012_retained_oral",
        0.157,
        "fraction",
        "krupitsky2012randomized",
        "Share retained without relapse at 6 months on oral naltrexone 50 mg a day (16/102)",
    ),
    _human(
        "oud",
        "krupitsky2012_retained_placebo",
        0.108,
        "fraction",
        "krupitsky2012randomized",
        "Share retained without relapse at 6 months on placebo (11/102)",
    ),
    _human(
        "oud",
        "mortality_in_methadone_per_1000py",
        11.3,
        "deaths per 1000 person-years",
        "sordo2017mortality",
        "All-cause mortality during methadone treatment (pooled cohorts)",
        "19 cohorts; 122,885 people on methadone. Observational data.",
    ),
    _human(
        "oud",
        "mortality_out_methadone_per_1000py",
        36.1,
        "deaths per 1000 person-years",
        "sordo2017mortality",
        "All-cause mortality after leaving methadone treatment (pooled cohorts)",
        "Out-to-in rate ratio 3.20 (2.65-3.86).",
    ),
    _human(
        "oud",
        "mortality_in_buprenorphine_per_1000py",
        4.3,
        "deaths per 1000 person-years",
        "sordo2017mortality",
        "All-cause mortality during buprenorphine treatment (pooled cohorts)",
        "15,831 people on buprenorphine.",
    ),
    _human(
        "oud",
        "mortality_out_buprenorphine_per_1000py",
        9.5,
        "deaths per 1000 person-years",
        "sordo2017mortality",
        "All-cause mortality after leaving buprenorphine treatment (pooled cohorts)",
        "Out-to-in rate ratio 2.20 (1.34-3.61).",
    ),
    _human(
        "oud",
        "overdose_death_on_oral_ntx_per_100py",
        1.0,
        "deaths per 100 person-years",
        "gibson2007overdose",
        "Opioid overdose deaths while on oral naltrexone (Australian coronial data)",
        "95% CI 0.3-2.2.",
    ),
    _human(
        "oud",
        "overdose_death_after_oral_ntx_per_100py",
        22.1,
        "deaths per 100 person-years",
        "gibson2007overdose",
        "Opioid overdose deaths after stopping oral naltrexone (Australian coronial data)",
        "95% CI 14.6-32.2; small numbers of deaths, so a wide interval.",
    ),
    _human(
        "oud",
        "opioid_free_days_min",
        7,
        "days",
        "vivitrol_label",
        "Shortest opioid-free interval the labels ask for before naltrexone (short-acting opioids)",
        "7-10 days for both the tablets and the injection; up to 2 weeks after buprenorphine or methadone.",
    ),
    _human(
        "oud",
        "opioid_free_days_max",
        10,
        "days",
        "fda_revia_label",
        "Upper end of the opioid-free interval in the tablet label (7-10 days)",
    ),
    _human(
        "oud",
        "opioid_free_days_after_long_acting",
        14,
        "days",
        "vivitrol_label",
        "How long people switching from buprenorphine or methadone may stay vulnerable to "
        "precipitated withdrawal",
        "'As long as 2 weeks' (VIVITROL label, July 2013).",
    ),
    _human(
        "oud",
        "xrntx_blockade_days",
        28,
        "days",
        "vivitrol_label",
        "How long one 380 mg injection blocks the effects of opioids, per the label (about 28 days)",
    ),
)


# --- issue 10: functional blockade (blockade.py) and people differ (pk.virtual_patients) ---
_EQUIANALGESIC = (
    " Equianalgesic tables rest largely on clinical consensus; potency for euphoria or for breathing "
    "may differ."
)
#: opioid, route, mg of IV morphine per mg, citation, confidence, how the value was read
_POTENCIES = (
    ("morphine", "oral", 1 / 3, "nci_pdq_pain", "high", "30 mg by mouth = 10 mg parenteral."),
    (
        "hydromorphone",
        "parenteral",
        5.0,
        "nci_pdq_pain",
        "high",
        "2 mg parenteral = 10 mg parenteral morphine; used for IV and IM (clinical practice treats them "
        "as equal).",
    ),
    ("hydromorphone", "oral", 1.25, "nci_pdq_pain", "high", "8 mg by mouth = 10 mg parenteral morphine."),
    (
        "oxycodone",
        "oral",
        0.4,
        "nci_pdq_pain",
        "derived",
        "20-30 mg by mouth = 10 mg parenteral morphine; middle, 25 mg.",
    ),
    (
        "fentanyl",
        "iv",
        100.0,
        "nci_pdq_pain",
        "high",
        "100 micrograms parenteral = 10 mg parenteral morphine.",
    ),
    (
        "heroin",
        "iv",
        1.5,
        "westmidlands2012palliative",
        "medium",
        "1 mg SC diamorphine = 3 mg oral morphine = 1.5 mg SC morphine, all from one UK palliative care "
        "table (read in a secondary page); parenteral routes taken as equal. (An earlier value, 1.1, mixed "
        "this table's diamorphine-to-oral ratio with the US 3:1 oral-to-parenteral morphine ratio.) "
        "Pharmacology texts often say 2-3 times morphine.",
    ),
)
_register(
    *(
        _human(
            "blockade",
            f"{opioid}_{route}_potency",
            value,
            "mg IV morphine per mg",
            citation,
            f"Relative potency of {opioid} ({route}): mg of intravenous morphine one mg is equivalent to",
            note + _EQUIANALGESIC,
            confidence,
        )
        for opioid, route, value, citation, confidence, note in _POTENCIES
    )
)
_register(
    Parameter(
        name="opioid_effect_ed50_morphine_iv_mg",
        value=32.15,
        unit="mg IV morphine",
        citation="pk_joint_fit",
        confidence="derived",
        evidence="human",
        family="blockade",
        description="Opioid dose (IV morphine equivalents) giving half the maximal subjective effect",
        note=(
            "Fitted jointly (tools/pk_fit.py) to the heroin and hydromorphone challenges (label, Castillo "
            "2024, Bigelow 2012, Comer 2002) with the toy anchor below; subjective effects, not breathing."
        ),
    ),
    Parameter(
        name="opioid_effect_hill",
        value=1.846,
        unit="1",
        citation="pk_joint_fit",
        confidence="derived",
        evidence="human",
        family="blockade",
        description="Steepness (Hill coefficient) of the link from opioid dose to subjective effect",
        note="Fitted jointly (tools/pk_fit.py) with the ED50 above.",
    ),
    Parameter(
        name="heroin_25mg_iv_effect_anchor",
        value=0.7,
        unit="fraction of maximum",
        citation="comer2002depot",
        confidence="toy",
        evidence="toy",
        family="blockade",
        description="Assumed subjective effect of 25 mg IV heroin without naltrexone (fit anchor)",
        note=(
            "An assumption (SD 0.2 in the fit): Comer 2002 found ratings rising through 6.25-25 mg, so 25 mg "
            "is clearly felt but not taken as the maximum."
        ),
    ),
    Parameter(
        name="blockade_duration_criterion",
        value=0.8,
        unit="fraction of effect removed",
        citation="fda_revia_label",
        confidence="toy",
        evidence="toy",
        family="blockade",
        description="What the model counts as 'blocked' when it measures how long a blockade lasts "
        "(the label's 24/48/72 h after 50/100/150 mg)",
        note="A reading of the label's 'blocks the pharmacologic effects', not a measurement: 80% of that "
        "dose's subjective effect removed (the 'nearly complete' reading below, less its SD in the fit).",
    ),
    Parameter(
        name="blockade_nearly_complete",
        value=0.9,
        unit="fraction of effect removed",
        citation="castillo2024naltrexone",
        confidence="toy",
        evidence="toy",
        family="blockade",
        description="What the model counts as 'blocked' when a study says blocked or 'nearly all' blocked",
        note="A reading of the studies' words, not a measurement (SD 0.1 in the fit).",
    ),
    Parameter(
        name="population_oral_bioavailability_log_sd",
        value=0.632,
        unit="log-SD",
        citation="fda_revia_label",
        confidence="derived",
        evidence="human",
        family="population",
        description="Spread between people of tablet bioavailability (log-normal)",
        note=(
            "The label's 5-40% range read as the 5th-95th percentile: ln(40/5) / (2 x 1.645). Reading a "
            "range as a percentile interval is an assumption."
        ),
    ),
    Parameter(
        name="population_clearance_log_sd",
        value=0.3,
        unit="log-SD",
        citation="meyer1984bioequivalence",
        confidence="toy",
        evidence="toy",
        family="population",
        description="Spread between people of naltrexone and 6-beta-naltrexol clearance (log-normal)",
        note="Assumed (about 30% CV): the CVs of Meyer 1984 and Wall 1981 were not retrieved.",
    ),
    Parameter(
        name="population_injection_exposure_log_sd",
        value=0.35,
        unit="log-SD",
        citation="dunbar2006single",
        confidence="toy",
        evidence="toy",
        family="population",
        description="Spread between people of the injection's release (log-normal)",
        note="Assumed (about 35% CV): Dunbar 2006's between-person variability was not retrieved.",
    ),
    Parameter(
        name="population_brain_potency_log_sd",
        value=0.3,
        unit="log-SD",
        citation="rabiner2011pharmacological",
        confidence="toy",
        evidence="toy",
        family="population",
        description="Spread between people of the brain potency of both antagonists (log-normal)",
        note="Assumed: PET occupancy at one dose varied between people (5 mg: 43-58%), size not estimated.",
    ),
)
_register(
    Parameter(
        name="danger_dose_ratio",
        value=2.0,
        unit="ratio",
        citation="vivitrol_label",
        confidence="toy",
        evidence="toy",
        family="blockade",
        description="Dose ratio below which the figures mark the blockade as faded (the danger zone)",
        note=(
            "A teaching choice: below 2, a usual dose acts at half strength or more. The label warns that "
            "as blockade wanes, and after missed doses, a dose once tolerated can be fatal (section 5.1); "
            "no study gives a safe ratio."
        ),
    ),
)


# --- issue 27: tolerance lost while opioid-free (tolerance.py), a toy drawn as a band ---
_register(
    Parameter(
        name="tolerance_fold_before",
        value=4.0,
        unit="fold",
        citation="henryedwards2003methadone",
        confidence="toy",
        evidence="toy",
        family="tolerance",
        description="How many times the dose a person without tolerance needs, a tolerant person needs "
        "before treatment (the toy's one person)",
        note=(
            "Derived for teaching: a typical methadone maintenance dose (80 mg, inside the usual "
            "60-120 mg) against the first dose the Australian guidelines presume safe even without "
            "tolerance (20 mg). People differ far more; a more tolerant person loses more."
        ),
    ),
    Parameter(
        name="tolerance_half_time_fast_days",
        value=3.0,
        unit="days",
        citation="henryedwards2003methadone",
        confidence="toy",
        evidence="toy",
        family="tolerance",
        description="Fast edge of the band: half-time of the loss of log-tolerance while opioid-free",
        note=(
            "Not measured in people. The guidelines halve a methadone dose after 3 missed days and "
            "restart as a new induction after 5, because tolerance may be reduced after 3 days; "
            "with a fold of 4, halving at day 3 is a half-time of 3 days."
        ),
    ),
    Parameter(
        name="tolerance_half_time_slow_days",
        value=13.2,
        unit="days",
        citation="cox1975offset",
        confidence="medium",
        evidence="animal",
        family="tolerance",
        description="Slow edge of the band: half-time of the slow phase of recovery from morphine "
        "tolerance in rats",
        note=(
            "13.2 +/- 0.53 days from the 4th day after the last dose (17.4 days in mice), after a "
            "faster first phase the authors could not estimate precisely (abstract read). Rats, "
            "analgesia: not breathing, not people."
        ),
    ),
)
_register(
    _human(
        "oud",
        "induction_naltrexone_assisted_pct",
        56.1,
        "%",
        "sullivan2017long",
        "Share of outpatients started on the injection after a 7-day naltrexone-assisted "
        "detoxification (one day of buprenorphine, then rising low doses of oral naltrexone)",
        "Randomised, n = 150 (2:1); abstract read.",
    ),
    _human(
        "oud",
        "induction_buprenorphine_assisted_pct",
        32.7,
        "%",
        "sullivan2017long",
        "Share started on the injection after a buprenorphine taper and a week's wait (the label's way)",
        "Same trial; abstract read.",
    ),
)


# --- rival explanations of the long blockade (naltrexone_course.pk_rivals) ------------------
def _rival(name: str, value: float, unit: str, description: str, note: str) -> Parameter:
    """A parameter of a rival model, fitted (tools/pk_fit.py --rivals) to the same fitted
    reference points as the book's model: derived, and a hypothesis."""
    return Parameter(
        name, value, unit, "pk_joint_fit", "derived", "hypothesis", "pk_rivals", description, note
    )


_REBINDING = "Rebinding model, fitted to the fitted reference points (tools/pk_fit.py --rivals)."
_TERMINAL = "Terminal-phase model, fitted to the fitted reference points (tools/pk_fit.py --rivals)."
_register(
    _rival(
        "rebinding_naltrexone_kd_ng_ml",
        0.04429,
        "ng/mL",
        "Rebinding model: plasma naltrexone at which half the mu receptors are bound at equilibrium",
        _REBINDING,
    ),
    _rival(
        "rebinding_naltrexone_off_half_time_h",
        130,
        "h",
        "Rebinding model: half-time for naltrexone to leave mu receptors (1 / k_off times ln 2)",
        _REBINDING + " Kim 1997 measured about 29 h for nalmefene's receptor clearance, not naltrexone's.",
    ),
    _rival(
        "rebinding_naltrexol_ec50_ng_ml",
        17.92,
        "ng/mL",
        "Rebinding model: plasma 6-beta-naltrexol blocking half the mu receptors (at equilibrium)",
        _REBINDING,
    ),
    _rival(
        "rebinding_opioid_ed50_morphine_iv_mg",
        26.13,
        "mg",
        "Rebinding model: IV morphine dose with half the maximal subjective effect",
        _REBINDING,
    ),
    _rival(
        "rebinding_opioid_hill", 1.91, "1", "Rebinding model: Hill slope of the opioid's effect", _REBINDING
    ),
    _rival(
        "terminal_naltrexone_half_life_h",
        126.2,
        "h",
        "Terminal-phase model: half-life of plasma naltrexone's slow terminal phase after tablets",
        _TERMINAL + " Wall 1981 report 8.9 h after oral doses (an out-of-sample check, never fitted).",
    ),
    _rival(
        "terminal_naltrexone_auc_share",
        1,
        "fraction",
        "Terminal-phase model: extra naltrexone exposure in the terminal phase, as a share of the tablet's",
        _TERMINAL,
    ),
    _rival(
        "terminal_naltrexone_ec50_ng_ml",
        0.6814,
        "ng/mL",
        "Terminal-phase model: plasma naltrexone blocking half the mu receptors (brain at equilibrium)",
        _TERMINAL,
    ),
    _rival(
        "terminal_naltrexol_ec50_ng_ml",
        56.38,
        "ng/mL",
        "Terminal-phase model: plasma 6-beta-naltrexol blocking half the mu receptors (at equilibrium)",
        _TERMINAL,
    ),
    _rival(
        "terminal_opioid_ed50_morphine_iv_mg",
        35.67,
        "mg",
        "Terminal-phase model: IV morphine dose with half the maximal subjective effect",
        _TERMINAL,
    ),
    _rival(
        "terminal_opioid_hill",
        4.54,
        "1",
        "Terminal-phase model: Hill slope of the opioid's effect",
        _TERMINAL,
    ),
)
