"""Places of applicants: country names to ISO 3166-1, addresses to ISO 3166-2 regions and cities.

Chinese addresses (``518057 广东省深圳市南山区…``, ``广东;深圳``) are parsed by cpca; its province names
are turned into ISO 3166-2 codes (``CN-GD``) with pycountry's Chinese subdivision names. US states
(``CA`` with country ``US``) become ``US-CA``. Python runs only over DISTINCT place texts.
"""

from __future__ import annotations

import gettext
import re
from functools import lru_cache

import duckdb
import pyarrow as pa

_HAN = re.compile(r"[\u3400-\u9fff]")

# Short Chinese country names that pycountry's zh_CN catalogue spells differently (大韩民国, 中国台湾省…).
COUNTRY_ALIASES = {
    "韩国": "KR", "南韩": "KR", "朝鲜": "KP", "台湾": "TW", "中国台湾": "TW", "香港": "HK", "中国香港": "HK",
    "澳门": "MO", "中国澳门": "MO", "俄罗斯": "RU", "越南": "VN", "老挝": "LA", "伊朗": "IR", "叙利亚": "SY",
    "玻利维亚": "BO", "委内瑞拉": "VE", "坦桑尼亚": "TZ", "摩尔多瓦": "MD", "英国": "GB", "美国": "US",
    "中华人民共和国": "CN", "欧洲专利局": "EP", "世界知识产权组织": "WO", "欧洲": "EP",
}
# pycountry's zh_CN catalogue leaves this one untranslated.
REGION_ALIASES = {"宁夏回族自治区": "CN-NX", "宁夏": "CN-NX"}


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Chinese and English country names (upper case) -> ISO 3166-1 alpha-2."""
    import pycountry

    zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)
    names: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        for name in (country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)):
            if name:
                names[name.upper()] = code
                names[zh.gettext(name)] = code
    names.update(COUNTRY_ALIASES)
    return names


@lru_cache(maxsize=1)
def cn_region_codes() -> dict[str, str]:
    """Chinese province names (广东省, and 广东) -> ISO 3166-2 codes (CN-GD)."""
    import pycountry

    zh = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)
    codes: dict[str, str] = {}
    for sub in pycountry.subdivisions.get(country_code="CN"):
        name = zh.gettext(sub.name)
        if _HAN.search(name):
            codes[name] = sub.code
            short = re.sub(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$", "", name)
            codes[short] = sub.code
    codes.update(REGION_ALIASES)
    return codes


def country_code(text: str | None) -> str | None:
    """``CN``/``中国``/``China``/``美国`` -> ISO alpha-2; None when unknown."""
    if not text:
        return None
    value = text.strip()
    if re.fullmatch(r"[A-Za-z]{2}", value):
        return value.upper()
    return country_names().get(value) or country_names().get(value.upper())


def chinese_places(texts: list[str]) -> list[tuple[str | None, str | None]]:
    """(ISO 3166-2 region, city) for Chinese address texts, parsed by cpca in one batch."""
    import cpca

    if not texts:
        return []
    frame = cpca.transform(texts)
    regions = cn_region_codes()
    result: list[tuple[str | None, str | None]] = []
    for province, city in zip(frame["省"], frame["市"], strict=True):
        province = province if isinstance(province, str) and province else None
        city = city if isinstance(city, str) and city else None
        region = regions.get(province) if province else None
        if city in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            city = province  # municipalities: Beijing's city is Beijing
        result.append((region, city))
    return result


def resolve_places(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Normalize ``country``, ``region`` and ``city`` of ``table`` in place (over distinct values)."""
    countries = [r[0] for r in con.execute(
        f"SELECT DISTINCT country FROM {table} WHERE country IS NOT NULL AND NOT regexp_matches(country, '^[A-Z]{{2}}$')"
    ).fetchall()]
    if countries:
        mapped = pa.table({"raw": countries, "code": [country_code(c) for c in countries]})
        con.register("_country_map", mapped)
        con.execute(f"UPDATE {table} t SET country = m.code FROM _country_map m WHERE t.country = m.raw")
        con.unregister("_country_map")
    places = [r[0] for r in con.execute(
        f"""SELECT DISTINCT concat_ws(' ', region, city, address) FROM {table}
            WHERE regexp_matches(concat_ws(' ', region, city, address), '[\\x{{3400}}-\\x{{9fff}}]')
              AND NOT regexp_matches(coalesce(region, ''), '^[A-Z]{{2}}-')"""
    ).fetchall()]
    if places:
        parsed = chinese_places([p.replace(";", " ").replace("；", " ") for p in places])
        found = pa.table({
            "place": places,
            "region": [r for r, _ in parsed],
            "city": [c for _, c in parsed],
        })
        con.register("_place_map", found)
        con.execute(f"""
            UPDATE {table} t SET region = m.region, city = coalesce(m.city, t.city),
                   country = coalesce(t.country, CASE WHEN m.region IS NOT NULL THEN 'CN' END)
            FROM _place_map m WHERE concat_ws(' ', t.region, t.city, t.address) = m.place
        """)
        con.unregister("_place_map")
    con.execute(f"""
        UPDATE {table} SET region = country || '-' || upper(region)
        WHERE country IS NOT NULL AND regexp_matches(coalesce(region, ''), '^[A-Za-z0-9]{{1,3}}$')
    """)
    con.execute(f"""
        UPDATE {table} SET region = NULL
        WHERE region IS NOT NULL AND NOT regexp_matches(region, '^[A-Z]{{2}}-[A-Z0-9]{{1,3}}$')
    """)
