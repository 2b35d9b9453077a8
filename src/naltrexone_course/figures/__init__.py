"""Drawing functions: model output in, a matplotlib figure out, in one house style.

One module per chapter family (``antagonism``, ...), all built on :mod:`.style`.
No widgets here (see :mod:`naltrexone_course.explorer`) and no numbers of their own
(see :mod:`naltrexone_course.parameters`).
"""
