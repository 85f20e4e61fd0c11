## Navigation
nav-prev = ‹ 上一页
nav-next = 下一页 ›
nav-back = « 返回
nav-menu = 🏠 主菜单

## Main menu
menu-title =
    <b>爱心购 · 消费扶贫</b>
    买区县好物，记志愿帮扶。请选择：
menu-counties = 🗺 按区县选购
menu-categories = 🧺 按品类选购
menu-hot = 🔥 热销好物
menu-search = 🔍 搜索
menu-me = 👤 我的
menu-language = 🌐 English

## Language
language-choose = 请选择语言 · Please choose your language
language-set = 已切换为中文

## Registration
join-choose-agency =
    { $moving ->
        [1] 更换支部：请选择新支部所在的机关
       *[0] 欢迎加入爱心购！请选择您所在的机关
    }（第 { $page }/{ $pages } 页）。
    也可以直接发送支部或机关名称来搜索。
join-choose-branch = <b>{ $agency }</b>
    请选择您所在的党支部：
join-search-results = 找到 { $count } 个与“{ $query }”相关的支部：
join-search-nothing = 没有找到与“{ $query }”相关的支部，换个词试试，或按机关选择。
join-done = ✅ 已加入 <b>{ $branch }</b>（{ $agency }）。
join-invite-unknown = 这个邀请链接无效或已过期。
join-move-ask = 您现在是 <b>{ $current }</b> 的成员。要改为加入邀请链接的 <b>{ $branch }</b>（{ $agency }）吗？
join-move = 改为加入 { $branch }
join-stay = 保持不变

## Catalog
counties-title = <b>按区县选购</b>
    括号中是上架的商品数量（含暂时售罄的）。
county-button = { $county }（{ $count }）
county-title = <b>{ $county }</b>
categories-title = <b>按品类选购</b>
category-button = { $category }（{ $count }）
category-title = <b>{ $category }</b>
hot-title = <b>🔥 热销好物</b>
list-page = { $title }
    第 { $page }/{ $pages } 页，共 { $total } 件
list-empty = { $title }
    暂时没有在售商品。
product-button = { $name } · ¥{ $price }

## Product card
product-title = <b>{ $name }</b>
badge-charity = 💝 公益宝贝（每成交一笔，平台配捐一元）
badge-demo = 🧪 演示数据
product-price = 💰 ¥{ $price } / { $unit }
product-origin = 📍 产地：{ $origin }
product-origin-village = { $county } · { $village }
product-supplier = 🏪 供应商：{ $supplier }（{ $kind ->
        [brand] 品牌企业
        [shop] 小店
       *[farm] 农户
    }）
product-stock = 📦 库存：{ $stock }
product-sold-out = 📦 已售罄
product-certification = 🏅 认证编号：{ $number }
product-share-link = 🔗 分享链接：{ $link }
product-share = 📣 推荐给同事

## Search
search-help = 🔍 直接发送一两个词即可搜索商品名称、区县或供应商，例如：<code>蜂蜜</code>、<code>城口</code>、<code>腊肉 巫溪</code>。
search-title = 🔍 “{ $query }”的搜索结果
search-nothing = 🔍 没有找到与“{ $query }”相关的在售商品。换个词试试，或按区县、品类浏览。
search-too-long = 搜索词太长了，请控制在 { $limit } 个字以内。

## Inline mode
inline-open = 在爱心购中查看
inline-description = ¥{ $price } / { $unit } · { $county }

## Me
me-title =
    <b>👤 { $name }</b>
    { $branch }
    角色：{ $roles }
me-branch = 支部：{ $branch }（{ $agency }）
me-no-branch = 尚未加入支部。
me-change-branch = 更换支部
me-join-branch = 加入支部
role-name = { $role ->
        [supplier] 供应商
        [first_secretary] 第一书记
        [organiser] 组织者
        [admin] 管理员
       *[member] 党员
    }

## Help and commands
help =
    <b>爱心购使用说明</b>
    /start 或 /menu 主菜单
    /search 搜索商品，例如 <code>/search 蜂蜜</code>
    /orders 我的订单：付款、取消、确认收货
    /me 我的信息、支部与爱心足迹
    /rank 支部和机关参与排行
    /fund 党员一元捐基金
    /address 收货信息
    /nominate 提名贫困区县的好产品，/my_nominations 我的提名
    /events 进贫困地区志愿活动：报名、退出
    /settings 通知设置：想收哪些通知（每条通知下面也有“退订”）
    /language 切换语言
    /cancel 退出正在进行的填写
    /help 本说明
    也可以在任意聊天中输入 @机器人名 加关键词，把好物推荐给同事。
help-supplier =
    <b>供应商</b>
    /supply 我供应的订单：确认收款、发货
help-first_secretary =
    <b>第一书记</b>
    /story 讲述本村产品的故事、上架村产品
help-organiser =
    <b>组织者</b>
    /broadcast 发通知，/broadcasts 最近的通知
    /event 发布志愿活动，/fair 网上展销会，/exemplar 先进典型
    /events 打开一个活动：名单与签到、导出名单、取消活动
help-admin =
    <b>管理员</b>
    /payments 待人工处理的付款，/refunds 待退款的订单（/refund 订单号）
    /fund_out 记录基金拨付
    /settle 订单号 说明：记录在聊天之外收到的货款
    /offline 久未确认收款的线下结算订单
    /nominations 提名审核，/drafts 村产品审核
command-start = 打开主菜单
command-menu = 主菜单
command-search = 搜索商品
command-me = 我的信息
command-language = 切换语言 / Language
command-help = 使用说明
command-cancel = 退出正在进行的填写

## Bad input and errors
unknown-command = 没有这个命令。发送 /help 查看可用命令。
only-text = 这里只能识别文字消息。发送一两个词即可搜索，或发送 /start 打开主菜单。
text-too-long = 消息太长了，请简短一些。
button-stale = 这个按钮已失效，请从主菜单重新进入。
error-not-found = 没有找到该内容，可能已下架或被删除。
error-forbidden = 您没有进行此操作的权限。
error-invalid-input = 输入的内容不符合要求，请检查后再试。
error-dialog-moved = 刚才同时收到了你的几个操作，这一个没有生效，请再试一次。
error-out-of-stock = 抱歉，库存不足。
error-wrong-status = 状态已经变化，这个操作不能再做了。请返回刷新看看。
error-order-expired = 订单已超时。
error-wrong-amount = 金额与订单不符。
error-contact-missing = 请先填写收货信息（/address）。
error-unknown-invite = 这个邀请链接无效。
error-schema-behind = 系统正在升级，请稍后再试。
error-error = 抱歉，出了点问题，请稍后再试。
error-generic = 抱歉，出了点问题，请稍后再试。

## Ordering
product-less = ➖ 少一件
product-more = ➕ 多一件
product-order = 🛒 一键下单 ×{ $quantity } · ¥{ $total }
order-join-first = 请先发送 /start 加入您所在的支部，再下单。
order-out-of-stock = 抱歉，库存不足，请减少数量或看看其他好物。
order-status = { $status ->
        [pending_payment] 待付款
        [pending_offline] 待确认收款
        [paid] 已付款
        [shipped] 已发货
        [received] 已收货
        [refunded] 已退款
        [cancelled_paid] 已取消 · 退款办理中
       *[cancelled] 已取消
    }
order-page =
    <b>订单 #{ NUMBER($order, useGrouping: 0) }</b> · { order-status }
    { $lines }
    合计：¥{ $total }
    收货人：{ $name }{ $contact_hidden ->
        [1] { order-contact-hidden }
       *[0] { " " }{ $phone }{ "\u000A" }地址：{ $address }
    }
    { $timeline }
order-expired-notice =
    ⌛ 订单 #{ NUMBER($order, useGrouping: 0) } 超过付款时间未支付，已自动取消，库存已释放。
    { $lines }
    如仍需要，请重新下单。
order-placed-offline =
    ✅ 已下单（货到付款 / 单位结算）
    { order-page }
    供应商确认收款后会通知您，届时记入爱心积分。
order-already =
    这个按钮对应的订单已经下过了：
    { order-page }
order-paid =
    💝 付款成功，感谢您的爱心！爱心积分 +{ $points }{ $charity ->
        [1] { "\u000A" }🎗 这是公益宝贝：平台已为“党员一元捐”配捐 ¥1.00。
       *[0] { "" }
    }
    { order-page }
order-shipped =
    🚚 您的订单已发货
    { order-page }
    收到后请点“确认收货”。
invoice-description = 爱心购订单 #{ NUMBER($order, useGrouping: 0) }：{ $lines }
checkout-refused = { $reason ->
        [wrong-amount] 金额与订单不符，请重新下单。
        [order-expired] 订单已超时未付款，请重新下单。
        [wrong-status] 该订单已付款或已取消。
       *[not-found] 找不到这个订单。
    }
payment-kept-for-admin = 我们收到了您的付款，但无法对应到待付款的订单。管理员会尽快核实处理，请放心。

## Delivery contact dialog
contact-ask = { $field ->
        [name] 请发送收货人姓名：
        [phone] 请发送收货人手机号（11 位）：
       *[address] 请发送详细收货地址（区县、街道、门牌号）：
    }
contact-invalid = { $field ->
        [name] 姓名应为 1 到 32 个字。
        [phone] 手机号格式不对，请发送 11 位手机号，例如 13800138000。
       *[address] 地址太短或太长，请写清区县、街道和门牌号（6 到 200 个字）。
    }
contact-saved =
    ✅ 收货信息已保存：{ $name } { $phone }
    { $address }
    可随时发送 /address 修改。
contact-current =
    📦 当前收货信息：{ $name } { $phone }
    { $address }
contact-change = ✏️ 修改收货信息
contact-intro = 第一次下单，需要填写一次收货信息（姓名、手机号、地址），之后下单不再询问，可随时用 /address 修改。
dialog-cancel = 取消
dialog-cancelled = 已取消，什么都没有改变。
dialog-none = 现在没有进行中的填写。
dialog-text-please = 这里需要文字回答。
dialog-tap-please = 请点下面的按钮选择。

## My orders
orders-title = <b>我的订单</b>（共 { $count } 笔）
orders-none = 您还没有订单。去主菜单看看区县好物吧。
orders-button = #{ NUMBER($order, useGrouping: 0) } · { $product } · { order-status } · ¥{ $total }
orders-view = 查看订单
orders-pay = 💳 去付款
orders-cancel = 取消订单
orders-receive = 📦 确认收货
orders-cancelled = 订单已取消
orders-received = 已确认收货，谢谢！
orders-cancel-ask =
    确定取消这笔订单吗？库存会退回。
    { order-page }
orders-cancel-paid-ask =
    确定取消这笔已付款的订单吗？
    { $offline ->
        [1] 取消后，供应商会退还您已付的货款；管理员记录退款后，这笔订单的爱心积分和配捐相应冲回。
       *[0] 取消后，管理员会为您办理退款（原路退回）；退款后，这笔订单的爱心积分和配捐相应冲回。
    }
    { order-page }
orders-cancel-confirm = ✖️ 确认取消
supplier-order-cancelled =
    ✖️ 订单 #{ NUMBER($order, useGrouping: 0) } 已被买家取消，请不要发货。{ $offline ->
        [1] 请把已收的 ¥{ $total } 退还买家，并告知管理员记录退款。
       *[0] { "" }
    }
    { order-page }
refunds-title = { $count ->
        [0] 没有待退款的订单。
       *[other] <b>待退款的订单</b>（共 { $count } 笔）：买家在发货前取消的已付款订单。把钱退回买家后，点下面的按钮记录。
    }
refunds-back = « 待退款订单
refund-button = ↩️ 办理退款 #{ NUMBER($order, useGrouping: 0) } · ¥{ $total }
refund-start = ↩️ 办理退款
refund-needed =
    ↩️ 订单 #{ NUMBER($order, useGrouping: 0) } 已由买家在发货前取消，已付款 ¥{ $total }，需要退款。
    { order-page }
    { $offline ->
        [1] 这笔订单是线下结算的，货款在供应商处：供应商退还买家后，点下面的按钮记录。
       *[0] 把钱退回买家后，点下面的按钮记录。
    }
refund-confirm =
    请确认已把 ¥{ $total } 退还给买家 { $name }。
    记为退款后，这笔订单的爱心积分和配捐将冲回，不能撤销。
    { order-page }
refund-confirm-button = ✅ 确认已退款
refund-not-due =
    这笔订单不需要退款。
    { order-page }
refund-recorded = 已记为退款
order-refunded =
    💰 订单 #{ NUMBER($order, useGrouping: 0) } 已退款：¥{ $total } 已退还给您。这笔订单的爱心积分已冲回。
    { order-page }

## Suppliers
supplier-new-offline =
    🆕 新订单（货到付款 / 单位结算）{ supplier-standing-in }
    { order-page }
    收到货款后请点“确认收款”。
supplier-new-paid =
    🆕 新订单（已付款）{ supplier-standing-in }
    { order-page }
supplier-standing-in = { $standing_in ->
        [1] { "\u000A" }供应商 { $supplier } 还没有人在爱心购接单，请管理员代为处理。
       *[0] { "" }
    }
supplier-order = { order-page }
supplier-order-line =
    <b>#{ NUMBER($order, useGrouping: 0) }</b> · { order-status } · ¥{ $total }
    { $lines }
    收货：{ $name }{ $contact_hidden ->
        [1] { order-contact-hidden }
       *[0] { " " }{ $phone } · { $address }
    }
supplier-confirm-paid = ✅ 确认收款
supplier-confirmed = 已确认收款
supplier-ship = 🚚 发货（选快递、填单号）
supplier-confirm-button = ✅ 确认收款 #{ NUMBER($order, useGrouping: 0) }
supplier-ship-button = 🚚 发货 #{ NUMBER($order, useGrouping: 0) }
supplier-ask-tracking = 请发送订单 #{ NUMBER($order, useGrouping: 0) } 的快递单号（自己送货请写“自送”）：
supplier-tracking-invalid = 这不像快递单号，订单还没有标为发货。快递单号一般带数字，例如 SF1234567890。
supplier-shipped = 🚚 订单 #{ NUMBER($order, useGrouping: 0) } 已发货，已通知买家。
supplier-orders = <b>我供应的订单</b>（共 { $count } 笔）
supplier-orders-none = 暂时没有您供应的订单。
supplier-home = { $count ->
        [0] 🚚 您是供应商，暂时没有等待发货的订单。
       *[other] 🚚 您是供应商：{ $count } 笔已付款订单等待发货。
    }
supplier-home-button = 🚚 我供应的订单
command-orders = 我的订单
command-address = 收货信息

## The fund
fund-summary =
    <b>💝 党员一元捐</b>
    党员每成功购买一笔公益宝贝，平台配捐一元。
    当前余额：¥{ $balance }
    累计配捐：¥{ $matched }（退款冲回 ¥{ $reversed }）
    累计拨付：¥{ $disbursed }
    最近拨付：
    { $latest }
fund-disbursement = { $date } · ¥{ $amount } → { $recipient }（{ $purpose }）
fund-no-disbursement = 暂无
fund-out-ask = { $field ->
        [amount] 请发送拨付金额（元），例如 500 或 128.50：
        [recipient] 请发送收款方（村、学校或个人）：
        [purpose] 请发送用途：
       *[date] 请发送拨付日期，格式 { $today }（或“今天”）：
    }
fund-out-invalid = { $field ->
        [amount] 金额应为大于 0 的数字，最多两位小数。
        [date] 请写钱已拨出的那一天，格式 { $today }（或“今天”），不能是以后的日期。
        [recipient] 请写 1 到 128 个字。
       *[other] 请写 1 到 256 个字。
    }
fund-out-over-balance = 拨付金额超过了基金余额，未记录。请发送 /fund 查看余额。
fund-out-balance = 现在可拨付：¥{ $balance }（基金余额中待退款订单的配捐除外）
fund-out-over-balance-now = 超过了可拨付的 ¥{ $balance }，请重新输入金额。
fund-out-done = ✅ 已记录拨付 ¥{ $amount } → { $recipient }。
refund-usage = 用法：/refund 订单号，例如 /refund 12（仅限已付款后取消的订单）。发送 /refunds 查看所有待退款的订单。
refund-done = ✅ 订单 #{ NUMBER($order, useGrouping: 0) } 已记为退款 ¥{ $total }，其爱心积分和配捐已冲回。
payments-title = 待人工处理的付款：{ $count } 笔
payments-entry = { $charge } · 用户 { $user } · ¥{ $amount } · { $payload } · { $status ->
        [unknown_order] 找不到该用户的这笔订单
       *[rejected] 订单已不可付款
    }
command-fund = 党员一元捐

## Love footprint and rankings
me-footprint =
    <b>💝 我的爱心足迹</b>
    订单 { $orders } 笔 · 消费 ¥{ $spent }
    爱心积分 { $points } · 触发配捐 { $matches } 次
    参加志愿活动 { $events } 次{ $members ->
        [0] { "" }
       *[other] { "\u000A" }支部排名 { $rank } / { $members }
    }
menu-orders = 🧾 我的订单
menu-rank = 🏆 参与排行
rank-title = <b>🏆 { $level ->
        [agency] 机关
       *[branch] 支部
    }参与排行 · { $period ->
        [month] 本月
       *[all] 累计
    }</b>
rank-row = { $place }. { $name } · 参与率 { $rate }（{ $participants }/{ $members }）· ¥{ $amount } · { $points } 分
rank-empty = 暂无数据。
rank-footer = <i>只列出有党员参与的单位。参与完全自愿。</i>
rank-level = { $level ->
        [agency] 看机关
       *[branch] 看支部
    }
rank-period = { $period ->
        [month] 看本月
       *[all] 看累计
    }
command-rank = 参与排行

## Announcements
announcement-kind = { $kind ->
        [fairs] 展销会
        [events] 志愿活动
        [stories] 扶贫故事
       *[general] 一般通知
    }
settings-title =
    <b>通知设置</b>
    点按切换想收到的通知。参与完全自愿，随时可以更改。
settings-kind = { $muted ->
        [1] 🔕 { announcement-kind }：已关闭
       *[0] 🔔 { announcement-kind }：接收中
    }
settings-saved = 已保存
settings-unsubscribed = 已退订“{ announcement-kind }”通知。发送 /settings 可随时恢复。
broadcast-unsubscribe = 🔕 退订{ announcement-kind }
broadcast-resubscribe = 🔔 已退订{ announcement-kind } · 点此恢复
settings-resubscribed = 已恢复接收“{ announcement-kind }”通知。
broadcast-open-product = 🛒 查看商品
broadcast-open-county = 🗺 看看这个区县的好物
command-settings = 通知设置

## Broadcasts (organisers)
broadcast-ask-content = 请发送通知内容：文字，或一张带说明文字的图片。
broadcast-photo-needs-caption = 图片需要附上说明文字（不超过 1024 字）。
broadcast-use-buttons = 请点上面的按钮选择。
broadcast-ask-kind = 这是哪一类通知？（成员可以按类别退订）
broadcast-ask-audience = 发给谁？
broadcast-audience = { $audience ->
        [agency] 某个机关
        [own] 本机关全体成员
        [branch] 某个支部
        [county] 买过某区县产品的成员
       *[all] 全体订阅成员
    }
broadcast-ask-target = 请选择{ $audience ->
        [agency] 机关
        [branch] 支部
       *[county] 区县
    }：
broadcast-ask-button = 在通知下面加一个按钮吗？
broadcast-button-none = 不加按钮
broadcast-button-county = 看看某区县的好物
broadcast-button-product = 打开某个商品
broadcast-ask-product = 请发送商品名称中的一两个词，我来找：
broadcast-pick-product = 与“{ $query }”相关的商品，点选一个：
broadcast-no-product = 没有找到与“{ $query }”相关的在售商品，换个词再发一次。
broadcast-ask-when = 什么时候发送？点“立即发送”，或发送时间，格式 { $example }，也可以写“明天 9点”（北京时间）。
broadcast-ask-when-again = 时间格式应为 { $example }（或“明天 9点”），请重新发送，或点“立即发送”。
broadcast-now = 立即发送
broadcast-preview =
    <b>预览</b>
    { $text }

    将发给 { $count } 人 · { $when }
broadcast-ask-when-past = 这个时间已经过去了。请发送将来的时间，格式 { $example }，或点“立即发送”。
broadcast-quiet-note = 晚 { $start } 点到早 { $end } 点之间的非紧急通知会顺延到早上发送。
broadcast-quiet-deferred = 这个时间在晚 { $start } 点到早 { $end } 点之间：通知将在早上 { $end } 点开始发送。
broadcast-nobody = 没有可以收到这条通知的成员（可能都退订了这一类通知）。请换一个发送对象。
broadcast-change-audience = 换发送对象
broadcast-confirm = ✅ 确认发送
broadcast-published = 已安排发送
broadcast-status-name = { $status ->
        [scheduled] 待发送
        [sending] 发送中
        [paused] 已暂停
        [cancelled] 已取消
       *[done] 已完成
    }
broadcast-status = 通知{ broadcast-status-name }
broadcast-progress = 📣 通知 #{ NUMBER($id, useGrouping: 0) } · { broadcast-status-name }
    { $total ->
        [0] 还没有开始发送。
       *[other] 已发送 { $sent } / { $total } · 被屏蔽 { $blocked } · 失败 { $failed }
    }
broadcast-pause = ⏸ 暂停
broadcast-resume = ▶️ 继续
broadcast-cancel = ✖️ 取消
broadcast-list = <b>最近的通知</b>（{ $count } 条）
broadcast-line = #{ NUMBER($id, useGrouping: 0) } · { broadcast-status-name } · { $when } · { $text }{ $total ->
        [0] { "" }
       *[other] { " · " }{ $sent }/{ $total }，屏蔽 { $blocked }，失败 { $failed }
    }

## Events, fairs, stories, exemplars (issue #6)
menu-events = 🚌 进贫困地区志愿活动
menu-zone = 🏡 第一书记代言
menu-exemplars = 🎖 先进典型
command-events = 志愿活动
error-signup-closed = 报名已截止。
error-check-in-closed = 签到时间为活动开始前 6 小时至结束后 24 小时。
error-event-started = 活动已经开始，报名不能再更改了。
error-event-cancelled = 这个活动已经取消了，报名不能再更改。
error-too-soon = 本村本周已经推送过一次故事了，下周再推送吧。

events-title = { $organiser ->
        [1] <b>我组织的活动</b>
       *[0] <b>进贫困地区、购扶贫产品</b>
    }
    参与完全自愿，报名后开始前随时可以退出。
events-empty = { $organiser ->
        [1] 还没有您组织的活动。发送 /event 发布一个。
       *[0] 近期没有活动，敬请关注。
    }
event-button = { $when } · { $title }
event-button-cancelled = ❌ { $when } · { $title }（已取消）
event-card =
    <b>{ $title }</b>
    📍 { $place } · 集合地点：{ $meeting }
    🕗 { $start } 至 { $end }
    ⏳ 报名截止：{ $deadline }
    👥 名额 { $capacity }，已报名 { $confirmed }，候补 { $waitlisted }
    { $description }

    { $status ->
        [confirmed] ✅ 您已报名。
        [waitlisted] ⏳ 您在候补名单第 { $line } 位，有人退出时按顺序递补。
        [attended] 🎉 您已签到，感谢参与！
        [cancelled] 您已退出这个活动。
        [gone] { "" }
       *[none] 您尚未报名。参与完全自愿。
    }
event-card-cancelled = ❌ <b>此活动已由组织者取消。</b>
event-cancel = 🚫 取消活动
event-cancel-confirm =
    确定要取消活动 <b>{ $title }</b>（{ $start }）吗？
    已报名 { $confirmed } 人、候补 { $waitlisted } 人会各收到一条取消通知。取消后不能恢复。
event-cancel-yes = 确认取消活动
event-cancel-no = 不取消，返回
event-cancelled = 活动已取消，已通知 { $count } 人。
event-cancelled-notice = ❌ 活动取消通知：<b>{ $title }</b>（原定 { $start }）已由组织者取消。感谢您的报名，期待下次相见。
event-sign-up = ✋ 报名
event-leave = 退出活动
event-signed-up = 报名成功！活动前 24 小时和 2 小时会提醒您。
event-waitlisted = 名额已满，您在候补名单第 { $line } 位；有人退出时按顺序递补，并会通知您。
event-attended-already = 您已签到，感谢参与！
event-left = 已退出，感谢您的关注。
event-promoted = 🎉 有人退出，您已从候补转为正式报名：<b>{ $title }</b>（{ $start }）。不能参加的话，开始前随时可以退出。
event-open = 查看活动
event-reminder = ⏰ { $which ->
        [day] 一天之内
       *[hours] 两小时后
    }就要出发了：<b>{ $title }</b>
    🕗 { $start } · 集合地点：{ $meeting }
    如果不能参加，开始前可以在活动页退出。
event-roster = 📋 名单与签到
event-csv = 📄 导出名单
event-roster-title = <b>{ $title }</b> 签到（{ $count } 人）：点名字即签到。
event-roster-row = { $attended ->
        [1] ✅
       *[0] ⬜
    } { $name } · { $branch }
event-checked-in = 已签到，志愿帮扶记录 +{ $points } 爱心积分。
event-already-in = 已经签到过了。
event-csv-caption = { $title } 报名名单：已报名 { $count } 人 · 候补 { $waiting } 人（表中也列出已退出的）
event-ask = { $field ->
        [title] 请发送活动名称（不超过 64 字）：
        [county] 去哪个区县？
        [village] 哪个村？
        [meeting_place] 集合地点在哪里？
        [starts_at] 出发时间？格式：{ $start }
        [ends_at] 结束时间？格式：{ $end }
        [signup_deadline] 报名截止时间？格式：{ $deadline }
        [capacity] 名额多少人？（数字，如 30）
       *[description] 活动说明（行程、费用自理等）；没有就发“-”：
    }
event-invalid = { $field ->
        [time] 时间格式不对，或先后顺序不对。可以这样写：{ $start }，或“明天 9点”。
        [past] 这个时间已经过去了，请写一个将来的时间。
        [capacity] 名额需要是 1 到 10000 的整数。
       *[other] 这一项不符合要求，请再试一次。
    }
event-no-village = 不指定村
event-preview =
    <b>预览</b>
    { $title }
    📍 { $place } · 集合地点：{ $meeting }
    🕗 { $start } 至 { $end }
    ⏳ 报名截止：{ $deadline } · 名额 { $capacity }
    { $description }

    发布后将通过通知发给成员，附“报名”按钮。
event-publish = ✅ 发布
event-published = { $quiet ->
        [1] 已发布。现在是夜间，通知将在早上 { $end } 点开始发送。
       *[0] 已发布，通知正在发出。
    }
event-announcement =
    🚌 进贫困地区、购扶贫产品：{ $title }
    📍 { $place } · 集合地点：{ $meeting }
    🕗 { $start } 出发 · 名额 { $capacity } · { $deadline } 截止报名
    { $description }
    参与完全自愿。
broadcast-sign-up = ✋ 报名
broadcast-open-fair = 🎪 逛展销会
broadcast-open-story = 📖 读故事

fair-menu-button = 🎪 正在进行：{ $name }
fair-title =
    🎪 <b>{ $name }</b>{ $has_offline ->
        [0] { "" }
       *[1] { "\u000A" }线下展会：{ $offline }
    }
    🕗 { $start } 至 { $end }
fair-feature-button = 📷 { $county } 美食与风光
fair-ask = { $field ->
        [name] 请发送展销会名称（不超过 64 字）：
        [offline_fair] 配合哪个线下展会？（如 西部农交会、渝交会；没有就发“-”）
        [starts_at] 开幕时间？格式：{ $start }
        [ends_at] 闭幕时间？格式：{ $end }
        [products] 请发送商品名称中的一两个词，找到后点选加入展销会；选完点“商品选好了”。
        [feature] 请发送这个区县的特色介绍（美食与风光）文字，或带说明文字的照片（最多 5 张）。
       *[features] 为哪些区县添加特色介绍？点区县，写完后点“完成，预览”。
    }
fair-pick = 与“{ $query }”相关的商品，点选加入（再点一次移出）：
fair-pick-none = 没有找到与“{ $query }”相关的商品，换个词再试试。
fair-picked = 已加入（共 { $count } 件）
fair-unpicked = 已移出（共 { $count } 件）
fair-products-done = 商品选好了（{ $count } 件）
fair-features-done = 完成，预览
fair-feature-county-first = 请先点一个区县，再发送它的特色介绍。
fair-preview =
    <b>预览</b>
    🎪 { $name }
    🕗 { $start } 至 { $end }
    商品 { $products } 件 · 区县特色 { $features } 个
    { $open_now ->
        [1] 开幕时间已到：发布后马上通知成员。
       *[0] 开幕时将通过通知告诉成员。
    }
fair-published = 展销会已创建，开幕通知已安排发送。
fair-open = 🎪 查看展销会
fair-announcement =
    🎪 网上展销会开幕：{ $name }{ $has_offline ->
        [0] { "" }
       *[1] { "\u000A" }配合线下展会：{ $offline }
    }
    🕗 { $start } 至 { $end }
    各区县好物、美食与风光，欢迎逛逛。
fair-summary =
    📊 展销会“{ $name }”已闭幕：期间成交 { $orders } 单，金额 ¥{ $amount }。各区县：
    { $lines }
fair-summary-row = { $county }：{ $orders } 单 · ¥{ $amount }
badge-fair = 🎪 { $name } 展销商品

zone-title = <b>第一书记代言</b>：选一个区县，看看村里的好物和第一书记讲的故事。
zone-empty = 还没有第一书记代言的故事，敬请期待。
zone-villages-title = <b>第一书记代言</b>：选一个村，看看村里的好物和第一书记讲的故事。
zone-county = { $county }（{ $count } 个村）
zone-village = { $village }（{ $count } 篇故事）
zone-village-title = <b>{ $village }</b>：第一书记的 { $count } 篇故事和村里的好物
story-button = 📖 { $title }
story-page =
    <b>{ $title }</b>
    { $place }

    { $text }
product-endorsement = 📖 第一书记代言
story-mine = <b>我的代言故事</b>（{ $count } 篇）
story-edit = 编辑
story-withdraw = 撤回
story-withdrawn = 已撤回。
story-new = ✍️ 写新故事
story-draft = ➕ 上架村产品（待审核）
story-ask = { $field ->
        [title] 请发送故事标题（不超过 64 字）：
        [text] 请发送故事正文：
        [photos] 可以发送最多 5 张照片；发完（或不发）点下面的按钮。
        [products] 这个故事为村里哪些产品代言？点选（再点取消），选完点“完成”。
       *[push] 要通知订阅了扶贫故事的成员吗？（每个村每周最多一次）
    }
story-photos-done = 照片好了（{ $count } 张）
story-current = 现在是：{ $current }
    发送新的内容，或发送 - 保留不变。
story-photo-please = { $full ->
        [1] 最多 5 张照片，这张没有加上。可以点“重新选照片”从头再来。
       *[0] 这里可以发送照片；发完（或不发）点“照片好了”。
    }
story-photos-clear = 🔄 重新选照片（清空已有的）
story-products-done = 完成
story-push = { $push ->
        [1] 📣 发布并通知订阅成员
       *[0] 只发布，不通知
    }
story-published = 故事已发布。
story-published-pushed = 故事已发布，正在通知订阅成员。
story-published-not-pushed = 故事已发布；本村本周已推送过，这次不再通知。
story-announcement =
    📖 第一书记讲故事：{ $title }（{ $village }）
    { $text }

draft-ask = { $field ->
        [name] 请发送产品名称（不超过 64 字）：
        [price] 价格（元），如 39.80：
        [unit] 规格单位，如 500克/袋：
        [stock] 库存数量：
        [description] 介绍一下这件产品（产地、做法、口感；不超过 1000 字），或点“跳过”：
        [photo] 发一张产品照片，或点“跳过”：
       *[category] 选择品类：
    }
draft-saved = 已提交：{ $name } ¥{ $price }。管理员审核后上架。
drafts-title = { $count ->
        [0] 没有待审核的村产品。
       *[other] <b>待审核的村产品</b>（{ $count } 件），点一下查看：
    }
draft-row = { $name } · { $village } · ¥{ $price }
draft-approved = 已上架：{ $name }
draft-detail =
    <b>待审核的村产品</b>：{ $name }
    { $village } · { $category }
    ¥{ $price } / { $unit } · 库存 { $stock }
    介绍：{ $description }
draft-approve = ✅ 上架
draft-reject = ✖️ 退回
draft-rejected = 已退回：{ $name }
draft-rejected-notice = 您提交的村产品 <b>{ $name }</b> 这次没有通过审核，没有上架。如有疑问，请联系管理员。
draft-submitted = 📝 第一书记提交了村产品待审核：<b>{ $name }</b> · { $village } · ¥{ $price }
drafts-open = 查看待审核的村产品
draft-listed = ✅ 您提交的村产品 <b>{ $name }</b> 已通过审核上架，感谢您为村里代言！
draft-view = 查看商品

exemplars-empty = 还没有先进典型，敬请期待。
exemplar-page =
    🎖 <b>{ $title }</b>
    { $team } · { $county }

    { $text }

    { $nominated ->
        [1] 📰 已推荐至市级媒体{ " · " }
       *[0] { "" }
    }第 { $page } / { $pages } 篇
exemplar-nominate = 📰 推荐至市级媒体
exemplar-nominated = { $new ->
        [1] 已记录推荐。
       *[0] 这篇已经推荐过了。
    }
exemplar-ask = { $field ->
        [title] 请发送标题（不超过 64 字）：
        [team] 哪个驻村工作队？
        [county] 在哪个区县？
        [text] 请发送正文：
       *[photos] 可以发送最多 5 张照片；发完（或不发）点“发布”。
    }
exemplar-publish = ✅ 发布（{ $count } 张照片）
exemplar-published = 已发布到先进典型。
