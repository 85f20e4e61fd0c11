## Community (好品大家荐): the product card
card-rating = ⭐ { $average }（{ $count } 条评价）· 👍 { $recommends } 人重点推荐
card-no-rating = ⭐ 暂无评价 · 👍 { $recommends } 人重点推荐
card-recommend = 👍 重点推荐
card-recommended = ✅ 已推荐（点此取消）
card-reviews = 💬 评价（{ $count }）
recommend-on = 已重点推荐，谢谢！
recommend-off = 已取消推荐

## Reviews
reviews-title = <b>{ $name } 的评价</b>（共 { $count } 条，第 { $page }/{ $pages } 页）
reviews-none = <b>{ $name }</b>
    还没有评价。买过并确认收货后，就可以在订单页评价。
review-line = { $stars } · { $author } · { $date } { $photo }
    { $text }
review-hide = 🙈 隐藏评价 #{ NUMBER($review, useGrouping: 0) }
review-hide-ask = 请发送隐藏评价 #{ NUMBER($review, useGrouping: 0) } 的原因（评价会保留，但不再显示）：
review-hidden = 评价 #{ NUMBER($review, useGrouping: 0) } 已隐藏。
reason-too-long = 原因太长了，请控制在 { $limit } 字以内。
review-write = ⭐ 评价 { $name }
review-change = ✏️ 修改评价 { $name }
review-invite = 订单 #{ NUMBER($order, useGrouping: 0) } 已确认收货。买到的好物怎么样？给它打个分吧（自愿参与）：
review-ask-stars = 给 <b>{ $name }</b> 打几颗星？
review-stars-please = 请点上面的星星按钮打分。
review-ask-text = 写几句评价吧（{ $limit } 字以内），或点“跳过”。
review-too-long = 评价最多 { $limit } 字，您写了 { $length } 字，请精简后再发。
review-ask-photo = 发一张实物照片，或点“跳过”完成评价。
review-photo-please = 这里需要一张照片（不是贴纸或文字），或点“跳过”。
review-skip = 跳过
review-keep = 保留原来的
review-ask-text-change =
    发送新的评价文字（{ $limit } 字以内），或点“保留原来的”。
    原来的：{ $text }
review-ask-photo-change = 发一张新的实物照片，或点“保留原来的”完成修改。
review-saved = ✅ 评价已保存：{ $stars }
    { $text }
    7 天内可在订单页修改。
review-saved-points = ✅ 评价已保存：{ $stars }，爱心积分 +{ $points }
    { $text }
    7 天内可在订单页修改。

## Ranking
ranked-title = <b>👍 好品推荐</b>
ranked-explain = 按口碑排序：综合评分（评价少的商品按平均分折算）× 近期销量与推荐，越近的越重要。
county-ranked-title = <b>{ $county }</b> · 按口碑
sort-by-rank = 👍 按口碑排序
sort-by-sales = 🔥 按销量排序

## Nominations (members)
menu-ranked = 👍 好品推荐
menu-nominate = 📝 提名好物
menu-my-nominations = 📝 我的提名
nominate-intro = 📝 <b>提名好物</b>：推荐一件贫困区县还没上架的好产品，平台核实后上架。随时可以点“取消”。
nominate-ask = { $field ->
        [name] 产品叫什么名字？
        [county] 产自哪个区县？请点选（也可以发送区县名称）：
        [village] 哪个村？知道的话发送村名，不知道就点“跳过”。
        [supplier] 供应商或农户叫什么？
        [contact] 怎么联系他们？（联系人和电话）
        [reason] 为什么推荐它？（5 到 500 字）
       *[photo] 最后，发一张产品照片，或点“跳过”。
    }
nominate-invalid = { $field ->
        [name] 产品名称应为 2 到 64 个字。
        [village] 村名最多 64 个字。
        [supplier] 供应商或农户名称应为 2 到 128 个字。
        [contact] 联系方式应为 5 到 128 个字，例如“王大姐 13900001111”。
       *[reason] 推荐理由应为 5 到 500 个字。
    }
nominate-county-please = 没有找到这个区县，请点选下面的区县。
nominate-photo-please = 这里需要一张照片（不是贴纸或文字），或点“跳过”。
nominate-skip = 跳过
nominate-already-listed = 这件产品已经在爱心购上架了，去看看吧！
nominate-open-listed = 🛒 打开商品
nominate-merged-ahead = 已经有人提名了这件产品（提名 #{ NUMBER($nomination, useGrouping: 0) }）。继续填写的话，您的提名会记为附议。
nominate-done = ✅ 已收到您的提名 #{ NUMBER($nomination, useGrouping: 0) }：{ $name }。管理员核实后会通知您。
nominate-merged = ✅ 已记为附议：{ $name } 此前已有人提名，您的提名 #{ NUMBER($nomination, useGrouping: 0) } 已合并。有结果时会通知您。
nomination-status = { $status ->
        [open] 待核实
        [approved] 已通过，待上架
        [listed] 已上架
        [rejected] 未通过
       *[merged] 已合并（附议）
    }
nomination-line = #{ NUMBER($nomination, useGrouping: 0) } · { $name } · { $county } · { nomination-status }{ $status ->
        [rejected] （原因：{ $reason }）
       *[other] {""}
    }
my-nominations-title = <b>我的提名</b>（共 { $count } 件）
my-nominations-none = 您还没有提名。发现贫困区县的好产品？点“提名好物”告诉我们。
nomination-approved = 🎉 您提名的 { $name } 已通过核实，正在准备上架。
nomination-listed = 🎉 您提名的 { $name } 已上架！{ $points ->
        [0] {""}
       *[other] 爱心积分 +{ $points }
    }
nomination-rejected = 您提名的 { $name } 未通过核实。原因：{ $reason }
command-nominate = 提名好物
command-my_nominations = 我的提名

## Nomination queue (admins)
queue-title = <b>待处理的提名</b>（共 { $count } 件）
queue-empty = 没有待处理的提名。
queue-button = #{ NUMBER($nomination, useGrouping: 0) } { $name } · { $county } · { nomination-status }{ $supporters ->
        [0] {""}
       *[other] · +{ $supporters } 附议
    }
queue-nomination =
    <b>提名 #{ NUMBER($nomination, useGrouping: 0) }</b> · { nomination-status }
    产品：{ $name }
    产地：{ $county } · { $village }
    供应商/农户：{ $supplier }
    联系方式：{ $contact }
    推荐理由：{ $reason }
queue-approve = ✅ 批准（选择品类）
queue-list = 🛒 完成价格库存并上架
queue-reject = ✖️ 驳回
queue-choose-category = 请选择品类，批准后会创建供应商（如为新）和商品草稿：
queue-approved = 已批准，已创建商品草稿
queue-ask = { $field ->
        [price] 请发送售价（元），例如 39.90：
        [unit] 请发送规格单位，例如 500克/袋：
       *[stock] 请发送库存数量：
    }
queue-invalid = { $field ->
        [price] 售价应为大于 0 的数字，最多两位小数。
        [unit] 规格单位应为 1 到 32 个字。
       *[stock] 库存应为 0 到 1000000 的整数。
    }
queue-list-preview =
    <b>确认上架</b>：{ $name }
    售价 ¥{ $price } / { $unit } · 库存 { $stock }
queue-list-go = ✅ 确认上架
queue-listed = ✅ { $name } 已上架，已通知提名人。
queue-ask-reason = 请发送驳回提名 #{ NUMBER($nomination, useGrouping: 0) } 的原因（会告诉提名人）：
queue-rejected = 提名 #{ NUMBER($nomination, useGrouping: 0) } 已驳回，已通知提名人。

## Community errors
error-not-reviewable = 只有确认收货后，买家本人才能评价这件商品。
error-already-reviewed = 这件商品您已经评价过了，7 天内可以在订单页修改。
error-review-edit-closed = 这条评价已经不能修改了（超过 7 天或已被隐藏）。
error-already-listed = 这件产品已经上架了。
error-nomination-decided = 这条提名已经处理过了。
