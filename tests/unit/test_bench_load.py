"""The load benchmark's count of lost and duplicated messages (bench/load.py)."""

from bench.load import as_sent


def test_a_typed_message_that_chooses_a_button_counts_as_typed_and_a_pressed_one_as_pressed() -> None:
    # The benchmark of 2026-12-05 counted 25 Greek "πώς κάνω αίτηση;" as lost and duplicated at once: the hub had
    # stored them, typed, with the payload of the button of that title.
    payload = '/ask_how_to_apply{"programme": "housing_allowance"}'
    typed = [("τι είναι το επίδομα στέγασης;", None), ("πώς κάνω αίτηση;", None)]
    assert as_sent("πώς κάνω αίτηση;", payload, typed) == ("πώς κάνω αίτηση;", None)
    pressed = [("", "/affirm")]
    assert as_sent("Ναι, προχωρήστε", "/affirm", pressed) == ("", "/affirm")
    assert as_sent("γεια σας", None, typed) == ("γεια σας", None)
