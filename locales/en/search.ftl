## Free text that is talk, not a product's name (handlers/chat.py)
chat-answer = 💬 That reads like a sentence rather than a product's name. Send a product's name to search, for example <code>honey</code> or <code>城口腊肉</code>; send /help to see how the shop works.
chat-contact = For a person's help, contact an admin: { $contact }
chat-contact-none = For a person's help, ask your agency's organiser or a platform admin.
chat-search = 🔍 How to search
