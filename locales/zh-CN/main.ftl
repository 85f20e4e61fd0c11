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
    欢迎加入爱心购！请选择您所在的机关（第 { $page }/{ $pages } 页）。
    也可以直接发送支部或机关名称来搜索。
join-choose-branch = <b>{ $agency }</b>
    请选择您所在的党支部：
join-search-results = 找到 { $count } 个与“{ $query }”相关的支部：
join-search-nothing = 没有找到与“{ $query }”相关的支部，换个词试试，或按机关选择。
join-done = ✅ 已加入 <b>{ $branch }</b>（{ $agency }）。
join-invite-unknown = 这个邀请链接无效或已过期，请按机关选择您的支部。

## Catalog
counties-title = <b>按区县选购</b>
    括号中是在售商品数量。
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
    /start 主菜单
    /search 搜索商品，例如 <code>/search 蜂蜜</code>
    /orders 我的订单：付款、取消、确认收货
    /me 我的信息、支部与爱心足迹
    /rank 支部和机关参与排行
    /fund 党员一元捐基金
    /address 收货信息
    /nominate 提名贫困区县的好产品，/my_nominations 我的提名
    /language 切换语言
    /help 本说明
    也可以在任意聊天中输入 @机器人名 加关键词，把好物推荐给同事。
command-start = 打开主菜单
command-menu = 主菜单
command-search = 搜索商品
command-me = 我的信息
command-language = 切换语言 / Language
command-help = 使用说明

## Bad input and errors
unknown-command = 没有这个命令。发送 /help 查看可用命令。
only-text = 这里只能识别文字消息。发送一两个词即可搜索，或发送 /start 打开主菜单。
text-too-long = 消息太长了，请简短一些。
button-stale = 这个按钮已失效，请从主菜单重新进入。
error-not-found = 没有找到该内容，可能已下架或被删除。
error-forbidden = 您没有进行此操作的权限。
error-invalid-input = 输入的内容不符合要求，请检查后再试。
error-out-of-stock = 抱歉，库存不足。
error-wrong-status = 订单状态已经变化，这个操作不能再做了。请刷新订单看看。
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
        [paid] 已付款
        [shipped] 已发货
        [received] 已收货
        [refunded] 已退款
       *[cancelled] 已取消
    }
order-page =
    <b>订单 #{ $order }</b> · { order-status }
    { $lines }
    合计：¥{ $total }
    收货人：{ $name } { $phone }
    地址：{ $address }
    快递单号：{ $tracking }
    下单时间：{ $placed }
order-placed-offline =
    ✅ 已下单（货到付款 / 单位结算）
    { order-page }
    供应商确认收款后会通知您，届时记入爱心积分。
order-already =
    这个按钮对应的订单已经下过了：
    { order-page }
order-paid =
    💝 付款成功，感谢您的爱心！爱心积分 +{ $points }
    { order-page }
order-shipped =
    🚚 您的订单已发货
    { order-page }
    收到后请点“确认收货”。
invoice-description = 爱心购订单 #{ $order }：{ $lines }
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
    当前收货信息：{ $name } { $phone }
    { $address }
dialog-cancel = 取消
dialog-cancelled = 已取消，什么都没有改变。
dialog-text-please = 这里需要文字回答。

## My orders
orders-title = <b>我的订单</b>（共 { $count } 笔）
orders-none = 您还没有订单。去主菜单看看区县好物吧。
orders-button = #{ $order } · { order-status } · ¥{ $total }
orders-view = 查看订单
orders-pay = 💳 去付款
orders-cancel = 取消订单
orders-receive = 📦 确认收货
orders-cancelled = 订单已取消
orders-received = 已确认收货，谢谢！

## Suppliers
supplier-new-offline =
    🆕 新订单（货到付款 / 单位结算）
    { order-page }
    收到货款后请点“确认收款”。
supplier-new-paid =
    🆕 新订单（已付款）
    { order-page }
supplier-order = { order-page }
supplier-order-line = #{ $order } · { order-status } · ¥{ $total } · { $name } { $phone }
supplier-confirm-paid = ✅ 确认收款
supplier-confirmed = 已确认收款
supplier-ship = 🚚 发货（填写快递单号）
supplier-confirm-button = ✅ 确认收款 #{ $order }
supplier-ship-button = 🚚 发货 #{ $order }
supplier-ask-tracking = 请发送订单 #{ $order } 的快递单号：
supplier-shipped = 🚚 订单 #{ $order } 已发货，已通知买家。
supplier-orders = <b>我供应的订单</b>（共 { $count } 笔）
supplier-orders-none = 暂时没有您供应的订单。
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
       *[date] 请发送拨付日期，格式 2026-11-29：
    }
fund-out-invalid = { $field ->
        [amount] 金额应为大于 0 的数字，最多两位小数。
        [date] 日期格式应为 2026-11-29。
       *[other] 请写 1 到 256 个字。
    }
fund-out-over-balance = 拨付金额超过了基金余额，未记录。请发送 /fund 查看余额。
fund-out-done = ✅ 已记录拨付 ¥{ $amount } → { $recipient }。
refund-usage = 用法：/refund 订单号，例如 /refund 12（仅限已付款后取消的订单）。
refund-done = ✅ 订单 #{ $order } 已记为退款 ¥{ $total }，其爱心积分和配捐已冲回。
payments-title = 待人工处理的付款：{ $count } 笔
payments-entry = { $charge } · 用户 { $user } · ¥{ $amount } · { $payload } · { $status }
command-fund = 党员一元捐

## Love footprint and rankings
me-footprint =
    <b>💝 我的爱心足迹</b>
    订单 { $orders } 笔 · 消费 ¥{ $spent }
    爱心积分 { $points } · 触发配捐 { $matches } 次
    支部排名 { $rank } / { $members }
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
broadcast-ask-when = 什么时候发送？点“立即发送”，或发送时间，格式 2026-12-01 09:00（北京时间）。
broadcast-ask-when-again = 时间格式应为 2026-12-01 09:00，请重新发送，或点“立即发送”。
broadcast-now = 立即发送
broadcast-preview =
    <b>预览</b>
    { $text }

    将发给 { $count } 人 · { $when }
    晚 22 点到早 8 点之间的非紧急通知会顺延到早上发送。
broadcast-confirm = ✅ 确认发送
broadcast-published = 已安排发送
broadcast-status-name = { $status ->
        [scheduled] 待发送
        [sending] 发送中
        [paused] 已暂停
        [cancelled] 已取消
       *[done] 已完成
    }
broadcast-status = 通知 { broadcast-status-name }
broadcast-progress = 📣 通知 #{ $id } · { broadcast-status-name }
    已发送 { $sent } / { $total } · 被屏蔽 { $blocked } · 失败 { $failed }
broadcast-pause = ⏸ 暂停
broadcast-resume = ▶️ 继续
broadcast-cancel = ✖️ 取消
broadcast-list = <b>最近的通知</b>（{ $count } 条）
broadcast-line = #{ $id } · { broadcast-status-name } · { $when } · { $text } · { $sent }/{ $total }，屏蔽 { $blocked }，失败 { $failed }
