"""Errors that map to the exit codes of DESIGN.md; the CLI prints them as one line."""


class DigestError(Exception):
    """An error the user can act on; `exit_code` follows DESIGN.md (2 input, 3 delivery)."""

    exit_code = 2


class InputError(DigestError):
    """Nothing usable to work on, or an invalid option value."""

    exit_code = 2


class DeliveryError(DigestError):
    """The briefing was built but could not be delivered; the message says where it was saved."""

    exit_code = 3


class SettingError(InputError):
    """A setting with a bad value. It names the setting (`max_stories`), not a command-line flag:
    the CLI maps the setting to the flag that sets it."""

    def __init__(self, setting: str, problem: str) -> None:
        super().__init__(f"{setting}: {problem}")
        self.setting = setting
        self.problem = problem
