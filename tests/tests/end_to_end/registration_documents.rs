//! The evidence of an assessment: a ward's staff attach documents to a household's
//! registration, see them listed with it, download them as sent, and take one off; another
//! ward's staff can neither attach nor read them; once the association has decided, the
//! documents stay as they were, still readable.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Datelike;
use serde_json::{Value, json};
use tests::{TestApp, on_every_database, today};

const REGISTER: &str =
    "mutation($i: RegistrationInput!) { registerForRecognition(input: $i) { id } }";
const ASSESS: &str = "mutation($r: ID!, $s: [ItemScoreInput!]!) { assessRegistration(registrationId: $r, scores: $s) {
    status documents { fileName } } }";
const RECOGNISE: &str =
    "mutation($i: RecognitionDecisionInput!) { recogniseRegistrations(input: $i) { recognised } }";
const REMOVE: &str =
    "mutation($d: ID!) { removeRegistrationDocument(documentId: $d) { documents { fileName } } }";
const LIST: &str =
    "query($o: ID!, $y: Int!) { recognitionRegistrations(organizationId: $o, year: $y) {
    nodes { name documents { id fileName contentType size url } } } }";

const LONG_BIEN: &str = "Hội Khuyến học phường Long Biên";
const HA_DONG: &str = "Hội Khuyến học phường Hà Đông";

fn code(body: &Value) -> Value {
    body["errors"][0]["extensions"]["code"].clone()
}

/// The documents of the ward's one registration this year, as its staff's list shows them.
async fn listed(app: &TestApp, token: &str, ward: &str) -> Value {
    let body = app
        .call(token, LIST, json!({ "o": ward, "y": today().year() }))
        .await;
    body["data"]["recognitionRegistrations"]["nodes"][0]["documents"].clone()
}

on_every_database! {
    async fn staff_attach_the_evidence_of_an_assessment_and_only_they_read_it(app) {
        let year = today().year();
        let admin = app.city_admin().await;
        let ward = app.organization_id(LONG_BIEN).await;
        let other_ward = app.organization_id(HA_DONG).await;
        let staff = app.staff(&admin, "hoilongbien@example.vn", &ward, "PROGRAM_MANAGER").await;
        let stranger = app.staff(&admin, "hoihadong@example.vn", &other_ward, "PROGRAM_MANAGER").await;
        let input = json!({ "organizationId": ward, "model": "HOUSEHOLD", "year": year,
            "name": "Hộ ông Nguyễn Văn An", "address": "Tổ 3" });
        let body = app.call(&staff, REGISTER, json!({ "i": input })).await;
        let registration = body["data"]["registerForRecognition"]["id"].as_str().unwrap_or_else(|| panic!("{body}")).to_owned();

        let minutes = b"%PDF-1.4\n% bien ban hop to dan pho\n".to_vec();
        let (status, body) = app.upload_registration_document(&staff, &registration, "Biên bản họp tổ 3.pdf", minutes.clone()).await;
        assert_eq!((status, body["fileName"].clone()), (201, json!("Biên bản họp tổ 3.pdf")), "{body}");
        let photo = b"\x89PNG\r\n\x1a\nthe family's bookshelf".to_vec();
        let (status, body) = app.upload_registration_document(&staff, &registration, "tu-sach", photo).await;
        assert_eq!((status, body["fileName"].clone()), (201, json!("tu-sach.png")), "named as what its bytes are: {body}");
        let (status, body) = app.upload_registration_document(&staff, &registration, "giay-khen.docx", b"PK\x03\x04word".to_vec()).await;
        assert_eq!((status, code(&body), body["errors"][0]["extensions"]["field"].clone()), (400, json!("VALIDATION"), json!("file")), "{body}");
        let (status, body) = app.upload_registration_document(&stranger, &registration, "x.pdf", minutes.clone()).await;
        assert_eq!((status, code(&body)), (403, json!("FORBIDDEN")), "another ward's staff: {body}");

        let documents = listed(&app, &staff, &ward).await;
        let names: Vec<&str> = documents.as_array().unwrap().iter().filter_map(|d| d["fileName"].as_str()).collect();
        assert_eq!(names, ["Biên bản họp tổ 3.pdf", "tu-sach.png"], "in the order attached, the refused ones left out: {documents}");
        assert_eq!((documents[0]["contentType"].clone(), documents[0]["size"].clone()), (json!("application/pdf"), json!(minutes.len())));
        let url = documents[0]["url"].as_str().unwrap().to_owned();
        let (status, disposition, bytes) = app.download(&staff, &url).await;
        assert!(status == 200 && bytes == minutes, "the bytes as sent: {status}");
        assert!(disposition.unwrap_or_default().contains("Bi%C3%AAn%20b%E1%BA%A3n"), "under the name it was sent with");
        assert_eq!(app.download(&stranger, &url).await.0, 404, "as if there were no such document");
        assert_eq!(app.download(&admin, &url).await.0, 200, "the city's administrator is above the ward");

        let photo_id = documents[1]["id"].as_str().unwrap();
        let body = app.call(&stranger, REMOVE, json!({ "d": photo_id })).await;
        assert_eq!(code(&body), "NOT_FOUND", "{body}");
        let body = app.call(&staff, REMOVE, json!({ "d": photo_id })).await;
        assert_eq!(body["data"]["removeRegistrationDocument"]["documents"], json!([{ "fileName": "Biên bản họp tổ 3.pdf" }]), "{body}");

        let scores: Vec<Value> = ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2"].iter().zip([20, 10, 20, 10, 10, 10, 10, 10])
            .map(|(code, points)| json!({ "code": code, "points": points })).collect();
        let body = app.call(&staff, ASSESS, json!({ "r": registration, "s": scores })).await;
        assert_eq!(body["data"]["assessRegistration"], json!({ "status": "ASSESSED", "documents": [{ "fileName": "Biên bản họp tổ 3.pdf" }] }), "{body}");
        let decision = json!({ "organizationId": ward, "model": "HOUSEHOLD", "year": year, "number": "9/QĐ-KH",
            "signedOn": today().to_string(), "signer": "Chủ tịch Hội", "registrationIds": [registration] });
        let body = app.call(&staff, RECOGNISE, json!({ "i": decision })).await;
        assert_eq!(body["data"]["recogniseRegistrations"]["recognised"], 1, "{body}");

        let (status, body) = app.upload_registration_document(&staff, &registration, "late.pdf", minutes.clone()).await;
        assert_eq!((status, code(&body)), (409, json!("CONFLICT")), "a decided registration's documents are fixed: {body}");
        let kept = listed(&app, &staff, &ward).await;
        let body = app.call(&staff, REMOVE, json!({ "d": kept[0]["id"] })).await;
        assert_eq!(code(&body), "CONFLICT", "{body}");
        assert_eq!(kept.as_array().map(Vec::len), Some(1), "{kept}");
        assert_eq!(app.download(&staff, &url).await.0, 200, "still read after the decision");
    }
}
