//! The HTML report's charts, drawn as inline SVG (no script, nothing fetched):
//! a story's coverage (articles per day, stacked by outlet, copies lighter)
//! and its timeline on a date axis (each date a dot sized by its salience,
//! linking to its line in the timeline).
//!
//! The SVG is written with maud's `html!`: every text from the report reaches it
//! as an escaped splice; numbers and class names are the renderer's own.

use std::collections::HashMap;

use maud::{html, Markup};

use crate::day::Day;
use crate::layout::{Layout, Section};
use crate::overview::KEY_DATES;
use crate::TimelineRecord;

/// Outlets given a colour of their own in a coverage chart; the rest share one.
pub(crate) const COLOURED_OUTLETS: usize = 7;

/// Bars a coverage chart shows at most before it counts per week, then per 30 days.
const MAX_BARS: i64 = 92;

/// The drawing area, in SVG user units.
const WIDTH: f64 = 640.0;
const LEFT: f64 = 34.0;
const RIGHT: f64 = 632.0;

/// Articles of one outlet in one bar: first-hand, and copies.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Count {
    /// Articles that are no copy of another.
    pub original: usize,
    /// Copies (near-duplicates, wire reprints).
    pub copies: usize,
}

/// A story's coverage, binned for drawing.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Coverage {
    /// Days per bar: 1, 7 or 30.
    pub bin: i64,
    /// The first day of the first bar.
    pub first: Day,
    /// Per bar, per legend entry (see `legend`), the articles.
    pub bars: Vec<Vec<Count>>,
    /// The legend: outlet names (raw) with their article counts; the last
    /// entry gathers the outlets beyond [`COLOURED_OUTLETS`] when there are any.
    pub legend: Vec<(String, usize)>,
    /// Articles without a readable publication date (not drawn).
    pub undated: usize,
}

impl Coverage {
    /// Bins the dated articles of a story section; `None` when none is dated.
    pub fn of(layout: &Layout, section: &Section) -> Option<Coverage> {
        let mut outlets: HashMap<String, usize> = HashMap::new();
        let mut dated = Vec::new();
        let mut undated = 0;
        for &id in &section.articles {
            let outlet = layout.outlet(id);
            *outlets.entry(outlet.clone()).or_default() += 1;
            match layout.day(id) {
                Some(day) => dated.push((day, outlet, layout.is_copy(id))),
                None => undated += 1,
            }
        }
        let first = dated.iter().map(|d| d.0).min()?;
        let last = dated.iter().map(|d| d.0).max()?;
        let days = last.0 - first.0 + 1;
        let bin = if days <= MAX_BARS {
            1
        } else if days <= 7 * MAX_BARS {
            7
        } else {
            30
        };

        let mut ranked: Vec<(String, usize)> = outlets.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut legend: Vec<(String, usize)> =
            ranked.iter().take(COLOURED_OUTLETS).cloned().collect();
        let others: usize = ranked.iter().skip(COLOURED_OUTLETS).map(|o| o.1).sum();
        if others > 0 {
            let n = ranked.len() - COLOURED_OUTLETS;
            legend.push((format!("{n} other outlets"), others));
        }
        let slot: HashMap<&str, usize> = ranked
            .iter()
            .enumerate()
            .map(|(i, (name, _))| (name.as_str(), i.min(COLOURED_OUTLETS)))
            .collect();

        let n_bars = ((days + bin - 1) / bin) as usize;
        let mut bars = vec![vec![Count::default(); legend.len()]; n_bars];
        for (day, outlet, copy) in dated {
            let count = &mut bars[((day.0 - first.0) / bin) as usize][slot[outlet.as_str()]];
            if copy {
                count.copies += 1;
            } else {
                count.original += 1;
            }
        }
        Some(Coverage {
            bin,
            first,
            bars,
            legend,
            undated,
        })
    }

    /// "day", "week" or "30 days": what one bar counts.
    fn unit(&self) -> &'static str {
        match self.bin {
            1 => "day",
            7 => "week",
            _ => "30 days",
        }
    }

    /// The chart as inline SVG with its legend and notes below, as HTML.
    pub fn to_html(&self) -> Markup {
        const TOP: f64 = 10.0;
        const BOTTOM: f64 = 128.0;
        let most = self
            .bars
            .iter()
            .map(|bar| bar.iter().map(|c| c.original + c.copies).sum::<usize>())
            .max()
            .unwrap_or(0)
            .max(1);
        let step = (RIGHT - LEFT) / self.bars.len() as f64;
        let gap = if step > 4.0 { 1.0 } else { 0.0 };
        let unit = self.unit();
        let last = Day(self.first.0 + (self.bars.len() as i64 - 1) * self.bin);
        // Each bar's blocks, stacked from the axis up: per outlet its originals, then its copies.
        let mut blocks = Vec::new();
        for (i, bar) in self.bars.iter().enumerate() {
            let start = Day(self.first.0 + i as i64 * self.bin);
            let x = LEFT + i as f64 * step;
            let mut y = BOTTOM;
            for (slot, count) in bar.iter().enumerate() {
                for (articles, copies) in [(count.original, false), (count.copies, true)] {
                    if articles == 0 {
                        continue;
                    }
                    let height = (BOTTOM - TOP) * articles as f64 / most as f64;
                    y -= height;
                    blocks.push(Block {
                        slot,
                        copies,
                        articles,
                        start,
                        x,
                        y,
                        height,
                    });
                }
            }
        }
        let svg = html! {
            svg class="chart coverage" viewBox={ "0 0 " (WIDTH) " 150" } role="img"
                aria-label={ "Articles per " (unit) ", stacked by outlet" } {
                line class="axis" x1=(LEFT) y1=(BOTTOM) x2=(RIGHT) y2=(BOTTOM) {}
                text class="tick" x=(LEFT - 4.0) y=(TOP + 8.0) text-anchor="end" { (most) }
                text class="tick" x=(LEFT - 4.0) y=(BOTTOM) text-anchor="end" { "0" }
                @for block in &blocks {
                    rect class={ "o" (block.slot) @if block.copies { " copy" } }
                        x=(format_args!("{:.1}", block.x)) y=(format_args!("{:.1}", block.y))
                        width=(format_args!("{:.1}", (step - gap).max(0.5)))
                        height=(format_args!("{:.1}", block.height)) {
                        title {
                            @if self.bin == 1 {
                                (block.start)
                            } @else {
                                (unit) " from " (block.start)
                            }
                            ": " (self.legend[block.slot].0) ", " (plural_articles(block.articles))
                            @if block.copies { " copied" }
                        }
                    }
                }
                text class="tick" x=(LEFT) y="146" { (self.first) }
                @if last != self.first {
                    text class="tick" x=(RIGHT) y="146" text-anchor="end" { (last) }
                }
            }
        };
        html! {
            figure class="chart" {
                "\n" (svg) "\n"
                figcaption {
                    "Articles per " (unit) ", by outlet"
                    @if self.bars.iter().flatten().any(|c| c.copies > 0) { " (lighter: copies)" }
                    ":"
                }
                "\n"
                ul class="legend" {
                    @for (slot, (name, n)) in self.legend.iter().enumerate() {
                        li { span class={ "swatch o" (slot) } {} (name) " " (n) }
                    }
                }
                "\n"
                @if self.undated > 0 {
                    p class="muted" {
                        (plural_articles(self.undated)) " without a publication date not drawn."
                    }
                    "\n"
                }
            }
            "\n"
        }
    }
}

/// One outlet's originals or copies in one bar of a coverage chart.
struct Block {
    /// The outlet's legend entry.
    slot: usize,
    copies: bool,
    articles: usize,
    /// The first day the bar counts.
    start: Day,
    x: f64,
    y: f64,
    height: f64,
}

fn plural_articles(n: usize) -> String {
    crate::markdown::plural(n, "article")
}

/// A story's timeline on a date axis: one dot per dated entry, its area
/// following the entry's salience, linking to `#{anchor}-t{i}` (the entry's
/// index in `timeline`). Background entries (earlier history) are listed
/// under the axis rather than stretching it, unless nothing else is dated.
/// `None` when there is no entry.
pub(crate) fn timeline_html(timeline: &[&TimelineRecord], anchor: &str) -> Option<Markup> {
    let dated: Vec<(usize, Day, &TimelineRecord)> = timeline
        .iter()
        .enumerate()
        .map(|(i, t)| (i, Day::of(t.date), *t))
        .collect();
    let foreground: Vec<_> = dated.iter().filter(|d| !d.2.background).copied().collect();
    let (drawn, aside) = if foreground.is_empty() {
        (dated, Vec::new())
    } else {
        let aside: Vec<_> = dated.iter().filter(|d| d.2.background).copied().collect();
        (foreground, aside)
    };
    let first = drawn.iter().map(|d| d.1).min()?;
    let last = drawn.iter().map(|d| d.1).max()?;
    let (from, to) = if first == last {
        (first.0 - 1, last.0 + 1)
    } else {
        (first.0, last.0)
    };
    let x = |day: Day| LEFT + (RIGHT - LEFT) * (day.0 - from) as f64 / (to - from) as f64;
    let most = drawn
        .iter()
        .map(|d| d.2.salience)
        .fold(0.0_f32, f32::max)
        .max(f32::EPSILON);
    const AXIS: f64 = 56.0;

    // The key dates get a label, alternating above and below the axis.
    let mut keyed: Vec<usize> = (0..drawn.len()).collect();
    keyed.sort_by(|&a, &b| drawn[b].2.salience.total_cmp(&drawn[a].2.salience));
    keyed.truncate(KEY_DATES);
    keyed.sort_by_key(|&k| drawn[k].1);

    // Smallest dots last, so a large dot never hides a small one.
    let mut order: Vec<usize> = (0..drawn.len()).collect();
    order.sort_by(|&a, &b| drawn[b].2.salience.total_cmp(&drawn[a].2.salience));
    let svg = html! {
        svg class="chart timeline" viewBox={ "0 0 " (WIDTH) " 100" } role="img"
            aria-label="Timeline on a date axis, dots sized by salience" {
            line class="axis" x1=(LEFT) y1=(AXIS) x2=(RIGHT) y2=(AXIS) {}
            @for k in order {
                @let (i, day, entry) = drawn[k];
                @let r = 3.0 + 9.0 * (f64::from(entry.salience.max(0.0) / most)).sqrt();
                a href={ "#" (anchor) "-t" (i) } {
                    circle class=(if entry.background { "dot background" } else { "dot" })
                        cx=(format_args!("{:.1}", x(day))) cy=(AXIS) r=(format_args!("{r:.1}")) {
                        title {
                            (entry.date) " — " (crate::markdown::shorten(&entry.text, 160))
                            " (salience " (format_args!("{:.1}", entry.salience)) ")"
                        }
                    }
                }
            }
            @for (n, &k) in keyed.iter().enumerate() {
                @let (_, day, entry) = drawn[k];
                text class="label" x=(format_args!("{:.1}", x(day)))
                    y=(if n % 2 == 0 { AXIS - 16.0 } else { AXIS + 26.0 })
                    text-anchor=(label_anchor(x(day))) { (entry.date) }
            }
            text class="tick" x=(LEFT) y="96" { (Day(from)) }
            text class="tick" x=(RIGHT) y="96" text-anchor="end" { (Day(to)) }
        }
    };
    Some(html! {
        figure class="chart" {
            "\n" (svg) "\n"
            figcaption {
                "The timeline on a date axis; larger dots are more salient dates."
                @if !aside.is_empty() {
                    " Background, not on the axis: "
                    @for (k, (i, _, entry)) in aside.iter().enumerate() {
                        @if k > 0 { ", " }
                        a href={ "#" (anchor) "-t" (i) } { (entry.date) }
                    }
                    "."
                }
            }
            "\n"
        }
        "\n"
    })
}

/// How a date label lines up with its dot: inward near the ends of the axis.
fn label_anchor(x: f64) -> &'static str {
    if x < LEFT + 40.0 {
        "start"
    } else if x > RIGHT - 40.0 {
        "end"
    } else {
        "middle"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(date: &str, salience: f32, background: bool) -> TimelineRecord {
        TimelineRecord {
            date: date.parse().unwrap(),
            text: format!("<b>{date}</b> happened"),
            summary: Vec::new(),
            salience,
            sources: Vec::new(),
            citations: Vec::new(),
            story: "s".into(),
            background,
            reported_by: Vec::new(),
            single_sourced: false,
        }
    }

    #[test]
    fn timeline_dots_follow_salience_and_background_stays_off_the_axis() {
        let entries = [
            entry("1999", 1.0, true),
            entry("2022-11-20", 1.0, false),
            entry("2022-11-24", 4.0, false),
        ];
        let refs: Vec<&TimelineRecord> = entries.iter().collect();
        let html = timeline_html(&refs, "s1").unwrap().into_string();
        // Two dots on the axis, from the first to the last foreground date.
        assert_eq!(html.matches("<circle").count(), 2);
        assert!(html.contains(">2022-11-20</text>") && html.contains(">2022-11-24</text>"));
        // The more salient date has the larger dot: r = 3 + 9·sqrt(salience / most).
        assert!(html.contains("cx=\"632.0\" cy=\"56\" r=\"12.0\""), "{html}");
        assert!(html.contains("cx=\"34.0\" cy=\"56\" r=\"7.5\""), "{html}");
        // Each dot links to its line; the background date is named below.
        assert!(html.contains("href=\"#s1-t2\"") && html.contains("href=\"#s1-t1\""));
        assert!(html.contains("Background, not on the axis: <a href=\"#s1-t0\">1999</a>"));
        assert!(html.contains("&lt;b&gt;2022-11-24&lt;/b&gt; happened"));
        assert!(!html.contains("<b>"));
        assert!(timeline_html(&[], "s1").is_none());
    }
}
