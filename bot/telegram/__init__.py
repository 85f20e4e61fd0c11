"""The Telegram door: routing updates to the shop's intents and rendering their replies."""
