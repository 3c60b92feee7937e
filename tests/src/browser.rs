//! Headless Chromium driven through chromedriver, for tests that use the app as a person would:
//! finding things by their visible text and form fields by their labels.

use std::{net::TcpListener, path::PathBuf, process::Stdio, time::Duration};

use fantoccini::{Client, ClientBuilder, Locator, elements::Element};
use serde_json::json;
use tokio::process::{Child, Command};

use crate::{eventually, repo_root};

/// How long any one wait in the browser may take before the test fails.
pub const WAIT: Duration = Duration::from_secs(20);

/// How many browsers run at once, whatever the number of test threads: a Chromium takes a
/// core while it renders, and the other tests (mostly waiting on the database) may run
/// beside two of them, not beside four.
static BROWSERS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver on a free port and a fresh headless Chromium session.
    pub async fn start() -> anyhow::Result<Self> {
        let port = free_port()?;
        let driver = Command::new(chromedriver())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| {
                anyhow::anyhow!("cannot start chromedriver ({e}); scripts/test.sh installs it")
            })?;
        let webdriver = format!("http://127.0.0.1:{port}");
        eventually("chromedriver to listen", WAIT, || async {
            tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .ok()
                .map(|_| ())
        })
        .await;
        let profile = tempfile::tempdir()?;
        let options = json!({
            "binary": chromium(),
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--no-first-run", "--window-size=1280,900",
                // Scrollbars overlay the page on a phone: none may take width from it here.
                "--hide-scrollbars",
                format!("--user-data-dir={}", profile.path().display()),
            ],
        });
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("goog:chromeOptions".into(), options);
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&webdriver)
            .await?;
        Ok(Self {
            client,
            driver,
            _profile: profile,
        })
    }

    /// Runs `steps` in a fresh browser and closes it whatever happens, so a failed assertion
    /// never leaves a Chromium behind to hang the run.
    pub async fn with<F>(steps: F) -> anyhow::Result<()>
    where
        F: AsyncFnOnce(&Browser) -> anyhow::Result<()>,
    {
        let _turn = BROWSERS.acquire().await?;
        let browser = Self::start().await?;
        let outcome = steps(&browser).await;
        if outcome.is_err() {
            // What the page showed when it went wrong is the best clue there is.
            if let Ok(path) = browser.screenshot("failure").await {
                eprintln!("screenshot of the failure: {}", path.display());
            }
        }
        browser.close().await;
        outcome
    }

    pub async fn close(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.clone().close()).await;
        let _ = self.driver.kill().await;
    }

    /// Waits for an element whose own text contains `text`.
    pub async fn wait_for_text(&self, text: &str) -> anyhow::Result<Element> {
        let xpath = format!(
            "//*[contains(normalize-space(text()), {})]",
            xpath_literal(text)
        );
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(&xpath))
            .await
            .map_err(|e| anyhow::anyhow!("waiting for the text \"{text}\": {e}"))
    }

    /// Waits until no element's own text contains `text` any more.
    pub async fn wait_for_text_to_vanish(&self, text: &str) -> anyhow::Result<()> {
        let xpath = format!(
            "//*[contains(normalize-space(text()), {})]",
            xpath_literal(text)
        );
        let client = &self.client;
        eventually(&format!("\"{text}\" to disappear"), WAIT, || async {
            client
                .find_all(Locator::XPath(&xpath))
                .await
                .ok()
                .filter(Vec::is_empty)
                .map(|_| ())
        })
        .await;
        Ok(())
    }

    /// The form field labelled `label`, found as a person finds it: by the label's text.
    pub async fn field(&self, label: &str) -> anyhow::Result<Element> {
        let xpath = format!("//label[normalize-space()={}]", xpath_literal(label));
        let label_element = self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(&xpath))
            .await?;
        let id = label_element
            .attr("for")
            .await?
            .ok_or_else(|| anyhow::anyhow!("the label \"{label}\" is not tied to a field"))?;
        Ok(self.client.find(Locator::Id(&id)).await?)
    }

    /// Clicks the button that reads `text`, as a person would.
    pub async fn click(&self, text: &str) -> anyhow::Result<()> {
        self.click_xpath(&format!("//button[{}]", reads(text)), text)
            .await
    }

    /// Follows the link that reads `text`.
    pub async fn follow(&self, text: &str) -> anyhow::Result<()> {
        self.click_xpath(&format!("//a[{}]", reads(text)), text)
            .await
    }

    /// Follows the first link whose words contain `text` (a sentence of a list, say).
    pub async fn follow_containing(&self, text: &str) -> anyhow::Result<()> {
        self.click_xpath(
            &format!("//a[contains(normalize-space(), {})]", xpath_literal(text)),
            text,
        )
        .await
    }

    /// How many unread notifications the header's badge counts (0 when it shows none).
    pub async fn unread_badge(&self) -> anyhow::Result<u64> {
        let badges = self
            .client
            .find_all(Locator::Css(".menu-button .badge"))
            .await?;
        match badges.first() {
            Some(badge) => Ok(badge.text().await?.trim().parse()?),
            None => Ok(0),
        }
    }

    async fn click_xpath(&self, xpath: &str, text: &str) -> anyhow::Result<()> {
        let element = self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(xpath))
            .await
            .map_err(|e| anyhow::anyhow!("looking for \"{text}\" to click: {e}"))?;
        element.click().await?;
        Ok(())
    }

    /// Types into the field labelled `label`.
    pub async fn fill(&self, label: &str, text: &str) -> anyhow::Result<()> {
        self.field(label).await?.send_keys(text).await?;
        Ok(())
    }

    /// Signs `login` in through the app's sign-in page, as a person does.
    pub async fn sign_in(
        &self,
        app: &crate::TestApp,
        login: &str,
        password: &str,
    ) -> anyhow::Result<()> {
        self.client.goto(&app.url("/sign-in")).await?;
        self.fill("Email hoặc số điện thoại", login).await?;
        self.fill("Mật khẩu", password).await?;
        self.click("Đăng nhập").await?;
        // Signed in, wherever they land: the menu offers their account.
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css("a[href='/account']"))
            .await
            .map_err(|e| anyhow::anyhow!("signing {login} in: {e}"))?;
        Ok(())
    }

    /// Uploads `file` on an application's page and waits until it is listed.
    pub async fn upload(&self, file: &std::path::Path) -> anyhow::Result<()> {
        self.field("Tệp")
            .await?
            .send_keys(&file.display().to_string())
            .await?;
        self.click("Tải lên").await?;
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.wait_for_text(&name).await?;
        Ok(())
    }

    /// Fails, naming `what`, when the page scrolls sideways (is wider than the window).
    pub async fn fits_the_screen(&self, what: &str) -> anyhow::Result<()> {
        let overflow = self
            .client
            .execute(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
                vec![],
            )
            .await?;
        match overflow.as_i64() {
            Some(px) if px <= 0 => Ok(()),
            _ => {
                // Where to look: the outermost elements that reach past the window's right
                // edge or, when none does, the innermost whose text spills out of them.
                let culprits = self
                    .client
                    .execute(
                        "const edge = document.documentElement.clientWidth + 1; \
                         const all = [...document.body.querySelectorAll('*')]; \
                         const past = e => e.getBoundingClientRect().right > edge; \
                         const spills = e => e.getBoundingClientRect().left + e.scrollWidth > edge; \
                         let out = all.filter(e => past(e) && !(e.parentElement && past(e.parentElement))); \
                         if (out.length === 0) out = all.filter(e => spills(e) && ![...e.children].some(spills)); \
                         return out.slice(0, 3).map(e => e.tagName.toLowerCase() + \
                           (e.className ? '.' + String(e.className).split(' ').join('.') : '') + \
                           ' \"' + (e.textContent || '').trim().slice(0, 40) + '\"');",
                        vec![],
                    )
                    .await?;
                anyhow::bail!("{what} scrolls sideways by {overflow}px: {culprits}")
            }
        }
    }

    /// What Deque's axe-core finds serious or critical on the page as it is now: one line per
    /// rule broken, with the first places that break it. The checker's script is the file
    /// `KH_AXE_JS` names (`scripts/test.sh` installs it and sets the variable).
    pub async fn accessibility_findings(&self) -> anyhow::Result<Vec<String>> {
        static AXE: std::sync::OnceLock<Result<String, String>> = std::sync::OnceLock::new();
        let source = AXE
            .get_or_init(|| {
                let path = std::env::var("KH_AXE_JS").map_err(|_| {
                    "KH_AXE_JS is not set: scripts/test.sh installs axe-core and sets it \
                     (or: source scripts/lib.sh && ensure_axe)"
                        .to_owned()
                })?;
                std::fs::read_to_string(&path).map_err(|error| format!("{path}: {error}"))
            })
            .as_ref()
            .map_err(|error| anyhow::anyhow!("{error}"))?;
        let loaded = self
            .client
            .execute("return typeof axe !== 'undefined';", vec![])
            .await?;
        if loaded != serde_json::Value::Bool(true) {
            self.client.execute(source, vec![]).await?;
        }
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 axe.run(document, { resultTypes: ['violations'] }).then( \
                   (result) => done(result.violations \
                     .filter((v) => v.impact === 'serious' || v.impact === 'critical') \
                     .map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + \
                       v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '))), \
                   (error) => done(['axe-core failed: ' + error]));",
                vec![],
            )
            .await?;
        Ok(serde_json::from_value(found)?)
    }

    /// Presses `key` on the keyboard, wherever the focus is (as a person without a mouse does).
    pub async fn press(&self, key: fantoccini::key::Key) -> anyhow::Result<()> {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let code = key.chars().next().unwrap_or_default();
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: code })
            .then(KeyAction::Up { value: code });
        self.client.perform_actions(keys).await?;
        Ok(())
    }

    /// Presses Tab until the focused element meets `reached` (JavaScript over `el`, the
    /// focused element): a form whose fields a keyboard cannot reach in a few dozen presses
    /// fails, naming `what`.
    pub async fn tab_to(&self, what: &str, reached: &str) -> anyhow::Result<()> {
        let check = format!("const el = document.activeElement; return !!el && ({reached});");
        for _ in 0..80 {
            if self.client.execute(&check, vec![]).await? == serde_json::Value::Bool(true) {
                return Ok(());
            }
            self.press(fantoccini::key::Key::Tab).await?;
        }
        anyhow::bail!("{what} is not reached with the Tab key")
    }

    /// Saves a screenshot to `target/screenshots/<name>.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> anyhow::Result<PathBuf> {
        let dir = repo_root().join("target/screenshots");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, self.client.screenshot().await?)?;
        Ok(path)
    }
}

fn chromedriver() -> String {
    std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into())
}

fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// An XPath condition: the element reads `text`, or reads it followed by a count badge (the
/// menu button and the inbox link: "Menu 2" is still the menu).
fn reads(text: &str) -> String {
    let text = xpath_literal(text);
    format!(
        "normalize-space()={text} or (.//*[contains(@class, 'badge')] and \
         starts-with(normalize-space(), concat({text}, ' ')))"
    )
}

/// Quotes text for an XPath expression (which has no escape character).
fn xpath_literal(text: &str) -> String {
    if !text.contains('"') {
        format!("\"{text}\"")
    } else if !text.contains('\'') {
        format!("'{text}'")
    } else {
        let parts: Vec<String> = text.split('"').map(|part| format!("\"{part}\"")).collect();
        format!("concat({})", parts.join(", '\"', "))
    }
}
