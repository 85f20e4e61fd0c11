## The dialog engine: every question's buttons, drafts that wait
dialog-back = ← 上一步
dialog-keep = 保留
dialog-skip = 跳过
dialog-done = { $count ->
        [0] 完成
       *[other] 完成（{ $count }）
    }
dialog-confirm = ✅ 确认
dialog-current = 现在是：{ $value }（点“保留”不改）
dialog-so-far = 已有 { $count } 项。
dialog-invalid = 这个回答不符合要求，请再试一次。
dialog-use-buttons = 请点下面的按钮选择。
dialog-photo-please = 这里需要一张照片（不是贴纸或文字）。
dialog-photos-full = 最多 { $limit } 张照片，已经够了，点“完成”继续。
dialog-button-stale = 这个按钮已失效：问题已经往下走了，请回答最新的问题。
dialog-none-now = 这个按钮已失效：这份填写已经结束了。
dialog-draft-waiting = 📝 您还有一份未完成的{ $draft }，已为您保存。要继续填写吗？
dialog-resume = ✏️ 继续填写
dialog-abandon = 🗑 放弃
dialog-abandoned = 已放弃这份草稿。
contact-draft = 收货信息
fund-out-draft = 基金拨付记录
fund-out-preview =
    <b>请确认这笔拨付</b>
    金额：¥{ $amount }
    收款方：{ $recipient }
    用途：{ $purpose }
    日期：{ $date }
    记录后会公开在 /fund，不能撤回。
fund-out-confirm = ✅ 确认记录
review-hide-draft = 隐藏评价的原因
review-hide-preview =
    将隐藏评价 #{ NUMBER($review, useGrouping: 0) }，原因：{ $reason }
    评价会保留，但不再显示、不计入评分。
review-hide-confirm = 🙈 确认隐藏
queue-reject-draft = 驳回提名的原因
queue-reject-preview =
    将驳回提名 #{ NUMBER($nomination, useGrouping: 0) }，并把原因告诉提名人：
    { $reason }
queue-reject-confirm = ✖️ 确认驳回
queue-list-draft = 上架信息
review-draft = 评价
review-current = 原来的：{ $value }
nominate-draft = 提名
nominate-preview =
    <b>请确认您的提名</b>
    产品：{ $name }
    区县：{ $county } · 村：{ $village }
    供应商或农户：{ $supplier }
    联系方式：{ $contact }
    推荐理由：{ $reason }
    照片：{ $photo ->
        [1] 已附
       *[0] 无
    }
nominate-confirm = ✅ 提交提名
event-draft = 活动
photos-done = 照片好了（{ $count } 张）
exemplar-draft = 先进典型
exemplar-preview =
    <b>预览</b>
    🎖 <b>{ $title }</b>
    { $team } · { $county }

    { $text }

    照片 { $photos } 张。发布后所有成员都能在“先进典型”里看到。
draft-draft = 村产品草稿
dialog-photos-clear = 🔄 重新选照片（清空已有的）
story-dialog = 故事
story-photos-hint = 这里可以发送照片；发完（或不发）点“照片好了”。
story-preview =
    <b>预览</b>
    📖 <b>{ $title }</b>
    { $text }

    照片 { $photos } 张 · 代言产品 { $products } 件
fair-dialog = 展销会
fair-features-counties = ← 回到区县列表
broadcast-dialog = 通知
dialog-resume-draft = ✏️ 继续填写{ $draft }
tracking-dialog = 发货信息
order-message-dialog = 留言
