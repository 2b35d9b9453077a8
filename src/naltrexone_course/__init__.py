"""How Naltrexone Works: the models behind the interactive course.

Public modules: :mod:`parameters` (every literature value with its source),
:mod:`binding` (occupancy, Gaddum, Schild), and the drawing and widget layers
:mod:`figures` and :mod:`explorer` used by the chapters. Every model is pure numpy
and raises ``ValueError`` naming the argument on bad input.

This is teaching material, not medical advice.
"""

__version__ = "0.1.0"
