from __future__ import annotations

from pathlib import Path

import linkwork.identifiers as identifiers

PACKAGE = Path(identifiers.__file__).parent


def test_public_api_is_explicit() -> None:
    assert len(set(identifiers.__all__)) == len(identifiers.__all__)
    for name in identifiers.__all__:
        assert hasattr(identifiers, name)
