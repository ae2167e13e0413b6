//! The user's story: a hub leader runs `praxis check` on a large site before pushing. Checking
//! renders every page as a build would (a template error is as fatal as a content error), but
//! must not keep the pages: a 10,000-chapter site's pages are hundreds of megabytes.
//!
//! Memory is counted by this test binary's allocator, so the test compares bytes, not time:
//! what `check` needs at its peak against what holding every rendered page needs. It is the
//! only test of this binary, so no other test's allocations are counted.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use common::TestSite;

/// The system allocator, counting the bytes live now and the most live since the last reset.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::SeqCst) + by;
    PEAK.fetch_max(now, Ordering::SeqCst);
}

// SAFETY: every call is passed on to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
            grew(new_size);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most bytes live above what was live when `run` started.
fn peak_above_start<T>(run: impl FnOnce() -> T) -> (usize, T) {
    let start = LIVE.load(Ordering::SeqCst);
    PEAK.store(start, Ordering::SeqCst);
    let value = run();
    (PEAK.load(Ordering::SeqCst).saturating_sub(start), value)
}

/// A report of `count` chapters, each with a long body: pages far larger than their layout.
fn site_with_long_chapters(count: usize) -> TestSite {
    let site = TestSite::fixture("minimal");
    let paragraph = "Public buyers can ask suppliers to map their supply chains, and to show \
                     how they find and remedy forced labour in the lower tiers. "
        .repeat(4);
    for i in 0..count {
        let mut text = format!(
            "---\ntitle: \"Chapter {i}\"\nphase: risk-assessment\ngaps: [\"A gap.\"]\noptions: [\"An option.\"]\n---\n"
        );
        for section in 0..40 {
            text.push_str(&format!("## Section {section}\n\n{paragraph}\n\n"));
        }
        site.write(
            &format!("hubs/alpha/first-report/{:02}-chapter-{i}.md", i + 10),
            &text,
        );
    }
    site
}

#[test]
fn check_renders_every_page_without_keeping_them() {
    let site = site_with_long_chapters(150);
    let root = site.root().to_path_buf();

    // Once first, so that what praxis sets up once per process is not counted.
    praxis::check(&root, false);
    let (check_peak, (checked, diagnostics)) = peak_above_start(|| praxis::check(&root, false));
    let checked = checked.unwrap_or_else(|| panic!("the site is valid: {diagnostics:?}"));
    let page_bytes: usize = praxis::render_site(&checked)
        .expect("it renders")
        .iter()
        .map(|file| match file {
            praxis::output::OutputFile::Bytes { path, bytes } if path.ends_with(".html") => {
                bytes.len()
            }
            _ => 0,
        })
        .sum();

    // What check needs besides the pages: the site as loaded and what rendering the whole
    // site needs besides its pages (templates, the views of chapters, the other files).
    let options = praxis::load::LoadOptions {
        root: root.clone(),
        drafts: false,
        base_url: None,
    };
    let before = LIVE.load(Ordering::SeqCst);
    let (site, _) = praxis::load::load(&options);
    let site = site.expect("the site is valid");
    let loaded = LIVE.load(Ordering::SeqCst).saturating_sub(before);
    let (rendering, pages) = peak_above_start(|| praxis::render_site(&site));
    drop(pages);
    let besides_pages = loaded + rendering.saturating_sub(page_bytes);

    // Holding every page would need all their bytes on top; half of them is the allowance
    // for pages in flight on each thread and the allocator's noise.
    assert!(
        check_peak < besides_pages + page_bytes / 2,
        "check's peak is {check_peak} bytes: {besides_pages} besides the pages and more than half \
         of the pages' {page_bytes} bytes, so it holds them"
    );
}
