## Taking a one-tap action back, or asking first
event-check-in-undo-ask = { $name } is checked in. If that was a mistake, it can be taken back today (the love points go back with it).
event-check-in-undo = ↩️ Take the check-in back
event-check-in-undone = Check-in taken back; { $points } love points reversed.
story-withdraw-ask = Withdraw the story "{ $title }"? Members will no longer see it, and it will not be announced again.
story-withdraw-yes = 🗑 Withdraw it
broadcast-cancel-ask = Cancel broadcast #{ NUMBER($id, useGrouping: 0) }? What has not gone out will not go; what has cannot be taken back.
broadcast-cancel-yes = ✖️ Cancel the broadcast
broadcast-cancel-no = Keep it
