"""Domain errors: a stable code each, which the chat doors map to a locale key."""


class DomainError(Exception):
    """Base of every error the store raises on purpose."""

    code = "error"

    def __init__(self, *args: object) -> None:
        super().__init__(self.code, *args)


class NotFound(DomainError):
    code = "not-found"


class Forbidden(DomainError):
    code = "forbidden"


class InvalidInput(DomainError):
    code = "invalid-input"


class DialogMoved(DomainError):
    """Another update of the member (on another worker) moved their dialog on since this update
    read it: the step is not written over, and the update is handled again on the new step."""

    code = "dialog-moved"


class UnknownInvite(DomainError):
    code = "unknown-invite"


class SchemaBehind(DomainError):
    """The database holds data under an older schema; an operator must upgrade it."""

    code = "schema-behind"


class OutOfStock(DomainError):
    code = "out-of-stock"


class ContactMissing(DomainError):
    """The member has not given a delivery contact yet."""

    code = "contact-missing"


class WrongAmount(DomainError):
    code = "wrong-amount"


class OrderExpired(DomainError):
    code = "order-expired"


class WrongStatus(DomainError):
    """The order (or sign-up, or broadcast) is not in a state that allows this (already paid,
    shipped, cancelled …)."""

    code = "wrong-status"


class NotReviewable(DomainError):
    """Only the buyer of a received order line may review it."""

    code = "not-reviewable"


class AlreadyReviewed(DomainError):
    code = "already-reviewed"


class ReviewEditClosed(DomainError):
    """A review can be changed for a few days only (and not once an admin hid it)."""

    code = "review-edit-closed"


class AlreadyListed(DomainError):
    """A nomination names a product already on sale; `product_id` is that product."""

    code = "already-listed"

    def __init__(self, product_id: int) -> None:
        super().__init__(product_id)
        self.product_id = product_id


class NominationDecided(DomainError):
    """The nomination is no longer in the state this action needs (another admin was quicker)."""

    code = "nomination-decided"


class SignupClosed(DomainError):
    """The event's sign-up deadline has passed, or the event was cancelled."""

    code = "signup-closed"


class EventCancelled(SignupClosed):
    """The organiser cancelled the event: nothing about it can change any more."""

    code = "event-cancelled"


class EventStarted(DomainError):
    """The event has begun: sign-ups can no longer change."""

    code = "event-started"


class CheckInClosed(DomainError):
    """Check-in is open from a few hours before an event starts until a day after it ends."""

    code = "check-in-closed"


class TooSoon(DomainError):
    """Once a week at most: this village's story subscribers were already told this week."""

    code = "too-soon"


class AwaitsOnlinePayment(DomainError):
    """The order is to be paid in the chat: nobody may mark it paid offline (only an admin, by
    `settlement.settle_by_admin`, saying how the money came)."""

    code = "awaits-online-payment"


class TooManyMessages(DomainError):
    """A member wrote about one order as often as an hour allows (`order_messages.PER_HOUR`)."""

    code = "too-many-messages"


class NotOverdue(DomainError):
    """An offline order still within OFFLINE_CONFIRM_DAYS: its supplier may yet confirm the money,
    so an admin may not cancel it."""

    code = "not-overdue"
