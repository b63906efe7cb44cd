"""Declaration statuses on temporary database files, and practices as the overview reads them."""

from __future__ import annotations

from datetime import date

import pytest

from mtvdp_tui.domain.declaration_quarters import Quarter
from mtvdp_tui.domain.declaration_status import TE_DECLAREREN, DeclarationStatus, StatusRecord
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.records.errors import PracticeInUseError, StaleRecordError
from tests.conftest import TODAY

BOTH_ENGINES = True  # see tests/engines.py

Q = Quarter(2024, 1)
DECLARED = StatusRecord(DeclarationStatus.GEDECLAREERD, declared_on=date(2024, 4, 10))


@pytest.fixture
def practice_id(database) -> int:
    return database.practices.create(
        PracticeData(
            agb="01000001", name="De Linde", region="Zutphen", ion=2500, start_date=date(2023, 7, 1)
        )
    )


def test_practices_come_with_their_ion_history_and_late_plans(database, practice_id) -> None:
    database.practices.set_ion(practice_id, date(2023, 7, 1), 2400)
    (practice,) = database.declarations.practices()
    assert practice.region == "Zutphen"
    assert [tuple(r) for r in practice.ion_records][:1] == [(date(2023, 7, 1), 2400)]
    assert practice.plan_overdue  # started 1 Jul 2023 without a plan; today is 2026


def test_no_row_means_te_declareren_and_a_change_is_stored(database, practice_id) -> None:
    assert database.declarations.statuses() == {}
    database.declarations.save({(practice_id, Q): (TE_DECLAREREN, DECLARED)})
    assert database.declarations.statuses([Q]) == {(practice_id, Q): DECLARED}
    assert database.declarations.statuses([Quarter(2024, 2)]) == {}


def test_a_change_over_something_the_user_did_not_see_is_refused(database, practice_id) -> None:
    database.declarations.save({(practice_id, Q): (TE_DECLAREREN, DECLARED)})
    paid = StatusRecord(DeclarationStatus.UITBETAALD, date(2024, 4, 10), date(2024, 5, 1))
    with pytest.raises(StaleRecordError):  # another copy saw "te declareren", not "gedeclareerd"
        database.declarations.save({(practice_id, Q): (TE_DECLAREREN, paid)})
    assert database.declarations.statuses()[(practice_id, Q)] == DECLARED


def test_a_region_at_once_is_all_or_nothing(database, practice_id) -> None:
    other = database.practices.create(
        PracticeData(agb="01000002", name="De Berk", region="Zutphen", ion=1000)
    )
    database.declarations.save({(other, Q): (TE_DECLAREREN, DECLARED)})
    with pytest.raises(StaleRecordError):
        database.declarations.save(
            {
                (practice_id, Q): (TE_DECLAREREN, DECLARED),
                (other, Q): (TE_DECLAREREN, DECLARED),  # stale: it is already declared
            }
        )
    assert (practice_id, Q) not in database.declarations.statuses()


def test_a_practice_with_a_declaration_status_cannot_be_deleted(database, practice_id) -> None:
    database.declarations.save({(practice_id, Q): (TE_DECLAREREN, DECLARED)})
    with pytest.raises(PracticeInUseError, match="declaratiestatus"):
        database.practices.delete(practice_id)


def test_the_current_ion_follows_the_latest_peildatum(database, practice_id) -> None:
    next_quarter = date(TODAY.year + 1, 1, 1)  # after the quarter the form recorded 2500 for
    database.practices.set_ion(practice_id, next_quarter, 3000)
    assert database.practices.get(practice_id).data.ion == 3000
    database.practices.delete_ion(practice_id, next_quarter)
    assert database.practices.get(practice_id).data.ion == 2500
