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
    /me 我的信息与支部
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
error-generic = 抱歉，出了点问题，请稍后再试。
