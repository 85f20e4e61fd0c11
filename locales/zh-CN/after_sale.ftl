## After-sale: an order's timeline and courier, messages between buyer and shop, offline orders waiting
order-contact-hidden = （电话和地址在确认收款后显示）
order-step-placed = 🕒 { $time } 下单
order-step-paid = 💳 { $time } 付款
order-step-shipped = 🚚 { $time } 发货 · { $courier ->
        [self] { $tracking }
        [none] 快递单号 { $tracking }
       *[other] { courier-name } { $tracking }
    }
order-step-received = 📦 { $time } 收货
order-step-cancelled = ✖️ { $time } 取消
order-track = { " · " }<a href="{ $url }">查询物流</a>
courier-name = { $courier ->
        [sf] 顺丰
        [zto] 中通
        [yto] 圆通
        [yunda] 韵达
        [post] 邮政
        [jd] 京东
       *[other] 其他快递
    }
supplier-ask-courier = 订单 #{ NUMBER($order, useGrouping: 0) } 用哪家快递发货？请选择（自己送货请选“其他快递”，再写“自送”）：
supplier-courier-first = 请先点下面的按钮选择快递公司，再发送快递单号。

orders-pay-not-due = 这笔订单{ order-status }，不需要再付款。
orders-pay-offline = 这笔订单是货到付款 / 单位结算，不在聊天中付款：供应商确认收款后会通知您。
orders-pay-unavailable = 暂时不能在聊天中付款，请稍后再试。

order-contact-seller = 💬 联系卖家
order-contact-service = 💬 联系客服
order-contact-buyer = 💬 联系买家
order-message-reply = ↩️ 回复
order-message-ask =
    💬 { $to ->
        [buyer] 给买家留言
        [service] 联系客服
       *[seller] 联系卖家
    }（订单 #{ NUMBER($order, useGrouping: 0) }）
    请直接发送您想说的话，{ $limit } 字以内。我们会连同订单号转给对方，对方看不到您的 Telegram 账号。
order-message-sent = ✅ 已转给{ $to ->
        [buyer] 买家
        [service] 爱心购客服
       *[seller] 卖家
    }（订单 #{ NUMBER($order, useGrouping: 0) }）。对方回复后，会在这里通知您。
order-message-too-long = 这条消息有 { $length } 个字，最多 { $limit } 个字，请写短一些再发。
order-message-too-many = 这笔订单您一小时内已经发了 { $limit } 条消息，请等等对方的回复，或一小时后再写。对方回复后会通知您。
order-message =
    💬 { $sender ->
        [buyer] 买家
        [supplier] 卖家 { $seller }
       *[admin] 爱心购客服
    }就订单 #{ NUMBER($order, useGrouping: 0) } 写道：{ supplier-standing-in }
    { $text }
    ——
    { $lines }
    双方都看不到彼此的 Telegram 账号；点“回复”即可回复。
error-too-many-messages = 这笔订单一小时内的消息已经够多了，请稍后再写。

supplier-offline-reminder =
    ⏰ 这笔货到付款 / 单位结算的订单下单已超过一天，还没有确认收款。{ supplier-standing-in }
    { order-page }
    收到货款后请点“确认收款”；想问问买家，可以点“联系买家”。
offline-title = { $count ->
        [0] 没有下单超过 { $days } 天仍未确认收款的线下结算订单。
       *[other] <b>待确认收款的线下结算订单</b>（下单超过 { $days } 天，共 { $count } 笔，最早的在前）：可以确认收款、联系买家，或取消订单（买家和供应商都会收到通知）。
    }
offline-line =
    { supplier-order-line }
    已等待 { $waited } 天 · 下单 { $placed }
offline-write-button = 💬 联系买家 #{ NUMBER($order, useGrouping: 0) }
offline-cancel-button = ✖️ 取消 #{ NUMBER($order, useGrouping: 0) }
offline-cancel-ask =
    确定取消这笔订单吗？它下单已超过 { $days } 天，一直没有确认收款。
    { order-page }
    取消后库存退回；买家会收到通知并知道原因（如已付款可以留言告诉我们），供应商会收到不要发货的通知。
offline-cancel-confirm = ✖️ 确认取消
offline-back = « 待确认收款订单
offline-cancelled =
    已取消，买家和供应商已收到通知。
    { order-page }
order-cancelled-unconfirmed =
    ✖️ 您的订单 #{ NUMBER($order, useGrouping: 0) }（货到付款 / 单位结算）下单已超过 { $days } 天，一直没有确认收款，管理员已将其取消，库存已释放。
    { order-page }
    如果您其实已经付款，请在订单页留言告诉我们。
supplier-order-closed-unconfirmed =
    ✖️ 订单 #{ NUMBER($order, useGrouping: 0) } 下单超过 { $days } 天仍未确认收款，管理员已将其取消，请不要发货。如其实已收到货款，请联系管理员。
    { order-page }
error-not-overdue = 这笔订单还在等待供应商确认收款的期限内，暂时不能由管理员取消。
