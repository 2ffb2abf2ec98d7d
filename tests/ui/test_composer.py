"""The composer driven as the desk uses it: typing, pasting, shortcuts, clicks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextFormat
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.domain.clock import FakeClock
from desktop.ui import composer as composer_module
from desktop.ui.body_editor import BodyEditor, BodyTemplate
from desktop.ui.composer import Composer, ComposeRequest
from desktop.ui.messages import Tone
from desktop.ui.receiver_field import ReceiverField

# 42 GSM-7 characters, all plain Swedish.
PLAIN_42 = "Hej! Välkommen till oss på tisdag kl 10.00"


@pytest.fixture
def composer(shown, clock: FakeClock) -> Composer:  # type: ignore[no-untyped-def]
    return shown(Composer(clock=clock))


@pytest.fixture
def field(shown) -> ReceiverField:  # type: ignore[no-untyped-def]
    return shown(ReceiverField())


@pytest.fixture
def editor(shown) -> BodyEditor:  # type: ignore[no-untyped-def]
    return shown(BodyEditor())


@pytest.fixture
def fill_valid(qtbot: QtBot, type_text):  # type: ignore[no-untyped-def]
    def _fill(composer: Composer) -> None:
        type_text(composer.receiver_field.edit, "070-123 45 67")
        type_text(composer.body_editor.edit, PLAIN_42)
        qtbot.waitUntil(composer.can_submit)

    return _fill


# --- receivers -------------------------------------------------------------------------------


def test_plain_number_is_echoed_formatted_and_becomes_valid(
    qtbot: QtBot, field: ReceiverField, type_text
) -> None:
    with qtbot.waitSignal(field.validityChanged, check_params_cb=lambda ok: ok is True):
        type_text(field.edit, "070-123 45 67")
    assert field.hint.text() == "+46 70 123 45 67, mobile"
    assert field.hint.tone is Tone.OK
    assert [r.e164 for r in field.receivers()] == ["+46701234567"]
    assert field.errors() == []


def test_half_typed_number_says_keep_typing_until_the_field_is_left(
    qtbot: QtBot, field: ReceiverField, type_text
) -> None:
    type_text(field.edit, "070-12")
    assert field.hint.tone is Tone.NEUTRAL
    assert "Keep typing" in field.hint.text()
    assert not field.is_valid()
    assert field.errors() == []  # not an error while the user is still at it

    field.edit.clearFocus()
    qtbot.waitUntil(lambda: field.hint.tone is Tone.ERROR)
    assert "too short" in field.hint.text()
    assert [problem.error.code for problem in field.errors()] == ["too_short"]


def test_letters_are_refused_at_once_even_while_typing(
    qtbot: QtBot, field: ReceiverField, type_text
) -> None:
    type_text(field.edit, "070abc")
    assert field.hint.tone is Tone.ERROR
    assert "contains letters" in field.hint.text()
    assert not field.is_valid()


def test_landline_gets_the_domains_reason(qtbot: QtBot, field: ReceiverField, type_text) -> None:
    type_text(field.edit, "08-123 456 78")
    qtbot.waitUntil(lambda: field.hint.tone is Tone.ERROR)
    assert "landline" in field.hint.text()


def test_pasted_list_collapses_duplicates_and_says_so(qtbot: QtBot, field: ReceiverField) -> None:
    QApplication.clipboard().setText("070-123 45 67\n+46701234567\r\n073-765 43 21")
    field.edit.setFocus()
    qtbot.keySequence(field.edit, "Ctrl+V")
    qtbot.waitUntil(field.is_valid)
    assert [r.e164 for r in field.receivers()] == ["+46701234567", "+46737654321"]
    assert field.duplicates() == 1
    assert field.hint.text() == "2 receivers · 1 duplicate number removed"
    assert "\n" not in field.edit.text()  # the column was turned into a visible list


def test_list_with_a_bad_number_names_the_first_bad_one(
    qtbot: QtBot, field: ReceiverField, type_text
) -> None:
    type_text(field.edit, "070-123 45 67; 08-123 456 78, 073-765 43 21")
    assert not field.is_valid()
    text = field.hint.text()
    assert text.startswith("1 of 3 numbers cannot be used. First: ")
    assert "08-123 456 78" in text and "landline" in text
    assert len(field.receivers()) == 2


# --- body ------------------------------------------------------------------------------------


def test_counter_counts_gsm7_as_typed(qtbot: QtBot, editor: BodyEditor, type_text) -> None:
    type_text(editor.edit, PLAIN_42)
    assert editor.counter.text() == "1 SMS, 42 of 160, GSM-7"
    assert not editor.cost_hint.isVisible()


def test_counter_shows_two_parts_past_160(qtbot: QtBot, editor: BodyEditor, type_text) -> None:
    editor.set_text("a" * 158)
    type_text(editor.edit, "bc")
    assert editor.counter.text() == "1 SMS, 160 of 160, GSM-7"
    type_text(editor.edit, "d")
    assert editor.counter.text() == "2 SMS, 161 of 306, GSM-7"


def test_curly_apostrophe_is_named_highlighted_and_priced(
    qtbot: QtBot, editor: BodyEditor, type_text
) -> None:
    text = "Hej Anna, det’s dags för din tid i morgon. " + "x" * 37  # 80 characters
    type_text(editor.edit, text)
    assert editor.counter.text() == "2 SMS, 80 of 134, UCS-2 (special characters)"
    assert editor.cost_hint.isVisible()
    assert editor.cost_hint.text() == (
        "’ (right single quotation mark) at position 14 makes this cost 2 SMS instead of 1."
    )
    marked = [
        (s.cursor.selectionStart(), s.cursor.selectedText())
        for s in editor.edit.extraSelections()
        if s.format.property(QTextFormat.Property.UserProperty) == "ucs2"
    ]
    assert marked == [(13, "’")]


def test_replace_with_plain_characters_is_one_undo_step(
    qtbot: QtBot, editor: BodyEditor, type_text
) -> None:
    type_text(editor.edit, "Det’s “dags” – välkommen…")
    assert editor.plain_button.isVisible()
    qtbot.mouseClick(editor.plain_button, Qt.MouseButton.LeftButton)
    assert editor.text() == 'Det\'s "dags" - välkommen...'
    assert editor.sms_count().encoding == "GSM-7"
    assert not editor.plain_button.isVisible()

    editor.edit.setFocus()
    qtbot.keySequence(editor.edit, "Ctrl+Z")
    assert editor.text() == "Det’s “dags” – välkommen…"


def test_emoji_has_no_plain_version_and_is_said_so(
    qtbot: QtBot, editor: BodyEditor, type_text
) -> None:
    type_text(editor.edit, "Välkommen 😀")
    assert "no plain version" in editor.cost_hint.text()
    assert not editor.plain_button.isVisible()


def test_template_counts_with_values_and_asks_for_blanks(qtbot: QtBot, editor: BodyEditor) -> None:
    editor.set_templates([BodyTemplate("Reminder", "Hi {name}, see you {date} at {time}.")])
    editor.templates.setFocus()
    qtbot.keyClick(editor.templates, Qt.Key.Key_Down)  # picks the first template
    qtbot.waitUntil(lambda: editor.text() == "Hi {name}, see you {date} at {time}.")
    assert editor.unfilled_placeholders() == ["name", "date", "time"]
    assert editor.cleaned_body() is None
    assert editor.problem() == (
        "Replace {name}, {date}, {time} in the message with the real details before queuing."
    )

    editor.set_placeholder_values({"name": "Åsa", "date": "fredag 6 mars", "time": "14:30"})
    assert editor.filled_text() == "Hi Åsa, see you fredag 6 mars at 14:30."
    assert editor.counter.text() == f"1 SMS, {len(editor.filled_text())} of 160, GSM-7"
    assert editor.cleaned_body() == "Hi Åsa, see you fredag 6 mars at 14:30."


def test_cap_on_parts_is_shown_and_enforced(qtbot: QtBot, editor: BodyEditor, type_text) -> None:
    assert editor.cap.text() == "At most 6 SMS per message"
    editor.set_text("a" * 918)
    assert editor.problem() is None
    type_text(editor.edit, "b")
    assert editor.counter.text().startswith("7 SMS")
    assert "needs 7 SMS" in (editor.problem() or "")
    assert editor.fill_hint.tone is Tone.ERROR


# --- the composer ----------------------------------------------------------------------------


def test_empty_composer_disables_queue_and_says_why(composer: Composer) -> None:
    assert not composer.queue_button.isEnabled()
    assert composer.reason() == "Type the customer's mobile number."
    assert composer.status.text() == "Add a receiver."
    assert composer.status.isVisible()


def test_ctrl_return_from_the_body_queues_with_utc_times(
    qtbot: QtBot, composer: Composer, clock: FakeClock, fill_valid
) -> None:
    now = clock.now()
    fill_valid(composer)
    with qtbot.waitSignal(composer.submitted) as blocker:
        qtbot.keyClick(
            composer.body_editor.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    request = blocker.args[0]
    assert request == ComposeRequest(
        receivers=["+46701234567"],
        body=PLAIN_42,
        due_at=now,
        no_later_than=now + timedelta(hours=2),
        send_anyway=False,
    )
    assert composer.body_editor.text() == PLAIN_42  # kept until the owner confirms


def test_keypad_enter_from_the_receiver_field_queues(
    qtbot: QtBot, composer: Composer, fill_valid
) -> None:
    fill_valid(composer)
    composer.receiver_field.edit.setFocus()
    with qtbot.waitSignal(composer.submitted):
        qtbot.keyClick(
            composer.receiver_field.edit,
            Qt.Key.Key_Enter,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier,
        )


def test_no_second_request_before_the_owner_answers(
    qtbot: QtBot, composer: Composer, fill_valid
) -> None:
    fill_valid(composer)
    requests: list[ComposeRequest] = []
    composer.submitted.connect(requests.append)
    qtbot.mouseClick(composer.queue_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(composer.queue_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(
        composer.body_editor.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    assert len(requests) == 1
    assert not composer.queue_button.isEnabled()
    assert composer.status.text() == "Saving to the outbox…"


def test_accepted_clears_the_body_and_confirms_for_a_while(
    qtbot: QtBot,
    shown,  # type: ignore[no-untyped-def]
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    type_text,
) -> None:
    monkeypatch.setattr(composer_module, "CONFIRMATION_MS", 50)
    composer = shown(Composer(clock=clock))
    type_text(composer.receiver_field.edit, "0701234567, 0737654321, 0761112233")
    type_text(composer.body_editor.edit, PLAIN_42)
    with qtbot.waitSignal(composer.submitted) as blocker:
        qtbot.mouseClick(composer.queue_button, Qt.MouseButton.LeftButton)
    assert len(blocker.args[0].receivers) == 3

    composer.accepted(3)
    assert composer.body_editor.text() == ""
    assert composer.receiver_field.text() != ""  # the same people often get the next one
    assert composer.status.text() == "Queued 3 messages."
    assert composer.status.tone is Tone.OK
    qtbot.waitUntil(lambda: composer.status.text() == "Write the message.")


def test_rejected_keeps_everything_and_shows_the_reason(
    qtbot: QtBot, composer: Composer, fill_valid
) -> None:
    fill_valid(composer)
    with qtbot.waitSignal(composer.submitted):
        qtbot.mouseClick(composer.queue_button, Qt.MouseButton.LeftButton)
    composer.rejected("The disk is full.")
    assert composer.status.text() == "The disk is full."
    assert composer.status.tone is Tone.ERROR
    assert composer.body_editor.text() == PLAIN_42
    assert composer.queue_button.isEnabled()


def test_invalid_input_never_emits(qtbot: QtBot, composer: Composer, type_text) -> None:
    type_text(composer.receiver_field.edit, "08-123 456 78")
    type_text(composer.body_editor.edit, PLAIN_42)
    with qtbot.assertNotEmitted(composer.submitted):
        qtbot.keyClick(
            composer.body_editor.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
        qtbot.mouseClick(composer.queue_button, Qt.MouseButton.LeftButton)
    assert not composer.queue_button.isEnabled()
    assert composer.status.text() == "The number under “To” cannot be used."
    assert "landline" in composer.queue_button.toolTip()


def test_a_time_that_passed_while_the_window_sat_open_is_refused_on_submit(
    qtbot: QtBot, composer: Composer, clock: FakeClock, fill_valid
) -> None:
    fill_valid(composer)
    qtbot.mouseClick(composer.schedule_picker.in_hour_button, Qt.MouseButton.LeftButton)
    assert composer.can_submit()
    clock.advance(timedelta(hours=3))  # nobody touched the form meanwhile
    with qtbot.assertNotEmitted(composer.submitted):
        qtbot.keyClick(
            composer.body_editor.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    assert composer.status.text() == "The send time has already passed."
