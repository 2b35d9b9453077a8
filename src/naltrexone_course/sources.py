"""Render the parameter registry as the book's "Parameters and sources" page."""

from __future__ import annotations

from .parameters import PARAMETERS, Parameter

FAMILY_TITLES = {
    "chemistry": "Chemistry and unit conversion",
    "binding": "Receptor binding",
    "pk": "Pharmacokinetics and brain occupancy",
    "reward": "Reward learning (toy model)",
    "dopamine": "Dopamine circuit (toy model)",
    "glutamate": "Glutamate and relapse (toy model)",
    "craving": "Clinical effect sizes in alcohol use disorder",
    "oud": "Opioid use disorder: trials and mortality",
    "immune": "Low-dose naltrexone and the immune system",
    "mechanisms": "Combining the mechanisms",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _row(p: Parameter) -> str:
    note = f" {p.note}" if p.note else ""
    return (
        f"| `{p.name}` | {p.value:g} | {_cell(p.unit)} | {_cell(p.description)}.{_cell(note)} "
        f"| {p.evidence} | {p.confidence} | {{cite:p}}`{p.citation}` |"
    )


def parameters_markdown() -> str:
    """MyST Markdown tables of every parameter, grouped by model family."""
    families: dict[str, list[Parameter]] = {}
    for p in PARAMETERS.values():
        families.setdefault(p.family, []).append(p)
    blocks = []
    for family, params in families.items():
        title = FAMILY_TITLES.get(family, family.capitalize())
        header = (
            f"### {title}\n\n| name | value | unit | what it is | evidence | confidence | source |\n"
            "|---|---|---|---|---|---|---|"
        )
        blocks.append("\n".join([header, *(_row(p) for p in params)]))
    return "\n\n".join(blocks)
