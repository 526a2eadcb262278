"""Distances on the Earth's surface, and how we say them. Pure functions."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
KM_PER_MILE = 1.609344


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r"""Great-circle distance in kilometres between two WGS84 points.

    .. math::
        d = 2R \arcsin\sqrt{\sin^2\frac{\Delta\varphi}{2}
            + \cos\varphi_1 \cos\varphi_2 \sin^2\frac{\Delta\lambda}{2}}

    with the Earth's mean radius R. A sphere is within 0.5% of the ellipsoid, which is far
    below what matters for "how far is this service".

    >>> round(haversine_km(55.8642, -4.2518, 55.9533, -3.1883), 1)  # Glasgow to Edinburgh
    67.0
    """
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """(min lat, max lat, min lon, max lon) of a box holding every point within `km`: a
    cheap database pre-filter before the exact distance."""
    d_lat = math.degrees(km / EARTH_RADIUS_KM)
    cos_lat = max(math.cos(math.radians(lat)), 1e-6)
    d_lon = min(180.0, math.degrees(km / (EARTH_RADIUS_KM * cos_lat)))
    return lat - d_lat, lat + d_lat, lon - d_lon, lon + d_lon


def km_to_miles(km: float) -> float:
    return km / KM_PER_MILE


def miles_to_km(miles: float) -> float:
    return miles * KM_PER_MILE


def distance_text(km: float) -> str:
    """A distance as people in the UK say it.

    >>> distance_text(1.93), distance_text(1.609344), distance_text(0.05), distance_text(40)
    ('1.2 miles', '1 mile', 'under 0.1 miles', '25 miles')
    """
    miles = km_to_miles(km)
    if miles < 0.05:
        return "under 0.1 miles"
    if miles >= 10:
        return f"{round(miles)} miles"
    shown = f"{miles:.1f}".removesuffix(".0")
    return "1 mile" if shown == "1" else f"{shown} miles"
