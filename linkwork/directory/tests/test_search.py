"""`service_search`: full-text search on the database in use, and every filter."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from linkwork.directory.models import Service, TaxonomyTerm
from linkwork.directory.selectors import categories_in_use, postcode_point, service_search
from linkwork.directory.services import directory_import
from linkwork.testing.directory import category, directory_add, listing, session
from linkwork.testing.factories import SYSTEM

pytestmark = pytest.mark.django_db


def names(services):
    return [service.name for service in services]


def test_words_are_stemmed_so_walks_finds_a_walking_group():
    directory_add(listing("Benwell walking group"), listing("Debt advice", description="Help with bills."))

    assert names(service_search(text="walks")) == ["Benwell walking group"]


def test_every_word_must_match_and_the_closer_match_ranks_first():
    directory_add(
        listing("Men's shed", description="Woodwork for men. Men of all ages welcome, men only on Fridays."),
        listing("Gardening group", description="Growing vegetables; men and women welcome."),
        listing("Knitting circle", description="Knitting for everyone."),
    )

    assert names(service_search(text="men")) == ["Men's shed", "Gardening group"]
    assert names(service_search(text="men vegetables")) == ["Gardening group"]


def test_search_finds_services_by_organisation_category_and_postcode():
    directory_add(
        listing(
            "Tuesday club",
            organisation_name="Elswick Friends",
            categories=("befriending",),
            postcode="NE4 9QQ",
        ),
        listing("Other club", organisation_name="Someone Else", categories=("arts",), postcode="LS8 9QQ"),
    )

    assert names(service_search(text="Elswick")) == ["Tuesday club"]
    assert names(service_search(text="befriending")) == ["Tuesday club"]
    assert names(service_search(text="LS8")) == ["Other club"]


def test_search_text_follows_changes_to_the_service():
    record = listing("Singing for the brain")
    directory_add(record)

    directory_import(by=SYSTEM, records=[{**record, "name": "Choir for wellbeing"}], source="test")

    assert names(service_search(text="choir")) == ["Choir for wellbeing"]
    assert names(service_search(text="brain")) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('"', ["Benwell walking group"]),
        ("walk*", ["Benwell walking group"]),
        ("NEAR(", []),
        ("'; DROP TABLE directory_service; --", []),
    ],
)
def test_search_syntax_and_quotes_are_taken_as_plain_words(text, found):
    directory_add(listing("Benwell walking group"))

    assert names(service_search(text=text)) == found
    assert Service.objects.count() == 1


def test_blank_search_lists_every_listed_service_by_name():
    directory_add(listing("B group"), listing("A group"), listing("Closed group", status="defunct"))

    assert names(service_search(text="  ")) == ["A group", "B group"]
    assert names(service_search(listed_only=False)) == ["A group", "B group", "Closed group"]


def test_category_filter():
    directory_add(listing("Walk", categories=("physical_activity",)), listing("Advice", categories=("debt",)))

    assert names(service_search(taxonomy_term_id=category("debt")["id"])) == ["Advice"]


def test_the_category_filter_offers_the_categories_of_listed_services_only():
    directory_add(
        listing("Walk", categories=("physical_activity", "befriending")),
        listing("Closed for now", categories=("arts",), status="temporarily closed"),
        listing("Stopped", categories=("debt", "befriending"), status="defunct"),
    )
    TaxonomyTerm.objects.create(name="Astronomy")

    assert [term.name for term in categories_in_use()] == ["Arts", "Befriending", "Physical activity"]


def test_age_filter_keeps_services_that_accept_the_person():
    directory_add(
        listing("Over 50s", minimum_age=50),
        listing("Young people", minimum_age=14, maximum_age=25),
        listing("Anyone"),
    )

    assert names(service_search(age=38)) == ["Anyone"]
    assert names(service_search(age=20)) == ["Anyone", "Young people"]
    assert names(service_search(age=67)) == ["Anyone", "Over 50s"]


def test_day_and_after_five_must_hold_for_the_same_session():
    directory_add(
        listing("Tuesday evening", sessions=[session("TU", "18:00", "20:00")]),
        listing(
            "Tuesday morning, Friday evening",
            sessions=[session("TU", "10:00", "12:00"), session("FR", "17:30", "19:00")],
        ),
        listing("Weekdays", sessions=[session("MO,TU,WE,TH,FR", "09:00", "17:00")]),
    )

    assert names(service_search(day="TU")) == [
        "Tuesday evening",
        "Tuesday morning, Friday evening",
        "Weekdays",
    ]
    assert names(service_search(after_five=True)) == ["Tuesday evening", "Tuesday morning, Friday evening"]
    assert names(service_search(day="TU", after_five=True)) == ["Tuesday evening"]


def test_free_or_low_cost_excludes_only_services_costing_more_than_five_pounds():
    directory_add(listing("Free"), listing("Two pounds", cost=2), listing("Ten pounds", cost=10))

    assert names(service_search(free_or_low_cost=True)) == ["Free", "Two pounds"]


def test_drop_in_filter():
    directory_add(listing("Drop in", attendance="drop_in"), listing("Booked", attendance="booked"))

    assert names(service_search(drop_in=True)) == ["Drop in"]


def test_language_filter_matches_code_or_name():
    directory_add(listing("Polish spoken", languages=[("pl", "Polish")]), listing("English only"))

    assert names(service_search(language="pl")) == ["Polish spoken"]
    assert names(service_search(language="polish")) == ["Polish spoken"]


def test_capacity_filter_keeps_any_of_the_chosen_statuses():
    directory_add(
        listing("Open", capacity_status="has_capacity"),
        listing("Full", capacity_status="no_capacity"),
        listing("Wait", capacity_status="waiting_list", expected_wait_weeks=6),
    )

    assert names(service_search(capacity=("has_capacity", "waiting_list"))) == ["Open", "Wait"]


def test_oruk_age_and_time_filters_read_the_services_own_limits():
    directory_add(
        listing("Over 50s", minimum_age=50, sessions=[session("WE", "09:00", "11:00")]),
        listing("Under 26", minimum_age=14, maximum_age=25, sessions=[session("WE", "13:00", "15:00")]),
    )

    assert names(service_search(minimum_age=40)) == ["Over 50s"]
    assert names(service_search(maximum_age=30)) == ["Under 26"]
    assert names(service_search(start_time=session()["opens_at"].replace(hour=12))) == ["Under 26"]
    assert names(service_search(end_time=session()["opens_at"].replace(hour=11))) == ["Over 50s"]


def test_filters_combine_with_full_text_search():
    directory_add(
        listing("Evening walk", attendance="drop_in", sessions=[session("TU", "18:00", "19:00")]),
        listing("Morning walk", attendance="drop_in"),
        listing("Evening choir", attendance="drop_in", sessions=[session("TU", "18:00", "19:00")]),
    )

    assert names(service_search(text="walk", after_five=True, drop_in=True)) == ["Evening walk"]


def test_the_full_text_index_is_kept_on_this_database():
    record = listing("Singing for the brain")
    directory_add(record)
    directory_import(by=SYSTEM, records=[{**record, "name": "Choir"}], source="test")

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'directory_service_search_idx'")
            assert "gin (search_vector)" in cursor.fetchone()[0]
            cursor.execute("SELECT search_vector::text FROM directory_service")
            assert "'choir':1" in cursor.fetchone()[0]
        else:
            # This service's rows only: a committed test elsewhere (live_server) leaves its services'
            # rows in the FTS5 table, which the database flush between such tests does not empty.
            cursor.execute(
                "SELECT search_text FROM directory_service_fts WHERE service_id = %s", [record["id"].hex]
            )
            rows = cursor.fetchall()
            assert len(rows) == 1
            assert rows[0][0].startswith("Choir")


@pytest.mark.postgresql
def test_postgresql_answers_a_search_from_the_gin_index():
    directory_add(listing("Benwell walking group"), listing("Debt advice"))

    with connection.cursor() as cursor:
        # With a handful of rows the planner would rightly scan the table, or walk the primary key and
        # filter; forbid both to see whether the full-text index can answer. Unlisted services too, or
        # the index of listed services would do as well for two rows.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = service_search(text="walks", listed_only=False).explain()

    assert "directory_service_search_idx" in plan


@pytest.mark.postgresql
def test_postgresql_writes_new_services_straight_into_the_search_index():
    directory_add(listing("Benwell walking group"), listing("Debt advice"))

    with connection.cursor() as cursor:
        # The number of pending-list pages it had to merge: every search reads whatever is left there.
        cursor.execute("SELECT gin_clean_pending_list('directory_service_search_idx'::regclass)")
        assert cursor.fetchone()[0] == 0


def placed(name, postcode, latitude, longitude, **fields):
    record = listing(name, postcode=postcode, **fields)
    location = record["service_at_locations"][0]["location"]
    location["latitude"], location["longitude"] = latitude, longitude
    return record


@pytest.fixture
def places():
    """Three places along a line of latitude in Newcastle, about 1.3 km apart, and one with no coordinates."""
    return directory_add(
        placed("Benwell walk", "NE4 9AA", 54.97, -1.66),
        placed("Elswick walk", "NE4 9BB", 54.97, -1.64),
        placed("Fenham walk", "NE5 9CC", 54.97, -1.62),
        placed("Online walk club", "NE6 9DD", None, None),
    )


def test_a_postcode_is_placed_by_the_directorys_own_addresses(places, tmp_path, settings):
    no_table = tmp_path / "districts.csv"
    no_table.write_text("district,latitude,longitude\n")
    settings.LINKWORK_POSTCODE_DISTRICTS = str(no_table)
    assert postcode_point("ne4 9aa") == (54.97, -1.66)
    assert postcode_point("NE4 1ZZ") == pytest.approx((54.97, -1.65))
    assert postcode_point("NE6 9DD") is None
    assert postcode_point("ZZ9 9ZZ") is None


def test_a_postcode_not_listed_is_placed_at_its_districts_centre_from_the_shipped_table(places):
    assert postcode_point("ne4 9aa") == (54.97, -1.66)  # a listed place's own postcode is closest
    assert postcode_point("NE4 1ZZ") == (54.972, -1.649)  # a made-up postcode in a real district
    assert postcode_point("LS8 9ZA") == (53.811, -1.508)
    assert postcode_point("NE6 9DD") == (54.976, -1.565)
    assert postcode_point("ZZ9 9ZZ") is None


def test_near_a_point_services_come_nearest_first_with_their_distance(places):
    found = list(service_search(near=(54.97, -1.66)))

    assert names(found) == ["Benwell walk", "Elswick walk", "Fenham walk", "Online walk club"]
    assert [round(service.distance_km, 1) for service in found[:3]] == [0.0, 1.3, 2.6]
    assert found[3].distance_km is None


def test_within_a_distance_keeps_only_services_that_close(places):
    assert names(service_search(near=(54.97, -1.66), within_km=2)) == ["Benwell walk", "Elswick walk"]


def test_with_words_and_a_place_the_nearest_match_comes_first(places):
    assert names(service_search(text="walk", near=(54.97, -1.62), within_km=5)) == [
        "Fenham walk",
        "Elswick walk",
        "Benwell walk",
    ]


def test_rebuilding_repairs_search_after_changes_made_outside_linkwork():
    directory_add(listing("Singing for the brain"))
    Service.objects.update(name="Choir", search_text="")  # as a hand edit or a restore might leave it
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM directory_service_fts")

    output = StringIO()
    call_command("rebuild_directory_search", stdout=output)

    assert names(service_search(text="choir")) == ["Choir"]
    assert "Search index rebuilt for 1 services." in output.getvalue()


def test_the_district_table_is_built_offline_from_the_ons_postcode_directory(tmp_path, settings):
    source = tmp_path / "onspd.csv"
    source.write_text(
        "pcds,doterm,lat,long\n"
        "NE4 5AA,,54.970000,-1.650000\n"
        "NE4 5AB,,54.980000,-1.640000\n"
        "NE4 5AD,201901,55.500000,-1.000000\n"
        "NE4 5AE,,99.999999,0.000000\n"
        "DH1 1AA,,54.770000,-1.570000\n"
    )
    table = tmp_path / "districts.csv"

    call_command("build_postcode_districts", str(source), output=str(table), stdout=StringIO())

    assert table.read_text().splitlines() == [
        "district,latitude,longitude",
        "DH1,54.7700,-1.5700",
        "NE4,54.9750,-1.6450",
    ]
    settings.LINKWORK_POSTCODE_DISTRICTS = str(table)
    assert postcode_point("DH1 9ZZ") == (54.77, -1.57)
