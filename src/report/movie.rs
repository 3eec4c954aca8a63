//! The network in motion: `movie.html`, a player that steps and animates
//! through the periods, each organisation and relation fading in and out in
//! its stable place (the period diagrams merged by
//! [`crate::render::animate`]), as ndtv's `render.d3movie` does for R.
//!
//! The player (`assets/movie.js`): play and pause, the previous and next
//! period, a slider, the speed, a list of the periods (each a button), the
//! current period's label, dates and size; the keys Page Up and Page Down
//! (or `,` and `.`), Home and End step, Space plays and pauses. The diagram
//! is explored as the others (`assets/app.js`: pan, zoom, search, pages on
//! click). The same player, styles and scripts inlined, is the standalone
//! page of `councils render --animate -o movie.html` ([`standalone`]).

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::page::{Depth, inline_svg, layout};
use crate::model::Dataset;
use crate::render::animate::{Animation, Frame, Movie};

/// The page's file name in the report.
pub const PAGE: &str = "movie.html";

/// The self-playing SVG of the report (CSS keyframes), beside the page.
pub const SVG: &str = "diagrams/movie.svg";

/// Seconds each period is shown by the self-playing SVG.
pub const SECONDS_PER_FRAME: f64 = 3.0;

/// `N organisations, M relations`.
fn size(frame: &Frame) -> String {
    format!(
        "{} organisations, {} relations",
        frame.organisations, frame.relations
    )
}

/// The player around the inline `svg` of `movie`.
fn player(movie: &Movie, svg: Markup, caption: &str) -> Markup {
    let frames = movie.frames();
    let first = &frames[0];
    let last = frames.len() - 1;
    html! {
        div class="movie" data-movie="" {
            div class="controls movie-controls" {
                button type="button" data-movie-step="prev" aria-label="Previous period" title="Previous period (Page Up)" { "◀" }
                button type="button" data-movie-play="" aria-pressed="false" title="Play or pause (Space)" { "Play" }
                button type="button" data-movie-step="next" aria-label="Next period" title="Next period (Page Down)" { "▶" }
                label for="movie-slider" { "Period: " }
                input id="movie-slider" type="range" min="0" max=(last) step="1" value="0"
                    aria-valuetext=(format!("{} ({})", first.label, first.dates));
                label for="movie-speed" { "Each period for " }
                select id="movie-speed" {
                    option value="1000" { "1 s" }
                    option value="2000" selected { "2 s" }
                    option value="4000" { "4 s" }
                }
            }
            p class="movie-now" aria-live="polite" data-movie-now="" {
                strong data-movie-label="" { (first.label) } " "
                span class="dates" data-movie-dates="" { (first.dates) } " · "
                span data-movie-size="" { (size(first)) } " · "
                span data-movie-count="" { "period 1 of " (frames.len()) }
            }
            figure class="diagram movie-figure" {
                (svg)
                figcaption { (caption) }
            }
            h3 class="movie-frames-h" { "The periods" }
            ol class="movie-frames" {
                @for (i, f) in frames.iter().enumerate() {
                    li data-frame=(f.id) data-label=(f.label) data-dates=(f.dates) data-size=(size(f))
                        aria-current=[(i == 0).then_some("step")] {
                        button type="button" data-movie-frame=(i) { (f.label) }
                        " " span class="dates" { (f.dates) }
                        " " span class="muted" { "· " (size(f)) }
                    }
                }
            }
        }
    }
}

/// What the page says about the movie.
fn intro() -> Markup {
    html! {
        p class="settings" {
            "Period by period, each frame exactly that period's diagram, every organisation and relation in its stable place: "
            "what a period lacks fades out, what it adds fades in, fills change with the majorities. "
            "Step with ◀ ▶, the slider, the list of periods below, Page Up and Page Down (or , and .), Home and End; Space plays and pauses. "
            "Drag, wheel, + and − and the search box explore the diagram; click an organisation for its page."
        }
    }
}

/// `movie.html` of the report: the player, or why there is none (`why`:
/// a period's diagram was not drawn).
pub fn page(dataset: &Dataset, movie: Result<&Movie, &str>) -> Markup {
    let body = html! {
        section id="movie" aria-labelledby="movie-h" {
            h2 id="movie-h" { "The network in motion" }
            @match movie {
                Ok(movie) => {
                    (intro())
                    (player(movie, inline_svg(&movie.svg(Animation::Script), "The network period by period", "dm-"), "The periods in order; each frame is that period's diagram."))
                    p { a href=(SVG) { "The animation as an SVG file that plays by itself" } " (each period for " (SECONDS_PER_FRAME) " s, looping)." }
                }
                Err(why) => {
                    p class="notice" { "The animation is not drawn: " (why) }
                }
            }
        }
        script src="assets/movie.js" {}
    };
    layout(dataset, "The network in motion", Depth(0), body)
}

/// The standalone page of `councils render --animate -o movie.html`: the
/// player, its styles and scripts inlined, nothing fetched.
pub fn standalone(dataset: &Dataset, movie: &Movie) -> String {
    let title = format!("{} — the network in motion", dataset.info.title);
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(include_str!("assets/style.css"))) }
            }
            body {
                main id="main" {
                    h1 { (title) }
                    (intro())
                    (player(movie, inline_svg(&movie.svg(Animation::Script), "The network period by period", "dm-"), "The periods in order; each frame is that period's diagram."))
                    p class="muted" { "Made by councils from dataset " code { (dataset.info.id) } "." }
                }
                script { (PreEscaped(include_str!("assets/movie.js"))) }
                script { (PreEscaped(include_str!("assets/app.js"))) }
            }
        }
    };
    super::page::neutralised(page.into_string())
}
