"""The what-if in the URL: a compact, reversible encoding that refuses what it cannot read."""

from __future__ import annotations

import base64

import pytest

from ui.url import compact, decode, encode

SAMPLE = {
    "partner": "Voorbeeld Netwerken BV",
    "country": "NL",
    "edition": "VIP25",
    "period": "6-month",
    "certification": "premier",
    "specializations": ["express_foundation"],
    "enrolled": ["express_en", "ucs"],
    "projected_sales": {"express_en": "42000", "ucs": {"ucs_servers": "40000", "ucs_software": "20000"}},
    "assumptions": {"hourly_cost": "85", "horizon_periods": 6, "discount_rate": "0.08"},
}


def test_a_profile_survives_the_round_trip_through_the_url() -> None:
    assert decode(encode(SAMPLE)) == compact(SAMPLE)


def test_the_encoding_leaves_defaults_out_and_fits_in_a_link() -> None:
    data = compact(SAMPLE)
    assert "atp" not in data and "staff" not in data and "version" not in data
    assert len(encode(SAMPLE)) < 400
    assert "=" not in encode(SAMPLE)


@pytest.mark.parametrize("param", ["", "%%%", "not base64 at all", base64.urlsafe_b64encode(b"plain text").decode()])
def test_a_damaged_parameter_is_refused_with_a_value_error(param: str) -> None:
    with pytest.raises(ValueError):
        decode(param)


def test_a_parameter_that_unpacks_to_something_else_than_a_mapping_is_refused() -> None:
    import zlib

    param = base64.urlsafe_b64encode(zlib.compress(b"[1, 2, 3]")).decode()
    with pytest.raises(ValueError):
        decode(param)


def test_a_parameter_that_unpacks_to_a_huge_document_is_refused() -> None:
    import zlib

    param = base64.urlsafe_b64encode(zlib.compress(b'{"x": "' + b"a" * 200_000 + b'"}')).decode()
    with pytest.raises(ValueError):
        decode(param)
