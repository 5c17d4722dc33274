//! The words of the synthetic corpus: invented outlets, name parts, and story kinds
//! with their phases. Everything here was written for storyline; no text is taken
//! from real news.
//!
//! Placeholders in braces are filled per article by the generator:
//! `{A}`/`{B}` countries, `{Ad}`/`{Bd}` their demonyms, `{capA}`/`{capB}` capitals,
//! `{city}` the event's place, `{bloc}` the regional body, `{org1}`/`{org2}`
//! organisations, `{topic}`, `{P1}`..`{P4}` the cast (full name on first mention,
//! short after), `{P1s}` a short mention, `{P1r}` a role description ("the
//! Varanian president"), `{when}` the event day relative to publication
//! ("yesterday", "on Monday"), `{prev}` / `{first}` the previous / first event's
//! date ("March 3"), `{next}` a future date ("next week", "on April 14"),
//! `{year}` a background year, `{month}` the event's month, and `{n:LOW:HIGH}`
//! a number the whole event shares.

/// An invented news outlet and its habits.
#[derive(Debug, Clone, Copy)]
pub(super) struct OutletStyle {
    pub name: &'static str,
    pub domain: &'static str,
    /// Wire credit used in datelines ("TP"): wire stories are reprinted by others.
    pub credit: Option<&'static str>,
    /// Curly (“ ”) rather than straight quotation marks.
    pub curly: bool,
    /// "Ms Korden" rather than "Korden" on later mentions.
    pub honorific: bool,
    /// Dates written "3 March" rather than "March 3".
    pub day_first: bool,
    /// Chance of a video time code as first line.
    pub time_code: f64,
    /// Chance of an archive notice.
    pub archive: f64,
    /// Chance of a READ MORE block with other headlines.
    pub read_more: f64,
    /// Chance of a photo caption line.
    pub caption: f64,
    /// Chance of closing copyright / follow-us lines.
    pub footer: f64,
    /// Paragraph budget: body paragraphs written after the lede.
    pub paragraphs: (usize, usize),
}

/// `style` is curly quotes, honorifics, day-first dates; `noise` the five chances
/// in field order (time code, archive, READ MORE, caption, footer).
const fn outlet(
    name: &'static str,
    domain: &'static str,
    credit: Option<&'static str>,
    style: [bool; 3],
    noise: [f64; 5],
    paragraphs: (usize, usize),
) -> OutletStyle {
    OutletStyle {
        name,
        domain,
        credit,
        curly: style[0],
        honorific: style[1],
        day_first: style[2],
        time_code: noise[0],
        archive: noise[1],
        read_more: noise[2],
        caption: noise[3],
        footer: noise[4],
        paragraphs,
    }
}

/// Noise chances: time code, archive notice, READ MORE, caption, footer.
pub(super) const OUTLETS: &[OutletStyle] = &[
    outlet(
        "Tessel Press",
        "tesselpress.example",
        Some("TP"),
        [false, false, false],
        [0.0, 0.3, 0.0, 0.2, 0.1],
        (12, 18),
    ),
    outlet(
        "Continental Wire Service",
        "cws.example",
        Some("CWS"),
        [true, true, true],
        [0.0, 0.0, 0.0, 0.1, 0.2],
        (12, 17),
    ),
    outlet(
        "The Morning Courier",
        "morningcourier.example",
        None,
        [true, true, true],
        [0.0, 0.0, 0.3, 0.5, 0.6],
        (9, 14),
    ),
    outlet(
        "Riverside Gazette",
        "riversidegazette.example",
        None,
        [false, false, false],
        [0.0, 0.1, 0.5, 0.4, 0.8],
        (8, 12),
    ),
    outlet(
        "Eastbank Herald",
        "eastbankherald.example",
        None,
        [true, false, true],
        [0.0, 0.0, 0.2, 0.6, 0.5],
        (9, 13),
    ),
    outlet(
        "The Daily Compass",
        "dailycompass.example",
        None,
        [true, true, false],
        [0.0, 0.0, 0.6, 0.3, 0.9],
        (7, 11),
    ),
    outlet(
        "Northline News",
        "northline.example",
        None,
        [false, false, false],
        [0.0, 0.0, 0.4, 0.2, 0.4],
        (8, 12),
    ),
    outlet(
        "Sundial Broadcasting",
        "sundial.example",
        None,
        [false, false, true],
        [0.8, 0.0, 0.9, 0.7, 0.3],
        (5, 9),
    ),
    outlet(
        "Bayview Times",
        "bayviewtimes.example",
        None,
        [true, true, false],
        [0.0, 0.0, 0.2, 0.5, 0.5],
        (9, 14),
    ),
    outlet(
        "Upland Observer",
        "uplandobserver.example",
        None,
        [true, false, true],
        [0.0, 0.1, 0.3, 0.3, 0.7],
        (8, 13),
    ),
    outlet(
        "Channel Nine Report",
        "channelnine.example",
        None,
        [false, true, false],
        [0.7, 0.0, 0.8, 0.6, 0.2],
        (5, 8),
    ),
];

pub(super) const FEMALE_FIRST: &[&str] = &[
    "Ilse", "Marta", "Oona", "Sabine", "Lena", "Ada", "Irena", "Katja", "Noor", "Elin", "Vera",
    "Tamsin", "Runa", "Petra", "Livia", "Maren", "Greta", "Hanne", "Zofia", "Alba",
];
pub(super) const MALE_FIRST: &[&str] = &[
    "Aksel", "Bruno", "Casimir", "Dario", "Emil", "Feliks", "Goran", "Henrik", "Ivo", "Jarek",
    "Lorens", "Matthias", "Nils", "Oskar", "Piet", "Rasmus", "Stellan", "Tobias", "Viktor",
    "Yannick",
];
pub(super) const SURNAME_HEADS: &[&str] = &[
    "Var", "Kel", "Mor", "Dan", "Bel", "Har", "Lind", "Brav", "Cor", "Sten", "Vol", "Ter", "Ask",
    "Rav", "Mal", "Nor", "Pell", "Quin", "Sor", "Gal", "Hest", "Jur", "Lod", "Tam",
];
pub(super) const SURNAME_TAILS: &[&str] = &[
    "ga", "den", "ski", "ard", "holm", "ova", "ley", "enko", "ic", "berg", "mann", "sen", "ari",
    "ek", "ton", "vik", "ell", "urn",
];
/// Country stems; a country is stem + ending and its demonym stem + demonym ending.
pub(super) const COUNTRY_STEMS: &[&str] = &[
    "Tarv", "Lorn", "Brell", "Sard", "Cav", "Esk", "Gild", "Hesp", "Ild", "Jor", "Mald", "Nev",
    "Rhun", "Sylv", "Thal", "Ulm", "Vess", "Wend", "Zar", "Corv", "Dral", "Fenn", "Kast", "Orl",
];
pub(super) const COUNTRY_ENDINGS: &[(&str, &str)] = &[
    ("ania", "anian"),
    ("ovia", "ovian"),
    ("ara", "aran"),
    ("esia", "esian"),
    ("enia", "enian"),
    ("ica", "ican"),
    ("ora", "oran"),
];
pub(super) const CITY_ENDINGS: &[&str] = &[
    "haven", "ford", "holm", "stad", "mere", "wick", "dal", "port", "bury", "gate",
];
pub(super) const BLOCS: &[&str] = &[
    "Riverlands Union",
    "Basin States Forum",
    "Western Accord",
    "Inland Sea Council",
    "Northern Compact",
];
pub(super) const PHOTO_AGENCIES: &[&str] = &["Lumen Images", "Northlight Photo", "Stillframe"];

/// A member of a story's cast.
#[derive(Debug, Clone, Copy)]
pub(super) struct Role {
    /// Title written before the name ("{Ad} President") or, when `appositive`,
    /// after it ("a nurse from {city}").
    pub title: &'static str,
    /// Role description used as "the {role}" ("{Ad} president").
    pub role: &'static str,
    pub appositive: bool,
}

const fn before(title: &'static str, role: &'static str) -> Role {
    Role {
        title,
        role,
        appositive: false,
    }
}

const fn after(title: &'static str, role: &'static str) -> Role {
    Role {
        title,
        role,
        appositive: true,
    }
}

/// One happening in a story: everything an article about it may say.
#[derive(Debug, Clone, Copy)]
pub(super) struct Phase {
    pub headlines: &'static [&'static str],
    pub ledes: &'static [&'static str],
    /// A past-tense clause later articles use as background ("talks in {city} failed").
    pub summary: &'static str,
    pub facts: &'static [&'static str],
    /// Quoted words, by cast index.
    pub quotes: &'static [(usize, &'static str)],
    /// Reported-speech clauses, by cast index.
    pub reported: &'static [(usize, &'static str)],
    /// Closing sentences looking ahead.
    pub next: &'static [&'static str],
}

/// A kind of story, played out in phases (one event each).
#[derive(Debug, Clone, Copy)]
pub(super) struct Kind {
    pub name: &'static str,
    pub topics: &'static [&'static str],
    pub cast: [Role; 4],
    pub org1: &'static [&'static str],
    pub org2: &'static [&'static str],
    /// Background sentences (may use `{year}`, `{first}` and `{first_what}` (the first
    /// event's date and summary), `{prev}` and `{prev_what}` (the previous event's)).
    pub background: &'static [&'static str],
    pub phases: &'static [Phase],
}

pub(super) const KINDS: &[Kind] = &[
    Kind {
        name: "trade-dispute",
        topics: &["transit levy", "customs surcharge", "lorry permit scheme", "fuel export quota"],
        cast: [
            before("{Ad} President", "{Ad} president"),
            before("{Bd} Prime Minister", "{Bd} prime minister"),
            before("{bloc} envoy", "envoy"),
            before("{Ad} hauliers' leader", "hauliers' leader"),
        ],
        org1: &["{Ad} Hauliers' Association"],
        org2: &["{Bd} Ministry of Trade"],
        background: &[
            "The two neighbours have argued over the {topic} since {B} introduced it in {year}.",
            "The row escalated on {first}, when {first_what}.",
            "Relations had already soured on {prev}, when {prev_what}.",
            "{A} sends roughly {n:30:60} per cent of its exports through {Bd} ports.",
        ],
        phases: &[
            Phase {
                headlines: &[
                    "{A} shuts border crossings as {topic} row deepens",
                    "Lorries stranded as {A} closes border to {Bd} freight",
                    "{A} closes border in protest at {Bd} {topic}",
                ],
                ledes: &[
                    "{A} closed its main border crossings with {B} to freight traffic {when}, escalating a months-long dispute over the {topic} and leaving thousands of lorries stranded on both sides.",
                    "Authorities in {A} shut the border with neighbouring {B} to lorries {when}, in retaliation for what {capA} calls an unlawful {topic}.",
                ],
                summary: "{A} closed its border crossings to {Bd} freight",
                facts: &[
                    "More than {n:900:4000} lorries were queuing at the {city} crossing by the evening, according to the {Ad} interior ministry.",
                    "The {topic} adds about {n:5:25} per cent to the cost of moving goods through {B}.",
                    "Trade between the two countries was worth about {n:2000000:9000000} euros a day last year, officials say.",
                    "Police said {n:200:700} officers had been sent to keep traffic moving on the approach roads.",
                ],
                quotes: &[
                    (0, "We will not pay a toll to use roads our own taxpayers helped to build."),
                    (1, "This is blackmail, and everyone in {capA} knows it."),
                    (0, "The border will reopen on the day the {topic} is withdrawn."),
                    (3, "My drivers are sleeping in their cabs without food or water."),
                    (2, "Both capitals must step back from the brink before this gets worse."),
                    (1, "We will answer in a calm and lawful way."),
                ],
                reported: &[
                    (1, "the closure breached a transit treaty signed in {year}"),
                    (2, "the {bloc} was ready to mediate between the two governments"),
                    (3, "hundreds of small firms would run out of cash within weeks"),
                ],
                next: &[
                    "Ministers from both countries are expected to meet {next}.",
                    "The {bloc} said it would convene an emergency meeting {next}.",
                ],
            },
            Phase {
                headlines: &[
                    "Talks on {topic} collapse after {n:6:14} hours in {city}",
                    "No deal in {city} as {A}-{B} talks break down",
                    "Mediated {topic} talks end without agreement",
                ],
                ledes: &[
                    "Talks between {A} and {B} to end the dispute over the {topic} broke down {when} after {n:6:14} hours of negotiations in {city}, with each side blaming the other.",
                    "Mediated talks in {city} between the leaders of {A} and {B} ended without agreement {when}, prolonging a border standoff that has cost both economies dearly.",
                ],
                summary: "talks in {city} ended without agreement",
                facts: &[
                    "The {bloc} had proposed suspending the {topic} for {n:30:90} days while a joint commission studied it.",
                    "About {n:1000:3000} lorries are still waiting at the main crossings, according to the hauliers' association.",
                    "Both delegations left {city} without a joint statement.",
                ],
                quotes: &[
                    (2, "We did not reach an agreement today, but the door remains open."),
                    (0, "We came here ready to compromise. The other side did not."),
                    (1, "We will not negotiate with a gun to our head."),
                    (2, "I have asked both leaders to show restraint in the coming days."),
                    (3, "Every day without a deal costs our members another fortune."),
                ],
                reported: &[
                    (0, "{B} had rejected every proposal put on the table"),
                    (1, "{A} must reopen the border before any new round of talks"),
                    (2, "the talks had been frank but not constructive"),
                ],
                next: &[
                    "The envoy said {P3he} would travel to both capitals {next}.",
                    "A new round of talks could take place {next}, diplomats said.",
                ],
            },
            Phase {
                headlines: &[
                    "{A} and {B} sign deal to end {topic} dispute",
                    "Border reopens as {A} and {B} strike deal",
                    "Deal in {city} ends {A}-{B} border standoff",
                ],
                ledes: &[
                    "{A} and {B} signed an agreement in {city} {when} that suspends the {topic} and reopens the border, ending a standoff that began on {first}.",
                    "The border between {A} and {B} reopened to freight {when} after the two governments signed a deal on the {topic} brokered by the {bloc}.",
                ],
                summary: "{A} and {B} signed a deal suspending the {topic}",
                facts: &[
                    "Under the deal, the {topic} will be cut by {n:40:80} per cent and reviewed within {n:6:18} months.",
                    "The first lorries crossed at {city} shortly after noon, border officials said.",
                    "The standoff cost the region an estimated {n:100000000:900000000} euros, according to the {bloc}.",
                ],
                quotes: &[
                    (2, "This agreement shows that patience and dialogue still work."),
                    (0, "Our drivers can finally go home to their families."),
                    (1, "Nobody won everything today, and that is what a good deal looks like."),
                    (3, "We are relieved, but many firms will not recover from these weeks."),
                ],
                reported: &[
                    (0, "the deal protected the interests of {Ad} exporters"),
                    (1, "{B} had given up nothing essential"),
                ],
                next: &[
                    "A joint commission is due to hold its first meeting {next}.",
                    "Parliament in {capB} is expected to ratify the agreement {next}.",
                ],
            },
        ],
    },
    Kind {
        name: "strike",
        topics: &["pay", "pensions", "working hours", "job cuts"],
        cast: [
            before("{org1} leader", "union leader"),
            before("{org2} chief executive", "chief executive"),
            before("{Ad} Labour Minister", "labour minister"),
            after("a nurse who commutes from {city}", "commuter"),
        ],
        org1: &["{Ad} Rail Workers' Union", "{Ad} Dockers' Federation", "{Ad} Transport Union"],
        org2: &["{Ad} State Railways", "{capA} Port Authority", "{root} Freight Company"],
        background: &[
            "The {org1} last staged a national walkout in {year}.",
            "The dispute over {topic} began on {first}, when {first_what}.",
            "Before that, on {prev}, {prev_what}.",
            "The {org1} says it represents about {n:20000:60000} workers.",
        ],
        phases: &[
            Phase {
                headlines: &[
                    "Strike over {topic} halts {org2} services",
                    "Thousands walk out at {org2} in {topic} dispute",
                ],
                ledes: &[
                    "Thousands of workers at the {org2} walked off the job {when} in a dispute over {topic}, halting most services around {city}.",
                    "A strike called by the {org1} over {topic} brought much of {A}'s transport network to a standstill {when}.",
                ],
                summary: "workers at the {org2} walked out over {topic}",
                facts: &[
                    "About {n:8000:30000} workers joined the first day of the strike, according to the union.",
                    "Management said {n:20:60} per cent of scheduled services had been cancelled.",
                    "The union is asking for a rise of {n:6:15} per cent over two years.",
                ],
                quotes: &[
                    (0, "Our members have waited long enough for a fair offer."),
                    (1, "This strike is unnecessary and it hurts the very people who rely on us."),
                    (3, "I left home at five this morning and I still don't know how I will get to work."),
                    (2, "I urge both sides to return to the table without conditions."),
                    (0, "We will stay out for as long as it takes."),
                ],
                reported: &[
                    (1, "the company could not afford the union's demands"),
                    (2, "the government would not intervene in the dispute for now"),
                ],
                next: &[
                    "Talks between the union and management are due to resume {next}.",
                    "The union has announced a second walkout {next}.",
                ],
            },
            Phase {
                headlines: &[
                    "Talks fail as {org2} strike enters second week",
                    "{org1} rejects new offer on {topic}",
                ],
                ledes: &[
                    "Talks to end the strike at the {org2} collapsed {when} after the {org1} rejected a revised offer on {topic}.",
                    "The {org1} turned down a new offer from the {org2} {when}, saying it fell far short of what its members had been promised.",
                ],
                summary: "the {org1} rejected a revised offer on {topic}",
                facts: &[
                    "The revised offer included a one-off payment of {n:500:2000} euros per worker.",
                    "Businesses in {city} say they have lost about {n:5000000:40000000} euros since the strike began.",
                    "Fewer than {n:10:40} per cent of trains ran on the main lines.",
                ],
                quotes: &[
                    (0, "This offer is an insult to people who kept the country moving during the crisis."),
                    (1, "We have put a generous offer on the table. It is time to accept it."),
                    (2, "The patience of the public is running out."),
                    (3, "We are the ones paying for this, every single morning."),
                ],
                reported: &[
                    (0, "the union's members had voted to extend the walkout"),
                    (1, "the company would not improve its offer again"),
                ],
                next: &[
                    "The labour ministry has invited both sides to a mediation session {next}.",
                    "Union members will vote on further action {next}.",
                ],
            },
            Phase {
                headlines: &[
                    "Deal ends {org2} strike after {n:2:6} weeks",
                    "Workers return as {org1} accepts {topic} deal",
                ],
                ledes: &[
                    "The strike at the {org2} ended {when} after the {org1} accepted a deal on {topic} brokered by the labour ministry.",
                    "Services returned to normal around {city} {when} after union members voted to accept a new agreement on {topic}.",
                ],
                summary: "the {org1} accepted a deal on {topic}",
                facts: &[
                    "Under the deal, pay will rise by {n:5:12} per cent over two years.",
                    "About {n:60:90} per cent of members who voted backed the agreement.",
                ],
                quotes: &[
                    (0, "This is a victory for every worker who stood on the picket line."),
                    (1, "We are glad to put this dispute behind us."),
                    (2, "Dialogue has prevailed, as it always should."),
                    (3, "I am just happy to get my mornings back."),
                ],
                reported: &[
                    (1, "the deal would be funded without raising fares"),
                    (0, "the union would watch closely how the deal is applied"),
                ],
                next: &[
                    "The new pay scales take effect {next}.",
                    "A review of working conditions is due {next}.",
                ],
            },
        ],
    },
    Kind {
        name: "disaster",
        topics: &["floods", "wildfires", "landslides", "storms"],
        cast: [
            before("{Ad} Interior Minister", "interior minister"),
            before("{city} Mayor", "mayor"),
            before("{Ad} Emergency Service director", "emergency chief"),
            after("a shopkeeper in {city}", "shopkeeper"),
        ],
        org1: &["{Ad} Emergency Service"],
        org2: &["{Ad} Red Crescent Society", "{Ad} Relief Agency"],
        background: &[
            "The region suffered similar {topic} in {year}.",
            "The crisis began on {first}, when {first_what}.",
            "On {prev}, {prev_what}.",
        ],
        phases: &[
            Phase {
                headlines: &[
                    "{topic} force thousands from homes around {city}",
                    "Deadly {topic} hit {A}",
                ],
                ledes: &[
                    "Thousands of people were forced from their homes around {city} {when} as {topic} swept through the region, officials in {A} said.",
                    "At least {n:3:12} people were killed {when} when {topic} struck the area around {city}, the {org1} said.",
                ],
                summary: "{topic} forced thousands from their homes around {city}",
                facts: &[
                    "About {n:3000:15000} people have been evacuated, according to the {org1}.",
                    "More than {n:200:900} homes were damaged.",
                    "Rescue teams were still searching for {n:5:30} missing people late in the day.",
                ],
                quotes: &[
                    (0, "Our first duty is to get every family to safety."),
                    (1, "We have never seen anything like this in {city}."),
                    (2, "The next {n:24:72} hours will be decisive."),
                    (3, "The water came up so fast that we could only save the children."),
                ],
                reported: &[
                    (2, "more rain was expected over the weekend"),
                    (1, "schools in the town would stay closed"),
                ],
                next: &[
                    "The government will hold an emergency cabinet meeting {next}.",
                    "Forecasters expect conditions to ease {next}.",
                ],
            },
            Phase {
                headlines: &[
                    "Death toll from {topic} in {A} rises",
                    "{A} declares emergency as {topic} spread",
                ],
                ledes: &[
                    "The death toll from the {topic} in {A} rose to {n:10:40} {when}, as rescuers reached villages that had been cut off for days.",
                    "{A} declared a state of emergency in the region around {city} {when} as the {topic} spread to new areas.",
                ],
                summary: "{A} declared a state of emergency around {city}",
                facts: &[
                    "Nearly {n:20000:60000} people are now living in temporary shelters.",
                    "The army has sent {n:500:2000} soldiers to help with the rescue.",
                ],
                quotes: &[
                    (0, "No one will be left to face this alone."),
                    (2, "Our crews have been working around the clock for days."),
                    (1, "We need bridges, roads and clean water, and we need them now."),
                    (3, "Everything I built in thirty years is gone."),
                ],
                reported: &[
                    (0, "the government would release emergency funds"),
                    (2, "some villages could only be reached by helicopter"),
                ],
                next: &[
                    "The prime minister is expected to visit the area {next}.",
                    "A national day of mourning has been declared for {next}.",
                ],
            },
            Phase {
                headlines: &[
                    "{A} unveils rebuilding fund after {topic}",
                    "Recovery begins in {city} as {topic} recede",
                ],
                ledes: &[
                    "The government of {A} announced a reconstruction fund {when} to rebuild homes and roads destroyed by the {topic} that began on {first}.",
                    "Families began returning to {city} {when}, weeks after the {topic} forced them from their homes.",
                ],
                summary: "{A} announced a reconstruction fund after the {topic}",
                facts: &[
                    "The fund is worth about {n:200000000:900000000} euros.",
                    "About {n:40:80} per cent of evacuated residents have now returned home.",
                ],
                quotes: &[
                    (0, "We will rebuild, and we will rebuild better."),
                    (1, "The money must reach the families who lost everything, not the contractors."),
                    (3, "We are back home, but the smell of mud is everywhere."),
                ],
                reported: &[
                    (1, "many families were still waiting for help"),
                    (0, "the first payments would arrive within a month"),
                ],
                next: &[
                    "Applications for the fund open {next}.",
                    "An inquiry into the response is due to report {next}.",
                ],
            },
        ],
    },
    Kind {
        name: "election",
        topics: &["parliamentary election", "presidential election", "regional election"],
        cast: [
            before("{Ad} President", "president"),
            before("{Ad} opposition leader", "opposition leader"),
            before("Electoral Commission head", "commission head"),
            after("a political scientist at the University of {capA}", "political scientist"),
        ],
        org1: &["{Ad} Electoral Commission"],
        org2: &["{Ad} Freedom Party", "{Ad} Civic Alliance", "{Ad} Renewal Movement"],
        background: &[
            "The last {topic} in {A} was held in {year}.",
            "The campaign opened on {first}, when {first_what}.",
            "On {prev}, {prev_what}.",
            "About {n:3000000:8000000} people are registered to vote.",
        ],
        phases: &[
            Phase {
                headlines: &[
                    "Rivals clash in bitter {A} election debate",
                    "{A} campaign heats up before {topic}",
                ],
                ledes: &[
                    "The two front-runners in {A}'s {topic} clashed over the economy and corruption in a televised debate in {city} {when}.",
                    "The campaign for {A}'s {topic} turned bitter {when} as the president and the opposition leader traded accusations in {city}.",
                ],
                summary: "the candidates clashed in a televised debate in {city}",
                facts: &[
                    "Polls give the {org2} about {n:28:41} per cent of the vote.",
                    "Some {n:1500:4000} people attended the rally in {city}.",
                ],
                quotes: &[
                    (0, "We have doubled investment and halved unemployment."),
                    (1, "This government has run out of ideas and out of excuses."),
                    (3, "Voters are tired, and tired voters are unpredictable."),
                    (0, "The choice is between stability and adventure."),
                ],
                reported: &[
                    (1, "the president had broken every promise {P1he} made"),
                    (2, "all polling stations would be ready on time"),
                ],
                next: &[
                    "Voters go to the polls {next}.",
                    "The final debate is scheduled for {next}.",
                ],
            },
            Phase {
                headlines: &[
                    "Opposition claims victory in {A} {topic}",
                    "{A} votes in tight {topic}",
                ],
                ledes: &[
                    "The {org2} won the most votes in {A}'s {topic} {when}, according to preliminary results published by the {org1}.",
                    "Voters in {A} went to the polls {when} in a {topic} that the opposition says could end a decade of one-party rule.",
                ],
                summary: "the {org2} won the most votes in the {topic}",
                facts: &[
                    "Turnout was {n:52:74} per cent, the commission said.",
                    "With {n:90:99} per cent of ballots counted, the opposition led by {n:2:9} points.",
                ],
                quotes: &[
                    (1, "Tonight the people of {A} chose change."),
                    (0, "We accept the verdict of the voters, whatever it is."),
                    (2, "The count was calm and orderly across the country."),
                    (3, "This result redraws the map of {Ad} politics."),
                ],
                reported: &[
                    (2, "final results would be published within a week"),
                    (0, "{P1he} would wait for the official count"),
                ],
                next: &[
                    "Final results are due {next}.",
                    "Coalition talks are expected to begin {next}.",
                ],
            },
            Phase {
                headlines: &[
                    "New {A} coalition sworn in",
                    "Coalition deal ends weeks of talks in {A}",
                ],
                ledes: &[
                    "A coalition government led by the {org2} was sworn in in {capA} {when}, weeks after the {topic} held on {first}.",
                    "Parties in {A} agreed a coalition deal {when}, ending weeks of uncertainty after the {topic}.",
                ],
                summary: "a coalition led by the {org2} was sworn in",
                facts: &[
                    "The coalition controls {n:101:140} of the {n:200:240} seats in parliament.",
                    "The new cabinet has {n:14:22} ministers.",
                ],
                quotes: &[
                    (1, "We will govern for everyone, including those who did not vote for us."),
                    (0, "I wish the new government well, and I will hold it to account."),
                    (3, "The honeymoon will be short."),
                ],
                reported: &[
                    (1, "the first budget would focus on housing"),
                    (0, "{P1he} would stay on as leader of {P1his} party"),
                ],
                next: &[
                    "Parliament will vote on the new government's programme {next}.",
                    "The new cabinet holds its first meeting {next}.",
                ],
            },
        ],
    },
    Kind {
        name: "trial",
        topics: &["corruption", "bribery", "fraud", "money laundering"],
        cast: [
            before("former {Ad} Finance Minister", "former minister"),
            before("{Ad} Chief Prosecutor", "prosecutor"),
            before("Judge", "judge"),
            after("a lawyer for the defence", "defence lawyer"),
        ],
        org1: &["{Ad} Anti-Corruption Office"],
        org2: &["{root} Holdings", "{root} Construction"],
        background: &[
            "The case dates back to contracts signed in {year}.",
            "The case began on {first}, when {first_what}.",
            "On {prev}, {prev_what}.",
            "Prosecutors say the contracts were inflated by about {n:10000000:90000000} euros.",
        ],
        phases: &[
            Phase {
                headlines: &[
                    "Former {A} minister arrested in {topic} probe",
                    "Police detain ex-minister over {org2} contracts",
                ],
                ledes: &[
                    "Police in {A} arrested a former finance minister {when} as part of a {topic} investigation into public contracts awarded to {org2}.",
                    "{P1} was detained in {capA} {when} on suspicion of {topic}, the {org1} said.",
                ],
                summary: "the former finance minister was arrested on suspicion of {topic}",
                facts: &[
                    "Investigators searched {n:6:20} properties in {capA} and {city}.",
                    "The contracts under investigation are worth about {n:50000000:300000000} euros.",
                ],
                quotes: &[
                    (1, "No one is above the law, however high their office."),
                    (3, "My client is innocent and will prove it in court."),
                    (0, "I have nothing to hide and I will cooperate fully."),
                ],
                reported: &[
                    (1, "more arrests were likely"),
                    (3, "the arrest was politically motivated"),
                ],
                next: &[
                    "A court will decide {next} whether to keep {P1him} in custody.",
                    "Charges are expected to be filed {next}.",
                ],
            },
            Phase {
                headlines: &[
                    "Trial of former {A} minister opens",
                    "Ex-minister pleads not guilty to {topic}",
                ],
                ledes: &[
                    "The trial of a former {Ad} finance minister accused of {topic} opened in {capA} {when}, with the defendant pleading not guilty to all charges.",
                    "{P1} told a court in {capA} {when} that {P1he} was the victim of a political vendetta, as {P1his} trial on {topic} charges began.",
                ],
                summary: "the trial of the former minister opened in {capA}",
                facts: &[
                    "Prosecutors plan to call {n:30:90} witnesses.",
                    "He faces up to {n:8:15} years in prison if convicted.",
                ],
                quotes: &[
                    (1, "The evidence will show a pattern of theft, not a string of mistakes."),
                    (0, "I served my country honestly for twenty years."),
                    (2, "This court will not be turned into a political stage."),
                    (3, "The prosecution has built its case on the word of one man."),
                ],
                reported: &[
                    (3, "key documents had been withheld from the defence"),
                    (1, "the money had been moved through companies abroad"),
                ],
                next: &[
                    "The trial resumes {next}.",
                    "The first witnesses are due to testify {next}.",
                ],
            },
            Phase {
                headlines: &[
                    "Former {A} minister convicted of {topic}",
                    "Court jails ex-minister in {org2} case",
                ],
                ledes: &[
                    "A court in {capA} found a former {Ad} finance minister guilty of {topic} {when} and sentenced {P1him} to {n:3:9} years in prison.",
                    "{P1} was convicted of {topic} {when}, closing a case that began with {P1his} arrest on {first}.",
                ],
                summary: "the former minister was convicted of {topic}",
                facts: &[
                    "The court also ordered {P1him} to repay {n:5000000:40000000} euros.",
                    "Two business associates received suspended sentences.",
                ],
                quotes: &[
                    (2, "The defendant abused the trust placed in {P1him} by the public."),
                    (3, "We will appeal this verdict."),
                    (1, "Today justice has been done."),
                ],
                reported: &[
                    (3, "the defence would appeal within {n:10:30} days"),
                    (1, "the verdict sent a clear message"),
                ],
                next: &[
                    "An appeal hearing is expected {next}.",
                    "The sentence takes effect {next}.",
                ],
            },
        ],
    },
    Kind {
        name: "accident",
        topics: &["train derailment", "bridge collapse", "ferry fire"],
        cast: [
            before("{Ad} Transport Minister", "transport minister"),
            before("{city} Mayor", "mayor"),
            before("{Ad} Safety Board chief investigator", "chief investigator"),
            after("a passenger who escaped with minor injuries", "survivor"),
        ],
        org1: &["{Ad} Safety Board"],
        org2: &["{Ad} State Railways", "{root} Ferry Company", "{root} Infrastructure Agency"],
        background: &[
            "The line was last inspected in {year}.",
            "The disaster happened on {first}, when {first_what}.",
            "On {prev}, {prev_what}.",
        ],
        phases: &[
            Phase {
                headlines: &[
                    "Dozens hurt in {topic} near {city}",
                    "Deadly {topic} in {A}",
                ],
                ledes: &[
                    "At least {n:4:20} people were killed and dozens injured {when} in a {topic} near {city}, emergency services in {A} said.",
                    "Rescuers worked through the night after a {topic} near {city} {when} left {n:4:20} people dead.",
                ],
                summary: "a {topic} near {city} killed several people",
                facts: &[
                    "About {n:40:120} people were taken to hospital.",
                    "The {org2} said {n:150:400} passengers had been on board.",
                ],
                quotes: &[
                    (0, "Our thoughts are with the victims and their families."),
                    (1, "The whole of {city} is in mourning tonight."),
                    (3, "There was a terrible noise and then everything went dark."),
                    (2, "It is far too early to say what caused this."),
                ],
                reported: &[
                    (2, "investigators had recovered the data recorder"),
                    (0, "the government would pay for the funerals"),
                ],
                next: &[
                    "A first report from investigators is expected {next}.",
                    "The line will stay closed until at least {next}.",
                ],
            },
            Phase {
                headlines: &[
                    "Investigators point to maintenance failures in {topic}",
                    "Warning signs ignored before {topic}, report says",
                ],
                ledes: &[
                    "Investigators said {when} that missed maintenance checks contributed to the {topic} near {city} that killed {n:4:20} people on {first}.",
                    "A preliminary report on the {topic} near {city} published {when} found that warnings about the state of the structure had gone unanswered.",
                ],
                summary: "investigators pointed to missed maintenance checks",
                facts: &[
                    "The report lists {n:5:14} missed inspections since {year}.",
                    "The {org2} has suspended {n:3:9} managers pending an internal inquiry.",
                ],
                quotes: &[
                    (2, "The warnings were there, and they were not acted on."),
                    (0, "Anyone found responsible will face the consequences."),
                    (3, "We were told everything was safe."),
                    (1, "People in {city} deserve the whole truth."),
                ],
                reported: &[
                    (2, "the final report would take months"),
                    (0, "every similar structure would be inspected"),
                ],
                next: &[
                    "Parliament will debate the findings {next}.",
                    "The final report is due {next}.",
                ],
            },
            Phase {
                headlines: &[
                    "{A} transport minister resigns over {topic}",
                    "Minister quits after damning {topic} report",
                ],
                ledes: &[
                    "{A}'s transport minister resigned {when}, days after investigators blamed missed safety checks for the {topic} near {city}.",
                    "{P1} stepped down {when}, saying {P1he} took political responsibility for the {topic} that began the crisis on {first}.",
                ],
                summary: "the transport minister resigned over the {topic}",
                facts: &[
                    "The government has promised {n:100000000:500000000} euros for repairs and inspections.",
                    "Families of the victims have filed {n:10:40} lawsuits.",
                ],
                quotes: &[
                    (0, "I take responsibility, as a minister should."),
                    (1, "A resignation does not bring anyone back."),
                    (3, "I still cannot get on a train without shaking."),
                ],
                reported: &[
                    (1, "the town wanted a memorial near the site"),
                    (2, "new inspection rules would take effect next year"),
                ],
                next: &[
                    "A successor is expected to be named {next}.",
                    "A memorial service will be held {next}.",
                ],
            },
        ],
    },
];

/// Cue verbs after a quote, most common first (weighted by repetition).
pub(super) const CUES_AFTER: &[&str] = &[
    "said",
    "said",
    "said",
    "said",
    "told reporters",
    "added",
    "warned",
    "insisted",
    "argued",
    "said in a statement",
    "told journalists",
    "wrote on social media",
    "declared",
    "acknowledged",
    "conceded",
];
/// Cue verbs before a quote ("X told reporters: “...”").
pub(super) const CUES_BEFORE: &[&str] = &[
    "said",
    "told reporters",
    "said in a statement",
    "wrote on social media",
    "told a news conference",
];
/// Verbs introducing reported speech.
pub(super) const CUES_REPORTED: &[&str] = &[
    "said",
    "said",
    "told reporters",
    "added",
    "warned",
    "insisted",
    "claimed",
];

/// Lines a careless scrape keeps around an article.
pub(super) const ARCHIVE_NOTICE: &str = "This is an archived article and the information in the article may be outdated. Please look at the time stamp on the story to see when it was last updated.";
pub(super) const FOLLOW_LINES: &[&str] = &[
    "Follow us on Facebook and X for the latest news.",
    "Sign up for our morning newsletter",
    "Download our app for breaking news alerts",
    "Advertisement",
];
/// Openings a republisher pads a wire story with.
pub(super) const REPRINT_INTROS: &[&str] = &[
    "This report was first published by {wire}.",
    "The following story comes from our partners at {wire}.",
    "Here is the latest on the story from {wire}.",
];
