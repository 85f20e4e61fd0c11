## Settlement: who may mark an order paid
error-awaits-online-payment = This order is paid by its buyer in the chat, so it cannot be marked as paid offline. If the money really arrived another way, an admin can record it with /settle.
settle-usage =
    Usage: /settle ORDER_ID how the money came
    e.g. /settle 123 received by bank transfer
    Only for a pending order whose money really arrived outside the chat; it is recorded on the order.
settle-note-too-long = Please keep the note within { $limit } characters.
settle-not-pending = Order #{ NUMBER($order, useGrouping: 0) } is not waiting for payment: nothing to mark.
    { order-page }
settle-confirm =
    This order will be marked <b>paid</b>:
    { order-page }
    How the money came: { $note }
    The buyer gets the love points and the receipt; your name is recorded with it, and it cannot be undone.
settle-confirm-button = ✅ Confirm the money arrived
settle-done-alert = Marked as paid
settle-done =
    ✅ Marked as paid ({ $note }); the buyer has been told.
    { order-page }
