"""Authenticator codes (RFC 6238) from a device's key, as the person's phone would show them.
Pure Python: the harness computes codes itself rather than asking the server."""

from __future__ import annotations

import hashlib
import hmac
import struct
from dataclasses import dataclass


@dataclass(frozen=True)
class TotpKey:
    key: bytes
    step: int = 30
    t0: int = 0
    digits: int = 6
    drift: int = 0

    def counter(self, now: float) -> int:
        return int((now - self.t0) // self.step) + self.drift

    def code(self, counter: int) -> str:
        digest = hmac.new(self.key, struct.pack(">Q", counter), hashlib.sha1).digest()
        offset = digest[-1] & 0x0F
        value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
        return f"{value % 10**self.digits:0{self.digits}d}"
