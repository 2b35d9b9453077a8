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

Evidence labels say where a value comes from: ``human``, ``animal``, ``in vitro``
or ``toy``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

CONFIDENCE_GRADES = ("high", "medium", "derived", "toy")
EVIDENCE_KINDS = ("human", "animal", "in vitro", "toy")


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
        note="[3H]DAMGO competition in CHO cell membranes; other assays give 0.1-0.5 nM.",
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
        note="The ratio Trøstheim et al. use to turn MOR into DOR blockade (their Table S1).",
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
        note="Mouse microdialysis; in the same paper the human PET response was restricted to "
        "118G carriers.",
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
        description="Chance that one strong drinking cue leads to a first drink (a lapse) "
        "without naltrexone",
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

def _clinical(name, value, unit, citation, description, note="", confidence="high"):
    return Parameter(name, value, unit, citation, confidence, "human", "craving", description, note)


_register(
    _clinical(
        "aud_rr_heavy_drinking",
        0.83,
        "risk ratio",
        "rosner2010opioid",
        "Risk of returning to heavy drinking on naltrexone relative to placebo (pooled)",
        "28 trials, 4433 people (Cochrane review of opioid antagonists for alcohol dependence).",
    ),
    _clinical(
        "aud_rr_heavy_drinking_low",
        0.76,
        "risk ratio",
        "rosner2010opioid",
        "Lower end of the 95% confidence interval of the heavy-drinking risk ratio",
    ),
    _clinical(
        "aud_rr_heavy_drinking_high",
        0.90,
        "risk ratio",
        "rosner2010opioid",
        "Upper end of the 95% confidence interval of the heavy-drinking risk ratio",
    ),
    _clinical(
        "aud_rr_any_drinking",
        0.96,
        "risk ratio",
        "rosner2010opioid",
        "Risk of returning to any drinking on naltrexone relative to placebo (pooled)",
        "27 trials, 4693 people; not statistically significant.",
    ),
    _clinical(
        "aud_rr_any_drinking_low",
        0.92,
        "risk ratio",
        "rosner2010opioid",
        "Lower end of the 95% confidence interval of the any-drinking risk ratio",
    ),
    _clinical(
        "aud_rr_any_drinking_high",
        1.00,
        "risk ratio",
        "rosner2010opioid",
        "Upper end of the 95% confidence interval of the any-drinking risk ratio",
    ),
    _clinical(
        "aud_nnt_heavy_drinking",
        12.0,
        "people",
        "jonas2014pharmacotherapy",
        "Number needed to treat with oral naltrexone 50 mg to prevent one return to heavy drinking",
        "95% CI 8-26; risk difference -0.09 (19 trials, 2875 people).",
    ),
    _clinical(
        "aud_nnt_any_drinking",
        20.0,
        "people",
        "jonas2014pharmacotherapy",
        "Number needed to treat with oral naltrexone 50 mg to prevent one return to any drinking",
        "95% CI 11-500; risk difference -0.05 (16 trials, 2347 people).",
    ),
    _clinical(
        "aud_nnt_heavy_drinking_2023",
        11.0,
        "people",
        "mcpheeters2023pharmacotherapy",
        "Number needed to treat to prevent one return to heavy drinking (updated review)",
        "95% CI 5-41; the 2023 update of the 2014 review.",
    ),
    _clinical(
        "volpicelli_relapse_placebo",
        0.543,
        "fraction",
        "volpicelli1992naltrexone",
        "Share of men on placebo who relapsed over 12 weeks in the first naltrexone trial",
        "70 men, 50 mg/day; 23% relapsed on naltrexone.",
    ),
    _clinical(
        "volpicelli_relapse_naltrexone",
        0.23,
        "fraction",
        "volpicelli1992naltrexone",
        "Share of men on naltrexone who relapsed over 12 weeks in the first naltrexone trial",
    ),
)
