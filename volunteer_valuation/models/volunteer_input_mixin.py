# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, models
from odoo.exceptions import ValidationError

from ..engine import input_values


class VolunteerInputMixin(models.AbstractModel):
    """Values sent by a client checked before they reach the database.

    A NUL character, a number out of range, NaN or a text that is not a date would
    otherwise stop the request with an error that reads like a crash, or be stored.
    Models call :meth:`_check_input_values` at the top of ``create`` and ``write``.
    """

    _name = "volunteer.input.mixin"
    _description = "Values checked before saving"

    @api.model
    def _check_input_values(self, vals):
        """Raise a clear ValidationError for the first value of ``vals`` that cannot be
        stored, naming its field."""
        if not isinstance(vals, dict):
            raise ValidationError(self.env._("Send the values as named fields."))
        for name, value in vals.items():
            field = self._fields.get(name) if isinstance(name, str) else None
            if field is None:
                raise ValidationError(self.env._(
                    "“%(field)s” is not a field of %(model)s.",
                    field=str(name)[:60], model=self._description))
            if isinstance(value, models.BaseModel):
                continue  # a record given by server code
            code = input_values.problem(field.type, value)
            if code is None and field.type == "selection" and value and isinstance(
                    field.selection, list | tuple):
                keys = [key for key, _label in field.selection]
                code = None if value in keys else "not_a_choice"
            if code:
                raise ValidationError(self.env._(
                    "“%(field)s”: %(reason)s", field=field._description_string(self.env),
                    reason=self._input_problem_message(code, field)))

    @api.model
    def _input_problem_message(self, code, field):
        relational = field.type == "many2one"
        messages = {
            "not_text": self.env._("this is not a text."),
            "nul": self.env._("remove the special characters (NUL) from this text."),
            "too_long": self.env._(
                "this text is too long (%(max)s characters at most).",
                max=input_values.TEXT_KINDS.get(field.type, input_values.MAX_CHAR_LENGTH)),
            "not_integer": self.env._("give the id of a record.") if relational
            else self.env._("this is not a whole number."),
            "out_of_range": self.env._("there is no such record.") if relational
            else self.env._("this number is out of range."),
            "not_number": self.env._("this is not a number."),
            "not_finite": self.env._("this is not a finite number."),
            "not_date": self.env._("this is not a date; write it YYYY-MM-DD."),
            "not_a_choice": self.env._("this is not one of the possible values."),
        }
        return messages[code]
