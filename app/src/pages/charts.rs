//! Charts drawn on the server as SVG: readable without JavaScript, with the
//! same numbers in an accessible table beside each chart.

use leptos::prelude::*;

/// One bar: its label, its value, and the text shown for the value.
#[derive(Clone, Debug)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub shown: String,
}

const ROW: f64 = 26.0;
const LABEL_WIDTH: f64 = 230.0;
const BAR_WIDTH: f64 = 380.0;

/// A horizontal bar chart with its data table. `id` names the figure.
pub fn bar_chart(id: &'static str, title: String, column: &'static str, bars: Vec<Bar>) -> impl IntoView {
    let max = bars
        .iter()
        .map(|b| b.value)
        .fold(0.0_f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let height = (bars.len() as f64 * ROW + 10.0).max(36.0);
    let width = LABEL_WIDTH + BAR_WIDTH + 90.0;
    let title_id = format!("{id}-title");
    let rows = bars.clone();
    view! {
        <figure class="chart" id=id>
            <figcaption id=title_id.clone()>{title.clone()}</figcaption>
            <svg
                viewBox=format!("0 0 {width} {height}")
                width="100%"
                role="img"
                aria-labelledby=title_id
                xmlns="http://www.w3.org/2000/svg"
            >
                <title>{title.clone()}</title>
                {bars.into_iter().enumerate().map(|(i, b)| {
                    let y = 5.0 + i as f64 * ROW;
                    let w = (b.value / max * BAR_WIDTH).max(if b.value > 0.0 { 1.0 } else { 0.0 });
                    view! {
                        <g>
                            <text x=format!("{}", LABEL_WIDTH - 8.0) y=format!("{}", y + 17.0) text-anchor="end" class="chart-label">{b.label}</text>
                            <rect x=format!("{LABEL_WIDTH}") y=format!("{}", y + 3.0) width=format!("{w:.1}") height="18" class="chart-bar"></rect>
                            <text x=format!("{:.1}", LABEL_WIDTH + w + 6.0) y=format!("{}", y + 17.0) class="chart-value">{b.shown}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
            <table class="data-table chart-data">
                <caption>{format!("{title}（数据表）")}</caption>
                <thead><tr><th scope="col">"项目"</th><th scope="col">{column}</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|b| view! { <tr><th scope="row">{b.label}</th><td>{b.shown}</td></tr> }).collect_view()}
                </tbody>
            </table>
        </figure>
    }
}
