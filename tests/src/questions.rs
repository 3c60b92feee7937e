//! The questions behind the main screens, as the web app asks them: what `scripts/bench.sh`
//! loads at city scale and what the statement-budget test counts at two page sizes. Written
//! once, against the scale data's manifest (`khuyenhoc seed-scale`).

use backend::scale::Manifest;
use serde_json::{Value, json};

/// Who asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Persona {
    Public,
    CityAdmin,
    CityManager,
    CommuneAdmin,
    CommuneManager,
    CommuneTreasurer,
    CommuneReviewer,
    Guardian,
}

impl Persona {
    /// The persona's login in the manifest (`None` for the public).
    pub fn login(self, manifest: &Manifest) -> Option<&str> {
        Some(match self {
            Self::Public => return None,
            Self::CityAdmin => &manifest.city_admin,
            Self::CityManager => &manifest.city_manager,
            Self::CommuneAdmin => &manifest.commune_admin,
            Self::CommuneManager => &manifest.commune_manager,
            Self::CommuneTreasurer => &manifest.commune_treasurer,
            Self::CommuneReviewer => &manifest.commune_reviewer,
            Self::Guardian => &manifest.guardian,
        })
    }
}

/// One question: a screen's query, who asks it, and its variables for a page size.
#[derive(Debug, Clone, Copy)]
pub struct Question {
    pub name: &'static str,
    pub persona: Persona,
    pub query: &'static str,
    /// The same screen's question as the baseline's API asked it, where its shape changed
    /// since (so that the benchmark compares the same screen).
    pub baseline_query: Option<&'static str>,
    pub variables: fn(&Manifest, u32) -> Value,
}

pub const QUESTIONS: &[Question] = &[
    Question {
        name: "applications of a commune program (~8k)",
        persona: Persona::CommuneManager,
        query: "query($p: ID!, $n: Int) { programApplications(programId: $p, first: $n) \
                { nodes { id status learnerName programName submittedAt } pageInfo { hasNextPage endCursor } } }",
        baseline_query: None,
        variables: |m, n| json!({ "p": m.commune_program_id.to_string(), "n": n }),
    },
    Question {
        name: "applications of the city program (1M)",
        persona: Persona::CityManager,
        query: "query($p: ID!, $n: Int) { programApplications(programId: $p, first: $n) \
                { nodes { id status learnerName programName submittedAt } pageInfo { hasNextPage endCursor } } }",
        baseline_query: None,
        variables: |m, n| json!({ "p": m.city_program_id.to_string(), "n": n }),
    },
    Question {
        name: "applications of a commune program by score, with the total",
        persona: Persona::CommuneManager,
        query: "query($p: ID!, $n: Int) { programApplications(programId: $p, order: BEST_SCORE, first: $n) \
                { nodes { id status learnerName submittedAt } totalCount pageInfo { hasNextPage endCursor } } }",
        // There was no order but the oldest first, and no total.
        baseline_query: Some(
            "query($p: ID!, $n: Int) { programApplications(programId: $p, first: $n) \
             { nodes { id status learnerName submittedAt } pageInfo { hasNextPage endCursor } } }",
        ),
        variables: |m, n| json!({ "p": m.commune_program_id.to_string(), "n": n }),
    },
    Question {
        name: "applications of the city program, last submitted first",
        persona: Persona::CityManager,
        query: "query($p: ID!, $n: Int) { programApplications(programId: $p, order: LATEST_SUBMITTED, first: $n) \
                { nodes { id status learnerName submittedAt } pageInfo { hasNextPage endCursor } } }",
        baseline_query: Some(
            "query($p: ID!, $n: Int) { programApplications(programId: $p, first: $n) \
             { nodes { id status learnerName submittedAt } pageInfo { hasNextPage endCursor } } }",
        ),
        variables: |m, n| json!({ "p": m.city_program_id.to_string(), "n": n }),
    },
    Question {
        name: "awards of a commune program to pay",
        persona: Persona::CommuneTreasurer,
        query: "query($p: ID!, $n: Int) { programAwards(programId: $p, status: RESERVED, first: $n) \
                { nodes { applicationId learnerName className school award { tierName amount status decidedBy } } \
                totalCount totalAmount pageInfo { hasNextPage endCursor } } }",
        // Every award of the program, unpaginated.
        baseline_query: Some(
            "query($p: ID!) { programAwards(programId: $p) \
             { applicationId learnerName className school award { tierName amount status decidedBy } } }",
        ),
        variables: |m, n| json!({ "p": m.commune_program_id.to_string(), "n": n }),
    },
    Question {
        name: "latest entries of a fund (20k donations)",
        persona: Persona::CommuneTreasurer,
        query: "query($f: ID!, $n: Int) { fund(id: $f) { name postedBalance ledger(first: $n) \
                { nodes { id kind phase amount at memo method donor { id name } } pageInfo { hasNextPage endCursor } } } }",
        baseline_query: None,
        variables: |m, n| json!({ "f": m.busy_fund_id.to_string(), "n": n }),
    },
    Question {
        name: "funds of the city with their organisation",
        persona: Persona::Public,
        query: "query($w: ID, $n: Int) { funds(within: $w, first: $n) \
                { nodes { id name availableBalance organization { id name } } pageInfo { hasNextPage endCursor } } }",
        baseline_query: None,
        variables: |m, n| json!({ "w": m.city_id.to_string(), "n": n }),
    },
    Question {
        name: "funds with their latest entry",
        persona: Persona::CityAdmin,
        query: "query($w: ID, $n: Int) { funds(within: $w, first: $n) \
                { nodes { id name ledger(first: 1) { nodes { id amount at } } } } }",
        baseline_query: None,
        variables: |m, n| json!({ "w": m.city_id.to_string(), "n": n }),
    },
    Question {
        name: "funds with their campaigns",
        persona: Persona::Public,
        query: "query($w: ID, $n: Int) { funds(within: $w, first: $n) \
                { nodes { id name campaigns { id name goal startsOn endsOn } } } }",
        baseline_query: None,
        variables: |m, n| json!({ "w": m.city_id.to_string(), "n": n }),
    },
    Question {
        name: "public ledger of a fund",
        persona: Persona::Public,
        query: "query($f: ID!, $n: Int) { fund(id: $f) { name publicLedger(first: $n) \
                { nodes { id at kind amount donorName anonymous } pageInfo { hasNextPage endCursor } } } }",
        baseline_query: None,
        variables: |m, n| json!({ "f": m.busy_fund_id.to_string(), "n": n }),
    },
    Question {
        name: "statement of a year",
        persona: Persona::Public,
        query: "query($f: ID!, $from: NaiveDate!, $to: NaiveDate!) { fund(id: $f) { statement(from: $from, to: $to) \
                { opening totalReceipts totalPayments closing reconciles receipts { kind amount } } } }",
        baseline_query: None,
        variables: |m, _| json!({ "f": m.busy_fund_id.to_string(), "from": format!("{}-01-01", m.statement_year), "to": format!("{}-12-31", m.statement_year) }),
    },
    Question {
        name: "ranking of a commune program",
        persona: Persona::CommuneManager,
        query: "query($p: ID!) { programRanking(programId: $p, first: 50) \
                { nodes { applicationId learnerName status score reviewsSubmitted reviewsAssigned } } }",
        // The whole ranking, unpaginated.
        baseline_query: Some(
            "query($p: ID!) { programRanking(programId: $p) \
             { applicationId learnerName status score reviewsSubmitted reviewsAssigned } }",
        ),
        variables: |m, _| json!({ "p": m.commune_program_id.to_string() }),
    },
    Question {
        name: "a reviewer's queue",
        persona: Persona::CommuneReviewer,
        query: "query($n: Int) { myReviewQueue(first: $n) { nodes { review { id status } reference status program { id name } } \
                pageInfo { hasNextPage endCursor } } }",
        // The whole queue, unpaginated.
        baseline_query: Some(
            "query { myReviewQueue { review { id status } reference status program { id name } } }",
        ),
        variables: |_, n| json!({ "n": n }),
    },
    Question {
        name: "audit log of a commune",
        persona: Persona::CommuneAdmin,
        query: "query($n: Int) { auditEvents(first: $n) \
                { nodes { id at actorId action objectType objectId summary } pageInfo { hasNextPage endCursor } } }",
        baseline_query: None,
        variables: |_, n| json!({ "n": n }),
    },
    Question {
        name: "learner search by name in a commune",
        persona: Persona::CommuneManager,
        query: "query($o: ID!, $s: String!, $n: Int) { learners(organizationId: $o, search: $s, first: $n) \
                { nodes { id fullName school className educationLevel } totalCount pageInfo { hasNextPage endCursor } } }",
        baseline_query: None,
        variables: |m, n| json!({ "o": m.commune_id.to_string(), "s": m.learner_name, "n": n }),
    },
    Question {
        name: "members of a commune",
        persona: Persona::CommuneAdmin,
        query: "query($o: ID!, $n: Int) { members(organizationId: $o, first: $n) \
                { nodes { displayName login membership { id role } } pageInfo { hasNextPage endCursor } } }",
        baseline_query: Some(
            "query($o: ID!) { members(organizationId: $o) { displayName login membership { id role } } }",
        ),
        variables: |m, n| json!({ "o": m.commune_id.to_string(), "n": n }),
    },
    Question {
        name: "a guardian's learners",
        persona: Persona::Guardian,
        query: "query($n: Int) { myLearners(first: $n) { nodes { id fullName dateOfBirth school className } \
                pageInfo { hasNextPage endCursor } } }",
        baseline_query: Some("query { myLearners { id fullName dateOfBirth school className } }"),
        variables: |_, n| json!({ "n": n }),
    },
    Question {
        name: "a guardian's applications",
        persona: Persona::Guardian,
        query: "query($n: Int) { myApplications(first: $n) { nodes { id programName learnerName status submittedAt } \
                pageInfo { hasNextPage endCursor } } }",
        // Every application, unpaginated.
        baseline_query: Some(
            "query { myApplications { id programName learnerName status submittedAt } }",
        ),
        variables: |_, n| json!({ "n": n }),
    },
    Question {
        name: "a reviewer's inbox, with the unread count",
        persona: Persona::CommuneReviewer,
        query: "query($n: Int) { unreadNotificationCount myNotifications(first: $n) { nodes { id kind reference \
                programName learnerName amount createdAt read } pageInfo { hasNextPage endCursor } } }",
        // A screen the baseline did not have: its side of the comparison fails.
        baseline_query: None,
        variables: |_, n| json!({ "n": n }),
    },
    Question {
        name: "a program manager's home",
        persona: Persona::CommuneManager,
        query: "query { myWork { applications { status count } programs { programId name toAssign { count more } underReview { count more } } } }",
        // A screen the baseline did not have.
        baseline_query: None,
        variables: |_, _| json!({}),
    },
    Question {
        name: "the city program manager's home (a program of 1M)",
        persona: Persona::CityManager,
        query: "query { myWork { applications { status count } programs { programId name toAssign { count more } underReview { count more } } } }",
        // A screen the baseline did not have.
        baseline_query: None,
        variables: |_, _| json!({}),
    },
    Question {
        name: "a treasurer's home",
        persona: Persona::CommuneTreasurer,
        query: "query { myWork { applications { status count } payouts { programId programName fundName awards { count more } amount } } }",
        // A screen the baseline did not have.
        baseline_query: None,
        variables: |_, _| json!({}),
    },
    Question {
        name: "a commune's learning society, public, with its trend",
        persona: Persona::Public,
        query: "query($o: ID!, $y: Int!, $f: Int!) { organization(id: $o) { id name kind } \
                societyTrend(organizationId: $o, fromYear: $f, toYear: $y) { year progress { model population \
                registered assessed passed recognised withdrawn denominator targetPercent targetSetBy perMille gap } } }",
        // A screen the baseline did not have.
        baseline_query: None,
        variables: |m, _| json!({ "o": m.commune_id.to_string(), "y": year(), "f": year() - 4 }),
    },
    Question {
        name: "the city's plan indicators, public",
        persona: Persona::Public,
        query: "query($o: ID!, $y: Int!) { organization(id: $o) { id kind } \
                indicatorProgress(organizationId: $o, year: $y) { indicator { id code name measure targetPerMille deadline level } \
                numerator denominator perMille met reported expected own { numerator denominator source } } }",
        // A screen the baseline did not have.
        baseline_query: None,
        variables: |m, _| json!({ "o": m.city_id.to_string(), "y": year() }),
    },
    Question {
        name: "a commune's registrations for recognition",
        persona: Persona::CommuneManager,
        query: "query($o: ID!, $y: Int!, $n: Int!) { recognitionRegistrations(organizationId: $o, year: $y, \
                model: HOUSEHOLD, first: $n) { nodes { id model name address status selfRegistered total passed \
                level withdrawnReason documents { id fileName url size } } pageInfo { hasNextPage endCursor } } }",
        // A screen the baseline did not have.
        baseline_query: None,
        variables: |m, n| json!({ "o": m.commune_id.to_string(), "y": year(), "n": n }),
    },
    Question {
        name: "a person's own registrations for recognition",
        persona: Persona::Guardian,
        query: "query { myRecognitionRegistrations { registration { id model year status name total level } \
                organizationName decisionNumber decisionSignedOn } }",
        // A screen the baseline did not have.
        baseline_query: None,
        variables: |_, _| json!({}),
    },
];

/// This year, which the learning society's questions are about.
fn year() -> i32 {
    use chrono::Datelike;
    crate::today().year()
}

/// The body of a question's request.
pub fn body(question: &Question, manifest: &Manifest, page: u32) -> String {
    json!({ "query": question.query, "variables": (question.variables)(manifest, page) })
        .to_string()
}

/// The request of `question` as the baseline's API takes it, for a page of `page`.
pub fn baseline_body(question: &Question, manifest: &Manifest, page: u32) -> String {
    let query = question.baseline_query.unwrap_or(question.query);
    json!({ "query": query, "variables": (question.variables)(manifest, page) }).to_string()
}
