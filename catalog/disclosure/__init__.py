"""The disclosure domain: one category per item of the transparency mandate, defined as data.

Each category (`categories/<name>.json`) gives its titles, the mandate item (1..7) and OIT items (by
title) it covers, a currency rule, GD Catalog metadata defaults and its resources with Frictionless
Table Schemas and header aliases.

    >>> from catalog.disclosure import get_category
    >>> spec = get_category("egp_contract").resource("egp_contract")
    >>> spec.header_map()[normalise_header("งบประมาณ(บาท)")]
    'budget'
"""

from catalog.disclosure.category import (
    MANDATE_ITEMS,
    RESOURCE_KINDS,
    Category,
    CategoryDefinitionError,
    OitItem,
    ResourceSpec,
    UnknownCategory,
    UnknownResource,
    all_categories,
    categories_for_item,
    category_from_dict,
    category_names,
    get_category,
)
from catalog.disclosure.currency import (
    FREQUENCIES,
    REPORT_ROUNDS,
    CurrencyRule,
    Period,
    fiscal_year_bounds,
    fiscal_year_of,
    periods_of_year,
    report_round_period,
)
from catalog.disclosure.headers import normalise_header

NO_PROCUREMENT = "ไม่มีการจัดซื้อจัดจ้าง"  # the item text of a month without purchases (form สขร.1)

__all__ = [
    "MANDATE_ITEMS", "RESOURCE_KINDS", "FREQUENCIES", "REPORT_ROUNDS", "NO_PROCUREMENT",
    "Category", "CategoryDefinitionError", "OitItem", "ResourceSpec", "UnknownCategory", "UnknownResource",
    "CurrencyRule", "Period", "periods_of_year", "all_categories", "categories_for_item", "category_from_dict", "category_names",
    "get_category", "fiscal_year_bounds", "fiscal_year_of", "report_round_period", "normalise_header",
]
