"""The rule that settles a kept review change part by part, without an app."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from lie_review.reviews.kept import KEPT_VALUE_MAX_CHARS, kept_fields, settle, stored_fields


def test_a_part_still_as_it_was_when_kept_is_saved():
    outcome = settle({"criterion_1": "4", "comment_1": "New words", "version_read": "english"},
                     based_on={"criterion_1": "2", "comment_1": ""}, stored={"criterion_1": "2", "comment_1": ""})
    assert outcome.save == {"criterion_1": "4", "comment_1": "New words", "version_read": "english"}
    assert outcome.hand_back == {} and outcome.parts_handed_back == []


def test_a_part_saved_again_since_is_handed_back_whole():
    outcome = settle({"criterion_1": "4", "comment_1": "Mine", "criterion_2": "3"},
                     based_on={"criterion_1": "2", "comment_1": "", "criterion_2": ""},
                     stored={"criterion_1": "2", "comment_1": "Written elsewhere", "criterion_2": ""})
    assert outcome.hand_back == {"criterion_1": "4", "comment_1": "Mine"}
    assert outcome.parts_handed_back == ["1"]
    assert outcome.save == {"criterion_2": "3"}


def test_a_part_the_reviewer_did_not_change_is_left_alone_even_when_saved_since():
    outcome = settle({"criterion_1": "2", "comment_1": "Same \r\n", "overall_comment": "Changed"},
                     based_on={"criterion_1": "2", "comment_1": "Same", "overall_comment": ""},
                     stored={"criterion_1": "5", "comment_1": "Other", "overall_comment": ""})
    assert outcome.save == {"overall_comment": "Changed"}
    assert outcome.hand_back == {}


def test_a_part_already_stored_as_meant_needs_nothing():
    outcome = settle({"criterion_1": "4"}, based_on={"criterion_1": "2"}, stored={"criterion_1": "4"})
    assert (outcome.save, outcome.hand_back) == ({}, {})


def test_the_overall_fields_are_one_part():
    outcome = settle({"overall_comment": "Good", "recommendation": "recommend", "confidence": "4"},
                     based_on={"overall_comment": "", "recommendation": "", "confidence": ""},
                     stored={"overall_comment": "", "recommendation": "neutral", "confidence": ""})
    assert outcome.parts_handed_back == ["overall"] and len(outcome.hand_back) == 3


def test_the_version_read_travels_only_with_something_saved():
    outcome = settle({"criterion_1": "2", "version_read": "english"}, based_on={"criterion_1": "2"},
                     stored={"criterion_1": "2"})
    assert outcome.save == {}


def test_only_a_reviews_own_fields_are_kept_and_long_values_are_capped():
    posted = MultiDict([("criterion_7", "3"), ("comment_7", "x" * (KEPT_VALUE_MAX_CHARS + 5)), ("csrf_token", "t"),
                        ("action", "submit"), ("version_read", "original"), ("criterion_x", "1"),
                        ("overall_comment", "Fine")])
    kept = kept_fields(posted)
    assert sorted(kept) == ["comment_7", "criterion_7", "overall_comment", "version_read"]
    assert len(kept["comment_7"]) == KEPT_VALUE_MAX_CHARS


def test_stored_fields_read_as_the_form_posts_them():
    assert stored_fields({1: 4, 2: None}, {1: "Note", 2: ""}, {"recommendation": "neutral", "confidence": 3},
                         {1: True, 2: False}) == {
        "criterion_1": "4", "criterion_2": "", "comment_1": "Note", "comment_2": "",
        "audience_1": "applicant", "audience_2": "editors",
        "overall_comment": "", "recommendation": "neutral", "confidence": "3", "overall_audience": ""}


def test_a_kept_whole_form_leaves_unscored_parts_alone_for_their_default_audience():
    kept = {"comment_2": "", "audience_2": "editors", "overall_audience": "editors", "overall_comment": ""}
    outcome = settle(kept, {"comment_2": "", "audience_2": "", "overall_audience": "", "overall_comment": ""}, {})
    assert outcome.save == {} and outcome.hand_back == {}


def test_a_kept_mark_for_the_applicant_is_saved_with_its_part():
    kept = {"comment_2": "Shareable", "audience_2": "applicant"}
    outcome = settle(kept, {"comment_2": "Old", "audience_2": "editors"},
                     {"comment_2": "Old", "audience_2": "editors"})
    assert outcome.save == kept
