# Photos: every photo of a story, an exemplar or a fair's county feature; a review's photo.
photos-more = 📷 更多照片（{ $count } 张）
photos-more-caption = <b>{ $title }</b> 的另外 { $count } 张照片
review-line-photo = 📷 #{ NUMBER($review, useGrouping: 0) }
review-photo = 📷 看评价 #{ NUMBER($review, useGrouping: 0) } 的照片
review-photo-caption = 评价 #{ NUMBER($review, useGrouping: 0) } · { $name }
    { $stars } · { $author } · { $date }
    { $text }
