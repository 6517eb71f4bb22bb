from decimal import Decimal as D

import pytest


@pytest.fixture
def seed_004_series(zone, enter, set_target):
    """Seed 004 in 2025 month by month: investment through October (22.32亿元 of 55), output
    through September (229.36亿元 of 260, 205.87亿元 of it new energy)."""
    set_target(zone, 2025, "fixed_asset_investment", 55)
    set_target(zone, 2025, "total_output", 260)
    for month in range(2, 11):
        enter(zone, 2025, month, {"fixed_asset_investment": D("22.32") * month / 10})
    for month in range(1, 10):
        enter(zone, 2025, month, {"total_output": D("229.36") * month / 9})
    enter(zone, 2025, 9, {"total_output_new_energy": "205.87"})
    return zone
