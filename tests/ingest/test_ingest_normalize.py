"""Normalizers, one real messy input and its expected output per line (sqlglot style)."""

from __future__ import annotations

import datetime as dt

import pytest

from chainnav.ingest.mapping import header_key
from chainnav.ingest.places import chinese_places, country_code


@pytest.mark.parametrize(
    ("raw", "kind", "country", "expected"),
    [
        ("US 10,000,000 B2", None, None, "US10000000B2"),
        ("US10000000B2", None, None, "US10000000B2"),
        ("CN 112345678 A", None, None, "CN112345678A"),
        ("CN112345678A", None, None, "CN112345678A"),
        ("WO2017/123456A1", None, None, "WO2017123456A1"),
        ("EP1234567B1", None, None, "EP1234567B1"),
        ("AU 2016/219013 A1", "A1", "AU", "AU2016219013A1"),
        ("EP 2135119 B8 20161012", "B8", "EP", "EP2135119B8"),
        ("US-9807726-B1", None, None, "US9807726B1"),
        ("10000000", "B2", "US", "US10000000B2"),
        ("D900000", "S", "US", "USD900000S"),
        ("RE49000", "E", "US", "USRE49000E"),
        ("us 9536149 b1", None, None, "US9536149B1"),
        ("218751475U", None, "CN", "CN218751475U"),
        ("CN104123456", None, None, None),
        ("not-a-number", None, None, None),
        ("149-656-862-621-165", "US 9627768 B2", "B2", None),
        ("", None, None, None),
    ],
)
def test_publication_numbers(sql, raw, kind, country, expected):
    assert sql("cn_pubno(?, ?, ?)", raw, kind, country) == expected


@pytest.mark.parametrize(
    ("raw", "order", "expected"),
    [
        ("05/10/17", "dmy", dt.date(2017, 10, 5)),
        ("12/02/48", "dmy", dt.date(1948, 2, 12)),
        ("03/01/2017", "mdy", dt.date(2017, 3, 1)),
        ("03/01/2017", "dmy", dt.date(2017, 1, 3)),
        ("2017-03-01", "dmy", dt.date(2017, 3, 1)),
        ("2017-03-01 00:00:00", "ymd", dt.date(2017, 3, 1)),
        ("20170301", "ymd", dt.date(2017, 3, 1)),
        ("2017.03.01", "ymd", dt.date(2017, 3, 1)),
        ("2017/3/1", "ymd", dt.date(2017, 3, 1)),
        ("2017年3月1日", "ymd", dt.date(2017, 3, 1)),
        ("42795", "ymd", dt.date(2017, 3, 1)),
        ("42795.0", "ymd", dt.date(2017, 3, 1)),
        ("31/02/17", "dmy", None),
        ("2017-13-45", "ymd", None),
        ("Monitoring Ground", "dmy", None),
        ("0", "ymd", None),
        ("0000-00-00", "ymd", None),
        ("NA", "dmy", None),
    ],
)
def test_dates(sql, raw, order, expected):
    assert sql("cn_date(?, ?)", raw, order) == expected


@pytest.mark.parametrize(
    ("raw", "code", "main_group"),
    [
        ("H01M 10/0525", "H01M10/0525", "H01M10/00"),
        ("H01M10/0525 (2010.01)", "H01M10/0525", "H01M10/00"),
        ("H01M0010052500", "H01M10/0525", "H01M10/00"),
        ("H01M  10/0525", "H01M10/0525", "H01M10/00"),
        ("h01m10/0525", "H01M10/0525", "H01M10/00"),
        ("A01B0001000000", "A01B1/00", "A01B1/00"),
        ("A01B0001100000", "A01B1/10", "A01B1/00"),
        ("B64C2201/123", "B64C2201/123", "B64C2201/00"),
        ("Y02E10/40", "Y02E10/40", "Y02E10/00"),
        ("G06F 3/01（2006.01）", "G06F3/01", "G06F3/00"),
        ("H01M", "H01M", None),
        ("B64U20/80", "B64U20/80", "B64U20/00"),
        ("junk", None, None),
        ("12345", None, None),
    ],
)
def test_classification_codes(sql, raw, code, main_group):
    assert sql("cn_class(?)", raw) == code
    assert sql("cn_class_main_group(cn_class(?))", raw) == main_group


@pytest.mark.parametrize(
    ("cell", "separator", "values"),
    [
        ("E02F9/26;;B64C39/024", r"\s*;;\s*", ["E02F9/26", "B64C39/024"]),
        ("刘迪;刘敏;王煜伟", r"\s*(?:;;|;|；|\||\n)\s*", ["刘迪", "刘敏", "王煜伟"]),
        ("华为技术有限公司；中兴通讯股份有限公司", r"\s*(?:;;|;|；|\||\n)\s*", ["华为技术有限公司", "中兴通讯股份有限公司"]),
        ("G01R 29/08 | G05D 1/00", r"\s*(?:;;|;|；|\||\n)\s*", ["G01R 29/08", "G05D 1/00"]),
        ("A\nB", r"\s*(?:;;|;|；|\||\n)\s*", ["A", "B"]),
    ],
)
def test_multi_valued_cells(sql, cell, separator, values):
    assert sql("regexp_split_to_array(?, ?)", cell, separator) == values


@pytest.mark.parametrize(
    ("raw", "norm", "entity_type"),
    [
        ("ESCO CORP", "ESCO", "company"),
        ("Viasat, Inc.", "VIASAT", "company"),
        ("Foo Co., Ltd.", "FOO", "company"),
        ("Robert Bosch GmbH", "ROBERT BOSCH", "company"),
        ("SIEMENS AG", "SIEMENS", "company"),
        ("Telefonaktiebolaget LM Ericsson (publ)", "TELEFONAKTIEBOLAGET LM ERICSSON", "company"),
        ("深圳市大疆创新科技有限公司", "深圳市大疆创新科技", "company"),
        ("华为技术股份有限公司", "华为技术", "company"),
        ("中兴通讯有限责任公司", "中兴通讯", "company"),
        ("博世（中国）投资有限公司", "博世中国投资", "company"),
        ("清华大学", "清华大学", "university"),
        ("UNIV ALABAMA", "UNIV ALABAMA", "university"),
        ("MASSACHUSETTS INST TECHNOLOGY", "MASSACHUSETTS INST TECHNOLOGY", "university"),
        ("浙江工业职业技术学院", "浙江工业职业技术学院", "university"),
        ("中国科学院自动化研究所", "中国科学院自动化研究所", "research"),
        ("中科大数据研究院", "中科大数据研究院", "research"),
        ("FRAUNHOFER GES FORSCHUNG", "FRAUNHOFER GES FORSCHUNG", "research"),
        ("US NAVY", "US NAVY", "government"),
        ("郑州市人民政府", "郑州市人民政府", "government"),
        ("张三", "张三", "individual"),
        # a company legal form outranks research words; real institutes, universities and states stay
        ("DOLBY LAB LICENSING CORP", "DOLBY LAB LICENSING", "company"),
        ("HRL LAB LLC", "HRL LAB", "company"),
        ("NEC LAB AMERICA INC", "NEC LAB AMERICA", "company"),
        ("MITSUBISHI ELECTRIC RES LABORATORIES INC", "MITSUBISHI ELECTRIC RES LABORATORIES", "company"),
        ("SHARP LABORATORIES OF AMERICA (SLA) INC", "SHARP LABORATORIES OF AMERICA SLA", "company"),
        ("ABB RESEARCH LTD", "ABB RESEARCH", "company"),
        ("ZIPP LABS B V", "ZIPP LABS", "company"),
        ("LAKESIDE LABS GMBH", "LAKESIDE LABS", "company"),
        ("LABTEC CORP", "LABTEC", "company"),
        ("北京航天自动控制研究所有限公司", "北京航天自动控制研究所", "company"),
        ("ELWHA LLC A LTD LIABILITY COMPANY OF THE STATE OF DELEWARE",
         "ELWHA LLC A LTD LIABILITY COMPANY OF THE STATE OF DELEWARE", "company"),
        ("UNIVERSAL DISPLAY CORP", "UNIVERSAL DISPLAY", "company"),
        ("UNIVCODA AS", "UNIVCODA", "company"),
        ("KOREA AEROSPACE RES INST", "KOREA AEROSPACE RES INST", "research"),
        ("ELECTRONICS AND TELECOMMUNICATIONS RESEARCH INSTITUTE",
         "ELECTRONICS AND TELECOMMUNICATIONS RESEARCH INSTITUTE", "research"),
        ("FRAUNHOFER GES ZUR FOERDERUNG DER ANGEWANDTEN FORSCHUNG E V",
         "FRAUNHOFER GES ZUR FOERDERUNG DER ANGEWANDTEN FORSCHUNG E V", "research"),
        ("ALFRED-WEGENER-INSTITUT HELMHOLTZ-ZENTRUM FUER POLAR- UND MEERESFORSCHUNG",
         "ALFRED WEGENER INSTITUT HELMHOLTZ ZENTRUM FUER POLAR UND MEERESFORSCHUNG", "research"),
        ("BATTELLE MEMORIAL INSTITUTE", "BATTELLE MEMORIAL INSTITUTE", "research"),
        ("AUSTRALIAN INST MARINE SCIENCE", "AUSTRALIAN INST MARINE SCIENCE", "research"),
        ("中国科学院沈阳自动化研究所", "中国科学院沈阳自动化研究所", "research"),
        ("UNIV MICHIGAN", "UNIV MICHIGAN", "university"),
        ("UNIV NAGOYA NAT UNIV CORP", "UNIV NAGOYA NAT UNIV", "university"),
        ("COLUMBUS STATE UNIVERSITY RES SERVICE FOUNDATION INC",
         "COLUMBUS STATE UNIVERSITY RES SERVICE FOUNDATION", "university"),
        ("HANDONG GLOBAL UNIVERCITY INDUSTRY-ACADEMIC COOP FOUND",
         "HANDONG GLOBAL UNIVERCITY INDUSTRY ACADEMIC COOP FOUND", "university"),
        ("KOREA ADVANCED INST SCI & TECH", "KOREA ADVANCED INST SCI TECH", "university"),
        ("UNIV CORNELL", "UNIV CORNELL", "university"),
        ("SUPSI SCUOLA UNIVERSITARIA DELLA SVIZZERA ITALIANA", "SUPSI SCUOLA UNIVERSITARIA DELLA SVIZZERA ITALIANA",
         "university"),
        ("REPRESENTED BY THE SECRETARY OF THE NAVY UNITED STATES GOVERNMENT AS",
         "REPRESENTED BY THE SECRETARY OF THE NAVY UNITED STATES GOVERNMENT", "government"),
        ("CANADA MINISTER DEFENCE", "CANADA MINISTER DEFENCE", "government"),
    ],
)
def test_applicant_names(sql, raw, norm, entity_type):
    assert sql("cn_name_norm(?)", raw) == norm
    assert sql("cn_entity_type(?, 'applicant', false)", raw) == entity_type


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("有效", "active"), ("有权-审定授权", "active"), ("授权", "active"), ("ACTIVE", "active"),
        ("审中-实质审查", "pending"), ("公开", "pending"), ("PENDING", "pending"), ("PCT有效期内", "pending"),
        ("失效", "lapsed"), ("未缴年费", "lapsed"), ("权利终止", "lapsed"), ("PCT有效期满", "lapsed"),
        ("DISCONTINUED", "lapsed"), ("期限届满", "expired"), ("EXPIRED", "expired"), ("视为撤回", "withdrawn"),
        ("驳回", "rejected"), ("全部无效", "revoked"), (None, "unknown"), ("？", "unknown"),
    ],
)
def test_legal_status(sql, raw, status):
    assert sql("cn_legal_status(?)", raw) == status


@pytest.mark.parametrize(
    ("type_raw", "country", "kind", "number", "doc_type", "is_grant"),
    [
        ("Granted Patent", "US", "B1", "9536149", "invention", True),
        ("Patent Application", "US", "A1", "20170345180", "invention", False),
        (None, "CN", "U", "218751475", "utility_model", True),
        ("实用新型", "CN", "U", "218751475", "utility_model", True),
        ("外观设计", "CN", "S", "304218960", "design", True),
        (None, "CN", "A", "116245100", "invention", False),
        ("design patent grant", "US", "S", "D900000", "design", True),
        ("plant patent grant", "US", "P3", "PP33000", "plant", True),
        ("reissue patent grant", "US", "E", "RE49000", "reissue", True),
        (None, "EP", "B1", "1234567", "invention", True),
        (None, "WO", "A1", "2017123456", "invention", False),
        ("Search report", "WO", "A3", "2008082446", "other", False),
    ],
)
def test_document_types(sql, type_raw, country, kind, number, doc_type, is_grant):
    assert sql("cn_doc_type(?, ?, ?, ?)", type_raw, country, kind, number) == doc_type
    assert sql("cn_is_grant(?, ?, ?)", type_raw, country, kind) == is_grant


@pytest.mark.parametrize(
    ("text", "code"),
    [("CN", "CN"), ("cn", "CN"), ("中国", "CN"), ("美国", "US"), ("日本", "JP"), ("韩国", "KR"), ("德国", "DE"),
     ("台湾", "TW"), ("China", "CN"), ("GERMANY", "DE"), ("Atlantis", None), (None, None)],
)
def test_countries(text, code):
    assert country_code(text) == code


@pytest.mark.parametrize(
    ("address", "region", "city"),
    [
        ("518057 广东省深圳市南山区科技园", "CN-GD", "深圳市"),
        ("450000河南省郑州市郑东新区中道东路6号创意岛大厦8层", "CN-HA", "郑州市"),
        ("北京市海淀区中关村", "CN-BJ", "北京市"),
        ("上海市浦东新区张江路", "CN-SH", "上海市"),
        ("江苏南京", "CN-JS", "南京市"),
        ("宁夏回族自治区银川市金凤区", "CN-NX", "银川市"),
        ("新疆乌鲁木齐市", "CN-XJ", "乌鲁木齐市"),
        ("香港九龙", "CN-HK", None),
    ],
)
def test_chinese_addresses(address, region, city):
    assert chinese_places([address]) == [(region, city)]


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Publication Number", "publication_number"), ("publication_number", "publication_number"),
        ("NPL Citation Id(s)", "npl_citation_id_s"), ("公开（公告）号", "公开_公告_号"), ("公开(公告)号", "公开_公告_号"),
        ("\ufeff申请(专利权)人", "申请_专利权_人"), ("IPC主分类", "ipc主分类"), ("inventor/author", "inventor_author"),
    ],
)
def test_header_keys(header, key):
    assert header_key(header) == key
