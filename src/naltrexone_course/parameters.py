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

# --- craving, immune system, many mechanisms (issue 5) ----------------------------
