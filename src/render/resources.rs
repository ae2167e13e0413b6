//! The resource library's template data: the library with its filters, one page per type,
//! one page per resource (with "Cite this" and JSON-LD), and the resources a chapter or phase
//! page lists. Every function notes [`Input::Resources`]: what a page shows of the library.

use minijinja::{Value, context};
use serde::Serialize;

use super::deps::{self, Input};
use super::views::{
    Link, TrustedHtml, Views, body, cite_files, crumbs, source_links, strings, term_title, v,
};
use crate::cite;
use crate::html::json_script;
use crate::model::{PhaseId, Site};

/// One filter value of a resource, as the library's `data-` attributes carry it.
#[derive(Serialize)]
struct Facet {
    id: String,
    /// Space-separated ids (`apparel electronics`); ids never contain spaces.
    value: String,
}

#[derive(Serialize)]
struct ResourceView {
    title: String,
    url: String,
    kind: String,
    kind_title: String,
    kind_url: String,
    publisher: String,
    date: Option<String>,
    date_human: Option<String>,
    year: Option<u16>,
    link: Option<String>,
    file_url: Option<String>,
    languages: Vec<String>,
    hubs: Vec<Link>,
    phases: Vec<Link>,
    terms: Vec<TermGroup>,
    summary: String,
    verified: Option<String>,
    verified_human: Option<String>,
    licence: Option<String>,
    /// Filter values for the library's script: hubs, phases, each taxonomy, languages.
    facets: Vec<Facet>,
}

#[derive(Serialize)]
struct TermGroup {
    title: String,
    terms: Vec<Link>,
}

/// What a listing shows of resource `i`.
fn resource_view(site: &Site, i: usize) -> Value {
    let config = &site.config;
    let r = &site.resources[i];
    let kind_title = config
        .resource_type(r.kind.as_str())
        .map_or_else(|| r.kind.to_string(), |t| t.title.clone());
    let hubs: Vec<Link> = r
        .hubs
        .iter()
        .filter_map(|id| site.hubs.iter().find(|h| &h.id == id))
        .map(|h| Link {
            title: h.title.clone(),
            url: config.url(&h.path),
        })
        .collect();
    let phases: Vec<Link> = r
        .phases
        .iter()
        .filter_map(|id| config.phase(id.as_str()))
        .map(|p| Link {
            title: p.title.clone(),
            url: config.url(&format!("phases/{}/", p.id)),
        })
        .collect();
    let terms: Vec<TermGroup> = config
        .taxonomies
        .iter()
        .filter_map(|t| {
            let terms = r.terms.get(&t.id)?;
            Some(TermGroup {
                title: t.title.clone(),
                terms: terms
                    .iter()
                    .map(|term| Link {
                        title: term_title(config, &t.id, term),
                        url: config.url(&format!("{}/{term}/", t.id)),
                    })
                    .collect(),
            })
        })
        .collect();
    let mut facets = vec![
        Facet {
            id: "hub".into(),
            value: r.hubs.join(" "),
        },
        Facet {
            id: "phase".into(),
            value: r
                .phases
                .iter()
                .map(PhaseId::as_str)
                .collect::<Vec<_>>()
                .join(" "),
        },
    ];
    for taxonomy in &config.taxonomies {
        let value = r
            .terms
            .get(&taxonomy.id)
            .map(|terms| {
                terms
                    .iter()
                    .map(|t| t.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        facets.push(Facet {
            id: format!("t-{}", taxonomy.id),
            value,
        });
    }
    facets.push(Facet {
        id: "language".into(),
        value: r.languages.join(" "),
    });
    v(ResourceView {
        title: r.title.clone(),
        url: config.url(&r.path),
        kind: r.kind.to_string(),
        kind_title,
        kind_url: config.url(&format!("resources/types/{}/", r.kind)),
        publisher: r.publisher.clone(),
        date: r.date.map(|d| d.to_string()),
        date_human: r
            .date
            .map(|d| strings(site).partial_date(d.year, d.month, d.day)),
        year: r.date.map(|d| d.year),
        link: r.url.clone(),
        file_url: r.file.as_ref().map(|f| config.url(f)),
        languages: r.languages.clone(),
        hubs,
        phases,
        terms,
        summary: r.summary.clone(),
        verified: r.verified.map(|d| d.to_string()),
        verified_human: r.verified.map(|d| strings(site).date(d)),
        licence: r.licence.clone(),
        facets,
    })
}

/// The resources of a phase, for one hub's chapter (those of that hub and those that name
/// no hub, which serve every hub) or for the phase page (`hub` is `None`: all of them).
pub fn for_hub_and_phase(site: &Site, hub: Option<usize>, phase: &PhaseId) -> Vec<Value> {
    deps::read(|| Input::Resources);
    let hub_id = hub.map(|h| site.hubs[h].id.as_str());
    site.lookup
        .resources_by_phase
        .get(phase)
        .into_iter()
        .flatten()
        .filter(|&&i| {
            let r = &site.resources[i];
            hub_id.is_none_or(|id| r.hubs.is_empty() || r.hubs.iter().any(|h| h == id))
        })
        .map(|&i| resource_view(site, i))
        .collect()
}

/// The library's resources grouped by type, in site.toml's order, leaving out empty types.
fn by_type(site: &Site, only: Option<usize>) -> Vec<Value> {
    let config = &site.config;
    config
        .resource_types
        .iter()
        .enumerate()
        .filter(|(t, _)| only.is_none_or(|o| o == *t))
        .filter_map(|(_, kind)| {
            let items: Vec<Value> = site
                .resources
                .iter()
                .enumerate()
                .filter(|(_, r)| r.kind == kind.id)
                .map(|(i, _)| resource_view(site, i))
                .collect();
            (!items.is_empty()).then(|| {
                context! {
                    kind => context! {
                        id => kind.id.as_str(),
                        title => &kind.title,
                        url => config.url(&format!("resources/types/{}/", kind.id)),
                    },
                    resources => items,
                }
            })
        })
        .collect()
}

/// The library's filters: each a name, a label and its options (only values in use).
fn filters(site: &Site) -> Vec<Value> {
    let config = &site.config;
    let strings = strings(site);
    let resources = &site.resources;
    let option = |id: &str, title: &str| context! { id => id, title => title };
    let mut filters = Vec::new();
    let types: Vec<Value> = config
        .resource_types
        .iter()
        .filter(|t| resources.iter().any(|r| r.kind == t.id))
        .map(|t| option(t.id.as_str(), &t.title))
        .collect();
    filters.push(
        context! { id => "type", title => strings.text("resources.filter_type"), options => types },
    );
    let hubs: Vec<Value> = site
        .hubs
        .iter()
        .filter(|h| resources.iter().any(|r| r.hubs.contains(&h.id)))
        .map(|h| option(&h.id, &h.title))
        .collect();
    filters.push(
        context! { id => "hub", title => strings.text("resources.filter_hub"), options => hubs },
    );
    let phases: Vec<Value> = config
        .phases
        .iter()
        .filter(|p| resources.iter().any(|r| r.phases.contains(&p.id)))
        .map(|p| option(p.id.as_str(), &p.title))
        .collect();
    filters.push(context! { id => "phase", title => strings.text("resources.filter_phase"), options => phases });
    for taxonomy in &config.taxonomies {
        let mut used: Vec<&crate::model::TermId> = resources
            .iter()
            .flat_map(|r| r.terms.get(&taxonomy.id).into_iter().flatten())
            .collect();
        used.sort();
        used.dedup();
        if let Some(declared) = &taxonomy.terms {
            used.sort_by_key(|t| declared.iter().position(|d| &&d.id == t));
        }
        let options: Vec<Value> = used
            .into_iter()
            .map(|t| option(t.as_str(), &term_title(config, &taxonomy.id, t)))
            .collect();
        filters.push(context! {
            id => format!("t-{}", taxonomy.id),
            title => &taxonomy.title,
            options => options,
        });
    }
    let mut languages: Vec<&str> = resources
        .iter()
        .flat_map(|r| r.languages.iter().map(String::as_str))
        .collect();
    languages.sort_unstable();
    languages.dedup();
    let languages: Vec<Value> = languages.into_iter().map(|l| option(l, l)).collect();
    filters.push(context! { id => "language", title => strings.text("resources.filter_language"), options => languages });
    let mut years: Vec<u16> = resources
        .iter()
        .filter_map(|r| r.date.map(|d| d.year))
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let years: Vec<Value> = years
        .into_iter()
        .map(|y| option(&y.to_string(), &y.to_string()))
        .collect();
    filters.push(
        context! { id => "year", title => strings.text("resources.filter_year"), options => years },
    );
    filters
}

pub fn library_context(views: &Views) -> Value {
    let site = views.site;
    let config = &site.config;
    deps::read(|| Input::Resources);
    context! {
        kind => "resources",
        title => views.strings.text("resources.title"),
        description => views.strings.text("resources.description"),
        language => &config.language,
        breadcrumbs => crumbs(site, &[]),
        groups => by_type(site, None),
        count => site.resources.len(),
        filters => filters(site),
        data_url => config.root_url_of("data/resources.json"),
    }
}

pub fn type_context(views: &Views, t: usize) -> Value {
    let site = views.site;
    let config = &site.config;
    deps::read(|| Input::Resources);
    let kind = &config.resource_types[t];
    context! {
        kind => "resource-type",
        title => &kind.title,
        description => views.strings.format("resources.type_description", &[("type", &kind.title)]),
        language => &config.language,
        breadcrumbs => crumbs(site, &[(views.strings.text("resources.title"), "resources/")]),
        groups => by_type(site, Some(t)),
        types => config.resource_types.iter().map(|k| Link {
            title: k.title.clone(),
            url: config.url(&format!("resources/types/{}/", k.id)),
        }).map(v).collect::<Vec<_>>(),
    }
}

pub fn resource_context(views: &Views, i: usize) -> Value {
    let site = views.site;
    let config = &site.config;
    deps::read(|| Input::Resources);
    let r = &site.resources[i];
    let citation = cite::for_resource(site, i);
    let csl = serde_json::Value::Array(vec![cite::resource_csl(site, i)]);
    let mut files = cite_files(&citation);
    files = context! {
        csl => cite::data_url("application/vnd.citationstyles.csl+json", &csl.to_string()),
        csl_name => format!("{}.json", citation.key),
        ..files
    };
    let kind_title = config
        .resource_type(r.kind.as_str())
        .map_or_else(|| r.kind.to_string(), |t| t.title.clone());
    context! {
        kind => "resource",
        title => &r.title,
        description => &r.summary,
        language => &config.language,
        breadcrumbs => crumbs(site, &[(views.strings.text("resources.title"), "resources/"), (&kind_title, &format!("resources/types/{}/", r.kind))]),
        resource => resource_view(site, i),
        body => body(&r.body, || Input::Resources),
        cited_by => r.cited_by.iter().map(|&c| views.chapter(c)).collect::<Vec<_>>(),
        cite_files => files,
        citation => v(citation),
        json_ld => minijinja::Value::from_object(TrustedHtml::Owned(json_script(&cite::resource_json_ld(site, i)))),
        source_links => source_links(config, &r.source),
    }
}
