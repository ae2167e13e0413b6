//! Citations: "Cite this" text, BibTeX and RIS files, and the `citation_*` meta tags that
//! Google Scholar and Zotero read, all from a report's or chapter's metadata. Researchers
//! cite the Lab in policy papers; a reference manager should import a report in one click.

use serde::Serialize;

use serde_json::{Value, json};

use crate::model::survey as survey_files;
use crate::model::{Date, PartialDate, Site};

/// Everything a page needs to be cited.
#[derive(Clone, Debug, Serialize)]
pub struct Citation {
    /// The BibTeX key, also the downloaded files' name (`<key>.bib`, `<key>.ris`).
    pub key: String,
    /// A formatted reference, as plain text.
    pub text: String,
    pub bibtex: String,
    pub ris: String,
    /// `(name, content)` pairs for `<meta name="citation_...">`.
    pub meta: Vec<(String, String)>,
}

struct Work<'a> {
    key: String,
    title: &'a str,
    authors: &'a [String],
    publisher: &'a str,
    date: Option<Date>,
    url: String,
    /// The report a chapter belongs to.
    container: Option<&'a str>,
}

pub fn for_report(site: &Site, report: usize) -> Citation {
    let r = &site.reports[report];
    let hub = &site.hubs[r.hub];
    cite(&Work {
        key: format!("{}-{}", hub.id, r.id),
        title: &r.title,
        authors: &r.authors,
        publisher: &hub.lead,
        date: r.published,
        url: site.config.absolute_url(&r.path),
        container: None,
    })
}

pub fn for_chapter(site: &Site, chapter: usize) -> Citation {
    let c = &site.chapters[chapter];
    let r = &site.reports[c.report];
    let hub = &site.hubs[c.hub];
    cite(&Work {
        key: format!("{}-{}-{}", hub.id, r.id, c.slug),
        title: &c.title,
        authors: &r.authors,
        publisher: &hub.lead,
        date: c.updated.or(r.published),
        url: site.config.absolute_url(&c.path),
        container: Some(&r.title),
    })
}

/// The survey as a dataset (`/survey/`'s "Cite this dataset"): published by the site, dated
/// by the day its answers describe.
pub fn for_dataset(site: &Site, survey: &crate::model::survey::Survey) -> Citation {
    let config = &site.config;
    let publisher = config.title.as_str();
    let date = survey.as_of;
    let key = format!("survey-{}", date.year);
    let url = config.absolute_url("survey/");
    let text = format!(
        "{publisher} ({}). {} [data set, as of {}]. {url}",
        date.year,
        survey.title.trim_end_matches('.'),
        date
    );
    let fields = [
        ("title", format!("{{{}}}", bib_escape(&survey.title))),
        ("author", format!("{{{}}}", bib_escape(publisher))),
        ("howpublished", "Data set".to_owned()),
        ("year", date.year.to_string()),
        ("date", date.to_string()),
        ("note", bib_escape(&format!("Licence: {}", survey.licence))),
        ("url", url.clone()),
    ];
    let body: Vec<String> = fields
        .iter()
        .map(|(name, value)| format!("  {name} = {{{value}}}"))
        .collect();
    let bibtex = format!("@misc{{{key},\n{}\n}}\n", body.join(",\n"));
    let ris = [
        "TY  - DATA".to_owned(),
        format!("TI  - {}", survey.title),
        format!("AU  - {publisher}"),
        format!("PB  - {publisher}"),
        format!("PY  - {}", date.year),
        format!("DA  - {:04}/{:02}/{:02}/", date.year, date.month, date.day),
        format!("UR  - {url}"),
        format!("N1  - Licence: {}", survey.licence),
        "ER  - ".to_owned(),
    ]
    .join("\r\n")
        + "\r\n";
    Citation {
        key,
        text,
        bibtex,
        ris,
        meta: Vec::new(),
    }
}

/// The survey as schema.org's `Dataset`, for search engines' dataset search.
pub fn dataset_json_ld(site: &Site, survey: &crate::model::survey::Survey) -> Value {
    let config = &site.config;
    let download = |path: &str, format: &str| {
        json!({
            "@type": "DataDownload",
            "encodingFormat": format,
            "contentUrl": config.absolute_url(path),
        })
    };
    json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": survey.title,
        "description": survey.summary,
        "url": config.absolute_url("survey/"),
        "license": survey.licence,
        "isAccessibleForFree": true,
        "dateModified": survey.as_of.to_string(),
        "creator": { "@type": "Organization", "name": config.title, "url": config.absolute_url("") },
        "spatialCoverage": survey.jurisdictions.iter().map(|j| j.title.clone()).collect::<Vec<_>>(),
        "variableMeasured": survey.questions.iter().map(|q| q.text.clone()).collect::<Vec<_>>(),
        "distribution": [
            download(survey_files::ANSWERS_CSV, "text/csv"),
            download(survey_files::MATRIX_CSV, "text/csv"),
            download(survey_files::SURVEY_JSON, "application/json"),
        ],
    })
}

fn cite(work: &Work<'_>) -> Citation {
    Citation {
        key: work.key.clone(),
        text: formatted(work),
        bibtex: bibtex(work),
        ris: ris(work),
        meta: meta_tags(work),
    }
}

fn formatted(work: &Work<'_>) -> String {
    let authors = if work.authors.is_empty() {
        work.publisher.to_owned()
    } else {
        work.authors.join("; ")
    };
    let year = work
        .date
        .map_or_else(|| "n.d.".to_owned(), |d| d.year.to_string());
    let container = work
        .container
        .map(|c| format!(" In {c}."))
        .unwrap_or_default();
    format!(
        "{authors} ({year}). {}.{container} {}. {}",
        work.title.trim_end_matches('.'),
        work.publisher,
        work.url
    )
}

/// BibTeX needs its special characters escaped and the whole title braced so that reference
/// managers keep its capitals.
fn bib_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\\' => out.push_str("\\textbackslash{}"),
            _ => out.push(c),
        }
    }
    out
}

fn bibtex(work: &Work<'_>) -> String {
    let entry = if work.container.is_some() {
        "incollection"
    } else {
        "techreport"
    };
    let mut fields = vec![("title", format!("{{{}}}", bib_escape(work.title)))];
    if !work.authors.is_empty() {
        // Organisations as authors are braced so they are not split into first and last names.
        let authors: Vec<String> = work
            .authors
            .iter()
            .map(|a| format!("{{{}}}", bib_escape(a)))
            .collect();
        fields.push(("author", authors.join(" and ")));
    }
    if let Some(container) = work.container {
        fields.push(("booktitle", format!("{{{}}}", bib_escape(container))));
        fields.push(("publisher", bib_escape(work.publisher)));
    } else {
        fields.push(("institution", bib_escape(work.publisher)));
    }
    if let Some(date) = work.date {
        fields.push(("year", date.year.to_string()));
        fields.push(("month", date.month.to_string()));
        fields.push(("date", date.to_string()));
    }
    fields.push(("url", work.url.clone()));
    let body: Vec<String> = fields
        .into_iter()
        .map(|(name, value)| format!("  {name} = {{{value}}}"))
        .collect();
    format!("@{entry}{{{},\n{}\n}}\n", work.key, body.join(",\n"))
}

fn ris(work: &Work<'_>) -> String {
    let mut lines = vec![format!(
        "TY  - {}",
        if work.container.is_some() {
            "CHAP"
        } else {
            "RPRT"
        }
    )];
    lines.push(format!("TI  - {}", work.title));
    for author in work.authors {
        lines.push(format!("AU  - {author}"));
    }
    if let Some(container) = work.container {
        lines.push(format!("T2  - {container}"));
    }
    lines.push(format!("PB  - {}", work.publisher));
    if let Some(date) = work.date {
        lines.push(format!("PY  - {}", date.year));
        lines.push(format!(
            "DA  - {:04}/{:02}/{:02}/",
            date.year, date.month, date.day
        ));
    }
    lines.push(format!("UR  - {}", work.url));
    lines.push("ER  - ".to_owned());
    // RIS is line-based and many importers expect CRLF.
    lines.join("\r\n") + "\r\n"
}

fn meta_tags(work: &Work<'_>) -> Vec<(String, String)> {
    let mut tags = vec![("citation_title".to_owned(), work.title.to_owned())];
    for author in work.authors {
        tags.push(("citation_author".into(), author.clone()));
    }
    if let Some(date) = work.date {
        tags.push((
            "citation_publication_date".into(),
            format!("{:04}/{:02}/{:02}", date.year, date.month, date.day),
        ));
    }
    match work.container {
        Some(container) => {
            tags.push(("citation_inbook_title".into(), container.to_owned()));
            tags.push(("citation_publisher".into(), work.publisher.to_owned()));
        }
        None => tags.push((
            "citation_technical_report_institution".into(),
            work.publisher.to_owned(),
        )),
    }
    tags.push(("citation_public_url".into(), work.url.clone()));
    tags
}

/// A resource's CSL-JSON type, from the Lab's type ids; a site's own type is a `document`.
pub fn csl_type(kind: &str) -> &'static str {
    match kind {
        "law" => "legislation",
        "case" => "legal_case",
        "report" | "guidance" => "report",
        "tool" | "e-learning" => "webpage",
        _ => "document",
    }
}

/// The schema.org type of a resource's JSON-LD.
pub fn schema_type(kind: &str) -> &'static str {
    match kind {
        "law" => "Legislation",
        "report" | "guidance" => "Report",
        "e-learning" => "LearningResource",
        "tool" => "WebApplication",
        _ => "CreativeWork",
    }
}

fn date_parts(date: &PartialDate) -> Value {
    json!({ "date-parts": [date.parts()] })
}

/// A resource as one CSL-JSON item (the format Zotero and citeproc read), as
/// `/data/resources.json` and the resource page's download carry it.
pub fn resource_csl(site: &Site, resource: usize) -> Value {
    let r = &site.resources[resource];
    let mut item = serde_json::Map::new();
    item.insert("id".into(), json!(r.slug));
    item.insert("type".into(), json!(csl_type(r.kind.as_str())));
    item.insert("title".into(), json!(r.title));
    // The site's own type, which CSL's coarser types lose ("Model contract clauses" and
    // "Policies" are both `document`): reference managers show it, and an import reads it.
    if let Some(kind) = site.config.resource_type(r.kind.as_str()) {
        item.insert("genre".into(), json!(kind.title));
    }
    if !r.publisher.is_empty() {
        item.insert("author".into(), json!([{ "literal": r.publisher }]));
        item.insert("publisher".into(), json!(r.publisher));
    }
    if let Some(date) = &r.date {
        item.insert("issued".into(), date_parts(date));
    }
    let url = resource_link(site, resource);
    item.insert("URL".into(), json!(url));
    if let Some(language) = r.languages.first() {
        item.insert("language".into(), json!(language));
    }
    if !r.summary.is_empty() {
        item.insert("abstract".into(), json!(r.summary));
    }
    if let Some(verified) = r.verified {
        item.insert(
            "accessed".into(),
            json!({ "date-parts": [[verified.year, verified.month, verified.day]] }),
        );
    }
    // CSL-JSON has no licence field (the schema refuses unknown ones): its `custom` object
    // holds what has no field of its own.
    if let Some(licence) = &r.licence {
        item.insert("custom".into(), json!({ "licence": licence }));
    }
    Value::Object(item)
}

/// Where a resource is: its own address, else its file on this site, else its page.
pub fn resource_link(site: &Site, resource: usize) -> String {
    let r = &site.resources[resource];
    match (&r.url, &r.file) {
        (Some(url), _) => url.clone(),
        (None, Some(file)) => site.config.absolute_url(file),
        (None, None) => site.config.absolute_url(&r.path),
    }
}

/// "Cite this" for a resource: text, BibTeX and RIS shaped by its type.
pub fn for_resource(site: &Site, resource: usize) -> Citation {
    let r = &site.resources[resource];
    let url = resource_link(site, resource);
    let year = r
        .date
        .map_or_else(|| "n.d.".to_owned(), |d| d.year.to_string());
    let by = if r.publisher.is_empty() {
        String::new()
    } else {
        format!("{} ", r.publisher)
    };
    let text = format!("{by}({year}). {}. {url}", r.title.trim_end_matches('.'));
    let kind = r.kind.as_str();
    let entry = match kind {
        "report" | "guidance" => "techreport",
        _ => "misc",
    };
    let mut fields = vec![("title", format!("{{{}}}", bib_escape(&r.title)))];
    if !r.publisher.is_empty() {
        fields.push(("author", format!("{{{}}}", bib_escape(&r.publisher))));
        let name = if entry == "techreport" {
            "institution"
        } else {
            "publisher"
        };
        fields.push((name, bib_escape(&r.publisher)));
    }
    if let Some(date) = r.date {
        fields.push(("year", date.year.to_string()));
        if let Some(month) = date.month {
            fields.push(("month", month.to_string()));
        }
    }
    fields.push(("url", url.clone()));
    if let Some(verified) = r.verified {
        fields.push(("urldate", verified.to_string()));
    }
    let body: Vec<String> = fields
        .into_iter()
        .map(|(name, value)| format!("  {name} = {{{value}}}"))
        .collect();
    let bibtex = format!("@{entry}{{{},\n{}\n}}\n", r.slug, body.join(",\n"));
    let ris_type = match kind {
        "law" => "STAT",
        "case" => "CASE",
        "report" | "guidance" => "RPRT",
        "tool" | "e-learning" => "ELEC",
        _ => "GEN",
    };
    let mut lines = vec![format!("TY  - {ris_type}"), format!("TI  - {}", r.title)];
    if !r.publisher.is_empty() {
        lines.push(format!("AU  - {}", r.publisher));
        lines.push(format!("PB  - {}", r.publisher));
    }
    if let Some(date) = r.date {
        lines.push(format!("PY  - {}", date.year));
    }
    lines.push(format!("UR  - {url}"));
    lines.push("ER  - ".to_owned());
    Citation {
        key: r.slug.clone(),
        text,
        bibtex,
        ris: lines.join("\r\n") + "\r\n",
        meta: Vec::new(),
    }
}

/// A resource's schema.org description, for its page's JSON-LD.
pub fn resource_json_ld(site: &Site, resource: usize) -> Value {
    let r = &site.resources[resource];
    let mut item = serde_json::Map::new();
    item.insert("@context".into(), json!("https://schema.org"));
    item.insert("@type".into(), json!(schema_type(r.kind.as_str())));
    item.insert("name".into(), json!(r.title));
    item.insert("url".into(), json!(resource_link(site, resource)));
    item.insert(
        "mainEntityOfPage".into(),
        json!(site.config.absolute_url(&r.path)),
    );
    if !r.publisher.is_empty() {
        item.insert(
            "publisher".into(),
            json!({ "@type": "Organization", "name": r.publisher }),
        );
    }
    if let Some(date) = r.date {
        item.insert("datePublished".into(), json!(date.to_string()));
    }
    if !r.languages.is_empty() {
        item.insert("inLanguage".into(), json!(r.languages));
    }
    if !r.summary.is_empty() {
        item.insert("description".into(), json!(r.summary));
    }
    if let Some(licence) = &r.licence {
        item.insert("license".into(), json!(licence));
    }
    Value::Object(item)
}

/// `text` as a `data:` URL, for a download link that needs no file of its own: a page carries
/// its BibTeX and RIS records inline (a few hundred bytes each), so a reader's reference
/// manager gets them without another request, and a 10,000-chapter site writes 20,000 fewer
/// files. Every byte but the unreserved URL characters is percent-encoded.
pub fn data_url(media_type: &str, text: &str) -> String {
    let mut url = format!("data:{media_type};charset=utf-8,");
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            url.push(byte as char);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            url.push('%');
            url.push(HEX[usize::from(byte >> 4)] as char);
            url.push(HEX[usize::from(byte & 15)] as char);
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work<'a>(authors: &'a [String]) -> Work<'a> {
        Work {
            key: "apparel-buyers".into(),
            title: "Buyers & suppliers: 100% due diligence",
            authors,
            publisher: "ICAR",
            date: Date::parse("2026-10-01"),
            url: "https://example.org/lab/hubs/apparel/buyers/".into(),
            container: None,
        }
    }

    #[test]
    fn bibtex_escapes_and_braces() {
        let authors = vec!["Lab, apparel hub".to_owned()];
        let bib = bibtex(&work(&authors));
        assert!(bib.starts_with("@techreport{apparel-buyers,\n"), "{bib}");
        assert!(
            bib.contains("title = {{Buyers \\& suppliers: 100\\% due diligence}}"),
            "{bib}"
        );
        assert!(bib.contains("author = {{Lab, apparel hub}}"), "{bib}");
        assert!(bib.contains("institution = {ICAR}"), "{bib}");
        assert!(bib.contains("year = {2026}"), "{bib}");
    }

    #[test]
    fn ris_has_one_tag_per_line_and_ends_the_record() {
        let authors = vec!["A".to_owned(), "B".to_owned()];
        let ris = ris(&work(&authors));
        assert!(ris.starts_with("TY  - RPRT\r\n"));
        assert_eq!(ris.matches("AU  - ").count(), 2);
        assert!(ris.contains("DA  - 2026/10/01/\r\n"));
        assert!(ris.ends_with("ER  - \r\n"));
    }
}
