"""The year rules shared by dates and fiscal years: which 4-digit years are Buddhist Era, which Christian.

A year of 2400 or later is BE; 1800..2300 is CE; 2301..2399 is refused as ambiguous. BE years stop at
2942 (CE 2399) so that a converted CE year can never itself look like a BE year: a date object whose
year is 2400 or later always means a BE year typed into a date cell.
"""

BE_OFFSET = 543
FIRST_BE_YEAR = 2400  # CE 1857
LAST_BE_YEAR = 2942  # CE 2399
FIRST_CE_YEAR = 1800
LAST_CE_YEAR = 2300
