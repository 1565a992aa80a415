//! The input readers on fixture files: every record gives exactly one item, a case or an error
//! naming its file and line.

use grievance::input::{InputFormat, InputOptions, Item, read};
use grievance::{Case, Role};

fn fx(name: &str) -> String {
    format!("{}/tests/fixtures/input/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn read_all(name: &str) -> Vec<Item> {
    read(&fx(name), &InputOptions::default()).collect()
}

fn case(item: &Item) -> &Case {
    match item {
        Item::Case(c) => c,
        Item::Error(e) => panic!("expected a case, got error {e}"),
    }
}

/// (source, message) of an error item.
fn err(item: &Item) -> (String, String) {
    match item {
        Item::Error(e) => (e.source.clone(), e.message.clone()),
        Item::Case(c) => panic!("expected an error, got case {} from {}", c.id, c.source),
    }
}

/// (speaker, role, time, what was said) of each turn.
fn turns(c: &Case) -> Vec<(&str, Role, Option<&str>, &str)> {
    c.turns.iter().map(|t| (t.speaker.as_str(), t.role, t.time.as_deref(), t.span.slice(&c.text))).collect()
}

fn field<'a>(c: &'a Case, name: &str) -> Option<&'a str> {
    c.field(name)
}

#[test]
fn cfpb_csv_export_reads_as_is() {
    let items = read_all("cfpb.csv");
    assert_eq!(items.len(), 3);
    let src = fx("cfpb.csv");

    let c = case(&items[0]);
    assert_eq!(c.id, "9000001");
    assert_eq!(c.source, format!("{src}:2"));
    assert_eq!(c.text, "My deposit of $420.00 on March 2 never showed up, and nobody at the branch will tell me why.");
    let names: Vec<&str> = c.fields.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "Date received",
            "Product",
            "Sub-product",
            "Issue",
            "Sub-issue",
            "Company public response",
            "Company",
            "State",
            "ZIP code",
            "Tags",
            "Consumer consent provided?",
            "Submitted via",
            "Date sent to company",
            "Company response to consumer",
            "Timely response?",
            "Consumer disputed?",
        ]
    );
    assert_eq!(field(c, "Date received"), Some("03/14/2024"));
    assert_eq!(field(c, "Company"), Some("Example Bank N.A."));

    // an empty narrative is a case with empty text: the runner reports it
    let c = case(&items[1]);
    assert_eq!((c.id.as_str(), c.text.as_str()), ("9000002", ""));
    assert_eq!(c.source, format!("{src}:3"));
    assert_eq!(field(c, "Tags"), Some("Older American"));

    let c = case(&items[2]);
    assert_eq!(c.id, "9000003");
    assert_eq!(c.source, format!("{src}:4"));
    assert_eq!(
        c.text,
        "A collector keeps calling about a bill I already paid.\nI sent them the receipt twice.\n\nThey said it \"was never received\"."
    );
    assert_eq!(field(c, "Company"), Some("Demo Recovery LLC"));
}

#[test]
fn csv_ragged_rows_are_errors_and_others_kept() {
    let items = read_all("ragged.csv");
    assert_eq!(items.len(), 4);
    let src = fx("ragged.csv");
    let c = case(&items[0]);
    assert_eq!((c.id.as_str(), c.text.as_str()), ("r1", "The invoice total is wrong."));
    assert_eq!(c.fields, [("channel".to_string(), "email".to_string())]);
    // "Refund never arrived, I asked twice" has an unquoted comma: four fields, not three
    assert_eq!(
        err(&items[1]),
        (
            format!("{src}:3"),
            "the row has 4 fields but the header has 3; a field holding a comma or a line break \
             must be in double quotes"
                .to_string()
        )
    );
    assert_eq!(
        err(&items[2]),
        (
            format!("{src}:4"),
            "the row has 2 fields but the header has 3; a field holding a comma or a line break \
             must be in double quotes"
                .to_string()
        )
    );
    if let Item::Error(e) = &items[1] {
        assert_eq!(e.id.as_deref(), Some("r2"));
    }
    let c = case(&items[3]);
    assert_eq!((c.id.as_str(), c.text.as_str()), ("r4", "Parcel left in the rain, box soaked."));
    assert_eq!(c.source, format!("{src}:5"));
}

#[test]
fn csv_with_bom_and_crlf() {
    let items = read_all("bom_crlf.csv");
    assert_eq!(items.len(), 2);
    let src = fx("bom_crlf.csv");
    let c = case(&items[0]);
    assert_eq!((c.id.as_str(), c.text.as_str()), ("T-1", "The app logs me out every hour."));
    assert_eq!(c.fields, [("Priority".to_string(), "low".to_string())]);
    assert_eq!(c.source, format!("{src}:2"));
    let c = case(&items[1]);
    assert_eq!((c.id.as_str(), c.text.as_str()), ("T-2", "Line one of my message.\r\nLine two."));
    assert_eq!(c.source, format!("{src}:3"));
}

#[test]
fn csv_unterminated_quote() {
    let items = read_all("unterminated.csv");
    assert_eq!(items.len(), 2);
    assert_eq!(case(&items[0]).text, "Fine row.");
    let (source, message) = err(&items[1]);
    assert_eq!(source, format!("{}:3", fx("unterminated.csv")));
    assert!(message.starts_with("unterminated quote"), "{message}");
}

#[test]
fn jsonl_bad_lines_cost_only_themselves() {
    let items = read_all("bad.jsonl");
    // seven lines, one blank: six records
    assert_eq!(items.len(), 6);
    let src = fx("bad.jsonl");

    let c = case(&items[0]);
    assert_eq!(c.id, "j1");
    assert_eq!(c.text, "The courier left my parcel at the wrong address.");
    assert_eq!(c.source, format!("{src}:1"));
    let fields: Vec<(&str, &str)> = c.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        fields,
        [("channel", "web"), ("amount", "12.5"), ("verified", "true"), ("tags", "[\"delivery\",\"late\"]"),]
    );

    let (source, message) = err(&items[1]);
    assert_eq!(source, format!("{src}:2"));
    assert_eq!(message, "not valid JSON: EOF while parsing an object at column 46");
    assert_eq!(err(&items[2]), (format!("{src}:4"), "expected a JSON object on each line, found an array".to_string()));
    assert_eq!(err(&items[3]), (format!("{src}:5"), "the text field \"text\" is a number, not a string".to_string()));
    let (source, message) = err(&items[4]);
    assert_eq!(source, format!("{src}:6"));
    assert_eq!(
        message,
        "no text field found (looked for text, narrative, complaint, body, description, message, \
         content, ...); its fields are \"id\", \"date\", \"product\"; name the text field with \
         --text-field NAME"
    );
    if let Item::Error(e) = &items[4] {
        assert_eq!(e.id.as_deref(), Some("j5"));
    }

    // no id: file name and record number (the blank line is not a record)
    let c = case(&items[5]);
    assert_eq!(c.id, "bad.jsonl:6");
    assert_eq!(c.source, format!("{src}:7"));
    assert_eq!(c.text, "Nobody answered my three emails about the broken lamp.");
}

#[test]
fn jsonl_turns_are_transcripts() {
    let items = read_all("turns.jsonl");
    assert_eq!(items.len(), 2);

    let c = case(&items[0]);
    assert_eq!(c.id, "t1");
    assert_eq!(c.fields, [("company".to_string(), "ExampleAir".to_string())]);
    assert_eq!(c.text, "My bag did not arrive in Lisbon.\n\nSorry to hear that. Could you share the file reference?");
    assert_eq!(
        turns(c),
        [
            ("customer", Role::Customer, Some("2024-03-01 09:00:00"), "My bag did not arrive in Lisbon."),
            (
                "agent",
                Role::Agent,
                Some("2024-03-01 09:05:00"),
                "Sorry to hear that. Could you share the file reference?"
            ),
        ]
    );

    // turns win over a text field; named speakers are inferred from the greeting
    let c = case(&items[1]);
    assert_eq!(c.id, "t2");
    assert!(!c.text.contains("unused"));
    assert_eq!(
        turns(c),
        [
            ("Dana", Role::Customer, None, "The heater broke again."),
            ("Lee", Role::Agent, None, "Thanks for contacting Warmco, how can I help?"),
            ("Dana", Role::Customer, None, "Same fault as in January."),
        ]
    );
}

#[test]
fn transcript_role_labels() {
    let items = read_all("customer_agent.txt");
    assert_eq!(items.len(), 1);
    let c = case(&items[0]);
    assert_eq!(c.id, "customer_agent.txt");
    assert_eq!(c.source, fx("customer_agent.txt"));
    assert_eq!(c.text, std::fs::read_to_string(fx("customer_agent.txt")).unwrap());
    assert_eq!(
        turns(c),
        [
            ("Customer", Role::Customer, None, "My internet has been down since Monday."),
            ("Agent", Role::Agent, None, "I am sorry about that. Let me run a line test."),
            ("Customer", Role::Customer, None, "It drops every evening\naround 7 pm, and I work from home."),
        ]
    );
}

#[test]
fn transcript_bracketed_times_and_named_speakers() {
    let items = read_all("bracket_time.txt");
    assert_eq!(items.len(), 1);
    let c = case(&items[0]);
    assert_eq!(c.id, "bracket_time.txt");
    assert_eq!(
        turns(c),
        [
            ("Cornelius", Role::Customer, Some("09:14"), "Hello? I was charged twice for my March bill."),
            ("Priya", Role::Agent, Some("09:15"), "Thank you for calling Brightline, how can I help?"),
            ("Cornelius", Role::Customer, Some("09:15"), "I just said it. Charged twice."),
        ]
    );
}

#[test]
fn transcript_times_in_parentheses() {
    let items = read_all("paren_time.txt");
    assert_eq!(items.len(), 1);
    let c = case(&items[0]);
    assert_eq!(
        turns(c),
        [
            ("AGENT", Role::Agent, Some("10:02"), "You are through to billing, Sam speaking."),
            ("CUSTOMER", Role::Customer, Some("10:03"), "My refund of 30 euros is three weeks late."),
            // a third speaker, when the customer is known, is another agent
            ("Priya", Role::Agent, Some("10:04"), "I am the supervisor; I will check the refund now."),
        ]
    );
}

#[test]
fn transcript_time_prefix_with_preamble() {
    let items = read_all("time_prefix.txt");
    assert_eq!(items.len(), 1);
    let c = case(&items[0]);
    assert!(c.text.starts_with("Call log, ticket 5521\n"));
    assert_eq!(
        turns(c),
        [
            ("Priya", Role::Agent, Some("10:02"), "Good morning, my name is Priya, how may I help?"),
            ("Omar", Role::Customer, Some("10:03"), "The technician never came on Tuesday."),
            ("Priya", Role::Agent, Some("10:05"), "I can see the missed visit."),
        ]
    );
}

#[test]
fn agent_and_customer_options_win() {
    let opts =
        InputOptions { agents: vec!["cornelius".into()], customers: vec!["Priya".into()], ..InputOptions::default() };
    let items: Vec<Item> = read(&fx("bracket_time.txt"), &opts).collect();
    let roles: Vec<Role> = case(&items[0]).turns.iter().map(|t| t.role).collect();
    assert_eq!(roles, [Role::Agent, Role::Customer, Role::Agent]);
}

#[test]
fn email_with_headers_is_plain_text() {
    let items = read_all("email.txt");
    assert_eq!(items.len(), 1);
    let c = case(&items[0]);
    assert_eq!(c.id, "email.txt");
    assert!(c.turns.is_empty());
    assert!(c.text.starts_with("Subject: Broken kettle\n"));
}

#[test]
fn forced_text_format_reads_no_turns() {
    let opts = InputOptions { format: InputFormat::Text, ..InputOptions::default() };
    let items: Vec<Item> = read(&fx("customer_agent.txt"), &opts).collect();
    assert_eq!(items.len(), 1);
    assert!(case(&items[0]).turns.is_empty());
}

#[test]
fn folder_reads_files_in_name_order() {
    let items = read_all("folder");
    // a.txt, b.txt, and the one row of rows.csv; .hidden.txt and sub/ are skipped
    assert_eq!(items.len(), 3);
    let dir = fx("folder");
    let c = case(&items[0]);
    assert_eq!((c.id.as_str(), c.text.as_str()), ("a.txt", "The first complaint: the bill doubled.\n"));
    assert_eq!(c.source, format!("{dir}/a.txt"));
    let c = case(&items[1]);
    assert_eq!((c.id.as_str(), c.text.as_str()), ("b.txt", "The second complaint: my order arrived late.\n"));
    assert_eq!(c.source, format!("{dir}/b.txt"));
    let c = case(&items[2]);
    assert_eq!((c.id.as_str(), c.text.as_str()), ("f1", "A row from a CSV inside the folder."));
    assert_eq!(c.source, format!("{dir}/rows.csv:2"));
}

#[test]
fn invalid_utf8_text_file_names_the_line() {
    let items = read_all("invalid_utf8.txt");
    assert_eq!(items.len(), 1);
    assert_eq!(
        err(&items[0]),
        (fx("invalid_utf8.txt"), "not valid UTF-8 at line 3 (byte 23 of the line); save the file as UTF-8".to_string())
    );
    if let Item::Error(e) = &items[0] {
        assert_eq!(e.id.as_deref(), Some("invalid_utf8.txt"));
    }
}

#[test]
fn missing_input_is_an_error_item() {
    let path = fx("no_such_file.csv");
    let items: Vec<Item> = read(&path, &InputOptions::default()).collect();
    assert_eq!(items.len(), 1);
    assert_eq!(items_display(&items[0]), format!("{path}: cannot open: No such file or directory (os error 2)"));
}

fn items_display(item: &Item) -> String {
    match item {
        Item::Error(e) => e.to_string(),
        Item::Case(c) => panic!("expected an error, got case {}", c.id),
    }
}

#[test]
fn empty_files() {
    assert!(read_all("empty.csv").is_empty());
    assert!(read_all("empty.jsonl").is_empty());
    let items = read_all("empty.txt");
    assert_eq!(items.len(), 1);
    let c = case(&items[0]);
    assert_eq!((c.id.as_str(), c.text.as_str()), ("empty.txt", ""));
}

#[test]
fn explicit_fields_on_csv() {
    let opts =
        InputOptions { text_field: Some("issue".into()), id_field: Some("company".into()), ..InputOptions::default() };
    let items: Vec<Item> = read(&fx("cfpb.csv"), &opts).collect();
    assert_eq!(items.len(), 3);
    let c = case(&items[0]);
    assert_eq!((c.id.as_str(), c.text.as_str()), ("Example Bank N.A.", "Managing an account"));
    assert_eq!(field(c, "Consumer complaint narrative").map(|s| &s[..10]), Some("My deposit"));
    assert_eq!(field(c, "Complaint ID"), Some("9000001"));
}
