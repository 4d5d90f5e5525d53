//! The overlap diagram: areas on the left, actors in the middle, shared
//! initiatives on the right, drawn as server-rendered SVG. Line style, not
//! colour, tells a national responsibility (thick, solid) from a contribution
//! (dashed) and an initiative (dotted). The matrix table beside it on the page
//! carries the same facts as text.

use askama::Template;

use samverkan_domain::catalog::Catalog;
use samverkan_domain::model::AreaRole;
use samverkan_domain::{Actor, Initiative};

use super::Lang;
use crate::html::HtmlError;

const WIDTH: i32 = 760;
const BOX_W: i32 = 200;
const BOX_H: i32 = 24;
const ROW: i32 = 32;
const TOP: i32 = 70;
const COLUMNS: [i32; 3] = [5, 280, 555];

fn short(actor: &Actor) -> &str {
    actor.short_name.as_deref().unwrap_or(&actor.name)
}

/// An initiative's label in at most two lines that fit a box, never cut:
/// its short name if it has one, else its name, broken at a space.
fn initiative_lines(i: &Initiative) -> Vec<String> {
    let text = i.short_name.clone().unwrap_or_else(|| i.name.clone());
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let last = lines.last_mut().expect("one line at least");
        if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > LINE_CHARS {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines
}

/// About this many characters fit on a line of a box.
const LINE_CHARS: usize = 27;

/// Places `n` boxes evenly over the height `rows` rows take.
fn spread(n: usize, rows: usize) -> Vec<i32> {
    let height = (rows.max(1) as i32) * ROW;
    let step = if n == 0 { 0 } else { height / n as i32 };
    (0..n as i32)
        .map(|i| TOP + i * step + (step - BOX_H) / 2)
        .collect()
}

/// A box with a label of one or more lines; `title` is the full name, shown
/// on hover.
struct Node {
    x: i32,
    top: i32,
    height: i32,
    title: String,
    lines: Vec<String>,
}

fn node(x: i32, y: i32, lines: Vec<String>, title: &str) -> Node {
    let height = BOX_H + (lines.len().max(1) as i32 - 1) * 14;
    Node {
        x,
        top: y - (height - BOX_H) / 2,
        height,
        title: title.to_string(),
        lines,
    }
}

struct Line {
    x1: i32,
    y1: i32,
    x2: i32,
    y2: i32,
    class: &'static str,
}

struct Label {
    x: i32,
    text: String,
}

struct LegendItem {
    x: i32,
    class: &'static str,
    text: String,
}

/// The diagram, written by an askama template that escapes every text for XML.
#[derive(Template)]
#[template(path = "files/overlaps.svg", escape = "html")]
struct Diagram {
    width: i32,
    height: i32,
    box_w: i32,
    title: String,
    desc: String,
    headings: Vec<Label>,
    legend: Vec<LegendItem>,
    lines: Vec<Line>,
    nodes: Vec<Node>,
}

/// The diagram for `actors` (those with an area or an initiative).
pub fn overlap_diagram(lang: Lang, catalog: &Catalog, actors: &[&Actor]) -> Result<String, HtmlError> {
    let initiatives: Vec<&Initiative> = catalog
        .initiatives()
        .iter()
        .filter(|i| i.participants.iter().any(|p| actors.iter().any(|a| a.id == *p)))
        .collect();
    let areas = catalog.areas();
    // Each actor sits near the areas it works in (the mean of their places,
    // its responsibilities counting double), so that fewer lines cross.
    let mut actors: Vec<&Actor> = actors.to_vec();
    let place = |a: &Actor| -> f64 {
        let (sum, weight) = a.areas.iter().fold((0.0, 0.0), |(s, w), l| {
            let i = areas.iter().position(|ar| ar.id == l.area).unwrap_or(areas.len()) as f64;
            let weight = if l.role == AreaRole::Responsible { 2.0 } else { 1.0 };
            (s + i * weight, w + weight)
        });
        if weight == 0.0 {
            areas.len() as f64
        } else {
            sum / weight
        }
    };
    actors.sort_by(|a, b| place(a).total_cmp(&place(b)));
    let actors = actors.as_slice();
    let rows = actors.len().max(areas.len()).max(initiatives.len() * 2);
    let height = TOP + rows as i32 * ROW + 20;
    let actor_y: Vec<i32> = (0..actors.len() as i32).map(|i| TOP + i * ROW).collect();
    let area_y = spread(areas.len(), rows);
    let initiative_y = spread(initiatives.len(), rows);

    let headings = COLUMNS
        .iter()
        .zip(["diagram-areas", "diagram-actors", "diagram-initiatives"])
        .map(|(x, key)| Label {
            x: *x,
            text: lang.t(key),
        })
        .collect();
    // Legend: the three line styles, each named in words.
    let legend = [
        ("responsible", "role-responsible"),
        ("contributes", "role-contributes"),
        ("initiative", "diagram-takes-part"),
    ]
    .iter()
    .enumerate()
    .map(|(i, (class, key))| LegendItem {
        x: 10 + i as i32 * 250,
        class,
        text: lang.t(key),
    })
    .collect();
    let mut lines = Vec::new();
    for (a, ay) in actors.iter().zip(&actor_y) {
        for link in &a.areas {
            if let Some(j) = areas.iter().position(|ar| ar.id == link.area) {
                lines.push(Line {
                    x1: COLUMNS[0] + BOX_W,
                    y1: area_y[j] + BOX_H / 2,
                    x2: COLUMNS[1],
                    y2: ay + BOX_H / 2,
                    class: match link.role {
                        AreaRole::Responsible => "responsible",
                        AreaRole::Contributes => "contributes",
                    },
                });
            }
        }
        for (k, i) in initiatives.iter().enumerate() {
            if i.participants.contains(&a.id) {
                lines.push(Line {
                    x1: COLUMNS[1] + BOX_W,
                    y1: ay + BOX_H / 2,
                    x2: COLUMNS[2],
                    y2: initiative_y[k] + BOX_H / 2,
                    class: "initiative",
                });
            }
        }
    }
    let mut nodes = Vec::new();
    for (area, y) in areas.iter().zip(&area_y) {
        let label = super::common::area_label(lang, area);
        nodes.push(node(COLUMNS[0], *y, vec![label.clone()], &label));
    }
    for (a, y) in actors.iter().zip(&actor_y) {
        nodes.push(node(COLUMNS[1], *y, vec![short(a).to_string()], &a.name));
    }
    for (i, y) in initiatives.iter().zip(&initiative_y) {
        nodes.push(node(COLUMNS[2], *y, initiative_lines(i), &i.name));
    }
    let diagram = Diagram {
        width: WIDTH,
        height,
        box_w: BOX_W,
        title: lang.t("diagram-title"),
        desc: lang.t("diagram-desc"),
        headings,
        legend,
        lines,
        nodes,
    };
    diagram.render().map_err(|e| HtmlError::internal(&e))
}
