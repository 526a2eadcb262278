"""linkwork: social prescribing link work, recorded consistently and evaluated honestly."""
