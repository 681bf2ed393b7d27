# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The members' accounts of a currency: balances, statements, transfers, spending.

Who sees what follows the record rules of moves and balances: a member sees their own
account; a coordinator the balances of a currency used only inside the branch they
coordinate (its scope), never those of a currency that reaches beyond it, whoever they
enrolled; a manager the whole company.
"""

from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

from odoo.addons.volunteer_valuation.engine.odoo_names import COORDINATOR_GROUP, MANAGER_GROUP

from ..engine import ledger

MAX_TEXT_LENGTH = 2000


class VolunteerCurrency(models.Model):
    _inherit = "volunteer.currency"

    # ------------------------------------------------------------------
    # Public API (also called over RPC)
    # ------------------------------------------------------------------

    @api.readonly
    def get_balances(self, partner_ids, date=None):
        """Balances of ``partner_ids`` in this currency on ``date`` (included; None: today).

        Returns ``[{"partner_id": id, "balance": amount}]``, one per partner
        asked, in the order asked. Refused for a partner whose balance the
        caller may not see.
        """
        self.ensure_one()
        self.check_access("read")
        values = partner_ids if isinstance(partner_ids, list | tuple) else [partner_ids]
        ids = [self._to_id(value, self.env._("A member")) for value in values]
        partners = self.env["res.partner"].browse(ids).exists()
        if len(partners) != len(set(ids)):
            raise UserError(self.env._("Some of the partners asked do not exist."))
        self._check_partner_visible(partners)
        try:
            day = fields.Date.to_date(date) if date else None
        except (TypeError, ValueError):
            raise UserError(self.env._("Give the date as YYYY-MM-DD.")) from None
        found = self._balances(partners, day)
        return [{"partner_id": pid, "balance": float(found[pid])} for pid in ids]

    def spend(self, partner_id, amount, reference, note=None, structure_id=None):
        """Record units spent by a member (a positive amount), with a reference."""
        self.ensure_one()
        self._check_manager_operation()
        amount = self._checked_amount(amount)
        return self._post_manual(
            "spend", partner_id, -amount, reference, note, structure_id)

    def adjust(self, partner_id, amount, reference, note=None, structure_id=None):
        """Record a correction of a member's balance (positive or negative), with a reference."""
        self.ensure_one()
        self._check_manager_operation()
        try:
            value = ledger.to_decimal(amount)
        except (ledger.LedgerError, TypeError, ValueError, ArithmeticError):
            value = None
        if value is None or not value.is_finite():
            raise UserError(self.env._("“%(text)s” is not an amount.", text=str(amount)[:40]))
        if not value:
            raise UserError(self.env._("An adjustment cannot be zero."))
        amount = self._checked_amount(abs(value)) * (1 if value > 0 else -1)
        return self._post_manual("adjustment", partner_id, amount, reference, note, structure_id)

    def transfer(self, sender_id, recipient_id, amount, note=None):
        """Move units from a member to another member of one of their structures.

        A member transfers from their own account; a manager from anybody's.
        ``amount`` is a positive number, or the text a member typed. Both sides
        are written in the same transaction, or nothing is; both name the
        structure the two members share, where the transfer is seen.
        """
        self.ensure_one()
        self.check_access("read")
        Partner = self.env["res.partner"].sudo()
        sender = Partner.browse(self._to_id(sender_id, self.env._("The sender"))).exists()
        recipient = Partner.browse(
            self._to_id(recipient_id or 0, self.env._("The recipient"))).exists()
        if not sender or not recipient or not recipient.active:
            raise UserError(self.env._("Choose the member who receives the units."))
        manager = self.env.user.has_group(MANAGER_GROUP)
        if sender != self.env.user.partner_id and not manager:
            raise AccessError(self.env._("You can only transfer units from your own account."))
        self._check_usable()
        if sender == recipient:
            raise UserError(self.env._("You cannot transfer units to yourself."))
        structure = self._transfer_structure(sender, recipient)
        if not structure:
            if not manager:  # names stay private: the member only learns "not in the list"
                raise UserError(self.env._(
                    "This member does not share with you a structure where %(currency)s is "
                    "used: choose the recipient in the list.", currency=self.name))
            raise UserError(self.env._(
                "%(recipient)s is not a member of one of the structures of %(sender)s where "
                "%(currency)s is used: units go only to members of the same structures.",
                recipient=recipient.name, sender=sender.name, currency=self.name))
        amount = self._checked_amount(amount)
        balances = self._balances(sender | recipient)
        try:
            debit, credit = ledger.check_transfer(
                amount, self.decimal_places, balances[sender.id], balances[recipient.id],
                self.min_balance, self.max_balance or None)
        except ledger.LedgerError as error:
            if error.code != "min" and not manager:
                raise UserError(self.env._(
                    "Refused: the recipient cannot hold more than %(limit)s; send fewer units.",
                    limit=self._format_units(self.max_balance))) from None
            raise UserError(self._limit_message(
                error.code, sender if error.code == "min" else recipient,
                error.details.get("balance", 0))) from None
        note = self._clean_text(note)
        return self.env["volunteer.currency.move"]._post([
            {"currency_id": self.id, "partner_id": sender.id, "amount": debit,
             "move_type": "transfer", "counterpart_partner_id": recipient.id, "note": note,
             "structure_id": structure.id},
            {"currency_id": self.id, "partner_id": recipient.id, "amount": credit,
             "move_type": "transfer", "counterpart_partner_id": sender.id, "note": note,
             "structure_id": structure.id},
        ], limited=True)

    # ------------------------------------------------------------------
    # Who sees which accounts
    # ------------------------------------------------------------------

    def _sees_all_balances(self):
        """Whether the current user sees every member's balance in this currency: as a
        manager, or as a coordinator of every structure where it is used (the record
        rules of moves and balances say the same)."""
        self.ensure_one()
        user = self.env.user
        if self.env.su or user.has_group(MANAGER_GROUP):
            return True
        return user.has_group(COORDINATOR_GROUP) and user in self.sudo().coordinator_ids

    def _check_partner_visible(self, partners):
        """Refuse partners whose balance the current user may not see."""
        if self._sees_all_balances() or not partners - self.env.user.partner_id:
            return
        user = self.env.user
        if user.share or not user.has_group(COORDINATOR_GROUP):
            raise AccessError(self.env._("You may only see your own balance."))
        raise AccessError(self.env._(
            "You may only see the balances of a currency used only in the structures you "
            "coordinate: %(currency)s is used beyond them.", currency=self.name))

    def _visible_partner_domain(self):
        """Partners whose balance the current user sees in this currency."""
        if self._sees_all_balances():
            return Domain.TRUE
        return Domain("id", "=", self.env.user.partner_id.id)

    # ------------------------------------------------------------------
    # Business helpers
    # ------------------------------------------------------------------

    def _check_usable(self):
        if not self.active:
            raise UserError(self.env._(
                "%(currency)s is archived: no new move can be posted.", currency=self.name))

    def _check_manager_operation(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._(
                "Only a volunteering manager can record spending and adjustments."))
        self.check_access("write")
        self._check_usable()

    @api.model
    def _to_id(self, value, what):
        """A record id sent by a caller, or a clear error."""
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31:
            return value
        if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 10:
            return int(value)
        raise UserError(self.env._("%(what)s is not valid: give its id.", what=what))

    @api.model
    def _clean_text(self, value):
        """A note or a reference: text without NUL characters, or False."""
        if value in (None, False):
            return False
        if not isinstance(value, str) or "\x00" in value or len(value) > MAX_TEXT_LENGTH:
            raise UserError(self.env._(
                "Notes and references are plain text of %(max)s characters at most.",
                max=MAX_TEXT_LENGTH))
        return value.strip() or False

    def _checked_amount(self, amount):
        """A positive amount with no more decimals than the currency, as a Decimal."""
        try:
            return self._parse_amount(amount)
        except (ArithmeticError, TypeError, ValueError):  # 1e999 and other impossible amounts
            raise UserError(self.env._(
                "“%(text)s” is not an amount.", text=str(amount)[:40])) from None

    def _parse_amount(self, amount):
        try:
            if isinstance(amount, str):
                return ledger.parse_amount(amount, self.decimal_places)
            if isinstance(amount, bool) or not isinstance(amount, int | float | Decimal):
                raise ledger.LedgerError("not_a_number", amount=amount)
            value = ledger.to_decimal(amount)
            return ledger.parse_amount(str(value), self.decimal_places)
        except ledger.LedgerError as error:
            if error.code == "too_many_decimals":
                raise UserError(self.env._(
                    "%(currency)s counts with %(places)s decimal(s): %(amount)s has more.",
                    currency=self.name, places=self.decimal_places,
                    amount=error.details["amount"])) from None
            if error.code == "not_positive":
                raise UserError(self.env._(
                    "Enter an amount greater than zero.")) from None
            raise UserError(self.env._(
                "“%(text)s” is not an amount.", text=str(amount)[:40])) from None

    def _limit_message(self, code, partner, balance):
        if code == "min":
            return self.env._(
                "Refused: the balance of %(partner)s (%(balance)s) cannot go under the minimum "
                "of %(limit)s.", partner=partner.name, balance=self._format_units(balance),
                limit=self._format_units(self.min_balance))
        return self.env._(
            "Refused: the balance of %(partner)s (%(balance)s) cannot go over the maximum of "
            "%(limit)s.", partner=partner.name, balance=self._format_units(balance),
            limit=self._format_units(self.max_balance))

    def _post_manual(self, move_type, partner_id, amount, reference, note, structure_id):
        """Post a spend or an adjustment for a member of the currency's structures."""
        partner = self.env["res.partner"].browse(
            self._to_id(partner_id or 0, self.env._("The member"))).exists()
        if not partner or not partner.active:
            raise UserError(self.env._("Choose the member (an active one)."))
        reference = self._clean_text(reference)
        if not reference:
            raise UserError(self.env._(
                "Give a reference (receipt, decision, event) for spending and adjustments."))
        if not self._applies_to_partner(partner):
            raise UserError(self.env._(
                "%(partner)s is not a member of a structure where %(currency)s is used.",
                partner=partner.name, currency=self.name))
        structure = self.env["volunteer.structure"].browse(
            self._to_id(structure_id or 0, self.env._("The structure"))).exists()
        if structure and not (structure.active and self._applies_to_structures(structure)):
            raise UserError(self.env._(
                "%(currency)s is not used in %(structure)s.",
                currency=self.name, structure=structure.display_name))
        return self.env["volunteer.currency.move"]._post([{
            "currency_id": self.id, "partner_id": partner.id, "amount": amount,
            "move_type": move_type, "reference": reference, "note": self._clean_text(note),
            "structure_id": structure.id or False,
        }], limited=True)

    def _balances(self, partners, day=None):
        """{partner id: Decimal balance} in this currency on ``day`` (None: all moves)."""
        domain = [("currency_id", "=", self.id), ("partner_id", "in", partners.ids)]
        if day:
            domain.append(("date", "<=", day))
        rows = self.env["volunteer.currency.move"].sudo()._read_group(
            domain, ["partner_id"], ["amount:sum"])
        sums = {partner.id: total for partner, total in rows}
        return {partner.id: ledger.round_units(sums.get(partner.id, 0), self.decimal_places)
                for partner in partners}

    @api.model
    def _portal_currencies(self, partner):
        """Active currencies shown to ``partner`` on the portal: used in one of their
        structures, or holding moves of theirs."""
        Move = self.env["volunteer.currency.move"]
        if not (self.has_access("read") and Move.has_access("read")):
            return self.browse()  # an employee without volunteering rights visiting /my
        held = {currency for [currency] in Move._read_group(
            [("partner_id", "=", partner.id)], ["currency_id"])}
        # The few currencies of the companies I may read, filtered in Python.
        return self.search([]).filtered(  # pylint: disable=no-search-all
            lambda currency: currency in held or currency._applies_to_partner(partner))

    def _balance_rows(self, day):
        """[(partner, balance)] on ``day`` of every member whose balance the current user
        sees: members of the structures where the currency is used, with or without moves,
        and anybody else holding moves; sorted by name."""
        self.ensure_one()
        visible = self._visible_partner_domain()
        rows = self.env["volunteer.currency.move"].sudo()._read_group(
            Domain("currency_id", "=", self.id) & Domain("date", "<=", day)
            & Domain("partner_id", "any!", visible), ["partner_id"], ["amount:sum"])
        sums = dict(rows)
        members = self.env["res.partner"].sudo().search(
            Domain("volunteer_structure_ids", "in", self._scope_structures().ids) & visible)
        partners = (members | self.env["res.partner"].sudo().union(*sums)).sorted(
            lambda partner: (partner.name or "").lower())
        return [(partner, ledger.round_units(sums.get(partner, 0), self.decimal_places))
                for partner in partners]

    def _circulation_rows(self, date_from, date_to, granularity):
        """Rows of :func:`ledger.circulation`, for those who see every balance."""
        self.ensure_one()
        if not self._sees_all_balances():
            raise AccessError(self.env._(
                "The circulation of %(currency)s adds up every member's moves: ask a manager, "
                "or the coordinator of every structure where it is used.", currency=self.name))
        moves = self.env["volunteer.currency.move"].sudo().search(
            [("currency_id", "=", self.id), ("date", "<=", date_to)])
        return ledger.circulation(moves._as_ledger_moves(), date_from, date_to, granularity)

    def _statement(self, partner, date_from=None, date_to=None):
        """(opening balance, [(move, balance after)]) of ``partner`` over a period."""
        self.ensure_one()
        self._check_partner_visible(partner)
        domain = [("currency_id", "=", self.id), ("partner_id", "=", partner.id)]
        if date_to:
            domain.append(("date", "<=", date_to))
        moves = self.env["volunteer.currency.move"].sudo().search(domain)
        before = moves.filtered(lambda move: date_from and move.date < date_from)
        opening = ledger.round_units(sum(before.mapped("amount")), self.decimal_places)
        lines = ledger.statement((moves - before)._as_ledger_moves(), opening)
        return opening, [(moves.browse(line.id), ledger.round_units(balance, self.decimal_places))
                         for line, balance in lines]

    def _transfer_recipients(self, sender):
        """Members sharing with ``sender`` a structure where the currency is used."""
        shared = sender.sudo().volunteer_structure_ids & self._scope_structures()
        if not shared:
            return self.env["res.partner"]
        return self.env["res.partner"].sudo().search([
            ("volunteer_structure_ids", "in", shared.ids), ("id", "!=", sender.id)])

    def _transfer_structure(self, sender, recipient):
        """The structure of a transfer: the deepest one the two members share where the
        currency is used, or an empty recordset."""
        shared = (sender.sudo().volunteer_structure_ids & recipient.sudo().volunteer_structure_ids
                  & self._scope_structures())
        return shared.sorted(lambda rec: (-len(rec.parent_path or ""), rec.id))[:1]

    def _transfer_choices(self, sender):
        """[(id, label)] of the members ``sender`` may give units to, by name only for
        those who agreed to be named beyond their structures; the others by pseudonym."""
        recipients = self._transfer_recipients(sender)
        labels = self.env["volunteer.contribution"].sudo(False)._volunteer_report_labels(
            recipients.ids)
        choices = [(partner.id, labels[partner.id][0]) for partner in recipients]
        return sorted(choices, key=lambda choice: choice[1].casefold())
