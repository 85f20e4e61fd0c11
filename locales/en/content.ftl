## A nomination's village: one the county has may be meant
nominate-village-which = The county has villages with a name close to { $village }. Which one do you mean?
nominate-village-as-typed = None of these: “{ $village }”
