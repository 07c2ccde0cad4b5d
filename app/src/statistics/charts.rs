//! 统计分析's two charts, drawn by plotters as SVG on the server: bars by
//! city stacked by status, and the trend by month of 报送. The page puts
//! the SVG in place as it is (every text in it is ours: city names, status
//! labels, months and numbers). Text is left to the browser's fonts.

use super::{CityCounts, Count};
use plotters::prelude::*;

/// One colour per status, in `Statistics::statuses` order (the greys and
/// reds for returns and refusals, green for 审核通过).
const PALETTE: [RGBColor; 7] = [
    RGBColor(0x8a, 0x94, 0xa6), // 待单位审核
    RGBColor(0xf0, 0xa0, 0x40), // 退回个人修改
    RGBColor(0xd9, 0x48, 0x3b), // 审核不通过
    RGBColor(0x3b, 0x7d, 0xd8), // 待主管部门审核
    RGBColor(0x1f, 0x4e, 0x9a), // 待职改办审核
    RGBColor(0xc9, 0x7b, 0xd4), // 退回单位修改
    RGBColor(0x2e, 0x9e, 0x5b), // 审核通过
];
const FONT: &str = "sans-serif";
const EMPTY: &str = "所选范围内暂无申报";

fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// A round top for the value axis: at least 1, a little above the largest bar.
fn top(max: u64) -> u64 {
    let max = max.max(1);
    max + (max / 10).max(1)
}

/// Bars by city, each stacked by status, with the legend on the right.
pub fn cities_by_status(statuses: &[String], cities: &[CityCounts]) -> String {
    let mut svg = String::new();
    if let Err(e) = draw_cities(&mut svg, statuses, cities) {
        tracing::error!(error = %e, "drawing the city chart failed");
        return String::new();
    }
    svg
}

fn draw_cities(svg: &mut String, statuses: &[String], cities: &[CityCounts]) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, (960, 420)).into_drawing_area();
    root.fill(&WHITE)?;
    let (plot, legend) = root.split_horizontally(790);
    // Segments 0..=last: one per city.
    let last = cities.len().max(1) as i32 - 1;
    let max = cities.iter().map(|c| c.total).max().unwrap_or(0);
    let mut chart = ChartBuilder::on(&plot)
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d((0..last).into_segmented(), 0u64..top(max))?;
    let names: Vec<String> = cities.iter().map(|c| c.name.trim_end_matches('市').to_owned()).collect();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(cities.len().max(1))
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => names.get(*i as usize).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .y_desc("件数")
        .label_style((FONT, 16))
        .axis_desc_style((FONT, 16))
        .draw()?;
    let mut base = vec![0u64; cities.len()];
    for (s, _) in statuses.iter().enumerate() {
        let c = colour(s);
        chart.draw_series(cities.iter().enumerate().filter(|(_, city)| city.by_status[s] > 0).map(|(i, city)| {
            let (from, to) = (base[i], base[i] + city.by_status[s]);
            let mut bar = Rectangle::new(
                [(SegmentValue::Exact(i as i32), from), (SegmentValue::Exact(i as i32 + 1), to)],
                c.filled(),
            );
            bar.set_margin(0, 0, 8, 8);
            bar
        }))?;
        for (i, city) in cities.iter().enumerate() {
            base[i] += city.by_status[s];
        }
    }
    if max == 0 {
        plot.draw(&Text::new(EMPTY, (330, 190), (FONT, 19).into_font().color(&RGBColor(0x66, 0x70, 0x85))))?;
    }
    for (s, label) in statuses.iter().enumerate() {
        let y = 24 + s as i32 * 26;
        legend.draw(&Rectangle::new([(8, y), (22, y + 14)], colour(s).filled()))?;
        legend.draw(&Text::new(label.as_str(), (28, y), (FONT, 16).into_font()))?;
    }
    root.present()?;
    Ok(())
}

/// The number of declarations per month of 报送, as a line with its points.
pub fn by_month(months: &[Count]) -> String {
    let mut svg = String::new();
    if let Err(e) = draw_months(&mut svg, months) {
        tracing::error!(error = %e, "drawing the month chart failed");
        return String::new();
    }
    svg
}

fn draw_months(svg: &mut String, months: &[Count]) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, (960, 320)).into_drawing_area();
    root.fill(&WHITE)?;
    let last = months.len().max(1) as i32 - 1;
    let max = months.iter().map(|m| m.n).max().unwrap_or(0);
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d((0..last).into_segmented(), 0u64..top(max))?;
    // At most twelve labels: a long range shows every few months.
    let step = months.len().div_ceil(12).max(1);
    let labels: Vec<String> = months
        .iter()
        .enumerate()
        .map(|(i, m)| if i % step == 0 { m.label.replacen('年', "-", 1).replace('月', "") } else { String::new() })
        .collect();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(months.len().max(1))
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => labels.get(*i as usize).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .y_desc("件数")
        .label_style((FONT, 15))
        .axis_desc_style((FONT, 16))
        .draw()?;
    let blue = colour(3);
    let points: Vec<(SegmentValue<i32>, u64)> =
        months.iter().enumerate().map(|(i, m)| (SegmentValue::CenterOf(i as i32), m.n)).collect();
    chart.draw_series(LineSeries::new(points.clone(), blue.stroke_width(2)))?;
    chart.draw_series(points.into_iter().map(|p| Circle::new(p, 4, blue.filled())))?;
    if max == 0 {
        root.draw(&Text::new(EMPTY, (400, 140), (FONT, 19).into_font().color(&RGBColor(0x66, 0x70, 0x85))))?;
    }
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_city_chart_is_svg_with_every_city_and_status_named() {
        let statuses: Vec<String> = ["待单位审核", "审核通过"].map(String::from).to_vec();
        let cities = vec![
            CityCounts { code: "450100".into(), name: "南宁市".into(), by_status: vec![3, 2], total: 5 },
            CityCounts { code: "450200".into(), name: "柳州市".into(), by_status: vec![0, 1], total: 1 },
        ];
        let svg = cities_by_status(&statuses, &cities);
        assert!(svg.starts_with("<svg"), "{svg}");
        for text in ["南宁", "柳州", "待单位审核", "审核通过", "件数"] {
            assert!(svg.contains(text), "{text} in the chart");
        }
        // Three bar segments (南宁 two statuses, 柳州 one) in the status colours, one slot per city.
        assert_eq!(svg.matches(r##"fill="#F0A040""##).count(), 3, "two bars and the legend: {svg}");
        assert_eq!(svg.matches(r##"fill="#8A94A6""##).count(), 2, "one bar and the legend: {svg}");
        let one = cities_by_status(&statuses, &cities[..1]);
        assert!(one.contains("南宁") && !one.contains("柳州"), "{one}");
    }

    #[test]
    fn an_empty_range_says_so() {
        let svg = by_month(&[]);
        assert!(svg.contains(EMPTY), "{svg}");
    }
}
