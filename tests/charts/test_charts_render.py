"""Static rendering: ECharts in Node gives SVG with the labels; Chromium gives a non-blank PNG."""

from __future__ import annotations

import io

import pytest

from chainnav import charts


def test_render_svgs_draws_labels_in_one_node_call():
    bar = charts.ranking_bar(
        [{"k": "深圳市大疆创新科技有限公司", "v": 1234}], label="k", value="v", title="主要申请人"
    )
    line = charts.trend_line([{"y": 2020, "n": 1}, {"y": 2021, "n": 5}], x="y", y="n")
    svg_bar, svg_line = charts.render_svgs([(bar, 640, 300), (line, 500, 300)])
    assert svg_bar.startswith("<svg") and 'width="640"' in svg_bar
    assert "主要申请人" in svg_bar and "1234" in svg_bar
    assert "2021" in svg_line


@pytest.mark.slow
def test_render_png_is_a_non_blank_image_of_the_requested_size():
    from PIL import Image

    option = charts.share_pie(
        [{"k": "中国", "v": 60}, {"k": "美国", "v": 40}], label="k", value="v", title="国家"
    )
    image = Image.open(io.BytesIO(charts.render_png(option, 400, 300, scale=2))).convert("L")
    assert image.size == (800, 600)
    dark = sum(image.histogram()[:200])
    assert dark > 0.02 * 800 * 600  # slices and text, not a white page
