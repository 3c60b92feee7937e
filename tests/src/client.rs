//! The one HTTP client of the tests: what a browser or a script sends to a server, whichever
//! server it is (the test's own, a second one in the same process, or the real binary).

use std::time::Duration;

use serde_json::{Value, json};

use crate::PASSWORD;

/// A client of one server at `address`. [`crate::TestApp`], [`crate::Sibling`] and
/// [`crate::ServerProcess`] are each used as one (they dereference to it).
#[derive(Clone)]
pub struct Client {
    pub address: String,
    pub http: reqwest::Client,
}

/// A GraphQL answer, with the session cookie the server set (if it set one).
#[derive(Debug)]
pub struct Session {
    pub status: u16,
    pub body: Value,
    /// `Some("")` when the server cleared the cookie.
    pub set_cookie: Option<String>,
}

impl Client {
    /// A client of the server at `address` (`http://127.0.0.1:port`), whose requests give up
    /// after 30 seconds.
    pub fn new(address: String) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("an HTTP client");
        Self { address, http }
    }

    /// This client on another server, sharing its connections' pool.
    pub fn at(&self, address: String) -> Self {
        Self {
            address,
            http: self.http.clone(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Posts a GraphQL operation without a session: the status and the JSON body.
    pub async fn graphql(&self, query: &str, variables: Value) -> (u16, Value) {
        self.post_graphql_body(json!({ "query": query, "variables": variables }).to_string())
            .await
    }

    /// Posts any body to `/graphql` (for malformed requests): the status and the JSON body.
    pub async fn post_graphql_body(&self, body: impl Into<reqwest::Body>) -> (u16, Value) {
        let response = self
            .http
            .post(self.url("/graphql"))
            .header("content-type", "application/json")
            .header("x-khuyenhoc-client", "tests")
            .body(body)
            .send()
            .await
            .expect("the server answers");
        let status = response.status().as_u16();
        let text = response.text().await.expect("a body");
        let json = serde_json::from_str(&text)
            .unwrap_or_else(|_| panic!("a JSON body, got {status}: {text}"));
        (status, json)
    }

    /// Posts a GraphQL operation as a browser would, with a session cookie (and the CSRF
    /// header the app sends): status, body and any cookie the server set.
    pub async fn graphql_with_cookie(
        &self,
        cookie: Option<&str>,
        query: &str,
        variables: Value,
    ) -> Session {
        let mut request = self
            .http
            .post(self.url("/graphql"))
            .header("content-type", "application/json")
            .header("x-khuyenhoc-client", "tests")
            .body(json!({ "query": query, "variables": variables }).to_string());
        if let Some(cookie) = cookie {
            request = request.header("cookie", format!("kh_session={cookie}"));
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let set_cookie = response
            .headers()
            .get("set-cookie")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("kh_session="))
            .map(|rest| rest.split(';').next().unwrap_or_default().to_owned());
        let text = response.text().await.expect("a body");
        let body = serde_json::from_str(&text)
            .unwrap_or_else(|_| panic!("a JSON body, got {status}: {text}"));
        Session {
            status,
            body,
            set_cookie,
        }
    }

    /// The answer's body to an operation sent with the session `token`.
    pub async fn call(&self, token: &str, query: &str, variables: Value) -> Value {
        self.graphql_with_cookie(Some(token), query, variables)
            .await
            .body
    }

    /// Every node of the connection `field` (a top-level field of `query`, which takes
    /// `$after: String` and asks for `nodes` and `pageInfo { hasNextPage endCursor }`), page
    /// after page, with how many nodes each page held.
    pub async fn every_page(
        &self,
        token: &str,
        query: &str,
        field: &str,
        variables: Value,
    ) -> (Vec<Value>, Vec<usize>) {
        let (mut nodes, mut sizes) = (Vec::new(), Vec::new());
        let mut after = Value::Null;
        loop {
            let mut variables = variables.clone();
            variables["after"] = after;
            let body = self.call_ok(token, query, variables).await;
            let connection = &body["data"][field];
            let page = connection["nodes"]
                .as_array()
                .unwrap_or_else(|| panic!("no nodes in {body}"));
            sizes.push(page.len());
            nodes.extend(page.iter().cloned());
            if connection["pageInfo"]["hasNextPage"] != true {
                return (nodes, sizes);
            }
            after = connection["pageInfo"]["endCursor"].clone();
            assert!(sizes.len() < 1000, "a connection that never ends: {body}");
        }
    }

    /// The answer's body to an operation sent with the session `token`, which must succeed.
    pub async fn call_ok(&self, token: &str, query: &str, variables: Value) -> Value {
        let body = self.call(token, query, variables).await;
        assert!(body["errors"].is_null(), "{body}");
        body
    }

    /// Uploads a document to an application as the web app does (multipart, with the session
    /// and the CSRF header when `token` is given): the status and the JSON answer.
    pub async fn upload(
        &self,
        token: Option<&str>,
        application: &str,
        kind: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> (u16, Value) {
        let form = reqwest::multipart::Form::new()
            .text("kind", kind.to_owned())
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
            );
        self.post_multipart(
            token,
            &format!("/api/applications/{application}/evidence"),
            form,
        )
        .await
    }

    /// Uploads a bank statement file of an account as the web app does: the status and the
    /// JSON answer (`id` is the file to preview and import).
    pub async fn upload_statement(
        &self,
        token: &str,
        bank_account: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> (u16, Value) {
        let path = format!("/api/bank-accounts/{bank_account}/statement-files");
        self.upload_file(token, &path, name, bytes).await
    }

    /// Uploads a file of learners for an organisation's roster as the web app does: the
    /// status and the JSON answer (`id` is the file to preview and import).
    pub async fn upload_learners(
        &self,
        token: &str,
        organization: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> (u16, Value) {
        let path = format!("/api/organizations/{organization}/learner-files");
        self.upload_file(token, &path, name, bytes).await
    }

    /// Uploads a file of organisations to add below `organization` as the web app does: the
    /// status and the JSON answer (`id` is the file to preview and import).
    pub async fn upload_organizations(
        &self,
        token: &str,
        organization: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> (u16, Value) {
        let path = format!("/api/organizations/{organization}/organization-files");
        self.upload_file(token, &path, name, bytes).await
    }

    /// Uploads a cash book's donations to `fund` as the web app does: the status and the JSON
    /// answer (`id` is the file to preview and import).
    pub async fn upload_donations(
        &self,
        token: &str,
        fund: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> (u16, Value) {
        let path = format!("/api/funds/{fund}/donation-files");
        self.upload_file(token, &path, name, bytes).await
    }

    /// Attaches a document to a registration for recognition as the web app does: the status
    /// and the JSON answer.
    pub async fn upload_registration_document(
        &self,
        token: &str,
        registration: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> (u16, Value) {
        let path = format!("/api/recognition-registrations/{registration}/documents");
        self.upload_file(token, &path, name, bytes).await
    }

    /// Posts one file named `name` as the multipart field `file` to `path`.
    async fn upload_file(
        &self,
        token: &str,
        path: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> (u16, Value) {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
        self.post_multipart(Some(token), path, form).await
    }

    /// Posts a multipart form with the session and the CSRF header when `token` is given.
    async fn post_multipart(
        &self,
        token: Option<&str>,
        path: &str,
        form: reqwest::multipart::Form,
    ) -> (u16, Value) {
        let mut request = self.http.post(self.url(path)).multipart(form);
        if let Some(token) = token {
            request = request
                .header("cookie", format!("kh_session={token}"))
                .header("x-khuyenhoc-client", "tests");
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Downloads `url` with a session: the status, the `Content-Disposition` header and the
    /// bytes.
    pub async fn download(&self, token: &str, url: &str) -> (u16, Option<String>, Vec<u8>) {
        let response = self
            .http
            .get(self.url(url))
            .header("cookie", format!("kh_session={token}"))
            .send()
            .await
            .expect("the server answers");
        let disposition = response
            .headers()
            .get("content-disposition")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        (
            response.status().as_u16(),
            disposition,
            response.bytes().await.expect("a body").to_vec(),
        )
    }
}

/// Accounts, roles and the seeded world, found as people find them: over the API.
impl Client {
    /// Signs up an account with [`PASSWORD`].
    pub async fn sign_up(&self, login: &str) {
        let query = "mutation($i: SignUpInput!) { signUp(input: $i) { id } }";
        let input = json!({ "i": { "login": login, "displayName": login, "password": PASSWORD } });
        let answer = self.graphql_with_cookie(None, query, input).await;
        assert!(answer.body["errors"].is_null(), "{}", answer.body);
    }

    /// Signs in with [`PASSWORD`]; the session token.
    pub async fn sign_in(&self, login: &str) -> String {
        let query = "mutation($l: String!, $p: String!) { signIn(login: $l, password: $p) { id } }";
        let answer = self
            .graphql_with_cookie(None, query, json!({ "l": login, "p": PASSWORD }))
            .await;
        answer
            .set_cookie
            .unwrap_or_else(|| panic!("{login} signs in: {}", answer.body))
    }

    /// The id of the organisation called `name`, if the public list has one.
    pub async fn find_organization(&self, name: &str) -> Option<String> {
        let (_, body) = self
            .graphql(
                "{ organizations(first: 100) { edges { node { id name } } } }",
                json!({}),
            )
            .await;
        body["data"]["organizations"]["edges"]
            .as_array()?
            .iter()
            .find(|e| e["node"]["name"] == name)
            .and_then(|e| e["node"]["id"].as_str())
            .map(str::to_owned)
    }

    /// The id of the (seeded) organisation called `name`.
    pub async fn organization_id(&self, name: &str) -> String {
        self.find_organization(name)
            .await
            .unwrap_or_else(|| panic!("no organisation {name}"))
    }

    /// The id of the (seeded) fund called `name`.
    pub async fn fund_id(&self, name: &str) -> String {
        let (_, body) = self
            .graphql(
                "{ funds(first: 100) { edges { node { id name } } } }",
                json!({}),
            )
            .await;
        body["data"]["funds"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["node"]["name"] == name)
            .unwrap_or_else(|| panic!("no fund {name}: {body}"))["node"]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// A fund's (posted, reserved, available) balances in đồng, as the public reads them.
    pub async fn balances(&self, fund: &str) -> (i64, i64, i64) {
        let (_, body) = self
            .graphql(
                "query($f: ID!) { fund(id: $f) { postedBalance reservedBalance availableBalance } }",
                json!({ "f": fund }),
            )
            .await;
        let fund = &body["data"]["fund"];
        let figure = |name: &str| {
            fund[name]
                .as_i64()
                .unwrap_or_else(|| panic!("the fund's {name}: {body}"))
        };
        (
            figure("postedBalance"),
            figure("reservedBalance"),
            figure("availableBalance"),
        )
    }

    /// Grants `role` on `organization` (an id) to `login`; the membership's id.
    pub async fn grant(
        &self,
        as_token: &str,
        login: &str,
        organization: &str,
        role: &str,
    ) -> String {
        let query = "mutation($l: String!, $o: ID!, $r: Role!) { grantRole(login: $l, organizationId: $o, role: $r) { id } }";
        let answer = self
            .graphql_with_cookie(
                Some(as_token),
                query,
                json!({ "l": login, "o": organization, "r": role }),
            )
            .await;
        answer.body["data"]["grantRole"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{}", answer.body))
            .to_owned()
    }

    /// A new account holding `role` on `organization` (an id), signed in; its session token.
    pub async fn staff(&self, admin: &str, login: &str, organization: &str, role: &str) -> String {
        self.sign_up(login).await;
        self.grant(admin, login, organization, role).await;
        self.sign_in(login).await
    }
}

/// A fresh idempotency key.
pub fn key() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Today in Vietnam (UTC+7), as the server dates windows and decisions.
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).expect("UTC+7"))
        .date_naive()
}
