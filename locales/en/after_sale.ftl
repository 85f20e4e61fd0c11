## After-sale: an order's timeline and courier, messages between buyer and shop, offline orders waiting
order-contact-hidden = { " " }(phone and address are shown once payment is confirmed)
order-step-placed = 🕒 { $time } placed
order-step-paid = 💳 { $time } paid
order-step-shipped = 🚚 { $time } shipped · { $courier ->
        [self] { $tracking }
        [none] tracking no. { $tracking }
       *[other] { courier-name } { $tracking }
    }
order-step-received = 📦 { $time } received
order-step-cancelled = ✖️ { $time } cancelled
order-track = { " · " }<a href="{ $url }">track it</a>
courier-name = { $courier ->
        [sf] SF Express
        [zto] ZTO
        [yto] YTO
        [yunda] Yunda
        [post] China Post
        [jd] JD Logistics
       *[other] Other courier
    }
supplier-ask-courier = Which courier carries order #{ NUMBER($order, useGrouping: 0) }? Please choose (delivering it yourself: choose "Other courier", then write 自送 or "self"):
supplier-courier-first = Please choose the courier with the buttons below first, then send the tracking number.

orders-pay-not-due = This order is { order-status }: there is nothing to pay.
orders-pay-offline = This order is paid on delivery / settled by your unit, not in the chat: you will hear from us when the supplier confirms payment.
orders-pay-unavailable = Paying in the chat is not possible right now; please try again later.

order-contact-seller = 💬 Contact the seller
order-contact-service = 💬 Contact customer service
order-contact-buyer = 💬 Contact the buyer
order-message-reply = ↩️ Reply
order-message-ask =
    💬 { $to ->
        [buyer] A message to the buyer
        [service] Contact customer service
       *[seller] Contact the seller
    } (order #{ NUMBER($order, useGrouping: 0) })
    Please send what you want to say, up to { $limit } characters. We pass it on with the order number; the other side does not see your Telegram account.
order-message-sent = ✅ Passed on to { $to ->
        [buyer] the buyer
        [service] customer service
       *[seller] the seller
    } (order #{ NUMBER($order, useGrouping: 0) }). You will hear here when they reply.
order-message-too-long = This message has { $length } characters, more than the { $limit } allowed. Please make it shorter and send it again.
order-message-too-many = You have sent { $limit } messages about this order within an hour. Please wait for a reply, or write again in an hour. You will hear here when they reply.
order-message =
    💬 { $sender ->
        [buyer] The buyer
        [supplier] The seller { $seller }
       *[admin] Aixin customer service
    } wrote about order #{ NUMBER($order, useGrouping: 0) }:{ supplier-standing-in }
    { $text }
    ——
    { $lines }
    Neither side sees the other's Telegram account; tap "Reply" to answer.
error-too-many-messages = There have been enough messages about this order for one hour; please write again later.

supplier-offline-reminder =
    ⏰ This order (pay on delivery / settled by the buyer's unit) was placed more than a day ago and its payment is not confirmed yet.{ supplier-standing-in }
    { order-page }
    Once the money arrives, tap "Confirm payment"; to ask the buyer, tap "Contact the buyer".
offline-title = { $count ->
        [0] No offline order has waited more than { $days } days for its payment to be confirmed.
       *[other] <b>Offline orders awaiting payment confirmation</b> (placed more than { $days } days ago, { $count } in all, oldest first): confirm the payment, contact the buyer, or cancel the order (its buyer and supplier are told).
    }
offline-line =
    { supplier-order-line }
    Waiting for { $waited } days · placed { $placed }
offline-write-button = 💬 Contact the buyer #{ NUMBER($order, useGrouping: 0) }
offline-cancel-button = ✖️ Cancel #{ NUMBER($order, useGrouping: 0) }
offline-cancel-ask =
    Cancel this order? It was placed more than { $days } days ago and its payment was never confirmed.
    { order-page }
    Its stock goes back; the buyer is told why (and may write to us if they did pay), and the supplier is told not to ship it.
offline-cancel-confirm = ✖️ Yes, cancel it
offline-back = « Offline orders awaiting confirmation
offline-cancelled =
    Cancelled; the buyer and the supplier have been told.
    { order-page }
order-cancelled-unconfirmed =
    ✖️ Your order #{ NUMBER($order, useGrouping: 0) } (pay on delivery / settled by your unit) was placed more than { $days } days ago and its payment was never confirmed, so an admin has cancelled it and released its stock.
    { order-page }
    If you did pay, please leave us a message on the order's page.
supplier-order-closed-unconfirmed =
    ✖️ Order #{ NUMBER($order, useGrouping: 0) } was placed more than { $days } days ago and its payment was never confirmed; an admin has cancelled it. Please do not ship it. If you did receive the money, please tell an admin.
    { order-page }
error-not-overdue = This order is still within the time its supplier has to confirm payment; an admin cannot cancel it yet.
