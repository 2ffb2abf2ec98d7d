"""Settings: where messages go (practice, BokaMera test, production), the account, the desk.

The dialog never touches SQLite or the keyring on the GUI thread: it loads and saves through
the DbWorker (the keyring can wait on an unlock prompt, SQLite on a busy lock), and "Test
connection" runs on the network worker. Every rule lives in ``desktop.account_store``; the
dialog only puts each problem under the field it concerns, and saves nothing until the whole
form is right.

The password and API key belong to one environment each (test and production never share
credentials), so switching the environment swaps what the two secret fields show.
"""

from __future__ import annotations

import getpass
import logging
import zoneinfo
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.account_store import (
    API_KEY_KEY,
    DEFAULT_URLS,
    MAX_GRACE_MINUTES,
    MAX_PARTS,
    MIN_PARTS,
    PASSWORD_KEY,
    PRACTICE,
    PRODUCTION,
    TEST,
    AccountForm,
    InvalidSettings,
    SaveResult,
    SecretsFactory,
    account_settings,
    load_account_form,
    save_account_form,
    secret_store_for,
    session_secrets,
    validate_account_form,
)
from desktop.api.settings import DEFAULT_CLIENT_ID
from desktop.domain.errors import DomainError
from desktop.domain.i18n import QT_TRANSLATE_NOOP
from desktop.domain.timerules import load_zone
from desktop.secrets import SecretStore
from desktop.storage.database import Database
from desktop.storage.retention import (
    MAX_RETENTION_DAYS,
    RetentionError,
    retention_days,
    set_retention_days,
)
from desktop.ui.backups_panel import BackupsPanel
from desktop.ui.connection_test import ConnectionResult, ConnectionTester
from desktop.ui.db_worker import DbWorker
from desktop.ui.messages import HintLabel, Tone, describe, translate

log = logging.getLogger(__name__)

# Zones offered first: the Nordic desks this app is for. Any IANA name can be typed.
COMMON_ZONES = (
    "Europe/Stockholm",
    "Europe/Oslo",
    "Europe/Copenhagen",
    "Europe/Helsinki",
    "Atlantic/Reykjavik",
    "Europe/Berlin",
    "Europe/London",
)
# Region codes with the English names messages.COUNTRY_NAMES marks for translation.
REGIONS = (
    ("SE", "Sweden"),
    ("NO", "Norway"),
    ("DK", "Denmark"),
    ("FI", "Finland"),
    ("IS", "Iceland"),
    ("DE", "Germany"),
    ("GB", "United Kingdom"),
    ("US", "United States"),
)
ENVIRONMENT_IDS = {PRACTICE: 0, TEST: 1, PRODUCTION: 2}
ACCOUNT_FIELDS = (
    "username",
    "password",
    "api_key",
    "company_id",
    "language",
    "client_id",
    "api_url",
    "token_url",
)
ADVANCED_FIELDS = ("client_id", "api_url", "token_url")


@cache
def _all_zones() -> list[str]:
    return sorted(zoneinfo.available_timezones())


@dataclass(frozen=True)
class _Loaded:
    """What the dialog shows, read on the worker thread."""

    form: AccountForm
    secrets: dict[str, tuple[str, str]]  # environment -> (password, api_key)
    stores: dict[str, SecretStore]
    retention_days: int
    zone: zoneinfo.ZoneInfo | None  # the saved zone, read here: it is a file


def _zone_or_none(name: str) -> zoneinfo.ZoneInfo | None:
    try:
        return load_zone(name)
    except DomainError:
        return None  # shown under the zone field when saving; the backup list keeps its own


def _load(db: Database, secrets_factory: SecretsFactory) -> _Loaded:
    form = load_account_form(db, secrets_factory)
    stores = {env: secret_store_for(env, secrets_factory) for env in (TEST, PRODUCTION)}
    secrets = {
        env: (store.get(PASSWORD_KEY) or "", store.get(API_KEY_KEY) or "")
        for env, store in stores.items()
    }
    return _Loaded(
        form=form,
        secrets=secrets,
        stores=stores,
        retention_days=retention_days(db),
        zone=_zone_or_none(form.zone),
    )


def _save(
    db: Database, form: AccountForm, days: int, secrets_factory: SecretsFactory
) -> SaveResult:
    # The retention period first: it is the one that can still be refused (RetentionError),
    # and a refusal must leave everything else unsaved too.
    set_retention_days(db, days)
    return save_account_form(db, form, secrets_factory)


class SettingsDialog(QDialog):
    """Signals: ``loaded()`` once the saved settings are shown; ``saved(SaveResult)`` after
    OK stored them (the dialog then closes). ``form()`` is what the fields say now."""

    loaded = Signal()
    saved = Signal(object)  # SaveResult
    # A backup the user checked and confirmed (backups_panel.RestoreRequest). The dialog
    # closes; the app stops sending, restores and restarts.
    restoreRequested = Signal(object)

    def __init__(
        self,
        db: Database,
        worker: DbWorker,
        parent: QWidget | None = None,
        *,
        secrets_factory: SecretsFactory = session_secrets,
        network: DbWorker | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._worker = worker
        self._secrets_factory = secrets_factory
        self._environment = PRACTICE
        self._drafts: dict[str, tuple[str, str]] = {TEST: ("", ""), PRODUCTION: ("", "")}
        self._stores: dict[str, SecretStore] = {}
        self._saving = False
        self._is_loaded = False
        self.production_confirmation: QMessageBox | None = None
        self.tester = ConnectionTester(self, worker=network)
        self.tester.finished.connect(self._on_test_finished)
        self._errors: dict[str, HintLabel] = {}
        self._inputs: dict[str, QWidget] = {}

        self.setWindowTitle(self.tr("Settings"))
        self.setObjectName("settingsDialog")
        content = QWidget(self)
        column = QVBoxLayout(content)
        column.setContentsMargins(16, 16, 16, 16)
        column.setSpacing(16)
        column.addWidget(self._build_account())
        column.addWidget(self._build_desk())
        column.addWidget(self._build_app())
        column.addWidget(self._build_privacy())
        self.backups_panel = BackupsPanel(db, worker, parent=content)
        self.backups_panel.restoreRequested.connect(self._on_restore_requested)
        column.addWidget(self.backups_panel)
        column.addStretch(1)
        self.content = content
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        self.scroll = scroll

        self.status = HintLabel(self)
        self.status.setObjectName("settingsStatus")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(16, 8, 16, 16)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        self.resize(660, 700)

        self._connect_edits()
        self._apply_environment(PRACTICE)
        self._start_loading()

    # --- building ----------------------------------------------------------------------------

    def _form_layout(self, box: QWidget) -> QFormLayout:
        form = QFormLayout(box)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(10)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form

    def _field(self, name: str, widget: QWidget, *extra: QWidget) -> QWidget:
        """The input, any hints that belong to it, and a line for its error, stacked."""
        holder = QWidget(self)
        stack = QVBoxLayout(holder)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(4)
        stack.addWidget(widget)
        for item in extra:
            stack.addWidget(item)
        error = HintLabel(holder)
        error.setObjectName(f"{name}Error")
        stack.addWidget(error)
        self._errors[name] = error
        self._inputs[name] = widget
        return holder

    def _row(
        self, form: QFormLayout, text: str, name: str, widget: QWidget, *extra: QWidget
    ) -> None:
        label = QLabel(text, self)
        label.setBuddy(widget)
        form.addRow(label, self._field(name, widget, *extra))

    def _build_account(self) -> QGroupBox:
        box = QGroupBox(self.tr("Where messages go"), self)
        outer = QVBoxLayout(box)
        outer.setSpacing(10)

        self.practice_radio = QRadioButton(self.tr("&Practice (no real SMS)"), box)
        self.test_radio = QRadioButton(self.tr("BokaMera &test"), box)
        self.production_radio = QRadioButton(self.tr("BokaMera pro&duction"), box)
        self.environment_group = QButtonGroup(self)
        for env, radio in self._radios().items():
            self.environment_group.addButton(radio, ENVIRONMENT_IDS[env])
            outer.addWidget(radio)
        self.environment_group.idClicked.connect(self._on_environment_clicked)
        self.environment_hint = HintLabel(box)
        self.environment_hint.setObjectName("environmentHint")
        outer.addWidget(self.environment_hint)

        self.account_fields = QWidget(box)
        form = self._form_layout(self.account_fields)
        form.setContentsMargins(0, 6, 0, 0)
        self.username_edit = QLineEdit(self)
        self.username_edit.setPlaceholderText(self.tr("name@company.se"))
        self._row(form, self.tr("&Username:"), "username", self.username_edit)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.secrets_hint = HintLabel(self)
        self.secrets_hint.setObjectName("secretsHint")
        self._row(form, self.tr("Pass&word:"), "password", self.password_edit, self.secrets_hint)
        self.api_key_edit = QLineEdit(self)
        self.api_key_edit.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.api_key_edit.setPlaceholderText("1a2b3c4d-1a2b-1a2b-1a2b-1a2b3c4d5e6f")
        self._row(form, self.tr("&API key:"), "api_key", self.api_key_edit)
        self.company_id_edit = QLineEdit(self)
        self.company_id_edit.setPlaceholderText(self.tr("Optional: the account's own company"))
        self._row(form, self.tr("&Company id:"), "company_id", self.company_id_edit)
        self.language_combo = QComboBox(self)
        self.language_combo.addItem("Svenska", "sv")
        self.language_combo.addItem("English", "en")
        self._row(form, self.tr("BokaMera's &messages in:"), "language", self.language_combo)

        self.test_button = QPushButton(self.tr("Test &connection"), self)
        self.test_button.setObjectName("testConnectionButton")
        self.test_result = HintLabel(self)
        self.test_result.setObjectName("testResult")
        test_row = QWidget(self)
        test_layout = QVBoxLayout(test_row)
        test_layout.setContentsMargins(0, 0, 0, 0)
        test_layout.setSpacing(4)
        test_layout.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignLeft)
        test_layout.addWidget(self.test_result)
        form.addRow("", test_row)
        self.test_button.clicked.connect(self.test_connection)

        self.advanced_toggle = QToolButton(self)
        self.advanced_toggle.setText(self.tr("Advanced"))
        self.advanced_toggle.setCheckable(True)
        self.advanced_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_toggle.setAutoRaise(True)
        self.advanced_toggle.toggled.connect(self._show_advanced)
        form.addRow("", self.advanced_toggle)
        self.advanced_box = QWidget(self)
        advanced = self._form_layout(self.advanced_box)
        advanced.setContentsMargins(0, 0, 0, 0)
        note = QLabel(
            self.tr("Change these only when BokaMera tells you to. Empty means the usual value."),
            self,
        )
        note.setWordWrap(True)
        advanced.addRow(note)
        self.client_id_edit = QLineEdit(self)
        self.client_id_edit.setPlaceholderText(DEFAULT_CLIENT_ID)
        self._row(advanced, self.tr("Client id:"), "client_id", self.client_id_edit)
        self.api_url_edit = QLineEdit(self)
        self._row(advanced, self.tr("API address:"), "api_url", self.api_url_edit)
        self.token_url_edit = QLineEdit(self)
        self._row(advanced, self.tr("Login address:"), "token_url", self.token_url_edit)
        self.advanced_box.setVisible(False)
        form.addRow(self.advanced_box)
        outer.addWidget(self.account_fields)
        return box

    def _build_desk(self) -> QGroupBox:
        box = QGroupBox(self.tr("This desk"), self)
        form = self._form_layout(box)
        self.desk_user_edit = QLineEdit(self)
        self.desk_user_edit.setPlaceholderText(_login_name())
        desk_user_hint = QLabel(self.tr("Shown in the history next to what you send."), self)
        desk_user_hint.setWordWrap(True)
        self._row(form, self.tr("&Your name:"), "desk_user", self.desk_user_edit, desk_user_hint)

        self.zone_combo = QComboBox(self)
        self.zone_combo.setEditable(True)
        self.zone_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone_combo.addItems(list(COMMON_ZONES))
        completer = QCompleter(_all_zones(), self.zone_combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.zone_combo.setCompleter(completer)
        self._row(form, self.tr("&Time zone:"), "zone", self.zone_combo)

        self.grace_hours = QSpinBox(self)
        self.grace_hours.setRange(0, MAX_GRACE_MINUTES // 60)
        self.grace_hours.setSuffix(self.tr(" h"))
        self.grace_minutes = QSpinBox(self)
        self.grace_minutes.setRange(0, 55)
        self.grace_minutes.setSingleStep(5)
        self.grace_minutes.setSuffix(self.tr(" min"))
        grace = QWidget(self)
        grace_layout = QHBoxLayout(grace)
        grace_layout.setContentsMargins(0, 0, 0, 0)
        grace_layout.addWidget(self.grace_hours)
        grace_layout.addWidget(self.grace_minutes)
        grace_layout.addStretch(1)
        grace_hint = QLabel(
            self.tr(
                "A reminder held up (for example without internet) still goes out this long "
                "after its time, but not later: then it is shown as missed instead."
            ),
            self,
        )
        grace_hint.setWordWrap(True)
        self._row(form, self.tr("Send late by at most:"), "grace_minutes", grace, grace_hint)

        self.quiet_start_edit = QLineEdit(self)
        self.quiet_end_edit = QLineEdit(self)
        quiet = QWidget(self)
        quiet_layout = QHBoxLayout(quiet)
        quiet_layout.setContentsMargins(0, 0, 0, 0)
        for index, edit in enumerate((self.quiet_start_edit, self.quiet_end_edit)):
            edit.setPlaceholderText(self.tr("HH:MM"))
            edit.setMaximumWidth(90)
            if index:
                quiet_layout.addWidget(QLabel(self.tr("to"), self))
            quiet_layout.addWidget(edit)
        quiet_layout.addStretch(1)
        quiet_hint = QLabel(
            self.tr("No SMS goes out between these times. The same time twice turns this off."),
            self,
        )
        quiet_hint.setWordWrap(True)
        # One row holds both ends; their notes stand under it, full width, so a long note
        # does not squeeze into the width of a time field.
        holder = self._field("quiet_start", quiet, quiet_hint)
        end_error = HintLabel(holder)
        end_error.setObjectName("quiet_endError")
        holder.layout().addWidget(end_error)
        self._inputs["quiet_start"] = self.quiet_start_edit
        self._errors["quiet_end"] = end_error
        self._inputs["quiet_end"] = self.quiet_end_edit
        quiet_label = QLabel(self.tr("&Quiet hours:"), self)
        quiet_label.setBuddy(self.quiet_start_edit)
        form.addRow(quiet_label, holder)

        self.max_parts_spin = QSpinBox(self)
        self.max_parts_spin.setRange(MIN_PARTS, MAX_PARTS)
        self.max_parts_spin.setMaximumWidth(90)
        self.max_parts_hint = QLabel(self)
        self.max_parts_hint.setWordWrap(True)
        self.max_parts_spin.valueChanged.connect(self._update_parts_hint)
        self._update_parts_hint()
        self._row(
            form, self.tr("Longest SMS:"), "max_parts", self.max_parts_spin, self.max_parts_hint
        )

        self.region_combo = QComboBox(self)
        for code, name in REGIONS:
            self.region_combo.addItem(translate("countries", name), code)
        self._row(form, self.tr("Customers' &country:"), "region", self.region_combo)
        return box

    def _build_app(self) -> QGroupBox:
        box = QGroupBox(self.tr("App language"), self)
        form = self._form_layout(box)
        self.app_language_combo = QComboBox(self)
        self.app_language_combo.addItem(self.tr("Same as this computer"), "system")
        # Each language is named in itself, so it can be found by those who read it.
        self.app_language_combo.addItem("Svenska", "sv")
        self.app_language_combo.addItem("English", "en")
        hint = QLabel(self.tr("SMS Desk changes language the next time it starts."), self)
        hint.setWordWrap(True)
        self._row(form, self.tr("&Language:"), "app_language", self.app_language_combo, hint)
        return box

    def _build_privacy(self) -> QGroupBox:
        box = QGroupBox(self.tr("Privacy"), self)
        column = QVBoxLayout(box)
        column.setSpacing(6)
        self.retention_spin = QSpinBox(self)
        self.retention_spin.setObjectName("retentionDays")
        self.retention_spin.setRange(0, MAX_RETENTION_DAYS)
        self.retention_spin.setSuffix(self.tr(" days"))
        self.retention_spin.setSpecialValueText(self.tr("Never (keep)"))
        self.retention_spin.setMinimumWidth(130)
        label = QLabel(self.tr("&Delete message texts and numbers after:"), self)
        label.setBuddy(self.retention_spin)
        line = QWidget(self)
        line_layout = QHBoxLayout(line)
        line_layout.setContentsMargins(0, 0, 0, 0)
        line_layout.addWidget(label)
        line_layout.addWidget(self.retention_spin)
        line_layout.addStretch(1)
        hint = QLabel(
            self.tr(
                "Finished messages (sent, cancelled, missed, failed) lose their text and "
                "number after this many days; the log still shows that a message went, and "
                "when. 0 keeps everything. Checked every hour. Erased text cannot be brought "
                "back, but backups made before still hold it until they are deleted."
            ),
            self,
        )
        hint.setWordWrap(True)
        tools_hint = QLabel(
            self.tr("To erase one customer now: Tools > Erase everything for a number."), self
        )
        tools_hint.setWordWrap(True)
        # One line for the setting and its notes at full width below, as for quiet hours:
        # a long note squeezed into the field column reads badly.
        column.addWidget(self._field("retention_days", line, hint, tools_hint))
        self._inputs["retention_days"] = self.retention_spin
        return box

    def _on_restore_requested(self, request: object) -> None:
        if self._saving:
            return
        self.restoreRequested.emit(request)
        super().reject()  # the restored outbox brings its own settings: nothing to save

    def _radios(self) -> dict[str, QRadioButton]:
        return {
            PRACTICE: self.practice_radio,
            TEST: self.test_radio,
            PRODUCTION: self.production_radio,
        }

    def _connect_edits(self) -> None:
        # Typing into a field clears its note; typing into the account also makes the last
        # connection test old news.
        for name, widget in self._inputs.items():
            signal = None
            if isinstance(widget, QLineEdit):
                signal = widget.textEdited
            elif isinstance(widget, QComboBox):
                signal = widget.currentTextChanged
            elif isinstance(widget, QSpinBox):
                signal = widget.valueChanged
            if signal is not None:
                signal.connect(lambda *_args, name=name: self._on_edited(name))
        for spin in (self.grace_hours, self.grace_minutes):
            spin.valueChanged.connect(lambda *_args: self._on_edited("grace_minutes"))

    # --- loading -----------------------------------------------------------------------------

    def _start_loading(self) -> None:
        self.content.setEnabled(False)
        self.save_button.setEnabled(False)
        self.status.show_hint(self.tr("Loading the settings…"), Tone.NEUTRAL)
        db, factory = self._db, self._secrets_factory
        self._worker.submit(
            lambda: _load(db, factory), self._on_loaded, self._on_load_failed, owner=self
        )

    def _on_loaded(self, data: _Loaded) -> None:
        self._stores = data.stores
        self._drafts = dict(data.secrets)
        self.set_form(data.form)
        self.retention_spin.setValue(data.retention_days)
        self._errors["retention_days"].show_hint("", Tone.NEUTRAL)
        if data.zone is not None:
            self.backups_panel.set_zone(data.zone)
        self.content.setEnabled(True)
        self.save_button.setEnabled(True)
        self.status.show_hint("", Tone.NEUTRAL)
        self._is_loaded = True
        self.loaded.emit()

    def _on_load_failed(self, error: BaseException) -> None:
        self.status.show_hint(self._error_text(error), Tone.ERROR)

    @property
    def is_loaded(self) -> bool:
        return self._is_loaded

    # --- the form ------------------------------------------------------------------------------

    def set_form(self, form: AccountForm) -> None:
        """Show ``form``; its password and API key belong to its environment."""
        if form.environment in self._drafts:
            self._drafts[form.environment] = (form.password, form.api_key)
        self.username_edit.setText(form.username)
        self.company_id_edit.setText(form.company_id)
        self._select_data(self.language_combo, form.language)
        self.client_id_edit.setText(form.client_id)
        self.api_url_edit.setText(form.api_url)
        self.token_url_edit.setText(form.token_url)
        self.advanced_toggle.setChecked(bool(form.client_id or form.api_url or form.token_url))
        self.desk_user_edit.setText(form.desk_user)
        self.zone_combo.setCurrentText(form.zone)
        grace = max(form.grace_minutes, 0)
        self.grace_hours.setValue(grace // 60)
        self.grace_minutes.setValue(grace % 60)
        self.quiet_start_edit.setText(form.quiet_start)
        self.quiet_end_edit.setText(form.quiet_end)
        self.max_parts_spin.setValue(form.max_parts)
        self._update_parts_hint()
        if self.region_combo.findData(form.region) < 0:
            self.region_combo.addItem(form.region, form.region)  # a code we have no name for
        self._select_data(self.region_combo, form.region)
        self._select_data(self.app_language_combo, form.app_language)
        self._apply_environment(form.environment, keep_drafts=False)
        self._clear_errors()

    def form(self) -> AccountForm:
        password, api_key = self.password_edit.text(), self.api_key_edit.text()
        if self._environment == PRACTICE:
            password = api_key = ""
        return AccountForm(
            environment=self._environment,
            username=self.username_edit.text(),
            password=password,
            api_key=api_key,
            company_id=self.company_id_edit.text(),
            language=self.language_combo.currentData() or "",
            client_id=self.client_id_edit.text(),
            api_url=self.api_url_edit.text(),
            token_url=self.token_url_edit.text(),
            desk_user=self.desk_user_edit.text(),
            zone=self.zone_combo.currentText(),
            grace_minutes=self.grace_hours.value() * 60 + self.grace_minutes.value(),
            quiet_start=self.quiet_start_edit.text(),
            quiet_end=self.quiet_end_edit.text(),
            max_parts=self.max_parts_spin.value(),
            region=self.region_combo.currentData() or "",
            app_language=self.app_language_combo.currentData() or "",
        )

    @staticmethod
    def _select_data(combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    # --- environment ---------------------------------------------------------------------------

    @property
    def environment(self) -> str:
        return self._environment

    def _on_environment_clicked(self, button_id: int) -> None:
        chosen = next(env for env, i in ENVIRONMENT_IDS.items() if i == button_id)
        if chosen == self._environment:
            return
        if chosen == PRODUCTION:
            # Not switched until confirmed: put the tick back where it was meanwhile.
            self._radios()[self._environment].setChecked(True)
            self._confirm_production()
            return
        self._apply_environment(chosen)

    def _confirm_production(self) -> None:
        box = QMessageBox(self)
        box.setObjectName("productionConfirmation")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Send real SMS?"))
        box.setText(self.tr("Real SMS will be sent to customers and may cost money."))
        box.setInformativeText(
            self.tr(
                "With BokaMera production, every message you queue goes to a real customer's "
                "phone through your company's BokaMera account."
            )
        )
        self.confirm_production_button = box.addButton(
            self.tr("Use production"), QMessageBox.ButtonRole.AcceptRole
        )
        self.keep_environment_button = box.addButton(
            self.tr("Keep the current choice"), QMessageBox.ButtonRole.RejectRole
        )
        box.setDefaultButton(self.keep_environment_button)
        box.buttonClicked.connect(self._on_production_answer)
        self.production_confirmation = box
        box.open()  # window-modal, without a nested event loop

    def _on_production_answer(self, button: QAbstractButton) -> None:
        box, self.production_confirmation = self.production_confirmation, None
        if box is not None:
            box.deleteLater()
        if button is self.confirm_production_button:
            self.production_radio.setChecked(True)
            self._apply_environment(PRODUCTION)

    def _apply_environment(self, environment: str, *, keep_drafts: bool = True) -> None:
        """Show ``environment``: its radio, its secrets, its hints and default addresses."""
        if keep_drafts and self._environment in self._drafts:
            # What was typed for the other environment stays with it until the dialog closes.
            self._drafts[self._environment] = (self.password_edit.text(), self.api_key_edit.text())
        self._environment = environment
        self._radios()[environment].setChecked(True)
        self.tester.cancel()
        self.test_result.show_hint("", Tone.NEUTRAL)
        self.test_button.setEnabled(True)
        uses_bokamera = environment in (TEST, PRODUCTION)
        self.account_fields.setVisible(uses_bokamera)
        if uses_bokamera:
            password, api_key = self._drafts[environment]
            self.password_edit.setText(password)
            self.api_key_edit.setText(api_key)
            defaults = DEFAULT_URLS[environment]
            self.api_url_edit.setPlaceholderText(defaults["api_url"])
            self.token_url_edit.setPlaceholderText(defaults["token_url"])
        self._update_secrets_hint()
        for name in ACCOUNT_FIELDS:
            self._errors[name].show_hint("", Tone.NEUTRAL)
        texts = {
            PRACTICE: (
                self.tr(
                    "Practice mode: messages go to a practice server inside SMS Desk. Nothing "
                    "leaves this computer and no customer gets an SMS."
                ),
                Tone.OK,
            ),
            TEST: (
                self.tr(
                    "BokaMera's test system, for trying your account and settings. Log in "
                    "with the account BokaMera gave you for testing."
                ),
                Tone.NEUTRAL,
            ),
            PRODUCTION: (
                self.tr(
                    "Real SMS: messages go to your customers through your company's BokaMera "
                    "account, and may cost money."
                ),
                Tone.WARNING,
            ),
        }
        self.environment_hint.show_hint(*texts[environment])

    def _update_secrets_hint(self) -> None:
        store = self._stores.get(self._environment)
        if store is None:
            self.secrets_hint.show_hint("", Tone.NEUTRAL)
            return
        text = store.translated_description(translate)
        self.secrets_hint.show_hint(text, Tone.NEUTRAL if store.persistent else Tone.WARNING)

    def _update_parts_hint(self) -> None:
        parts = self.max_parts_spin.value()
        characters = 160 if parts == 1 else 153 * parts
        self.max_parts_hint.setText(
            self.tr(
                "{parts} SMS parts: up to {characters} characters, fewer with emoji or "
                "curly quotes. Longer messages are not queued."
            ).format(parts=parts, characters=characters)
        )

    def _show_advanced(self, shown: bool) -> None:
        self.advanced_box.setVisible(shown)
        arrow = Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        self.advanced_toggle.setArrowType(arrow)

    # --- errors ------------------------------------------------------------------------------

    def field_error(self, name: str) -> str:
        """The note under field ``name`` ("" when there is none); for tests and tools."""
        return self._errors[name].text()

    def _on_edited(self, name: str) -> None:
        if self._errors[name].text():
            self._errors[name].show_hint("", Tone.NEUTRAL)
        if name in ACCOUNT_FIELDS and (self.tester.running or self.test_result.text()):
            self.tester.cancel()
            self.test_result.show_hint("", Tone.NEUTRAL)
            self.test_button.setEnabled(True)

    def _clear_errors(self) -> None:
        for label in self._errors.values():
            label.show_hint("", Tone.NEUTRAL)

    def _show_errors(self, errors: dict[str, DomainError]) -> None:
        self._clear_errors()
        for name, error in errors.items():
            label = self._errors.get(name)
            if label is None:  # a field this dialog has no input for: say it at the bottom
                self.status.show_hint(describe(error), Tone.ERROR)
                continue
            label.show_hint(describe(error), Tone.ERROR)
        if any(name in ADVANCED_FIELDS for name in errors):
            self.advanced_toggle.setChecked(True)
        first = next((self._inputs[n] for n in self._errors if n in errors), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll.ensureWidgetVisible(first)

    def _error_text(self, error: BaseException) -> str:
        if isinstance(error, DomainError):
            return describe(error)
        log.error("settings could not be loaded or saved", exc_info=error)
        return self.tr(
            "The settings could not be read or saved because of an error in SMS Desk "
            "({error}). Try again; if it keeps happening, contact support."
        ).format(error=type(error).__name__)

    # --- test connection -----------------------------------------------------------------------

    def test_connection(self) -> None:
        try:
            settings = account_settings(self.form())
        except InvalidSettings as invalid:
            self._show_errors(invalid.errors)
            self.test_result.show_hint(
                self.tr("Correct the notes above, then test again."), Tone.ERROR
            )
            return
        self.test_button.setEnabled(False)
        self.test_result.show_hint(self.tr("Connecting to BokaMera…"), Tone.NEUTRAL)
        self.tester.start(settings)

    def _on_test_finished(self, result: ConnectionResult) -> None:
        self.test_button.setEnabled(True)
        self.test_result.show_hint(result.text, Tone.OK if result.ok else Tone.ERROR)

    # --- saving --------------------------------------------------------------------------------

    def save(self) -> None:
        """Check the form; if it is right, store it off the GUI thread, then close."""
        if self._saving or not self._is_loaded:
            return
        form = self.form()
        try:
            validate_account_form(form)
        except InvalidSettings as invalid:
            self._show_errors(invalid.errors)
            self.status.show_hint(describe(invalid), Tone.ERROR)
            return
        self._set_saving(True)
        db, factory, days = self._db, self._secrets_factory, self.retention_spin.value()
        self._worker.submit(
            lambda: _save(db, form, days, factory),
            self._on_saved,
            self._on_save_failed,
            owner=self,
        )

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.content.setEnabled(not saving)
        self.save_button.setEnabled(not saving)
        self.cancel_button.setEnabled(not saving)
        if saving:
            self.status.show_hint(self.tr("Saving…"), Tone.NEUTRAL)

    def _on_saved(self, result: SaveResult) -> None:
        self._set_saving(False)
        self.status.show_hint("", Tone.NEUTRAL)
        self.saved.emit(result)
        self.accept()

    def _on_save_failed(self, error: BaseException) -> None:
        self._set_saving(False)
        if isinstance(error, InvalidSettings):
            self._show_errors(error.errors)
        elif isinstance(error, RetentionError):
            self._show_errors({"retention_days": error})
        self.status.show_hint(self._error_text(error), Tone.ERROR)

    # --- closing -------------------------------------------------------------------------------

    def reject(self) -> None:
        if self._saving:
            return  # the save finishes in a moment and closes the dialog itself
        super().reject()

    def done(self, result: int) -> None:
        self.tester.cancel()  # a check still running is forgotten, its answer dropped
        super().done(result)


_SAVED = QT_TRANSLATE_NOOP("SettingsDialog", "Settings saved.")
_SAVED_FOR_SESSION = QT_TRANSLATE_NOOP(
    "SettingsDialog",
    "Settings saved. The password is kept only until SMS Desk quits: you will have to type "
    "it again next time.",
)


def save_summary(result: SaveResult) -> str:
    """One sentence for the owner's status bar after saving, in the user's language."""
    if result.store is not None and not result.persistent:
        return translate("SettingsDialog", _SAVED_FOR_SESSION)
    return translate("SettingsDialog", _SAVED)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
