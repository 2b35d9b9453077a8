"""Print every reference point of the pk and blockade models with the model's value and its
residual (in SDs, the weight of each point in the joint fit), then what the fit gives up.

Usage: ``python tools/pk_reference_table.py`` (the fit itself: ``python tools/pk_fit.py``)
"""

from naltrexone_course.pk_checks import gives_up, markdown_table

if __name__ == "__main__":
    print(markdown_table())
    print("\nWhat the fit gives up:")
    for line in gives_up():
        print(f"- {line}")
