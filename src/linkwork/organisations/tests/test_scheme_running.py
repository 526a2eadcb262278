"""Recording how a scheme is run, and the derived model following what is recorded."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.core.errors import DomainError
from linkwork.organisations.delivery_models import (
    FundingShares,
    LineManager,
    SchemeRunning,
    TrainingProvider,
)
from linkwork.organisations.models import Scheme
from linkwork.organisations.selectors import scheme_delivery_model, scheme_get
from linkwork.organisations.services import scheme_create, scheme_running_set
from linkwork.organisations.study_running import WEST_OF_ENGLAND_INTEGRATED
from linkwork.testing.world import SmallWorld, default_policy

pytestmark = pytest.mark.django_db

WEST_OF_ENGLAND_ICB = WEST_OF_ENGLAND_INTEGRATED


def test_icb_commissioned_pcn_hosted_scheme_derives_model_4(world: SmallWorld) -> None:
    scheme = scheme_create(
        name="Testshire community social prescribers",
        region=world.england,
        commissioner=world.icb,
        employer=world.pcn,
        managers=[world.pcn],
        practices=[world.practice],
        policy=default_policy(),
        running=WEST_OF_ENGLAND_ICB,
    )
    model = scheme_delivery_model(scheme_get(key=scheme.slug))
    assert model.derived.model == 4
    assert "the NHS (67%) and the local council (33%) share the funding" in model.derived.reason


def test_recording_the_facts_moves_a_scheme_from_model_3_to_4(world: SmallWorld) -> None:
    assert scheme_delivery_model(scheme_get(key=world.scot_scheme.slug)).derived.model == 3
    scheme_running_set(
        scheme=world.scot_scheme,
        running=SchemeRunning(
            line_manager=LineManager.SHARED,
            training_by=TrainingProvider.COMMISSIONER,
            commissioner_network=True,
            gp_lead_matrix=True,
        ),
    )
    stored = Scheme.objects.get(pk=world.scot_scheme.pk)
    assert (stored.line_manager, stored.training_by) == ("shared", "commissioner")
    assert stored.commissioner_network
    assert stored.gp_lead_matrix
    assert scheme_delivery_model(scheme_get(key=world.scot_scheme.slug)).derived.model == 4


def test_funding_that_does_not_add_to_100_is_refused_naming_the_field(world: SmallWorld) -> None:
    with pytest.raises(DomainError) as caught:
        scheme_running_set(
            scheme=world.scheme,
            running=SchemeRunning(funding=FundingShares(nhs_percent=60, council_percent=30)),
        )
    assert caught.value.field_errors == {
        "funding_nhs_percent": [
            "The NHS, local council and other funding shares must add up to 100%; they add up "
            "to 90% (NHS 60%, council 30%, other 0%)."
        ]
    }
    assert Scheme.objects.get(pk=world.scheme.pk).funding_nhs_percent == 100


def test_a_share_over_100_is_refused_naming_the_field(world: SmallWorld) -> None:
    with pytest.raises(DomainError) as caught:
        scheme_create(
            name="Overfunded",
            region=world.england,
            commissioner=world.pcn,
            employer=world.pcn,
            managers=[world.pcn],
            policy=default_policy(),
            running=SchemeRunning(funding=FundingShares(nhs_percent=0, council_percent=120)),
        )
    assert caught.value.field_errors["funding_council_percent"] == [
        "The local council share of funding must be between 0 and 100%, not 120%."
    ]
    assert not Scheme.objects.filter(name="Overfunded").exists()


def test_the_database_refuses_shares_that_do_not_add_up(world: SmallWorld) -> None:
    Scheme.objects.filter(pk=world.scheme.pk).update(funding_council_percent=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Scheme.objects.filter(pk=world.scheme.pk).update(funding_council_percent=10)


def _manager(world: SmallWorld) -> Client:
    client = Client()
    client.force_login(world.users[Role.SCHEME_MANAGER])
    return client


def test_scheme_page_shows_how_it_is_run_and_a_manager_changes_it(world: SmallWorld) -> None:
    client = _manager(world)
    url = reverse("organisations:scheme_detail", args=[world.scheme.slug])
    page = client.get(url).content.decode()
    assert "How the scheme is run" in page
    assert "NHS 100%" in page
    response = client.post(
        url,
        {
            "form": "running",
            "funding_nhs_percent": "67",
            "funding_council_percent": "33",
            "funding_other_percent": "0",
            "line_manager": "employer",
            "training_by": "commissioner",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "NHS 67%, local council 33%" in page
    assert "The commissioner" in page
    # A PCN commissioning itself is not a strategic body: still model 1.
    assert scheme_delivery_model(scheme_get(key=world.scheme.slug)).derived.model == 1


def test_running_form_errors_name_the_field(world: SmallWorld) -> None:
    client = _manager(world)
    url = reverse("organisations:scheme_detail", args=[world.scheme.slug])
    response = client.post(
        url,
        {
            "form": "running",
            "funding_nhs_percent": "50",
            "funding_council_percent": "20",
            "funding_other_percent": "",
            "line_manager": "employer",
            "training_by": "employer",
        },
    )
    assert response.status_code == 400
    assert "Fill in “Other funding share (%)”." in response.content.decode()
    response = client.post(
        url,
        {
            "form": "running",
            "funding_nhs_percent": "50",
            "funding_council_percent": "20",
            "funding_other_percent": "20",
            "line_manager": "employer",
            "training_by": "employer",
        },
    )
    assert response.status_code == 400
    assert "they add up to 90%" in response.content.decode()
    assert Scheme.objects.get(pk=world.scheme.pk).funding_nhs_percent == 100


def test_only_managers_may_change_how_the_scheme_is_run(world: SmallWorld) -> None:
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    url = reverse("organisations:scheme_detail", args=[world.scheme.slug])
    assert "Change how the scheme is run" not in client.get(url).content.decode()
    response = client.post(url, {"form": "running", "funding_nhs_percent": "0"})
    assert response.status_code == 403
