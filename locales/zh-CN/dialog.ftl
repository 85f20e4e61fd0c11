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
