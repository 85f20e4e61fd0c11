## A nomination's village: one the county has may be meant
nominate-village-which = 县里有名字相近的村：您说的“{ $village }”是下面哪一个？
nominate-village-as-typed = 都不是，就写“{ $village }”
