//! The browser at the edge: today's date, opt-in storage, file download and upload, printing,
//! focus, and the service worker. Nothing else in the app touches web APIs directly.

use criteria::Date;
use gloo::storage::{LocalStorage, Storage};
use wasm_bindgen::JsCast;

/// The localStorage key used only when the user opts in to keeping answers.
pub const STORAGE_KEY: &str = "precheck.answers.v1";

/// Today's date in the browser's time zone: the only clock the app reads.
pub fn today() -> Date {
    let now = js_sys::Date::new_0();
    let year = i32::try_from(now.get_full_year()).unwrap_or(1970);
    let month = u8::try_from(now.get_month() + 1).unwrap_or(1);
    let day = u8::try_from(now.get_date()).unwrap_or(1);
    Date::new(year, month, day).unwrap_or(Date::UNIX_EPOCH)
}

/// Saved answers, if the user opted in earlier.
pub fn load_kept() -> Option<String> {
    LocalStorage::raw().get_item(STORAGE_KEY).ok().flatten()
}

pub fn keep(text: &str) -> Result<(), String> {
    LocalStorage::raw()
        .set_item(STORAGE_KEY, text)
        .map_err(|_| "this browser refused to store the answers".to_owned())
}

/// Removes everything Precheck stored on this device.
pub fn forget() {
    let _ = LocalStorage::raw().remove_item(STORAGE_KEY);
}

/// Offers `text` as a file download, entirely in the browser.
pub fn download(filename: &str, text: &str, mime: &str) -> Result<(), String> {
    let fail = |_| "the browser could not create the file".to_owned();
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = gloo::utils::document();
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "no anchor".to_owned())?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The largest answers file or FHIR response the app reads: both are small.
pub const MAX_ANSWERS_FILE: f64 = 2_000_000.0;
/// The largest patient record the app reads in the browser (about 40,000 resources).
pub const MAX_RECORD_FILE: f64 = 20_000_000.0;

/// Reads the first file of a file input as text, then calls `done`; a file over `limit` bytes
/// is refused with `too_large`.
pub fn read_file(
    input: &web_sys::HtmlInputElement,
    limit: f64,
    too_large: &str,
    done: impl FnOnce(Result<String, String>) + 'static,
) {
    let Some(file) = input.files().and_then(|list| list.get(0)) else {
        return;
    };
    if file.size() > limit {
        done(Err(too_large.to_owned()));
        input.set_value("");
        return;
    }
    let file = gloo::file::File::from(file);
    wasm_bindgen_futures::spawn_local(async move {
        let result = gloo::file::futures::read_as_text(&file)
            .await
            .map_err(|e| format!("the file could not be read ({e})"));
        done(result);
    });
    input.set_value("");
}

pub fn print() {
    let _ = gloo::utils::window().print();
}

/// Moves focus to an element by id and scrolls it into view.
pub fn focus(id: &str) {
    let Some(el) = gloo::utils::document().get_element_by_id(id) else {
        return;
    };
    if let Ok(html) = el.dyn_into::<web_sys::HtmlElement>() {
        let _ = html.focus();
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Center);
        html.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// Registers the service worker that keeps the app available offline.
pub fn register_service_worker() {
    let navigator = gloo::utils::window().navigator();
    let container = navigator.service_worker();
    // Browsers without service workers (or file:// pages) simply stay online-only.
    let _ = container.register("./sw.js");
}
