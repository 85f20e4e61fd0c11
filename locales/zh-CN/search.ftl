## Free text that is talk, not a product's name (handlers/chat.py)
chat-answer = 💬 这好像是一句话，不是商品名称。直接发送商品名称就能搜索，例如 <code>蜂蜜</code>、<code>城口腊肉</code>；怎么使用请发送 /help。
chat-contact = 需要人帮忙，请联系管理员：{ $contact }
chat-contact-none = 需要人帮忙，请联系您单位的组织者或平台管理员。
chat-search = 🔍 怎么搜索
