## Navigation
nav-prev = ‹ Previous
nav-next = Next ›
nav-back = « Back
nav-menu = 🏠 Main menu

## Main menu
menu-title =
    <b>Aixin · buy to help</b>
    Products from the poor counties, credited to your volunteer record. Choose:
menu-counties = 🗺 By county
menu-categories = 🧺 By category
menu-hot = 🔥 Best sellers
menu-search = 🔍 Search
menu-me = 👤 Me
menu-language = 🌐 中文

## Language
language-choose = 请选择语言 · Please choose your language
language-set = Language set to English

## Registration
join-choose-agency =
    { $moving ->
        [1] Changing branch: choose the agency of your new branch
       *[0] Welcome to Aixin! Choose your agency
    } (page { $page }/{ $pages }).
    Or send the name of your branch or agency to search.
join-choose-branch = <b>{ $agency }</b>
    Choose your party branch:
join-search-results = { $count ->
        [one] One branch matches “{ $query }”:
       *[other] { $count } branches match “{ $query }”:
    }
join-search-nothing = No branch matches “{ $query }”. Try another word, or choose by agency.
join-done = ✅ You joined <b>{ $branch }</b> ({ $agency }).
join-invite-unknown = This invite link is not valid any more.
join-move-ask = You are a member of <b>{ $current }</b>. Move to <b>{ $branch }</b> ({ $agency }), as the invite link offers?
join-move = Move to { $branch }
join-stay = Stay where I am

## Catalog
counties-title = <b>Shop by county</b>
    In brackets: products listed (sold-out ones included).
county-button = { $county } ({ $count })
county-title = <b>{ $county }</b>
categories-title = <b>Shop by category</b>
category-button = { $category } ({ $count })
category-title = <b>{ $category }</b>
hot-title = <b>🔥 Best sellers</b>
list-page = { $title }
    Page { $page }/{ $pages } · { $total ->
        [one] one product
       *[other] { $total } products
    }
list-empty = { $title }
    Nothing on sale here yet.
product-button = { $name } · ¥{ $price }

## Product card
product-title = <b>{ $name }</b>
badge-charity = 💝 Charity item (the platform adds ¥1 to the fund for every purchase)
badge-demo = 🧪 Demo data
product-price = 💰 ¥{ $price } / { $unit }
product-origin = 📍 Origin: { $origin }
product-origin-village = { $county } · { $village }
product-supplier = 🏪 Supplier: { $supplier } ({ $kind ->
        [brand] brand maker
        [shop] small shop
       *[farm] farm household
    })
product-stock = 📦 In stock: { $stock }
product-sold-out = 📦 Sold out
product-certification = 🏅 Certification no.: { $number }
product-share-link = 🔗 Share link: { $link }
product-share = 📣 Recommend to colleagues

## Search
search-help = 🔍 Send a word or two to search product names, counties and suppliers, e.g. <code>honey</code>, <code>Chengkou</code>, <code>蜂蜜</code>.
search-title = 🔍 Results for “{ $query }”
search-nothing = 🔍 Nothing on sale matches “{ $query }”. Try another word, or browse by county or category.
search-too-long = That search is too long; please keep it under { $limit } characters.

## Inline mode
inline-open = Open in Aixin
inline-description = ¥{ $price } / { $unit } · { $county }

## Me
me-title =
    <b>👤 { $name }</b>
    { $branch }
    Roles: { $roles }
me-branch = Branch: { $branch } ({ $agency })
me-no-branch = Not in a branch yet.
me-change-branch = Change branch
me-join-branch = Join a branch
role-name = { $role ->
        [supplier] supplier
        [first_secretary] first secretary
        [organiser] organiser
        [admin] admin
       *[member] member
    }

## Help and commands
help =
    <b>How to use Aixin</b>
    /start or /menu main menu
    /search search products, e.g. <code>/search honey</code>
    /orders my orders: pay, cancel, confirm receipt
    /me your details, branch and love footprint
    /rank branches and agencies by participation
    /fund the one-yuan fund
    /address delivery contact
    /nominate a good product from the poor counties, /my_nominations your nominations
    /events volunteer trips: sign up, leave
    /settings which announcements you receive (every announcement also has an unsubscribe button)
    /language switch language
    /cancel leave what you are filling in
    /help this help
    In any chat, type @ and this bot's name with a word to recommend a product to colleagues.
help-supplier =
    <b>Suppliers</b>
    /supply orders of my supply: confirm payment, ship
help-first_secretary =
    <b>First secretaries</b>
    /story tell the stories of your village's products, list a village product
help-organiser =
    <b>Organisers</b>
    /broadcast send an announcement, /broadcasts the latest ones
    /event announce a volunteer trip, /fair an online fair, /exemplar exemplars
    /events open a trip for its roster and check-in, the exported list, or to cancel it
help-admin =
    <b>Admins</b>
    /payments payments to settle by hand, /refunds orders waiting for a refund (/refund ORDER)
    /fund_out record a disbursement from the fund
    /settle ORDER note: record money that arrived outside the chat
    /offline offline orders whose payment has gone unconfirmed too long
    /nominations the nomination queue, /drafts village products to approve
command-start = Open the main menu
command-menu = Main menu
command-search = Search products
command-me = My details
command-language = Language / 切换语言
command-help = Help
command-cancel = Leave what you are filling in

## Bad input and errors
unknown-command = There is no such command. Send /help to see what I can do.
only-text = I can only read text here. Send a word or two to search, or /start for the main menu.
text-too-long = That message is too long; please keep it short.
button-stale = This button has expired; please start again from the main menu.
error-not-found = Not found: it may have been taken off sale or removed.
error-forbidden = You are not allowed to do that.
error-invalid-input = That input is not valid; please check it and try again.
error-dialog-moved = Several of your actions arrived at once and this one did not take effect; please try again.
error-out-of-stock = Sorry, not enough in stock.
error-wrong-status = This has moved on and cannot be done any more. Go back and have another look.
error-order-expired = The order has expired.
error-wrong-amount = The amount does not match the order.
error-contact-missing = Please give a delivery contact first (/address).
error-unknown-invite = This invite link is not valid.
error-schema-behind = The system is being upgraded; please try again in a moment.
error-error = Sorry, something went wrong. Please try again in a moment.
error-generic = Sorry, something went wrong. Please try again in a moment.

## Ordering
product-less = ➖ One less
product-more = ➕ One more
product-order = 🛒 Order now ×{ $quantity } · ¥{ $total }
order-join-first = Please send /start and join your branch before ordering.
order-out-of-stock = Sorry, not enough in stock. Try fewer, or another product.
order-status = { $status ->
        [pending_payment] awaiting payment
        [pending_offline] awaiting payment confirmation
        [paid] paid
        [shipped] shipped
        [received] received
        [refunded] refunded
        [cancelled_paid] cancelled · refund in progress
       *[cancelled] cancelled
    }
order-page =
    <b>Order #{ NUMBER($order, useGrouping: 0) }</b> · { order-status }
    { $lines }
    Total: ¥{ $total }
    Deliver to: { $name }{ $contact_hidden ->
        [1] { order-contact-hidden }
       *[0] { " " }{ $phone }{ "\u000A" }Address: { $address }
    }
    { $timeline }
order-expired-notice =
    ⌛ Order #{ NUMBER($order, useGrouping: 0) } was not paid in time and has been cancelled; its stock is released.
    { $lines }
    If you still want it, please order again.
order-placed-offline =
    ✅ Order placed (pay on delivery / settled by your unit)
    { order-page }
    You will hear from us when the supplier confirms payment; then your love points are credited.
order-already =
    This button's order has already been placed:
    { order-page }
order-paid =
    💝 Paid, thank you for your kindness! Love points +{ $points }{ $charity ->
        [1] { "\u000A" }🎗 A charity item: the platform has added ¥1.00 to the one-yuan fund.
       *[0] { "" }
    }
    { order-page }
order-shipped =
    🚚 Your order has shipped
    { order-page }
    Tap "Confirm receipt" when it arrives.
invoice-description = Aixin order #{ NUMBER($order, useGrouping: 0) }: { $lines }
checkout-refused = { $reason ->
        [wrong-amount] The amount does not match the order; please order again.
        [order-expired] This order was not paid in time; please order again.
        [wrong-status] This order is already paid or cancelled.
       *[not-found] This order cannot be found.
    }
payment-kept-for-admin = We received your payment but could not match it to an order awaiting payment. An admin will check it soon; nothing is lost.

## Delivery contact dialog
contact-ask = { $field ->
        [name] Please send the recipient's name:
        [phone] Please send the recipient's mobile number (11 digits):
       *[address] Please send the full delivery address (district, street, number):
    }
contact-invalid = { $field ->
        [name] The name should be 1 to 32 characters.
        [phone] That does not look like a mobile number; send 11 digits, e.g. 13800138000.
       *[address] The address is too short or too long (6 to 200 characters).
    }
contact-saved =
    ✅ Delivery contact saved: { $name } { $phone }
    { $address }
    Send /address to change it.
contact-current =
    📦 Current delivery contact: { $name } { $phone }
    { $address }
contact-change = ✏️ Change the delivery contact
contact-intro = Your first order: the delivery contact (name, mobile, address) is asked once; later orders do not ask again, and /address changes it.
dialog-cancel = Cancel
dialog-cancelled = Cancelled; nothing was changed.
dialog-none = There is nothing to cancel.
dialog-text-please = Please answer with text here.
dialog-tap-please = Please choose with the buttons below.

## My orders
orders-title = <b>My orders</b> ({ $count })
orders-none = You have no orders yet. Have a look at the counties' products in the main menu.
orders-button = #{ NUMBER($order, useGrouping: 0) } · { $product } · { order-status } · ¥{ $total }
orders-view = View order
orders-pay = 💳 Pay
orders-cancel = Cancel order
orders-receive = 📦 Confirm receipt
orders-cancelled = Order cancelled
orders-received = Receipt confirmed, thank you!
orders-cancel-ask =
    Cancel this order? Its stock goes back.
    { order-page }
orders-cancel-paid-ask =
    Cancel this paid order?
    { $offline ->
        [1] The supplier will then return what you paid; once an admin has recorded the refund, the order's love points and match are reversed.
       *[0] An admin will then refund you (to where the money came from); once refunded, the order's love points and match are reversed.
    }
    { order-page }
orders-cancel-confirm = ✖️ Yes, cancel it
supplier-order-cancelled =
    ✖️ Order #{ NUMBER($order, useGrouping: 0) } was cancelled by the buyer: please do not ship it.{ $offline ->
        [1] { " " }Please return the ¥{ $total } you received to the buyer, and tell an admin so that the refund is recorded.
       *[0] { "" }
    }
    { order-page }
refunds-title = { $count ->
        [0] No orders are waiting for a refund.
        [one] <b>Waiting for a refund</b> (1): a paid order its buyer cancelled before shipping. Once the money is back with the buyer, record it with the button below.
       *[other] <b>Waiting for a refund</b> ({ $count }): paid orders their buyers cancelled before shipping. Once the money is back with the buyer, record it with the buttons below.
    }
refunds-back = « Refunds
refund-button = ↩️ Refund #{ NUMBER($order, useGrouping: 0) } · ¥{ $total }
refund-start = ↩️ Refund
refund-needed =
    ↩️ Order #{ NUMBER($order, useGrouping: 0) } was cancelled by its buyer before shipping; ¥{ $total } was paid and must be refunded.
    { order-page }
    { $offline ->
        [1] It was settled offline, so the supplier holds the money: once they have returned it to the buyer, record it with the button below.
       *[0] Once the money is back with the buyer, record it with the button below.
    }
refund-confirm =
    Please confirm that ¥{ $total } went back to the buyer, { $name }.
    Recording the refund reverses the order's love points and match, and cannot be undone.
    { order-page }
refund-confirm-button = ✅ The money went back
refund-not-due =
    This order needs no refund.
    { order-page }
refund-recorded = Refund recorded
order-refunded =
    💰 Order #{ NUMBER($order, useGrouping: 0) } refunded: ¥{ $total } went back to you. The order's love points are reversed.
    { order-page }

## Suppliers
supplier-new-offline =
    🆕 New order (pay on delivery / settled by unit){ supplier-standing-in }
    { order-page }
    Tap "Confirm payment" once the money has arrived.
supplier-new-paid =
    🆕 New order (paid){ supplier-standing-in }
    { order-page }
supplier-standing-in = { $standing_in ->
        [1] { "\u000A" }Nobody takes orders in Aixin for the supplier { $supplier } yet: please handle it as an admin.
       *[0] { "" }
    }
supplier-order = { order-page }
supplier-order-line =
    <b>#{ NUMBER($order, useGrouping: 0) }</b> · { order-status } · ¥{ $total }
    { $lines }
    Deliver to: { $name }{ $contact_hidden ->
        [1] { order-contact-hidden }
       *[0] { " " }{ $phone } · { $address }
    }
supplier-confirm-paid = ✅ Confirm payment
supplier-confirmed = Payment confirmed
supplier-ship = 🚚 Ship (courier and tracking number)
supplier-confirm-button = ✅ Confirm payment #{ NUMBER($order, useGrouping: 0) }
supplier-ship-button = 🚚 Ship #{ NUMBER($order, useGrouping: 0) }
supplier-ask-tracking = Please send the tracking number of order #{ NUMBER($order, useGrouping: 0) } (delivering it yourself? write “self”):
supplier-tracking-invalid = That does not look like a tracking number, so the order is not marked shipped yet. Tracking numbers have digits, like SF1234567890.
supplier-shipped = 🚚 Order #{ NUMBER($order, useGrouping: 0) } shipped; the buyer has been told.
supplier-orders = <b>Orders of my supply</b> ({ $count })
supplier-orders-none = No orders of your supply yet.
supplier-home = { $count ->
        [0] 🚚 You are a supplier; no orders are waiting to be shipped.
        [one] 🚚 You are a supplier: one paid order is waiting to be shipped.
       *[other] 🚚 You are a supplier: { $count } paid orders are waiting to be shipped.
    }
supplier-home-button = 🚚 Orders of my supply
command-orders = My orders
command-address = Delivery contact

## The fund
fund-summary =
    <b>💝 One-yuan fund</b>
    For every charity item a member buys, the platform adds one yuan.
    Balance: ¥{ $balance }
    Matched so far: ¥{ $matched } (reversed by refunds ¥{ $reversed })
    Paid out so far: ¥{ $disbursed }
    Latest payments out:
    { $latest }
fund-disbursement = { $date } · ¥{ $amount } → { $recipient } ({ $purpose })
fund-no-disbursement = none yet
fund-out-ask = { $field ->
        [amount] Send the amount paid out (yuan), e.g. 500 or 128.50:
        [recipient] Send the recipient (village, school or person):
        [purpose] Send the purpose:
       *[date] Send the date paid, as { $today } (or “today”):
    }
fund-out-invalid = { $field ->
        [amount] The amount must be a number above 0 with at most two decimals.
        [date] The day the money went out, like { $today } (or “today”); not a day still to come.
        [recipient] Please write 1 to 128 characters.
       *[other] Please write 1 to 256 characters.
    }
fund-out-over-balance = That is more than the fund's balance; nothing was recorded. Send /fund to see the balance.
fund-out-balance = Available to pay out: ¥{ $balance } (the balance less the matches of orders waiting for a refund)
fund-out-over-balance-now = That is more than the ¥{ $balance } available; please send another amount.
fund-out-done = ✅ Recorded ¥{ $amount } paid to { $recipient }.
refund-usage = Usage: /refund ORDER, e.g. /refund 12 (only for orders cancelled after payment). /refunds lists every order waiting for a refund.
refund-done = ✅ Order #{ NUMBER($order, useGrouping: 0) } recorded as refunded (¥{ $total }); its love points and match are reversed.
payments-title = Payments to settle by hand: { $count }
payments-entry = { $charge } · user { $user } · ¥{ $amount } · { $payload } · { $status ->
        [unknown_order] no such order of this user
       *[rejected] the order could no longer be paid
    }
command-fund = One-yuan fund

## Love footprint and rankings
me-footprint =
    <b>💝 My love footprint</b>
    Orders { $orders } · spent ¥{ $spent }
    Love points { $points } · matches triggered { $matches }
    Volunteer events attended { $events }{ $members ->
        [0] { "" }
       *[other] { "\u000A" }Rank in branch { $rank } / { $members }
    }
menu-orders = 🧾 My orders
menu-rank = 🏆 Rankings
rank-title = <b>🏆 { $level ->
        [agency] Agencies
       *[branch] Branches
    } by participation · { $period ->
        [month] this month
       *[all] all time
    }</b>
rank-row = { $place }. { $name } · { $rate } take part ({ $participants }/{ $members }) · ¥{ $amount } · { $points } pts
rank-empty = No figures yet.
rank-footer = <i>Only those where someone took part are listed. Taking part is voluntary.</i>
rank-level = { $level ->
        [agency] Show agencies
       *[branch] Show branches
    }
rank-period = { $period ->
        [month] Show this month
       *[all] Show all time
    }
command-rank = Rankings

## Announcements
announcement-kind = { $kind ->
        [fairs] fairs
        [events] volunteer events
        [stories] village stories
       *[general] general news
    }
settings-title =
    <b>Announcements</b>
    Tap to choose what you hear about. Taking part is voluntary; change it any time.
settings-kind = { $muted ->
        [1] 🔕 { announcement-kind }: off
       *[0] 🔔 { announcement-kind }: on
    }
settings-saved = Saved
settings-unsubscribed = You will get no more { announcement-kind }. Send /settings to change that.
broadcast-unsubscribe = 🔕 No more { announcement-kind }
broadcast-resubscribe = 🔔 No more { announcement-kind } · tap to undo
settings-resubscribed = You will get { announcement-kind } again.
broadcast-open-product = 🛒 See the product
broadcast-open-county = 🗺 See this county's products
command-settings = Announcements

## Broadcasts (organisers)
broadcast-ask-content = Send the announcement: text, or one photo with a caption.
broadcast-photo-needs-caption = A photo needs a caption (up to 1,024 characters).
broadcast-use-buttons = Please choose with the buttons above.
broadcast-ask-kind = What kind of announcement is it? (Members can turn each kind off.)
broadcast-ask-audience = Who should get it?
broadcast-audience = { $audience ->
        [agency] one agency
        [own] everyone in my agency
        [branch] one branch
        [county] members who bought from one county
       *[all] every subscribed member
    }
broadcast-ask-target = Choose the { $audience ->
        [agency] agency
        [branch] branch
       *[county] county
    }:
broadcast-ask-button = Add a button under it?
broadcast-button-none = No button
broadcast-button-county = See a county's products
broadcast-button-product = Open a product
broadcast-ask-product = Send a word or two of the product's name and I will find it:
broadcast-pick-product = Products matching “{ $query }”; tap one:
broadcast-no-product = Nothing on sale matches “{ $query }”; send another word.
broadcast-ask-when = When should it go out? Tap "Send now", or send a time like { $example } or “tomorrow 9:00” (Beijing time).
broadcast-ask-when-again = The time should look like { $example } (or “tomorrow 9:00”); send it again, or tap "Send now".
broadcast-now = Send now
broadcast-preview =
    <b>Preview</b>
    { $text }

    Goes to { $count } people · { $when }
broadcast-ask-when-past = That time has passed. Please send a time to come, like { $example }, or tap “Send now”.
broadcast-quiet-note = Non-urgent announcements due between { $start }:00 and { $end }:00 wait for the morning.
broadcast-quiet-deferred = That time is between { $start }:00 and { $end }:00: the announcement will start going out at { $end }:00.
broadcast-nobody = Nobody would receive this (they may all have unsubscribed from this kind). Please choose other recipients.
broadcast-change-audience = Choose other recipients
broadcast-confirm = ✅ Send it
broadcast-published = Scheduled
broadcast-status-name = { $status ->
        [scheduled] scheduled
        [sending] sending
        [paused] paused
        [cancelled] cancelled
       *[done] done
    }
broadcast-status = Announcement { broadcast-status-name }
broadcast-progress = 📣 Announcement #{ NUMBER($id, useGrouping: 0) } · { broadcast-status-name }
    { $total ->
        [0] Not started yet.
       *[other] Sent { $sent } / { $total } · blocked { $blocked } · failed { $failed }
    }
broadcast-pause = ⏸ Pause
broadcast-resume = ▶️ Resume
broadcast-cancel = ✖️ Cancel
broadcast-list = <b>Latest announcements</b> ({ $count })
broadcast-line = #{ NUMBER($id, useGrouping: 0) } · { broadcast-status-name } · { $when } · { $text }{ $total ->
        [0] { "" }
       *[other] { " · " }{ $sent }/{ $total }, blocked { $blocked }, failed { $failed }
    }

## Events, fairs, stories, exemplars (issue #6)
menu-events = 🚌 Volunteer trips
menu-zone = 🏡 First secretaries' picks
menu-exemplars = 🎖 Exemplars
command-events = Volunteer trips
error-signup-closed = Sign-up has closed.
error-check-in-closed = Check-in opens 6 hours before the event starts and closes 24 hours after it ends.
error-event-started = The trip has started; sign-ups can no longer change.
error-event-cancelled = This trip was cancelled; sign-ups can no longer change.
error-too-soon = This village's story subscribers were already told this week; try next week.

events-title = { $organiser ->
        [1] <b>Trips I organise</b>
       *[0] <b>Visit the poor areas, buy their products</b>
    }
    Taking part is voluntary; you can leave any time before the start.
events-empty = { $organiser ->
        [1] No trips of yours yet. Send /event to publish one.
       *[0] No trips coming up.
    }
event-button = { $when } · { $title }
event-button-cancelled = ❌ { $when } · { $title } (cancelled)
event-card =
    <b>{ $title }</b>
    📍 { $place } · meeting point: { $meeting }
    🕗 { $start } to { $end }
    ⏳ Sign up by { $deadline }
    👥 { $capacity } places, { $confirmed } signed up, { $waitlisted } waiting
    { $description }

    { $status ->
        [confirmed] ✅ You are signed up.
        [waitlisted] ⏳ You are number { $line } on the waitlist; places go in order when someone leaves.
        [attended] 🎉 You were checked in. Thank you!
        [cancelled] You left this trip.
        [gone] { "" }
       *[none] You have not signed up. Taking part is voluntary.
    }
event-card-cancelled = ❌ <b>The organiser has cancelled this trip.</b>
event-cancel = 🚫 Cancel the trip
event-cancel-confirm =
    Cancel <b>{ $title }</b> ({ $start })?
    The { $confirmed } signed up and { $waitlisted } waiting will each get one message. This cannot be undone.
event-cancel-yes = Yes, cancel the trip
event-cancel-no = No, go back
event-cancelled = Trip cancelled; { $count } people told.
event-cancelled-notice = ❌ Trip cancelled: <b>{ $title }</b> (planned for { $start }) was cancelled by its organiser. Thank you for signing up; we hope to see you next time.
event-sign-up = ✋ Sign up
event-leave = Leave the trip
event-signed-up = You are signed up! We will remind you 24 hours and 2 hours before.
event-waitlisted = The trip is full; you are number { $line } on the waitlist and will be told if a place frees up.
event-attended-already = You were checked in already. Thank you!
event-left = You left the trip. Thank you for your interest.
event-promoted = 🎉 A place freed up and it is yours: <b>{ $title }</b> ({ $start }). If you cannot come, you can leave any time before the start.
event-open = Open the trip
event-reminder = ⏰ { $which ->
        [day] Within a day
       *[hours] In two hours
    }: <b>{ $title }</b>
    🕗 { $start } · meeting point: { $meeting }
    If you cannot come, you can leave on the trip's page before the start.
event-roster = 📋 List and check-in
event-csv = 📄 Export list
event-roster-title = <b>{ $title }</b> check-in ({ $count }): tap a name to check them in.
event-roster-row = { $attended ->
        [1] ✅
       *[0] ⬜
    } { $name } · { $branch }
event-checked-in = Checked in: +{ $points } love points on the volunteer record.
event-already-in = Already checked in.
event-csv-caption = { $title }: { $count } signed up · { $waiting } waiting (those who left are listed too)
event-ask = { $field ->
        [title] Send the trip's title (up to 64 characters):
        [county] Which county?
        [village] Which village?
        [meeting_place] Where do people meet?
        [starts_at] When does it start? Format: { $start }
        [ends_at] When does it end? Format: { $end }
        [signup_deadline] Sign-up deadline? Format: { $deadline }
        [capacity] How many places? (a number, e.g. 30)
       *[description] A description (itinerary, costs…); send "-" for none:
    }
event-invalid = { $field ->
        [time] That time is not in the format asked for, or not in order. Write it like { $start }, or “tomorrow 9:00”.
        [past] That time has passed; please give a time to come.
        [capacity] Places must be a whole number from 1 to 10000.
       *[other] That does not fit; please try again.
    }
event-no-village = No particular village
event-preview =
    <b>Preview</b>
    { $title }
    📍 { $place } · meeting point: { $meeting }
    🕗 { $start } to { $end }
    ⏳ Sign up by { $deadline } · { $capacity } places
    { $description }

    Publishing announces it to members with a Sign up button.
event-publish = ✅ Publish
event-published = { $quiet ->
        [1] Published. It is night now: the announcement goes out from { $end }:00.
       *[0] Published; the announcement is going out.
    }
event-announcement =
    🚌 Visit the poor areas: { $title }
    📍 { $place } · meeting point: { $meeting }
    🕗 Starts { $start } · { $capacity } places · sign up by { $deadline }
    { $description }
    Taking part is voluntary.
broadcast-sign-up = ✋ Sign up
broadcast-open-fair = 🎪 Visit the fair
broadcast-open-story = 📖 Read the story

fair-menu-button = 🎪 On now: { $name }
fair-title =
    🎪 <b>{ $name }</b>{ $has_offline ->
        [0] { "" }
       *[1] { "\u000A" }Offline fair: { $offline }
    }
    🕗 { $start } to { $end }
fair-feature-button = 📷 { $county }: food and scenery
fair-ask = { $field ->
        [name] Send the fair's name (up to 64 characters):
        [offline_fair] Which offline fair does it accompany? (e.g. 西部农交会, 渝交会; "-" for none)
        [starts_at] When does it open? Format: { $start }
        [ends_at] When does it close? Format: { $end }
        [products] Send a word or two of a product's name, then tap the products to add; tap “Products done” when finished.
        [feature] Send this county's feature (food and scenery) as text, or photos with a caption (up to 5).
       *[features] Which counties get a feature? Tap one; when finished tap "Done, preview".
    }
fair-pick = Products matching "{ $query }"; tap to add (tap again to take out):
fair-pick-none = No product matches "{ $query }"; try another word.
fair-picked = Added ({ $count } in all)
fair-unpicked = Taken out ({ $count } in all)
fair-products-done = Products done ({ $count })
fair-features-done = Done, preview
fair-feature-county-first = Tap a county first, then send its feature.
fair-preview =
    <b>Preview</b>
    🎪 { $name }
    🕗 { $start } to { $end }
    { $products } products · { $features } county features
    { $open_now ->
        [1] Its opening time has come: members are told as soon as it is published.
       *[0] Members are told when it opens.
    }
fair-published = The fair is created; its opening announcement is scheduled.
fair-open = 🎪 Open the fair
fair-announcement =
    🎪 Online fair opens: { $name }{ $has_offline ->
        [0] { "" }
       *[1] { "\u000A" }Alongside: { $offline }
    }
    🕗 { $start } to { $end }
    The counties' products, food and scenery. Have a look.
fair-summary =
    📊 The fair "{ $name }" has closed: { $orders } orders, ¥{ $amount } during it. Per county:
    { $lines }
fair-summary-row = { $county }: { $orders } orders · ¥{ $amount }
badge-fair = 🎪 At the fair { $name }

zone-title = <b>First secretaries' picks</b>: choose a county to see village products and their first secretaries' stories.
zone-empty = No first-secretary stories yet.
zone-villages-title = <b>First secretaries' picks</b>: choose a village to see its products and its first secretary's stories.
zone-county = { $county } ({ $count ->
        [one] 1 village
       *[other] { $count } villages
    })
zone-village = { $village } ({ $count ->
        [one] 1 story
       *[other] { $count } stories
    })
zone-village-title = <b>{ $village }</b>: { $count ->
        [one] the first secretary's story and the village's products
       *[other] the first secretary's { $count } stories and the village's products
    }
story-button = 📖 { $title }
story-page =
    <b>{ $title }</b>
    { $place }

    { $text }
product-endorsement = 📖 First secretary's endorsement
story-mine = <b>My endorsement stories</b> ({ $count })
story-edit = Edit
story-withdraw = Withdraw
story-withdrawn = Withdrawn.
story-new = ✍️ Write a story
story-draft = ➕ List a village product (for approval)
story-ask = { $field ->
        [title] Send the story's title (up to 64 characters):
        [text] Send the story:
        [photos] Send up to 5 photos, then tap the button below (or tap it now for none).
        [products] Which village products does it endorse? Tap to choose (again to unchoose), then Done.
       *[push] Tell members subscribed to stories? (at most once per village a week)
    }
story-photos-done = Photos done ({ $count })
story-current = Now it reads: { $current }
    Send the new wording, or - to keep it.
story-photo-please = { $full ->
        [1] Five photos at most: this one was not added. “Choose photos again” starts over.
       *[0] Photos go here; when done (or if none), tap “Photos done”.
    }
story-photos-clear = 🔄 Choose photos again (clears them)
story-products-done = Done
story-push = { $push ->
        [1] 📣 Publish and tell subscribers
       *[0] Publish only
    }
story-published = The story is published.
story-published-pushed = The story is published; subscribers are being told.
story-published-not-pushed = The story is published; subscribers were already told this week, so not again.
story-announcement =
    📖 A first secretary's story: { $title } ({ $village })
    { $text }

draft-ask = { $field ->
        [name] Send the product's name (up to 64 characters):
        [price] Price in yuan, e.g. 39.80:
        [unit] Unit, e.g. 500 g/bag:
        [stock] Stock:
        [description] A few words about it (where and how it is made, what it tastes like; 1000 characters at most), or tap Skip:
        [photo] A photo of the product, or tap Skip:
       *[category] Choose a category:
    }
draft-saved = Submitted: { $name } ¥{ $price }. An admin will list it after checking.
drafts-title = { $count ->
        [0] No village product is waiting for approval.
       *[other] <b>Village products waiting for approval</b> ({ $count }); tap one to see it:
    }
draft-row = { $name } · { $village } · ¥{ $price }
draft-approved = Listed: { $name }
draft-detail =
    <b>Village product waiting for approval</b>: { $name }
    { $village } · { $category }
    ¥{ $price } / { $unit } · { $stock } in stock
    About it: { $description }
draft-approve = ✅ List it
draft-reject = ✖️ Turn down
draft-rejected = Turned down: { $name }
draft-rejected-notice = The village product you submitted, <b>{ $name }</b>, was not approved this time and is not listed. Please ask an admin if anything is unclear.
draft-submitted = 📝 A first secretary submitted a village product for review: <b>{ $name }</b> · { $village } · ¥{ $price }
drafts-open = Review village products
draft-listed = ✅ Your village product <b>{ $name }</b> was approved and is now on sale. Thank you for speaking for your village!
draft-view = See the product

exemplars-empty = No exemplars yet.
exemplar-page =
    🎖 <b>{ $title }</b>
    { $team } · { $county }

    { $text }

    { $nominated ->
        [1] 📰 Nominated for city media{ " · " }
       *[0] { "" }
    }{ $page } / { $pages }
exemplar-nominate = 📰 Nominate for city media
exemplar-nominated = { $new ->
        [1] Nomination recorded.
       *[0] Already nominated.
    }
exemplar-ask = { $field ->
        [title] Send the title (up to 64 characters):
        [team] Which resident work team?
        [county] In which county?
        [text] Send the story:
       *[photos] Send up to 5 photos, then tap Publish (or tap it now for none).
    }
exemplar-publish = ✅ Publish ({ $count } photos)
exemplar-published = Published among the exemplars.
