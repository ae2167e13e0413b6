//! Rendering: the list of pages a site produces, what each depends on, and the template
//! context each is rendered with.
//!
//! Every output page is a [`PageSpec`]. Building the site renders every spec; the watch server
//! renders only the specs whose recorded inputs changed ([`deps`]: every view notes what it
//! reads). Both go through the same [`Renderer`], so a narrow rebuild is the same code path
//! as a full one.
//! Templates are minijinja files in the theme, compiled once; this module only feeds them data.
//!
//! One job per file: `spec` (which pages exist), `templates` (the [`Renderer`]), `views`
//! (template data), `context` (each page kind's context), `print` (a report on one page),
//! `resources` (the library's pages), `survey` (the survey's pages), `feeds` (news, feeds, sitemap, robots), `languages` (the switcher,
//! hreflang and translation notices), `deps` (what each page read).

mod context;
pub mod deps;
mod feeds;
mod languages;
mod print;
mod resources;
mod spec;
mod survey;
mod templates;
mod views;

pub use feeds::{atom, hub_feeds, json_feed, robots, sitemap};
pub use spec::PageSpec;
pub use templates::{LinkCheck, Renderer};
pub use views::term_title;
