# Photos: every photo of a story, an exemplar or a fair's county feature; a review's photo.
photos-more = 📷 More photos ({ $count })
photos-more-caption = <b>{ $title }</b>: { $count } more { $count ->
        [one] photo
       *[other] photos
    }
review-line-photo = 📷 #{ NUMBER($review, useGrouping: 0) }
review-photo = 📷 Photo of review #{ NUMBER($review, useGrouping: 0) }
review-photo-caption = Review #{ NUMBER($review, useGrouping: 0) } · { $name }
    { $stars } · { $author } · { $date }
    { $text }
