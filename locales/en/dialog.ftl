## The dialog engine: every question's buttons, drafts that wait
dialog-back = ← Back
dialog-keep = Keep
dialog-skip = Skip
dialog-done = { $count ->
        [0] Done
       *[other] Done ({ $count })
    }
dialog-confirm = ✅ Confirm
dialog-current = Now: { $value } (tap Keep to leave it)
dialog-so-far = { $count } so far.
dialog-invalid = That answer does not fit; please try again.
dialog-use-buttons = Please choose with the buttons below.
dialog-photo-please = A photo is needed here (not a sticker or text).
dialog-photos-full = { $limit } photos at most: that is enough, tap Done to go on.
dialog-button-stale = This button has expired: the questions have moved on, please answer the latest one.
dialog-none-now = This button has expired: that form is finished.
dialog-draft-waiting = 📝 You have an unfinished { $draft }, kept for you. Carry on with it?
dialog-resume = ✏️ Carry on
dialog-abandon = 🗑 Discard
dialog-abandoned = The draft has been discarded.
contact-draft = delivery contact
fund-out-draft = fund disbursement
fund-out-preview =
    <b>Please check this disbursement</b>
    Amount: ¥{ $amount }
    Recipient: { $recipient }
    Purpose: { $purpose }
    Date: { $date }
    Once recorded it is public in /fund and cannot be taken back.
fund-out-confirm = ✅ Record it
review-hide-draft = reason for hiding a review
review-hide-preview =
    Review #{ NUMBER($review, useGrouping: 0) } will be hidden, because: { $reason }
    It is kept, but no longer shown or counted in the rating.
review-hide-confirm = 🙈 Hide it
queue-reject-draft = reason for turning down a nomination
queue-reject-preview =
    Nomination #{ NUMBER($nomination, useGrouping: 0) } will be turned down, and its nominator told why:
    { $reason }
queue-reject-confirm = ✖️ Turn it down
queue-list-draft = listing
review-draft = review
review-current = Before: { $value }
nominate-draft = nomination
nominate-preview =
    <b>Please check your nomination</b>
    Product: { $name }
    County: { $county } · village: { $village }
    Supplier or farm household: { $supplier }
    Contact: { $contact }
    Why: { $reason }
    Photo: { $photo ->
        [1] attached
       *[0] none
    }
nominate-confirm = ✅ Submit the nomination
event-draft = trip
photos-done = Photos done ({ $count })
exemplar-draft = exemplar
exemplar-preview =
    <b>Preview</b>
    🎖 <b>{ $title }</b>
    { $team } · { $county }

    { $text }

    { $photos } photo(s). Once published, every member sees it under Exemplars.
draft-draft = village product draft
dialog-photos-clear = 🔄 Choose the photos again (clears them)
story-dialog = story
story-photos-hint = Photos can be sent here; when done (or if none), tap Photos done.
story-preview =
    <b>Preview</b>
    📖 <b>{ $title }</b>
    { $text }

    { $photos } photo(s) · endorses { $products } product(s)
fair-dialog = fair
fair-features-counties = ← Back to the counties
broadcast-dialog = broadcast
dialog-resume-draft = ✏️ Carry on with the { $draft }
tracking-dialog = shipping details
order-message-dialog = message
