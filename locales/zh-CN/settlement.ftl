## Settlement: who may mark an order paid
error-awaits-online-payment = 这笔订单由买家在聊天中在线支付，不能标记为线下收款。如确实已在聊天之外收到货款，请管理员用 /settle 处理。
settle-usage =
    用法：/settle 订单号 收款说明
    例如：/settle 123 已通过银行转账收到
    只用于确实已在聊天之外收到货款的待付款订单；操作会记录在订单上。
settle-note-too-long = 收款说明最多 { $limit } 个字，请写短一些。
settle-not-pending = 订单 #{ NUMBER($order, useGrouping: 0) } 不是待付款状态，无需标记收款。
    { order-page }
settle-confirm =
    将把这笔订单标记为<b>已付款</b>：
    { order-page }
    收款说明：{ $note }
    买家将获得爱心积分并收到付款成功通知，此操作会记录您的名字，不能撤销。
settle-confirm-button = ✅ 确认已收款
settle-done-alert = 已标记为已付款
settle-done =
    ✅ 已标记为已付款（{ $note }），买家已收到通知。
    { order-page }
