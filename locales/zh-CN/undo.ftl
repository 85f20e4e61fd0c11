## Taking a one-tap action back, or asking first
event-check-in-undo-ask = { $name } 已经签到。签错了的话，当天可以撤销（爱心积分会一并冲回）。
event-check-in-undo = ↩️ 撤销签到
event-check-in-undone = 已撤销签到，{ $points } 爱心积分已冲回。
story-withdraw-ask = 撤回故事“{ $title }”？撤回后成员不再看到它，也不会再推送。
story-withdraw-yes = 🗑 确认撤回
broadcast-cancel-ask = 取消通知 #{ NUMBER($id, useGrouping: 0) }？还没发出的不会再发，已发出的不能收回。
broadcast-cancel-yes = ✖️ 确认取消通知
broadcast-cancel-no = 不取消
