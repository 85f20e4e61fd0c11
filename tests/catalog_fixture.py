"""A small catalog as an operator would import it, shared by the store tests."""

from __future__ import annotations

from store import catalog_import

HEADER = "name,name_en,category,county,village,supplier,supplier_kind,price_yuan,unit,stock,charity_item,certification_no,photo,description\n"
ROWS = [
    "城口老腊肉,Chengkou cured pork,腊肉,城口县,,城口县巴山食品有限公司,brand,128.00,500克/袋,40,是,LB-18-1,,山里的烟熏腊肉",
    "巫溪土蜂蜜,Wuxi wild honey,蜂蜜,巫溪县,,巫溪县蜂农 李大姐,farm,68.5,瓶(500g),12,否,,,",
    "金佛山方竹笋,Jinfo Mountain bamboo shoots,鲜笋,南川区,,南川山货小铺,shop,39.9,1斤装,0,否,,,",
    "城口山地鸡,Chengkou mountain chicken,土家禽,城口县,,城口县巴山食品有限公司,,158,只,5,是,,,",
]


def catalog_csv(*rows: str) -> str:
    return HEADER + "\n".join(rows or ROWS) + "\n"


async def load(session) -> None:
    result = await catalog_import.import_csv(session, catalog_csv())
    assert result.errors == [] and result.created == len(ROWS)
