## What members type: a message of nothing but invisible or control characters
text-unreadable = 这条消息里没有能识别的文字。发送一两个词即可搜索，或发送 /start 打开主菜单。
