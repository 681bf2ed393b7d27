# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
{
    "name": "Volunteer Valuation Currency",
    "summary": "Turn validated volunteer time into time-bank or complementary-currency credits",
    "version": "19.0.1.0.0",
    "category": "Volunteering",
    "author": "Volunteer Valuation contributors",
    "website": "https://github.com/volunteer-valuation/volunteer_valuation",
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": ["volunteer_valuation"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/volunteer_valuation_currency_security.xml",
        "security/ir.model.access.csv",
        "views/volunteer_currency_views.xml",
        "views/volunteer_currency_rule_views.xml",
        "views/volunteer_currency_move_views.xml",
        "views/res_partner_views.xml",
        "report/volunteer_currency_balance_views.xml",
        "wizard/volunteer_currency_operation_views.xml",
        "wizard/volunteer_currency_report_wizard_views.xml",
        "views/volunteer_currency_portal_templates.xml",
        "views/volunteer_valuation_currency_menus.xml",
        # Personal data: what happens to a forgotten member's balance
        "views/volunteer_currency_erasure_views.xml",
    ],
    "demo": [
        "demo/volunteer_currency_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "volunteer_valuation_currency/static/tests/tours/**/*",
        ],
    },
}
