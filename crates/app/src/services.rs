//! The browser at the edge: today's date, opt-in storage, file download and upload, printing,
//! focus, the service worker, and for a SMART launch the page's address, random bytes, the
//! sign-in window and its answer, and `fetch`. Nothing else in the app touches web APIs
//! directly.

use criteria::Date;
use gloo::storage::{LocalStorage, Storage};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

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
    offer(filename, &wasm_bindgen::JsValue::from_str(text), mime)
}

/// Offers bytes (an archive) as a file download, entirely in the browser.
pub fn download_bytes(filename: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    offer(filename, &js_sys::Uint8Array::from(bytes), mime)
}

fn offer(filename: &str, content: &wasm_bindgen::JsValue, mime: &str) -> Result<(), String> {
    let fail = |_| "the browser could not create the file".to_owned();
    let parts = js_sys::Array::of1(content);
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &bag).map_err(fail)?;
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
    if let Some(file) = input.files().and_then(|list| list.get(0)) {
        read_text(file, limit, too_large, done);
    }
    input.set_value("");
}

/// The name of the first file dropped, when a file was.
pub fn dropped_name(event: &web_sys::DragEvent) -> Option<String> {
    event
        .data_transfer()
        .and_then(|d| d.files())
        .and_then(|list| list.get(0))
        .map(|f| f.name())
}

/// The first file dropped on the page, read as `read_file` reads a chosen one. The browser's
/// own handling (opening the file in place of the app, losing the answers) is prevented.
pub fn read_dropped(
    event: &web_sys::DragEvent,
    limit: f64,
    too_large: &str,
    done: impl FnOnce(Result<String, String>) + 'static,
) {
    event.prevent_default();
    if let Some(file) = event
        .data_transfer()
        .and_then(|d| d.files())
        .and_then(|list| list.get(0))
    {
        read_text(file, limit, too_large, done);
    }
}

fn read_text(file: web_sys::File, limit: f64, too_large: &str, done: impl FnOnce(Result<String, String>) + 'static) {
    if file.size() > limit {
        done(Err(too_large.to_owned()));
        return;
    }
    let file = gloo::file::File::from(file);
    wasm_bindgen_futures::spawn_local(async move {
        let result = gloo::file::futures::read_as_text(&file)
            .await
            .map_err(|e| format!("the file could not be read ({e})"));
        done(result);
    });
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

/// Registers the service worker that keeps the app available offline, and calls
/// `update_ready` when a new version of the app or of its policy library is installed and
/// waiting. The tab asks for one when it is shown again and every half hour.
pub fn register_service_worker(update_ready: impl Fn() + 'static) {
    let window = gloo::utils::window();
    let container = window.navigator().service_worker();
    // Browsers without service workers (or file:// pages) simply stay online-only.
    let promise = container.register("./sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(registration) = JsFuture::from(promise).await else {
            return;
        };
        let registration: web_sys::ServiceWorkerRegistration = registration.unchecked_into();
        let controlled = move || {
            gloo::utils::window()
                .navigator()
                .service_worker()
                .controller()
                .is_some()
        };
        let update_ready = std::rc::Rc::new(update_ready);
        if registration.waiting().is_some() && controlled() {
            update_ready();
        }
        let found = {
            let registration = registration.clone();
            wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                let Some(installing) = registration.installing() else {
                    return;
                };
                let update_ready = update_ready.clone();
                let worker = installing.clone();
                let changed = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                    if worker.state() == web_sys::ServiceWorkerState::Installed && controlled() {
                        update_ready();
                    }
                })
                .into_js_value();
                installing.set_onstatechange(Some(changed.unchecked_ref()));
            })
            .into_js_value()
        };
        registration.set_onupdatefound(Some(found.unchecked_ref()));
        let check = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            let _ = registration.update();
        })
        .into_js_value();
        let window = gloo::utils::window();
        let _ = gloo::utils::document().add_event_listener_with_callback("visibilitychange", check.unchecked_ref());
        let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(check.unchecked_ref(), 30 * 60 * 1000);
    });
}

/// Where the answers wait during the reload into a new version: the tab's own session
/// storage, read back and removed as the new version starts.
const RELOAD_KEY: &str = "precheck.reload.v1";

/// Lets the waiting version take over and reloads into it, the answers (`saved`, the export
/// format) carried across in this tab's session storage for the instant of the reload.
pub fn reload_into_new_version(saved: Option<String>) {
    let window = gloo::utils::window();
    let container = window.navigator().service_worker();
    let reload = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
        let window = gloo::utils::window();
        if let (Some(text), Ok(Some(session))) = (&saved, window.session_storage()) {
            let _ = session.set_item(RELOAD_KEY, text);
        }
        let _ = window.location().reload();
    })
    .into_js_value();
    container.set_oncontrollerchange(Some(reload.unchecked_ref()));
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(registration) = JsFuture::from(container.get_registration()).await else {
            return;
        };
        let registration: web_sys::ServiceWorkerRegistration = registration.unchecked_into();
        match registration.waiting() {
            Some(waiting) => {
                let _ = waiting.post_message(&JsValue::from_str("precheck.skip-waiting"));
            }
            None => {
                let _ = gloo::utils::window().location().reload();
            }
        }
    });
}

/// The answers carried across a reload into a new version, removed as they are read.
pub fn take_reloaded() -> Option<String> {
    let session = gloo::utils::window().session_storage().ok().flatten()?;
    let text = session.get_item(RELOAD_KEY).ok().flatten();
    let _ = session.remove_item(RELOAD_KEY);
    text
}

/// The page's query string (`?a=b`, or empty).
pub fn query() -> String {
    gloo::utils::window().location().search().unwrap_or_default()
}

/// The page's origin.
pub fn origin() -> String {
    gloo::utils::window().location().origin().unwrap_or_default()
}

/// The page's address without query or fragment: where the EHR sends the user back.
pub fn redirect_uri() -> String {
    let location = gloo::utils::window().location();
    format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    )
}

/// Drops the query string from the address bar (launch parameters are used once).
pub fn clear_query() {
    let window = gloo::utils::window();
    let location = window.location();
    let bare = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.hash().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&bare));
    }
}

/// 32 bytes from the browser's cryptographic random source.
pub fn random_bytes() -> Result<[u8; 32], String> {
    let mut bytes = [0u8; 32];
    let crypto = gloo::utils::window()
        .crypto()
        .map_err(|_| "this browser has no secure random source")?;
    crypto
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|_| "this browser has no secure random source")?;
    Ok(bytes)
}

/// A named sign-in window, opened blank from a click so that no pop-up blocker stops it.
pub fn open_window(name: &str) -> Option<web_sys::Window> {
    gloo::utils::window()
        .open_with_url_and_target_and_features("about:blank", name, "popup,width=520,height=720")
        .ok()
        .flatten()
}

/// The sign-in page's channel to the page that opened it (same origin only).
const CHANNEL: &str = "precheck-smart";

/// Run by the page the EHR sends the user back to, in the sign-in window: hands the answer's
/// query string to the page that asked, then closes. Both a broadcast channel and the opener
/// carry it, since a sign-in page may cut the window from its opener.
pub fn hand_back(query: &str) {
    if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
        let _ = channel.post_message(&JsValue::from_str(query));
        channel.close();
    }
    let window = gloo::utils::window();
    if let Some(body) = gloo::utils::document().body() {
        body.set_text_content(Some(
            "Signed in. Precheck is reading the record; you can close this window.",
        ));
    }
    if let Ok(opener) = window.opener() {
        if let Ok(opener) = opener.dyn_into::<web_sys::Window>() {
            let _ = opener.post_message(&JsValue::from_str(query), &origin());
        }
    }
    let _ = window.close();
}

/// The next query string handed back by a sign-in window of this origin.
pub async fn handed_back() -> Option<String> {
    let channel = web_sys::BroadcastChannel::new(CHANNEL).ok()?;
    let window = gloo::utils::window();
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        channel.set_onmessage(Some(resolve.unchecked_ref()));
        let own = origin();
        // Kept for the page's life (a few bytes per sign-in): a second message only resolves
        // a promise already resolved.
        let relay = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                if event.origin() == own {
                    let _ = resolve.call1(&JsValue::NULL, &event);
                }
            },
        )
        .into_js_value();
        let _ = window.add_event_listener_with_callback("message", relay.unchecked_ref());
    });
    let event = JsFuture::from(promise).await.ok()?;
    channel.close();
    event.dyn_into::<web_sys::MessageEvent>().ok()?.data().as_string()
}

/// One HTTP exchange with the EHR: a GET (with the access token once there is one) or a form
/// POST; no cookies are sent. The status and the body's text.
pub async fn fetch(url: &str, bearer: Option<&str>, form: Option<&str>) -> Result<(u16, String), String> {
    fn fail(what: &'static str) -> impl Fn(JsValue) -> String {
        move |e| {
            format!(
                "{what} ({})",
                e.as_string().unwrap_or_else(|| "the browser refused".into())
            )
        }
    }
    let headers = web_sys::Headers::new().map_err(fail("no headers"))?;
    headers
        .set("Accept", "application/fhir+json, application/json")
        .map_err(fail("no headers"))?;
    let init = web_sys::RequestInit::new();
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_cache(web_sys::RequestCache::NoStore);
    if let Some(token) = bearer {
        headers
            .set("Authorization", &format!("Bearer {token}"))
            .map_err(fail("no headers"))?;
    }
    if let Some(body) = form {
        init.set_method("POST");
        headers
            .set("Content-Type", "application/x-www-form-urlencoded")
            .map_err(fail("no headers"))?;
        init.set_body(&JsValue::from_str(body));
    } else {
        init.set_method("GET");
    }
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(fail("a bad address"))?;
    let unreachable =
        |_| format!("{url} could not be reached (offline, or not allowed by this page's security policy)");
    let response: web_sys::Response = JsFuture::from(gloo::utils::window().fetch_with_request(&request))
        .await
        .map_err(unreachable)?
        .dyn_into()
        .map_err(unreachable)?;
    let text = JsFuture::from(response.text().map_err(unreachable)?)
        .await
        .map_err(unreachable)?;
    Ok((response.status(), text.as_string().unwrap_or_default()))
}

/// The address's fragment (`#/policy/...`), or empty.
pub fn hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

/// Puts a screen's fragment in the address bar: a new history entry for a new screen, else in
/// place. Neither fires `popstate`.
pub fn set_hash(hash: &str, new_entry: bool) {
    let Ok(history) = gloo::utils::window().history() else {
        return;
    };
    let location = gloo::utils::window().location();
    let url = format!(
        "{}{}{hash}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    let _ = if new_entry {
        history.push_state_with_url(&JsValue::NULL, "", Some(&url))
    } else {
        history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
    };
}

/// Calls `changed` with the new fragment on back, forward, or an edited address, for the
/// page's life.
pub fn on_address_change(changed: impl Fn(String) + 'static) {
    let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || changed(hash())).into_js_value();
    let _ = gloo::utils::window().add_event_listener_with_callback("popstate", listener.unchecked_ref());
}

/// Posts a message (JSON text, sent as an object) to the page that frames this one, if that
/// page is of `origin`; the browser drops it for a page of any other origin.
pub fn post_to_parent(json: &str, origin: &str) {
    let window = gloo::utils::window();
    let Ok(Some(parent)) = window.parent() else { return };
    if let Ok(value) = js_sys::JSON::parse(json) {
        let _ = parent.post_message(&value, origin);
    }
}

/// Calls `received` with each message (as JSON text) that the framing page of `origin` sends,
/// for the page's life; messages from any other origin or window are ignored.
pub fn on_parent_message(origin: String, received: impl Fn(String) + 'static) {
    let window = gloo::utils::window();
    let parent = window.parent().ok().flatten();
    let listener =
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let from_parent = match (&parent, event.source()) {
                (Some(p), Some(source)) => js_sys::Object::is(p.as_ref(), source.as_ref()),
                _ => false,
            };
            if event.origin() != origin || !from_parent {
                return;
            }
            if let Some(text) = js_sys::JSON::stringify(&event.data()).ok().and_then(|s| s.as_string()) {
                received(text);
            }
        })
        .into_js_value();
    let _ = window.add_event_listener_with_callback("message", listener.unchecked_ref());
}
