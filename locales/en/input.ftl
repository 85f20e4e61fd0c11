## What members type: a message of nothing but invisible or control characters
text-unreadable = I could not find any readable text in that message. Send a word or two to search, or /start for the main menu.
