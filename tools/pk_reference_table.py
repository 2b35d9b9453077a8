"""Print the pharmacokinetic model next to every published reference point, as Markdown.

Usage: ``python tools/pk_reference_table.py``
"""

from naltrexone_course.pk_checks import markdown_table

if __name__ == "__main__":
    print(markdown_table())
