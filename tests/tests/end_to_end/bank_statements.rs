//! Bank statements in, and reconciliation: each bank's statement read in its layout (the
//! fixtures in `tests/fixtures/bank_statements`), every line kept once however often it is
//! imported, pledges found by their reference in the bank's wrapping of the note, the
//! treasurer's decisions on the rest, and the bank's balance set against the fund's book.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use tests::{TestApp, awarding, first_error_code, on_every_database, repo_root};

const ADD_ACCOUNT: &str = "mutation($f: ID!, $i: BankAccountInput!) {
    addFundBankAccount(fundId: $f, input: $i) { id }
}";
const PREVIEW: &str = "query($f: ID!) { bankStatementPreview(fileId: $f) {
    fileId layout accountNumber firstDay lastDay closingBalance newLines pledgesMatched
    pledgedReceived unmatched
    lines { row bookedOn amount description bankReference balance outcome pledgeReference
        suggestions { pledgeId pledgeReference donorName amount nameMatches sameAmount } }
} }";
const IMPORT: &str = "mutation($f: ID!) { importBankStatement(fileId: $f) {
    id lineCount newLineCount closingBalance postedBalance difference
    lines { id row amount description status transactionId note
        suggestions { pledgeId pledgeReference nameMatches sameAmount } }
} }";
const RESOLVE: &str = "mutation($i: ResolveBankLineInput!) {
    resolveBankLine(input: $i) { id status transactionId note }
}";
const PLEDGE: &str = "mutation($i: PledgeInput!) { pledge(input: $i) { reference note } }";
const PLEDGE_STATUS: &str = "query($r: String!) { pledge(reference: $r) { status } }";
const STATEMENTS: &str =
    "query($f: ID!) { fund(id: $f) { postedBalance bankStatements { id newLineCount } } }";

/// A fixture and what reading it gives: (bank, account, file, layout, amounts in file order,
/// closing balance).
type Expected = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [i64],
    i64,
);

/// Bát Tràng's treasurer and fund.
async fn bat_trang(app: &TestApp) -> (String, String) {
    let admin = app.city_admin().await;
    let bat_trang = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
    let treasurer = app
        .staff(&admin, "thuquy@example.vn", &bat_trang, "TREASURER")
        .await;
    (treasurer, app.fund_id("Quỹ Khuyến học xã Bát Tràng").await)
}

/// Records an account of the fund; its id.
async fn account(app: &TestApp, treasurer: &str, fund: &str, bin: &str, number: &str) -> String {
    let input =
        json!({ "bankBin": bin, "accountNumber": number, "holder": "Hội Khuyến học xã Bát Tràng" });
    let body = app
        .call_ok(treasurer, ADD_ACCOUNT, json!({ "f": fund, "i": input }))
        .await;
    body["data"]["addFundBankAccount"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A fixture's bytes, with `{REF}` (in a CSV) replaced by `reference`.
fn fixture(name: &str, reference: &str) -> Vec<u8> {
    let bytes = std::fs::read(
        repo_root()
            .join("tests/fixtures/bank_statements")
            .join(name),
    )
    .expect("the fixture");
    if name.ends_with(".csv") {
        let needle = b"{REF}";
        let mut out = Vec::with_capacity(bytes.len());
        let mut at = 0;
        while at < bytes.len() {
            if bytes[at..].starts_with(needle) {
                out.extend_from_slice(reference.as_bytes());
                at += needle.len();
            } else {
                out.push(bytes[at]);
                at += 1;
            }
        }
        out
    } else {
        bytes
    }
}

/// Uploads a file of an account: the file's id.
async fn uploaded(
    app: &TestApp,
    treasurer: &str,
    account: &str,
    name: &str,
    bytes: Vec<u8>,
) -> String {
    let (status, body) = app.upload_statement(treasurer, account, name, bytes).await;
    assert_eq!(status, 201, "{body}");
    body["id"].as_str().unwrap().to_owned()
}

async fn preview(app: &TestApp, treasurer: &str, file: &str) -> Value {
    app.call_ok(treasurer, PREVIEW, json!({ "f": file })).await["data"]["bankStatementPreview"]
        .clone()
}

async fn import(app: &TestApp, treasurer: &str, file: &str) -> Value {
    app.call_ok(treasurer, IMPORT, json!({ "f": file })).await["data"]["importBankStatement"]
        .clone()
}

async fn pledge(app: &TestApp, fund: &str, amount: i64, name: &str) -> String {
    let input = json!({ "i": { "fundId": fund, "amount": amount, "donorName": name } });
    let (_, body) = app.graphql(PLEDGE, input).await;
    body["data"]["pledge"]["reference"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned()
}

async fn pledge_status(app: &TestApp, reference: &str) -> Value {
    let (_, body) = app.graphql(PLEDGE_STATUS, json!({ "r": reference })).await;
    body["data"]["pledge"]["status"].clone()
}

fn amounts(preview: &Value) -> Vec<i64> {
    preview["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line["amount"].as_i64().unwrap())
        .collect()
}

on_every_database! {
    async fn every_banks_statement_is_read_in_its_layout(app) {
        let (treasurer, fund) = bat_trang(&app).await;
        let statements: [Expected; 6] = [
            ("970436", "0011001932418", "vietcombank.xlsx", "Vietcombank", &[2_000_000, -1_500_000, 500_000, -11_000], 10_989_000),
            ("970407", "19036512345017", "techcombank.xlsx", "Techcombank", &[700_000, -1_200_000, 500_000], 5_000_000),
            ("970415", "108867452301", "vietinbank.xlsx", "VietinBank", &[250_000, -1_000_000], 2_250_000),
            ("970418", "21510003456789", "bidv.csv", "BIDV", &[800_000, -300_000, 200_000], 8_700_000),
            ("970422", "0801234567890", "mb.csv", "MB", &[600_000, -250_000], 6_350_000),
            ("970405", "1500205123456", "agribank.csv", "Agribank", &[400_000, 400_000, 400_000, -100_000], 5_100_000),
        ];
        for (bin, number, name, layout, expected, closing) in statements {
            let account = account(&app, &treasurer, &fund, bin, number).await;
            let file = uploaded(&app, &treasurer, &account, name, fixture(name, "KH 2345AB")).await;

            let read = preview(&app, &treasurer, &file).await;

            assert_eq!(read["layout"], layout, "{name}");
            assert_eq!(read["accountNumber"], number, "{name}");
            assert_eq!(amounts(&read), expected, "{name}");
            assert_eq!(read["closingBalance"], closing, "{name}");
            assert_eq!(read["firstDay"], "2026-12-01", "{name}");
        }
        let listed = app.call_ok(&treasurer, STATEMENTS, json!({ "f": fund })).await;
        assert_eq!(listed["data"]["fund"]["bankStatements"], json!([]), "a preview records nothing");
    }
}

on_every_database! {
    async fn windows_1258_descriptions_read_as_the_letters_people_typed(app) {
        let (treasurer, fund) = bat_trang(&app).await;
        let account = account(&app, &treasurer, &fund, "970418", "21510003456789").await;
        let file = uploaded(&app, &treasurer, &account, "bidv.csv", fixture("bidv.csv", "KH 2345AB")).await;

        let read = preview(&app, &treasurer, &file).await;

        assert_eq!(read["lines"][1]["description"], "Chi khen thưởng học sinh giỏi");
        assert_eq!(read["lines"][2]["description"], "REM Tfr Ac: 12010000999999 Đặng Văn Tùng ủng hộ");
    }
}

on_every_database! {
    async fn a_pledges_reference_in_three_banks_wrappings_records_its_donation(app) {
        let (treasurer, fund) = bat_trang(&app).await;
        let bidv = account(&app, &treasurer, &fund, "970418", "21510003456789").await;
        let mb = account(&app, &treasurer, &fund, "970422", "0801234567890").await;
        let agribank = account(&app, &treasurer, &fund, "970405", "1500205123456").await;
        let (before, _, _) = app.balances(&fund).await;
        let first = pledge(&app, &fund, 800_000, "Trần Văn An").await;
        let second = pledge(&app, &fund, 600_000, "Lê Văn Bình").await;
        let third = pledge(&app, &fund, 400_000, "Phạm Thị Cúc").await;
        let spaced = format!("{} {}", &first[..2], &first[2..]);
        let dashed = format!("{}-{}", &third[..2], &third[2..]).to_lowercase();

        let mut imported = Vec::new();
        for (account, name, reference) in [(&bidv, "bidv.csv", spaced), (&mb, "mb.csv", second.clone()), (&agribank, "agribank.csv", dashed)] {
            let file = uploaded(&app, &treasurer, account, name, fixture(name, &reference)).await;
            let read = preview(&app, &treasurer, &file).await;
            assert_eq!(read["lines"][0]["outcome"], "PLEDGE", "{name}: {read}");
            assert_eq!(read["pledgesMatched"], 1, "{name}");
            imported.push(import(&app, &treasurer, &file).await);
        }

        let (after, _, _) = app.balances(&fund).await;
        assert_eq!(after - before, 800_000 + 600_000 + 400_000);
        for reference in [&first, &second, &third] {
            assert_eq!(pledge_status(&app, reference).await, "MATCHED", "{reference}");
        }
        for statement in &imported {
            assert_eq!(statement["lines"][0]["status"], "PLEDGE");
            assert!(statement["lines"][0]["transactionId"].is_string());
        }
        // The donation carries the bank's number for the transfer.
        let ledger = app.call_ok(&treasurer, "query($f: ID!) { fund(id: $f) { ledger(first: 10) { nodes { transactionId amount bankReference } } } }", json!({ "f": fund })).await;
        let entry = ledger["data"]["fund"]["ledger"]["nodes"].as_array().unwrap().iter()
            .find(|e| e["transactionId"] == imported[0]["lines"][0]["transactionId"]).unwrap_or_else(|| panic!("{ledger}"));
        assert_eq!((entry["amount"].clone(), entry["bankReference"].clone()), (json!(800_000), json!("BIDV0001")));

        // The same statement again, under another name: nothing more is recorded.
        let again = uploaded(&app, &treasurer, &bidv, "bidv (1).csv", fixture("bidv.csv", &format!("{} {}", &first[..2], &first[2..]))).await;
        let repeated = import(&app, &treasurer, &again).await;
        assert_eq!(repeated["newLineCount"], 0);
        assert_eq!(app.balances(&fund).await.0, after, "no second donation");
    }
}

on_every_database! {
    async fn importing_a_statement_twice_or_an_overlapping_one_keeps_each_line_once(app) {
        let (treasurer, fund) = bat_trang(&app).await;
        let vcb = account(&app, &treasurer, &fund, "970436", "0011001932418").await;
        let first = uploaded(&app, &treasurer, &vcb, "vietcombank.xlsx", fixture("vietcombank.xlsx", "")).await;
        let imported = import(&app, &treasurer, &first).await;
        let again = import(&app, &treasurer, &first).await;
        let same_file = uploaded(&app, &treasurer, &vcb, "vietcombank (1).xlsx", fixture("vietcombank.xlsx", "")).await;
        let repeated = preview(&app, &treasurer, &same_file).await;
        let repeated_import = import(&app, &treasurer, &same_file).await;
        let overlap = uploaded(&app, &treasurer, &vcb, "vietcombank_overlap.xlsx", fixture("vietcombank_overlap.xlsx", "")).await;
        let overlapping = preview(&app, &treasurer, &overlap).await;
        let overlapping_import = import(&app, &treasurer, &overlap).await;

        assert_eq!((imported["lineCount"].clone(), imported["newLineCount"].clone()), (json!(4), json!(4)));
        assert_eq!(again["id"], imported["id"], "the same file's import is the first one");
        assert_eq!(repeated["newLines"], 0);
        assert!(repeated["lines"].as_array().unwrap().iter().all(|l| l["outcome"] == "ALREADY_IMPORTED"));
        assert_eq!(repeated_import["newLineCount"], 0);
        assert_eq!(overlapping["newLines"], 2);
        assert_eq!(overlapping_import["lineCount"], 4);
        assert_eq!(overlapping_import["newLineCount"], 2);
        let listed = app.call_ok(&treasurer, STATEMENTS, json!({ "f": fund })).await;
        let counts: Vec<i64> = listed["data"]["fund"]["bankStatements"].as_array().unwrap().iter().map(|s| s["newLineCount"].as_i64().unwrap()).collect();
        assert_eq!(counts, [2, 0, 4], "newest first");
    }
}

on_every_database! {
    async fn a_file_that_is_not_this_accounts_statement_is_refused_naming_what_is_wrong(app) {
        let (treasurer, fund) = bat_trang(&app).await;
        let vcb = account(&app, &treasurer, &fund, "970436", "0011001932418").await;
        let other_vcb = account(&app, &treasurer, &fund, "970436", "0071000123456").await;
        let bidv = account(&app, &treasurer, &fund, "970418", "21510003456789").await;
        let acb = account(&app, &treasurer, &fund, "970416", "123456789").await;
        let reason = |body: &Value| body["errors"][0]["extensions"]["reason"].clone();
        let bad_amount = b"Ngay hieu luc,Ghi no,Ghi co,Mo ta\r\n01/12/2026,,\"12,5x\",ung ho\r\n".to_vec();

        let (s1, not_a_statement) = app.upload_statement(&treasurer, &vcb, "photo.png", b"\x89PNG\r\n\x1a\nrest".to_vec()).await;
        let (s2, wrong_bank) = app.upload_statement(&treasurer, &bidv, "vcb.xlsx", fixture("vietcombank.xlsx", "")).await;
        let (s3, wrong_account) = app.upload_statement(&treasurer, &other_vcb, "vcb.xlsx", fixture("vietcombank.xlsx", "")).await;
        let (s4, unknown_bank) = app.upload_statement(&treasurer, &acb, "acb.csv", fixture("mb.csv", "")).await;
        let (s5, bad_cell) = app.upload_statement(&treasurer, &bidv, "bidv.csv", bad_amount).await;
        app.sign_up("outsider@example.vn").await;
        let outsider = app.sign_in("outsider@example.vn").await;
        let (s6, not_theirs) = app.upload_statement(&outsider, &vcb, "vcb.xlsx", fixture("vietcombank.xlsx", "")).await;

        assert_eq!((s1, reason(&not_a_statement)), (400, json!("NO_HEADER")), "{not_a_statement}");
        assert_eq!((s2, reason(&wrong_bank)), (400, json!("WRONG_BANK")), "{wrong_bank}");
        assert!(wrong_bank["errors"][0]["message"].as_str().unwrap().contains("Vietcombank"));
        assert_eq!((s3, reason(&wrong_account)), (400, json!("WRONG_ACCOUNT")), "{wrong_account}");
        assert_eq!((s4, reason(&unknown_bank)), (400, json!("BANK_NOT_READ")), "{unknown_bank}");
        assert_eq!(s5, 400);
        assert_eq!(bad_cell["errors"][0]["extensions"]["code"], "VALIDATION");
        assert_eq!(bad_cell["errors"][0]["extensions"]["field"], "file");
        assert_eq!(bad_cell["errors"][0]["extensions"]["row"], 2);
        assert_eq!(bad_cell["errors"][0]["extensions"]["column"], "C");
        assert_eq!(
            bad_cell["errors"][0]["message"],
            "row 2, column C (Ghi co): “12,5x” is not an amount in đồng"
        );
        assert_eq!(s6, 403, "{not_theirs}");
        let listed = app.call_ok(&treasurer, STATEMENTS, json!({ "f": fund })).await;
        assert_eq!(listed["data"]["fund"]["bankStatements"], json!([]));
    }
}

on_every_database! {
    async fn two_treasurers_deciding_the_same_line_at_once_record_one_donation(app) {
        let (treasurer, fund) = bat_trang(&app).await;
        let admin = app.city_admin().await;
        let bat_trang_org = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
        let second = app.staff(&admin, "thuquy2@example.vn", &bat_trang_org, "TREASURER").await;
        let vcb = account(&app, &treasurer, &fund, "970436", "0011001932418").await;
        let file = uploaded(&app, &treasurer, &vcb, "vietcombank.xlsx", fixture("vietcombank.xlsx", "")).await;
        let statement = import(&app, &treasurer, &file).await;
        let line = statement["lines"][0]["id"].clone();
        assert_eq!(statement["lines"][0]["status"], "UNMATCHED");
        let (before, _, _) = app.balances(&fund).await;
        let decision = json!({ "i": { "lineId": line, "action": "DONATION", "donorName": "Nguyễn Văn Bình" } });

        let (one, two) = tokio::join!(
            app.call(&treasurer, RESOLVE, decision.clone()),
            app.call(&second, RESOLVE, decision.clone()),
        );

        let codes = [first_error_code(&one), first_error_code(&two)];
        assert!(codes.contains(&None) && codes.contains(&Some("CONFLICT")), "{one} {two}");
        let (after, _, _) = app.balances(&fund).await;
        assert_eq!(after - before, 2_000_000, "one donation");
    }
}

on_every_database! {
    async fn unmatched_lines_get_suggestions_and_the_report_sets_the_bank_against_the_book(app) {
        let (treasurer, fund) = bat_trang(&app).await;
        let vcb = account(&app, &treasurer, &fund, "970436", "0011001932418").await;
        let lan = pledge(&app, &fund, 300_000, "Lê Thị Lan").await;
        // Today's statement, in Vietcombank's layout: the transfer comes in the pledge's time.
        let day = tests::today().format("%d/%m/%Y");
        let csv = format!(
            "STT,Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có,Số dư,Mô tả\r\n\
             1,{day},5213.1,,500.000,10.500.000,IBFT KH 7F3K9Q ung ho\r\n\
             2,{day},5213.2,11.000,,10.489.000,Phi quan ly tai khoan\r\n\
             3,{day},5213.3,,300.000,10.789.000,LE THI LAN CK ung ho khuyen hoc\r\n\
             4,{day},5213.4,,1.000.000,11.789.000,CONG TY GOM BAT TRANG ung ho quy\r\n"
        );
        let file = uploaded(&app, &treasurer, &vcb, "vietcombank.csv", csv.into_bytes()).await;

        let read = preview(&app, &treasurer, &file).await;
        let statement = import(&app, &treasurer, &file).await;

        let suggested = &read["lines"][2];
        assert_eq!(suggested["outcome"], "UNMATCHED");
        assert_eq!(suggested["suggestions"][0]["pledgeReference"], lan.as_str());
        assert_eq!(suggested["suggestions"][0]["nameMatches"], true);
        assert_eq!(suggested["suggestions"][0]["sameAmount"], true);
        let line = &statement["lines"][2];
        assert_eq!(line["suggestions"][0]["pledgeReference"], lan.as_str());
        let fee = &statement["lines"][1];
        assert_eq!(fee["amount"], -11_000);

        let taken = app.call_ok(&treasurer, RESOLVE, json!({ "i": { "lineId": line["id"], "action": "PLEDGE", "pledgeId": line["suggestions"][0]["pledgeId"] } })).await;
        let aside = app.call_ok(&treasurer, RESOLVE, json!({ "i": { "lineId": fee["id"], "action": "SET_ASIDE", "note": "Phí ngân hàng" } })).await;
        let aside_without_reason = app.call(&treasurer, RESOLVE, json!({ "i": { "lineId": statement["lines"][0]["id"], "action": "SET_ASIDE", "note": "" } })).await;

        assert_eq!(taken["data"]["resolveBankLine"]["status"], "PLEDGE");
        assert_eq!(pledge_status(&app, &lan).await, "MATCHED");
        assert_eq!(aside["data"]["resolveBankLine"]["note"], "Phí ngân hàng");
        assert_eq!(first_error_code(&aside_without_reason), Some("VALIDATION"), "a reason is required");
        let report = app.call_ok(&treasurer, "query($id: ID!) { bankStatement(id: $id) { closingBalance postedBalance difference lines { status } } }", json!({ "id": statement["id"] })).await;
        let report = &report["data"]["bankStatement"];
        let (posted, _, _) = app.balances(&fund).await;
        assert_eq!(report["closingBalance"], 11_789_000);
        assert_eq!(report["postedBalance"], posted);
        assert_eq!(report["difference"], 11_789_000 - posted);
        let statuses: Vec<&str> = report["lines"].as_array().unwrap().iter().map(|l| l["status"].as_str().unwrap()).collect();
        assert_eq!(statuses, ["UNMATCHED", "SET_ASIDE", "PLEDGE", "UNMATCHED"]);
    }
}

on_every_database! {
    async fn a_debit_is_matched_to_the_one_payout_of_its_amount(app) {
        let w = awarding::world(&app, 10_000_000).await;
        let input = awarding::program_input(&w, false, 2_000_000, 5, 10_000_000);
        let (program, tier) = awarding::open_program(&app, &w, input).await;
        let application = awarding::submitted(&app, &w, &program, 1).await;
        awarding::under_review(&app, &w, &application).await;
        awarding::approve(&app, &w.manager, &application, &tier).await;
        app.call_ok(&w.treasurer, "mutation($a: ID!, $k: String!) { payAward(applicationId: $a, idempotencyKey: $k) { amount } }", json!({ "a": application, "k": tests::key() })).await;
        let vcb = account(&app, &w.treasurer, &w.fund, "970436", "0011001932418").await;
        let day = tests::today().format("%d/%m/%Y");
        let csv = format!(
            "Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có,Mô tả\r\n\
             {day},5213.7,2.000.000,,Chi hoc bong Le Minh Anh\r\n\
             {day},5213.8,300.000,,Mua qua Tet\r\n"
        );
        let file = uploaded(&app, &w.treasurer, &vcb, "vcb.csv", csv.into_bytes()).await;

        let read = preview(&app, &w.treasurer, &file).await;
        let statement = import(&app, &w.treasurer, &file).await;

        assert_eq!(read["lines"][0]["outcome"], "PAYOUT", "{read}");
        assert_eq!(read["lines"][1]["outcome"], "UNMATCHED");
        assert_eq!(statement["lines"][0]["status"], "PAYOUT");
        assert!(statement["lines"][0]["transactionId"].is_string());
        let again = app.call(&w.treasurer, RESOLVE, json!({ "i": { "lineId": statement["lines"][1]["id"], "action": "PAYOUT", "payoutTransactionId": statement["lines"][0]["transactionId"] } })).await;
        assert_eq!(first_error_code(&again), Some("CONFLICT"), "a payout of another amount (already matched, too) is refused: {again}");
    }
}

on_every_database! {
    async fn a_statement_without_the_banks_numbers_keeps_each_line_once_and_is_set_against_the_book_on_its_last_day(app) {
        let (treasurer, fund) = bat_trang(&app).await;
        let agribank = account(&app, &treasurer, &fund, "970405", "1500205123456").await;
        // Today's cash, recorded after the statement's days: not in the book on them.
        let donated = app.call_ok(&treasurer, "mutation($i: RecordDonationInput!) { recordDonation(input: $i) { id } }", json!({ "i": {
            "idempotencyKey": tests::key(), "fundId": fund, "amount": 2_000_000, "method": "CASH",
            "newDonor": { "kind": "PERSON", "name": "Nguyễn Văn An" },
        }})).await;
        assert!(donated["errors"].is_null(), "{donated}");
        // Agribank's layout has no transaction number: lines are told apart by day, amount,
        // description and balance (two equal deposits on 02/12 differ by their balances).
        let first = uploaded(&app, &treasurer, &agribank, "agribank.csv", fixture("agribank.csv", "")).await;
        let imported = import(&app, &treasurer, &first).await;
        let same_file = uploaded(&app, &treasurer, &agribank, "agribank (1).csv", fixture("agribank.csv", "")).await;
        let repeated = preview(&app, &treasurer, &same_file).await;
        let repeated_import = import(&app, &treasurer, &same_file).await;
        let overlap = "Ngày giao dịch,Số tiền rút,Số tiền gửi,Số dư,Diễn giải\r\n\
            02/12/2026,,400.000,5.200.000,NOP TIEN MAT\r\n\
            03/12/2026,100.000,,5.100.000,Phí dịch vụ\r\n\
            04/12/2026,,250.000,5.350.000,NOP TIEN MAT\r\n";
        let overlapping = uploaded(&app, &treasurer, &agribank, "agribank-0412.csv", overlap.as_bytes().to_vec()).await;
        let overlapping_preview = preview(&app, &treasurer, &overlapping).await;
        let overlapping_import = import(&app, &treasurer, &overlapping).await;

        assert_eq!((imported["lineCount"].clone(), imported["newLineCount"].clone()), (json!(4), json!(4)));
        assert_eq!(repeated["newLines"], 0);
        assert_eq!(repeated_import["newLineCount"], 0);
        assert_eq!(overlapping_preview["layout"], "Agribank");
        let outcomes: Vec<&str> = overlapping_preview["lines"].as_array().unwrap().iter().map(|l| l["outcome"].as_str().unwrap()).collect();
        assert_eq!(outcomes, ["ALREADY_IMPORTED", "ALREADY_IMPORTED", "UNMATCHED"]);
        assert_eq!(overlapping_import["newLineCount"], 1);
        let (posted_today, _, _) = app.balances(&fund).await;
        assert_eq!(posted_today, 2_000_000);
        assert_eq!(overlapping_import["closingBalance"], 5_350_000);
        assert_eq!(overlapping_import["postedBalance"], 0, "the book as it stood at the end of 04/12, before today's cash");
        assert_eq!(overlapping_import["difference"], 5_350_000);
    }
}
