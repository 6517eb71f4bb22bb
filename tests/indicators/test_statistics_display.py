from decimal import Decimal as D

from indicators import statistics as st


def test_round_amount_moves_to_the_larger_unit_when_exact():
    assert st.format_round_amount(D("40000"), "万元") == "4亿元"
    assert st.format_round_amount(D("30000.0000"), "万元") == "3亿元"
    assert st.format_round_amount(D("16000"), "万元") == "1.6亿元"
    assert st.format_round_amount(D("55.0000"), "亿元") == "55亿元"
    assert st.format_round_amount(D("2500"), "万美元") == "2500万美元"


def test_round_amount_keeps_the_unit_when_the_larger_one_would_round():
    assert st.format_round_amount(D("12345"), "万元") == "12345万元"
    assert st.format_round_amount(D("5000"), "万元") == "5000万元"
    assert st.format_round_amount(D("30"), "个") == "30个"
    assert st.format_round_amount(None, "亿元") == "—"


def test_chinese_numeral_for_section_numbers():
    assert [st.chinese_numeral(n) for n in (1, 4, 10, 12, 20, 23)] == ["一", "四", "十", "十二", "二十", "二十三"]
