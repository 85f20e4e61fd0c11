## Community (好品大家荐): the product card
card-rating = ⭐ { $average } ({ $count ->
        [one] one review
       *[other] { $count } reviews
    }) · 👍 { $recommends } recommend it
card-no-rating = ⭐ no reviews yet · 👍 { $recommends } recommend it
card-recommend = 👍 Recommend
card-recommended = ✅ Recommended (tap to withdraw)
card-reviews = 💬 Reviews ({ $count })
recommend-on = Recommended, thank you!
recommend-off = Recommendation withdrawn

## Reviews
reviews-title = <b>Reviews of { $name }</b> ({ $count } in all, page { $page }/{ $pages })
reviews-none = <b>{ $name }</b>
    No reviews yet. Buyers can rate it from the order page once they confirm receipt.
review-line = { $stars } · { $author } · { $date } { $photo }
    { $text }
review-hide = 🙈 Hide review #{ NUMBER($review, useGrouping: 0) }
review-hide-ask = Why hide review #{ NUMBER($review, useGrouping: 0) }? (It is kept, but no longer shown.)
review-hidden = Review #{ NUMBER($review, useGrouping: 0) } is hidden.
reason-too-long = That reason is too long; please keep it under { $limit } characters.
review-write = ⭐ Rate { $name }
review-change = ✏️ Change review of { $name }
review-invite = Order #{ NUMBER($order, useGrouping: 0) } received. How was it? Rate what you bought (entirely voluntary):
review-ask-stars = How many stars for <b>{ $name }</b>?
review-stars-please = Please tap one of the star buttons above.
review-ask-text = A few words about it (up to { $limit } characters), or tap “Skip”.
review-too-long = A review can be at most { $limit } characters; yours has { $length }. Please shorten it.
review-ask-photo = Send a photo of the product, or tap “Skip” to finish.
review-photo-please = A photo is needed here (not a sticker or text), or tap “Skip”.
review-skip = Skip
review-keep = Keep as it was
review-ask-text-change =
    Send the new words (up to { $limit } characters), or tap “Keep as it was”.
    As it was: { $text }
review-ask-photo-change = Send a new photo of the product, or tap “Keep as it was” to finish.
review-saved = ✅ Review saved: { $stars }
    { $text }
    You can change it from the order page for 7 days.
review-saved-points = ✅ Review saved: { $stars }, love points +{ $points }
    { $text }
    You can change it from the order page for 7 days.

## Ranking
ranked-title = <b>👍 Members' picks</b>
ranked-explain = Ranked by rating (a product with few reviews counts as near the average) × recent sales and recommendations; recent activity counts more.
county-ranked-title = <b>{ $county }</b> · by members' ranking
sort-by-rank = 👍 Sort by ranking
sort-by-sales = 🔥 Sort by sales

## Nominations (members)
menu-ranked = 👍 Members' picks
menu-nominate = 📝 Nominate a product
menu-my-nominations = 📝 My nominations
nominate-intro = 📝 <b>Nominate a product</b>: a good product from the poor counties that is not listed yet; we verify it and list it. Tap “Cancel” at any time.
nominate-ask = { $field ->
        [name] What is the product called?
        [county] Which county is it from? Tap one (or send the county's name):
        [village] Which village? Send its name if you know it, or tap “Skip”.
        [supplier] Who makes it (supplier or farm household)?
        [contact] How can they be reached? (a name and a phone number)
        [reason] Why do you recommend it? (5 to 500 characters)
       *[photo] Finally, send a photo of the product, or tap “Skip”.
    }
nominate-invalid = { $field ->
        [name] The product name should be 2 to 64 characters.
        [village] A village name is at most 64 characters.
        [supplier] The supplier's name should be 2 to 128 characters.
        [contact] The contact should be 5 to 128 characters, e.g. “Wang 13900001111”.
       *[reason] The reason should be 5 to 500 characters.
    }
nominate-county-please = That county was not found; please tap one below.
nominate-photo-please = A photo is needed here (not a sticker or text), or tap “Skip”.
nominate-skip = Skip
nominate-already-listed = This product is already on Aixin — have a look!
nominate-open-listed = 🛒 Open the product
nominate-merged-ahead = Someone has already nominated this product (nomination #{ NUMBER($nomination, useGrouping: 0) }). If you carry on, yours counts as support for it.
nominate-done = ✅ Nomination #{ NUMBER($nomination, useGrouping: 0) } received: { $name }. We will tell you once an admin has verified it.
nominate-merged = ✅ Counted as support: { $name } was nominated before, so your nomination #{ NUMBER($nomination, useGrouping: 0) } was merged. We will tell you the outcome.
nomination-status = { $status ->
        [open] waiting for verification
        [approved] approved, being listed
        [listed] listed
        [rejected] not accepted
       *[merged] merged (support)
    }
nomination-line = #{ NUMBER($nomination, useGrouping: 0) } · { $name } · { $county } · { nomination-status }{ $status ->
        [rejected] (reason: { $reason })
       *[other] {""}
    }
my-nominations-title = <b>My nominations</b> ({ $count })
my-nominations-none = You have not nominated anything yet. Found a good product from the poor counties? Tap “Nominate a product”.
nomination-approved = 🎉 { $name }, which you nominated, has been verified and is being prepared for listing.
nomination-listed = 🎉 { $name }, which you nominated, is now listed!{ $points ->
        [0] {""}
       *[other] { " " }Love points +{ $points }
    }
nomination-rejected = { $name }, which you nominated, was not accepted. Reason: { $reason }
command-nominate = Nominate a product
command-my_nominations = My nominations

## Nomination queue (admins)
queue-title = <b>Nominations to handle</b> ({ $count })
queue-empty = No nominations waiting.
queue-button = #{ NUMBER($nomination, useGrouping: 0) } { $name } · { $county } · { nomination-status }{ $supporters ->
        [0] {""}
       *[other] · +{ $supporters } support
    }
queue-nomination =
    <b>Nomination #{ NUMBER($nomination, useGrouping: 0) }</b> · { nomination-status }
    Product: { $name }
    Origin: { $county } · { $village }
    Supplier: { $supplier }
    Contact: { $contact }
    Why: { $reason }
queue-approve = ✅ Approve (choose a category)
queue-list = 🛒 Enter price and stock, and list it
queue-reject = ✖️ Reject
queue-choose-category = Choose the category. Approving creates the supplier (if new) and a draft product:
queue-approved = Approved; a draft product was created
queue-ask = { $field ->
        [price] Send the price in yuan, e.g. 39.90:
        [unit] Send the unit, e.g. 500 g/bag:
       *[stock] Send the stock:
    }
queue-invalid = { $field ->
        [price] The price should be a number above 0 with at most two decimals.
        [unit] The unit should be 1 to 32 characters.
       *[stock] The stock should be a whole number from 0 to 1000000.
    }
queue-list-preview =
    <b>List it?</b> { $name }
    ¥{ $price } / { $unit } · { $stock } in stock
queue-list-go = ✅ List it
queue-listed = ✅ { $name } is listed; the nominator has been told.
queue-ask-reason = Why reject nomination #{ NUMBER($nomination, useGrouping: 0) }? (The nominator will be told.)
queue-rejected = Nomination #{ NUMBER($nomination, useGrouping: 0) } rejected; the nominator has been told.

## Community errors
error-not-reviewable = Only the buyer can rate this product, once the order has been received.
error-already-reviewed = You have already reviewed this; you can change it from the order page for 7 days.
error-review-edit-closed = This review can no longer be changed (over 7 days, or hidden).
error-already-listed = This product is already listed.
error-nomination-decided = This nomination has already been handled.
