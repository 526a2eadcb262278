from __future__ import annotations

import pytest

from linkwork.accounts.roles import Role
from linkwork.core.errors import DomainError
from linkwork.organisations.kinds import OrgKind
from linkwork.organisations.models import Organisation, Scheme, SchemePolicy
from linkwork.organisations.selectors import scheme_delivery_model, scheme_get
from linkwork.organisations.services import (
    organisation_create,
    scheme_create,
    scheme_delivery_model_override,
    scheme_policy_set,
    scheme_tidier_update,
)
from linkwork.testing.world import SmallWorld, default_policy

pytestmark = pytest.mark.django_db


def test_practice_cannot_sit_in_an_icb(world: SmallWorld) -> None:
    with pytest.raises(DomainError) as caught:
        organisation_create(
            name="Stray Surgery", kind=OrgKind.GP_PRACTICE, region=world.england, parent=world.icb
        )
    assert "GP practice can only sit inside" in caught.value.field_errors["parent"][0]


def test_parent_must_be_in_the_same_region(world: SmallWorld) -> None:
    with pytest.raises(DomainError) as caught:
        organisation_create(
            name="Border PCN", kind=OrgKind.PCN, region=world.scotland, parent=world.icb
        )
    assert any("is in Testshire" in m for m in caught.value.field_errors["parent"])


def test_only_practices_have_list_sizes(world: SmallWorld) -> None:
    with pytest.raises(DomainError) as caught:
        organisation_create(name="Big VCSE", kind=OrgKind.VCSE, region=world.england, list_size=100)
    assert caught.value.field_errors["list_size"] == [
        "Only GP practices have a registered list size."
    ]


def test_duplicate_names_in_a_region_are_refused(world: SmallWorld) -> None:
    with pytest.raises(DomainError) as caught:
        organisation_create(
            name="North PCN", kind=OrgKind.PCN, region=world.england, parent=world.icb
        )
    assert "already has" in caught.value.field_errors["name"][0]


def test_invalid_scheme_writes_nothing(world: SmallWorld) -> None:
    before = (Scheme.objects.count(), SchemePolicy.objects.count())
    with pytest.raises(DomainError) as caught:
        scheme_create(
            name="Broken scheme",
            region=world.england,
            commissioner=world.pcn,
            employer=world.pcn,
            managers=[],
            practices=[world.practice, world.pcn_b],
            policy=default_policy(session_cap=0),
        )
    errors = caught.value.field_errors
    assert "managers" in errors
    assert "session_cap" in errors
    assert "These are not GP practices: South PCN." in errors["practices"]
    assert (Scheme.objects.count(), SchemePolicy.objects.count()) == before


def test_override_needs_a_reason_and_is_recorded(world: SmallWorld) -> None:
    manager = world.users[Role.SCHEME_MANAGER]
    with pytest.raises(DomainError) as caught:
        scheme_delivery_model_override(scheme=world.scheme, actor=manager, model=2, reason=" ")
    assert caught.value.code == "override_needs_reason"
    world.scheme.refresh_from_db()
    assert world.scheme.delivery_model_override is None

    scheme_delivery_model_override(
        scheme=world.scheme, actor=manager, model=2, reason="Shared with South PCN since April."
    )
    view = scheme_delivery_model(scheme_get(key=world.scheme.slug))
    assert (view.derived.model, view.override, view.effective) == (1, 2, 2)
    assert world.scheme.override_by == manager
    assert world.scheme.override_at is not None

    scheme_delivery_model_override(scheme=world.scheme, actor=manager, model=None, reason="")
    view = scheme_delivery_model(scheme_get(key=world.scheme.slug))
    assert view.effective == 1
    assert view.override_reason == ""


def test_override_rejects_a_model_that_does_not_exist(world: SmallWorld) -> None:
    with pytest.raises(DomainError, match="1, 2, 3 or 4"):
        scheme_delivery_model_override(
            scheme=world.scheme, actor=world.users[Role.SYSTEM_ADMIN], model=5, reason="typo"
        )


def test_derived_model_follows_the_relationships(world: SmallWorld) -> None:
    assert scheme_delivery_model(scheme_get(key=world.scheme.slug)).derived.model == 1
    world.scheme.practices.add(world.practice_b)  # now two PCNs
    assert scheme_delivery_model(scheme_get(key=world.scheme.slug)).derived.model == 2
    assert scheme_delivery_model(scheme_get(key=world.scot_scheme.slug)).derived.model == 3


def test_invalid_policy_update_changes_nothing(world: SmallWorld) -> None:
    with pytest.raises(DomainError) as caught:
        scheme_policy_set(
            scheme=world.scheme, policy=default_policy(age_band="custom", age_min=70, age_max=20)
        )
    assert "age_max" in caught.value.field_errors
    world.scheme.policy.refresh_from_db()
    assert world.scheme.policy.age_band == "adults"


def test_generated_tidier_items_cannot_be_typed(world: SmallWorld) -> None:
    with pytest.raises(DomainError, match="generated from the registry"):
        scheme_tidier_update(scheme=world.scheme, free_text={"where": "Everywhere"})
    record = scheme_tidier_update(scheme=world.scheme, free_text={"why": " To help. "})
    assert record.why == "To help."


def test_database_constraints_back_the_rules(world: SmallWorld) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(
            name="X", kind=OrgKind.PCN.value, region=world.england, list_size=5
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        SchemePolicy.objects.filter(scheme=world.scheme).update(session_cap=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Scheme.objects.filter(pk=world.scheme.pk).update(delivery_model_override=3)
